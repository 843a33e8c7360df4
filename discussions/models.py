"""Discussion threads beside the published records: a conversation, not content.

A Thread belongs to one subject (a dossier, a source or an actor: see
discussions.subjects) and may be about one proposal (a ChangeRequest). Its Messages
are numbered 1, 2, 3 … in the order they were posted; the thread keeps the count,
which is also the number of the last message. Messages are published at once and
moderated afterwards: a moderator hides one with a reason (a tombstone stays in its
place) or locks the thread. An author's edits, allowed for EDIT_WINDOW after
posting, are kept in the message's history.

A Visit records how many messages of a thread a reader had seen when they last
opened it, so the subject's page says how many are new since.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

EDIT_WINDOW = timedelta(minutes=15)


class ThreadQuerySet(models.QuerySet):
    def about(self, subject):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(subject)), object_id=subject.pk
        )


class Thread(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("titre"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discussion_threads",
        verbose_name=_("ouverte par"),
    )
    change_request = models.ForeignKey(
        "review.ChangeRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("proposition discutée"),
    )
    created_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    last_posted_at = models.DateTimeField(_("dernier message le"), default=timezone.now)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    locked_at = models.DateTimeField(_("verrouillée le"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_reason = models.CharField(_("motif du verrouillage"), max_length=300, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_posted_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-last_posted_at"],
                name="thread_subject_recent",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from discussions.subjects import subject_of

        kind = subject_of(self.content_type.model_class())
        return reverse(kind.url_name("thread"), args=[kind.lookup_value(self.subject), self.pk])

    @property
    def is_locked(self):
        return self.locked_at is not None


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    number = models.PositiveIntegerField(_("numéro"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discussion_messages",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("message"))
    # The body rendered and sanitised when it is saved (dossiers.rendering, bleach).
    body_html = models.TextField(editable=False)
    # The source keys the body cites, in order of first citation: its reference list.
    cited_keys = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)

    # Each edit of the text; hiding is in the moderation journal instead.
    history = HistoricalRecords(excluded_fields=["hidden_at", "hidden_by", "hidden_reason"])

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="message_number_once")
        ]

    def __str__(self):
        return f"{self.thread} #{self.number}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#message-{self.number}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def editable_until(self):
        return self.created_at + EDIT_WINDOW


class Visit(models.Model):
    """How many messages of a thread a reader had seen at their last visit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    seen = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="visit_once")]

    def __str__(self):
        return f"{self.user} → {self.thread}: {self.seen}"
