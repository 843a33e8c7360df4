from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A contributor account: a username and a password, nothing else required.

    A blocked account is also inactive, so Django refuses its log-in and its session.
    """

    blocked_at = models.DateTimeField(_("bloqué le"), null=True, blank=True)
    blocked_reason = models.CharField(_("motif du blocage"), max_length=300, blank=True)

    @property
    def is_blocked(self):
        return self.blocked_at is not None

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])
