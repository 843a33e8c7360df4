from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review.forms import ReviewedModelForm
from sources.addresses import ALLOWED_SCHEMES, normalise_url, scheme_of
from sources.answering import REQUEST_KEY_PREFIX, request_named
from sources.citation_syntax import split_keys
from sources.citations import unknown_keys_error
from sources.dates import parse_partial_date
from sources.documents import inspect_upload, store
from sources.models import Document, Source

# Addresses under /sources/ that a key must not take.
RESERVED_KEYS = frozenset({"nouvelle", "documents"})


class WebAddressField(forms.URLField):
    """An http(s) address, stored normalised (see sources.addresses)."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Adresse non valide : copiez-la depuis la barre d’adresse du navigateur, "
            "par exemple « https://www.exemple.fr/article ». "
        ),
    }
    default_validators = [URLValidator(schemes=sorted(ALLOWED_SCHEMES))]

    def __init__(self, **kwargs):
        kwargs.pop("assume_scheme", None)
        super().__init__(assume_scheme="https", **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        scheme = scheme_of(value)
        if scheme and scheme not in ALLOWED_SCHEMES:
            raise ValidationError(
                _("Seules les adresses web commençant par http:// ou https:// sont acceptées."),
                code="scheme",
            )
        return super().to_python(value)

    def clean(self, value):
        value = super().clean(value)
        return normalise_url(value) if value else value


class PartialDateField(forms.CharField):
    """A date to the day, the month or the year, typed the French way or in ISO."""

    def to_python(self, value):
        value = super().to_python(value)
        return parse_partial_date(value) if value else ""

    def prepare_value(self, value):
        # "2021-08-01" shows as "01/08/2021", "2021-08" as "08/2021".
        if isinstance(value, str) and value[:4].isdigit() and "/" not in value:
            return "/".join(reversed(value.split("-")))
        return value


class SourceKeysField(forms.CharField):
    """The keys of the published sources that back a record, typed "a; b"; stored "a; b"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _(
                    "Indiquez au moins une source : la clé d’une source publiée, par exemple "
                    "« mediapart-2021-08-01 »."
                )
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean(self, value):
        value = super().clean(value)
        keys, unreadable = split_keys(value)
        if unreadable:
            raise ValidationError(
                _(
                    "« %(part)s » n’est pas une clé de source : une clé ne contient ni espace ni "
                    "accent, par exemple « mediapart-2021-08-01 »."
                ),
                code="unreadable",
                params={"part": unreadable[0]},
            )
        if not keys and not self.required:
            return ""
        if not keys:
            raise ValidationError(self.error_messages["required"], code="required")
        if message := unknown_keys_error(keys):
            raise ValidationError(message, code="unknown")
        return "; ".join(keys)


class SourceForm(ReviewedModelForm):
    upload = forms.FileField(
        label=gettext_lazy("Document PDF"),
        required=False,
        help_text=gettext_lazy(
            "Facultatif : la délibération, la convention, la décision… (PDF, 25 Mo au plus). "
            "Une copie est conservée par le site, même si l’original disparaît."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    remove_document = forms.BooleanField(
        label=gettext_lazy("Retirer le document joint"), required=False
    )

    field_order = [
        "kind",
        "title",
        "descriptive_title",
        "publisher",
        "authors",
        "published",
        "url",
        "archive_url",
    ]
    field_order += ["language", "accessed_on", "notes", "upload", "remove_document"]
    field_order += ["answers_request", "key"]

    class Meta:
        model = Source
        fields = [
            "kind",
            "title",
            "descriptive_title",
            "publisher",
            "authors",
            "published",
            "url",
            "archive_url",
            "language",
            "accessed_on",
            "notes",
            "answers_request",
            "key",
            "document",
        ]
        field_classes = {
            "url": WebAddressField,
            "archive_url": WebAddressField,
            "published": PartialDateField,
        }
        widgets = {
            "document": forms.HiddenInput,
            "accessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        if self.instance.pk:
            # Dossiers cite the key: it stays as it was first published.
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("La clé d’une source publiée ne change plus.")
        if self.user is not None:
            # A hash is no secret: only a public document, or one this user sent
            # (here or in a proposal of theirs), can be attached by naming it.
            documents = Document.objects.available_to(self.user)
            if self.instance.document_id:
                documents |= Document.objects.filter(pk=self.instance.document_id)
            self.fields["document"].queryset = documents
            self.fields["document"].error_messages["invalid_choice"] = _(
                "Ce document n’est pas disponible : joignez de nouveau le fichier."
            )
        if not self.current_document():
            del self.fields["remove_document"]

    def store_upload(self):
        """Store the file sent with this form, if any, and attach it. Done when the
        form is saved or proposed, and when it is shown again with errors elsewhere
        (`keep_files`), so that the contributor need not send the file twice."""
        if self.inspected_upload is not None:
            document = store(self.inspected_upload, user=self.user)
            self.inspected_upload = None
            self.cleaned_data["document"] = self.instance.document = document
        document = self.cleaned_data.get("document")
        if document is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("document")] = document.pk

    def keep_files(self):
        self.store_upload()

    def proposal(self):
        self.store_upload()
        return super().proposal()

    def save_revision(self, *, user, reason):
        self.store_upload()
        return super().save_revision(user=user, reason=reason)

    def current_document(self):
        """The document attached so far: kept from an earlier submission, or the record's."""
        if self.is_bound:
            key = self.data.get(self.add_prefix("document"))
            return self.fields["document"].queryset.filter(pk=key).first() if key else None
        return self.instance.document

    def clean_key(self):
        key = (self.cleaned_data.get("key") or "").lower()
        if key in RESERVED_KEYS:
            raise ValidationError(
                _("Cette clé est réservée par le site : choisissez-en une autre.")
            )
        if key.startswith(REQUEST_KEY_PREFIX):
            raise ValidationError(
                _("Les clés commençant par « demande- » désignent les demandes de documents.")
            )
        return key

    def clean_answers_request(self):
        key = self.cleaned_data["answers_request"].strip().lower()
        if key and request_named(key) is None:
            raise ValidationError(
                _("Aucune demande de documents n’a la clé « %(key)s »."), params={"key": key}
            )
        return key

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url:
            return url
        existing = Source.objects.filter(url=url).exclude(pk=self.instance.pk).first()
        if existing is not None:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Cette adresse est déjà enregistrée, sous la source"),
                    existing.get_absolute_url(),
                    existing.title,
                ),
                code="duplicate",
            )
        return url

    inspected_upload = None  # an acceptable file, stored on save (store_upload)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                inspected = inspect_upload(upload, user=self.user)
            except ValidationError as error:
                self.add_error("upload", error)
            else:
                if isinstance(inspected, Document):  # that content is stored already
                    cleaned["document"] = inspected
                else:
                    self.inspected_upload = inspected
        elif cleaned.get("remove_document"):
            cleaned["document"] = None
        has_address_or_file = cleaned.get("url") or cleaned.get("document") or self.inspected_upload
        if not has_address_or_file and not {"url", "upload"} & set(self.errors):
            self.add_error(
                "url", _("Indiquez l’adresse de la source, ou joignez-en le document PDF.")
            )
        return cleaned
