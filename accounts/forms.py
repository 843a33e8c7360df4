from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Adresse e-mail (facultative)"),
        required=False,
        help_text=_(
            "Seulement pour recevoir un lien si vous oubliez votre mot de passe. "
            "Elle n’est jamais affichée."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]


class LoginForm(AuthenticationForm):
    """Log-in that tells a blocked contributor why, once they proved who they are."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            blocked = self._blocked_user()
            if blocked is None:
                raise
            raise ValidationError(
                _("Ce compte a été bloqué par la modération. Motif : %(reason)s"),
                code="blocked",
                params={"reason": blocked.blocked_reason or "—"},
            ) from None

    def _blocked_user(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (username and password):
            return None
        user = get_user_model()._default_manager.filter(username=username).first()
        if user and user.is_blocked and user.check_password(password):
            return user
        return None


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=300)
    reject_pending = forms.BooleanField(
        label=_("Refuser aussi toutes ses propositions en attente"), required=False
    )
