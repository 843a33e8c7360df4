from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from activity.models import Subscription


class SubscriptionForm(forms.ModelForm):
    """How a user is told of changes, and the address it goes to (the account's)."""

    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        help_text=_(
            "Sans adresse, aucun courriel n’est envoyé : le suivi reste consultable ici. "
            "Elle n’est jamais affichée."
        ),
    )

    class Meta:
        model = Subscription
        fields = ["frequency", "watch_own_edits"]
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.user.email

    def save(self, commit=True):
        subscription = super().save(commit=False)
        user = subscription.user
        was_silent = self.initial["frequency"] == Subscription.Frequency.NEVER or not user.email
        user.email = self.cleaned_data["email"]
        # Only the fields this form owns: never a stale copy of the whole rows.
        user.save(update_fields=["email"])
        subscription.language = get_language()
        fields = ["frequency", "watch_own_edits", "language"]
        if was_silent:
            # Turning e-mails on tells of what happens from now on, not of a backlog.
            subscription.notified_until = timezone.now()
            fields.append("notified_until")
        subscription.save(update_fields=fields)
        return subscription
