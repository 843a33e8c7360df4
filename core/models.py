from django.db import models


class ContentGeneration(models.Model):
    """A token that changes whenever published content changes (one row).

    Cached public pages are keyed by it, so every app server stops serving a page
    the moment anything it could show is edited, approved, restored or hidden.
    It is random rather than a counter so that restoring a database backup can
    never bring back a token that named another state.
    """

    ROW_ID = 1

    token = models.BigIntegerField(default=0)
    # When the token was last drawn: the Last-Modified of what is kept under it
    # (None until content first changes).
    changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"generation {self.token}"
