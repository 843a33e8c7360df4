import hashlib

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.ratelimit import attempts_over, client_address, limit_reached


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Adresse e-mail (facultative)"),
        required=False,
        help_text=_(
            "Pour recevoir un lien si vous oubliez votre mot de passe et, si vous le "
            "voulez, les nouvelles de ce que vous suivez. Elle n’est jamais affichée."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]


TOO_MANY_ATTEMPTS = _(
    "Trop de tentatives de connexion ont échoué pour ce compte ou depuis votre adresse. "
    "Par précaution, la connexion est suspendue pendant une demi-heure au plus : "
    "réessayez ensuite, ou réinitialisez votre mot de passe."
)


class LoginForm(AuthenticationForm):
    """Log-in that tells a blocked contributor why, once they proved who they are.

    Failed attempts are counted per typed name (whether or not such an account
    exists, so the answer tells nothing of which names are taken) and per address;
    past either limit, even the right password is refused until the window ends.
    """

    def clean(self):
        keys = self._throttle_keys()
        if any(attempts_over(name, key) for name, key in keys):
            raise ValidationError(TOO_MANY_ATTEMPTS, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            for name, key in keys:
                limit_reached(name, key)
            blocked = self._blocked_user()
            if blocked is None:
                raise
            raise ValidationError(
                _("Ce compte a été bloqué par la modération. Motif : %(reason)s"),
                code="blocked",
                params={"reason": blocked.blocked_reason or "—"},
            ) from None

    def _throttle_keys(self):
        username = (self.cleaned_data.get("username") or "").strip().casefold()
        address = client_address(self.request) if self.request else "unknown"
        keys = [("login-address", address)]
        if username:
            digest = hashlib.sha256(username.encode()).hexdigest()
            keys.append(("login-account", digest))
        return keys

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
