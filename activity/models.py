"""Watchlists and e-mail notifications.

A Watch is one user following one thing: a dossier, a commune, a department, an
actor, a source or a technology (`activity.watching.WATCHABLE`). Each user's
Subscription holds how they want to be told (never, at once, a daily digest) and up
to when they have been told: `notified_until`, the cursor that
`manage.py send_notifications` moves forward.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Watch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    automatic = models.BooleanField(
        default=False, help_text="Added because the user edited it, not by « Suivre »."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="watch_once_per_user"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="watch_target")]

    def __str__(self):
        return f"{self.user} → {self.target}"


class Subscription(models.Model):
    """How and up to when a user is told of changes to what they watch, and of
    the decisions on their proposals."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("à chaque modification (au plus toutes les quelques minutes)")
        DAILY = "daily", _("un résumé par jour")
        NEVER = "never", _("jamais")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscription"
    )
    frequency = models.CharField(
        _("recevoir un courriel"), max_length=20, choices=Frequency, default=Frequency.DAILY
    )
    watch_own_edits = models.BooleanField(
        _("suivre automatiquement ce que je modifie"), default=True
    )
    language = models.CharField(
        max_length=8,
        default=settings.LANGUAGE_CODE,
        help_text="The interface language the user last chose these settings in: "
        "their e-mails are written in it.",
    )
    notified_until = models.DateTimeField(
        default=timezone.now,
        help_text="Changes up to this moment have been told (or were made before the user "
        "asked to be told).",
    )

    class Meta:
        verbose_name = _("abonnement aux notifications")
        verbose_name_plural = _("abonnements aux notifications")
        indexes = [models.Index(fields=["frequency", "notified_until"], name="subscription_due")]

    def __str__(self):
        return f"{self.user}: {self.frequency}"
