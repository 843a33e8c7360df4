from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.forms.dossier import render_or_refuse
from review.forms import lf_only
from sources.citations import unknown_keys_error

MAX_MESSAGE_CHARS = 20_000

BODY_HELP = _(
    "En markdown, comme les dossiers. Ce message est publié dès l’envoi ; vous pourrez le "
    "corriger pendant quinze minutes."
)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_CHARS,
        strip=True,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        error_messages={"required": _("Écrivez un message avant de l’envoyer.")},
    )

    def clean_body(self):
        body = lf_only(self.cleaned_data["body"])
        rendering = render_or_refuse(body)
        if error := unknown_keys_error(rendering.citation_keys):
            raise forms.ValidationError(error)
        return body


class ThreadForm(MessageForm):
    title = forms.CharField(
        label=_("Titre de la discussion"),
        max_length=200,
        error_messages={"required": _("Donnez un titre à la discussion.")},
    )
    change_request = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["title", "body", "change_request"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=300,
        error_messages={"required": _("Donnez le motif : il est affiché à la place du message.")},
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif (facultatif)"), max_length=300, required=False)
