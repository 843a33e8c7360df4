"""Start-up checks of the review registry: a record type that misses a declaration,
or a reviewed model nobody registered, stops `manage.py check` and every server start."""

from django.apps import apps
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver

from review.forms import ReviewedModelForm
from review.models import HideableRevision, RevisedRecord
from review.registry import registered_types

REQUIRED = ("model", "form_class", "preview_template", "url_namespace")
HISTORY_URLS = ("history", "revision", "compare", "restore", "hide", "unhide")


def url_names(resolver=None, namespace=""):
    """Every qualified URL name ("ns:name") the project defines."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):  # an include()
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


@checks.register()
def check_reviewed_types(app_configs=None, **kwargs):
    errors = []
    registered = set()
    defined_urls = url_names()
    for kind in registered_types():
        name = type(kind).__name__
        missing = [attribute for attribute in REQUIRED if not getattr(kind, attribute)]
        if missing:
            errors.append(
                checks.Error(f"{name} does not declare {', '.join(missing)}.", id="review.E001")
            )
            continue
        registered.add(kind.model)
        errors.extend(_check_model(kind, name))
        errors.extend(_check_templates(kind, name))
        absent = [
            kind.url_namespace + url
            for url in HISTORY_URLS
            if kind.url_namespace + url not in defined_urls
        ]
        if absent:
            errors.append(
                checks.Error(
                    f"{name}'s history URLs are missing: {', '.join(absent)}.",
                    hint="Add review.history.history_urls() to the app's URLs.",
                    id="review.E004",
                )
            )
    for model in apps.get_models():
        if issubclass(model, RevisedRecord) and model not in registered:
            errors.append(
                checks.Error(
                    f"{model.__name__} is a RevisedRecord that no ReviewedType registers.",
                    id="review.E005",
                )
            )
    return errors


def _check_model(kind, name):
    errors = []
    if not issubclass(kind.model, RevisedRecord):
        errors.append(checks.Error(f"{name}.model is not a RevisedRecord.", id="review.E002"))
    history = getattr(kind.model, "history", None)
    if history is None or not issubclass(history.model, HideableRevision):
        errors.append(
            checks.Error(f"{name}.model has no RevisionHistory named `history`.", id="review.E002")
        )
    form = kind.form_class
    if not (issubclass(form, ReviewedModelForm) and form._meta.model is kind.model):
        errors.append(
            checks.Error(
                f"{name}.form_class is not a ReviewedModelForm for {kind.model.__name__}.",
                id="review.E002",
            )
        )
        return errors
    model_fields = {field.name for field in kind.model._meta.get_fields()}
    unknown = [field for field in kind.measured_fields() if field not in model_fields]
    if unknown:
        errors.append(
            checks.Error(f"{name}.size_fields names no field: {unknown}.", id="review.E002")
        )
    return errors


def _check_templates(kind, name):
    errors = []
    for attribute in ("preview_template", "revision_template", "edit_template"):
        try:
            get_template(getattr(kind, attribute))
        except TemplateDoesNotExist:
            errors.append(
                checks.Error(
                    f"{name}.{attribute} {getattr(kind, attribute)!r} does not exist.",
                    id="review.E003",
                )
            )
    return errors
