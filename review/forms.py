from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from review.registry import reviewed_type

# The code of a validation error that says a text could not be rendered: such a
# request cost a rendering that was refused, and counts more against the rate limit.
RENDER_REFUSED = "render_refused"


def lf_only(text):
    """Browsers send textarea lines ending in CRLF; stored text uses LF only, so that a
    resubmitted, unchanged text compares equal to the stored one."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ReviewedModelForm(forms.ModelForm):
    """A record's edit form: the same validation for direct edits, proposals and approvals.

    Besides the record's fields it carries the one-line summary that goes into
    history, and the version the edit started from, which guards against lost updates.
    """

    edit_summary = forms.CharField(
        label=_("Résumé de la modification"),
        max_length=300,
        help_text=_("Une ligne qui dit ce que vous avez changé et pourquoi ; elle sera publique."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user  # who edits; None when a moderator's approval re-validates

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = lf_only(value)
        return cleaned

    def save_revision(self, *, user, reason):
        """Save the validated record as a new revision by `user` with the one-line
        summary `reason`, and whatever the record's type stores beside it."""
        record = self.save(commit=False)
        record.save_revision(user=user, reason=reason)
        self.save_m2m()
        return record

    def keep_files(self):
        """Keep the files sent with an invalid form, so that it can be shown again
        without asking for them (a form with file fields overrides this)."""

    def refused_a_rendering(self):
        return any(
            error.code == RENDER_REFUSED
            for errors in self.errors.as_data().values()
            for error in errors
        )

    def can_preview(self):
        """Whether the preview can be shown, even if the form has errors."""
        return not self.errors

    def preview_context(self):
        """What the record's preview template needs besides the record."""
        kind = reviewed_type(self._meta.model)
        return {"record_sources": kind.references(self.instance)}

    def proposal(self):
        """The validated record fields as form data, to be stored and validated again later."""
        return {
            name: self._as_data(name, self.cleaned_data.get(name)) for name in self._meta.fields
        }

    @classmethod
    def proposal_from(cls, record):
        """Form data that would reproduce `record` (live or historical)."""
        return {name: cls._as_data(name, getattr(record, name)) for name in cls._meta.fields}

    @classmethod
    def _as_data(cls, name, value):
        if isinstance(value, models.Model):
            return getattr(value, getattr(cls.base_fields[name], "to_field_name", None) or "pk")
        if value is None:
            return ""
        if isinstance(value, (str, bool, int)):
            return value
        return str(value)

    @classmethod
    def for_proposal(cls, proposal, *, instance, summary, base_version):
        data = {**proposal, "edit_summary": summary, "base_version": base_version}
        return cls(data=data, instance=instance)


class DecisionForm(forms.Form):
    """A moderator's decision: a refusal needs a reason, an approval may carry a note."""

    reason = forms.CharField(
        label=_("Motif du refus, que l’auteur lira"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The proposal's revision the moderator read: a decision applies to it only.
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("La page de la proposition est incomplète : rechargez-la."),
            "invalid": _("La page de la proposition est incomplète : rechargez-la."),
        },
    )

    def __init__(self, *args, reason_required=True, change=None, **kwargs):
        if change is not None:
            kwargs.setdefault("initial", {"revision": change.revision})
        super().__init__(*args, **kwargs)
        if not reason_required:
            self.fields["reason"].required = False
            self.fields["reason"].label = _("Note pour l’auteur (facultative)")


class RestoreForm(forms.Form):
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Pourquoi restaurer cette révision ?"), max_length=200, required=False
    )
