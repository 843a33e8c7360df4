"""The record types that go through review, and everything the workflow needs of each.

A record type joins the workflow by subclassing `ReviewedType`, setting its required
attributes, overriding the hooks it needs, and calling `register()` with an instance
from its app's `ready()`. The history, comparison, restore, hiding, review and edit
views are then served for it without code of its own. `review.checks` verifies every
registration at start-up (`manage.py check` and every server start), so a type that
misses something fails loudly instead of on the first page that needs it.

The model is a `review.models.RevisedRecord` with `history = RevisionHistory(...)`;
the form is a `review.forms.ReviewedModelForm` for it. Its history URLs are made by
`review.history.history_urls()` under `url_namespace`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models.functions import Coalesce, Length
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review.diff import diff_fields

_types = {}


@dataclass
class SearchDocument:
    """A record as full-text search reads it: weighted title > summary > body.
    `sections` are (anchor, offset in body) pairs: where each part of the body
    starts, so a result links to the part where the words were found."""

    title: str
    summary: str = ""
    body: str = ""
    sections: list = field(default_factory=list)


class ReviewedType:
    """What the review workflow knows of one record type: declared, never discovered."""

    #: Required. The model: a RevisedRecord with a RevisionHistory.
    model = None
    #: Required. Its ReviewedModelForm: the same validation for edits, proposals,
    #: approvals and restorations.
    form_class = None
    #: Required. A template showing a record (live, proposed or past, given as
    #: `record`) as the public sees it; `record_sources` holds `references(record)`.
    preview_template = None
    #: Required. The URL namespace and prefix of the history URLs made by
    #: `history_urls()`: `url_namespace + "history"`, "revision", "compare",
    #: "restore", "hide" and "unhide".
    url_namespace = None

    #: select_related() paths that `display_values()` and the preview read.
    related = ()
    #: The record's edit page; it extends "review/edit_form.html", and a proposal's
    #: update page extends it in turn.
    edit_template = "review/edit_form.html"
    #: The part of a revision's page that shows its content, given `revision`,
    #: `shown`, `preview_template` and what `revision_context()` returns.
    revision_template = "review/_revision_fields.html"
    #: The fields whose text length is a revision's size; None: every text field
    #: of the form.
    size_fields = None
    #: What a record belongs to, for the pages that gather changes across types
    #: (recent changes, watchlists, feeds): a name the apps that read it agree on
    #: ("city", "dossier", "actor" ...) mapped to the lookup path, from a (historical)
    #: record, to the id of what it belongs to; a tuple of paths when it may belong
    #: through any of them. "id" is the record itself. Review reads none of them.
    belongs_to = {}
    #: Proposable fields that full-text search leaves out (identifiers, keys).
    unsearched_fields = ()
    #: Proposable fields the open-data table leaves out (review.exports).
    unexported_fields = ()
    #: The relation get_absolute_url() reads ("dossier" for a row), joined by exports.
    url_related = None
    #: The django-filter FilterSet of the type's list page: an extract of its table
    #: (« Télécharger ces résultats ») takes the same filters.
    export_filterset_class = None
    #: Where records of this type come in search results, which are grouped by
    #: type: lower first (the site's main records before their parts).
    search_order = 10

    # Texts that name the record, so a type can say « ce dossier » where the
    # workflow's own words are neutral.
    locked_message = gettext_lazy(
        "Cette fiche est verrouillée : seule la modération peut la modifier."
    )
    protected_message = gettext_lazy(
        "Cette fiche est protégée : seuls les contributeurs de confiance "
        "et la modération peuvent la modifier."
    )
    current_notice = gettext_lazy("C’est la version actuelle.")
    changed_notice = gettext_lazy("Le contenu a changé depuis cette proposition.")

    def url_args(self, record):
        """The arguments of the record's history URLs, before a revision id."""
        return [record.pk]

    def trail(self, record):
        """(label, url) pairs leading to the record, for breadcrumbs."""
        return [(str(record), record.get_absolute_url())]

    def label(self, record):
        """What a proposal or a moderation entry about `record` is called in lists."""
        return str(record)

    def references(self, record):
        """The sources `record` (live, proposed or past) cites, as its preview lists them."""
        return []

    def revision_context(self, revision, shown):
        """Context for `revision_template`, when the revision's content may be shown;
        `shown` is the record as it was (`revision.instance`). By default: every
        field's value and the sources it cites."""
        return {
            "values": diff_fields(self.fields, {}, self.display_values(revision)),
            "record_sources": self.references(shown),
        }

    def is_public(self, record):
        """Whether the public sees this live record (search indexes only those)."""
        return self.model.objects.public().filter(pk=record.pk).exists()

    def search_document(self, record):
        """What full-text search reads of a live public record: a SearchDocument.
        By default its label, and the displayed value of every proposable field."""
        values = self.display_values(record)
        text = [
            value for name, value in values.items() if value and name not in self.unsearched_fields
        ]
        return SearchDocument(title=str(record), body="\n".join(text))

    def export_queryset(self):
        """The published records open data exports (review.exports): the public ones,
        without what only the site uses (its search text, its rendered HTML, its
        creation and update times).
        review.exports joins what the columns read."""
        internal = [
            field.name
            for field in self.model._meta.concrete_fields
            if not field.editable
            and isinstance(field, (models.TextField, models.JSONField, models.DateTimeField))
        ]
        return self.model.objects.public().defer(*internal).order_by("pk")

    def extra_export_columns(self):
        """review.exports.Column()s the type's table adds after its fields."""
        return []

    def search_dependents(self, record):
        """Records whose search entries depend on `record` (their visibility, their
        title) and are indexed again when it changes."""
        return []

    def keeper_refusal(self, user, record):
        """Why `user` may not edit this existing `record` although its protection lets
        them (a record kept by one person and the moderators), or None."""
        return None

    def protection_holder(self, record):
        """The record whose protection decides who may edit `record` (itself by default)."""
        return record

    # What follows is derived from the declarations above.

    @property
    def name(self):
        """The model's name, as forms and URLs name the type: "dossier", "figure" …"""
        return self.model._meta.model_name

    @property
    def label_for_people(self):
        return str(self.model._meta.verbose_name).capitalize()

    def paths_to(self, name):
        """The lookup paths to what records of this type belong to under `name`."""
        paths = self.belongs_to.get(name, ())
        return (paths,) if isinstance(paths, str) else tuple(paths)

    def owner(self, record, name):
        """The object a live record belongs to under `name` by its first path (as
        `related` reads it, without a query), or None."""
        for path in self.paths_to(name)[:1]:
            for attribute in path.split("__"):
                if record is None:
                    break
                record = record if attribute == "id" else getattr(record, attribute)
            return record
        return None

    def get(self, pk):
        return self.model.objects.select_related(*self.related).get(pk=pk)

    @property
    def fields(self):
        """(name, label) of the fields a proposal may change, in form order."""
        return [
            (name, self.model._meta.get_field(name).verbose_name)
            for name in self.form_class._meta.fields
        ]

    def measured_fields(self):
        if self.size_fields is not None:
            return list(self.size_fields)
        return [
            name
            for name, _label in self.fields
            if isinstance(self.model._meta.get_field(name), (models.CharField, models.TextField))
        ]

    def size_expression(self):
        """A database expression for a (historical) row's size, in characters."""
        lengths = [Coalesce(Length(name), 0) for name in self.measured_fields()]
        if not lengths:
            return models.Value(0, output_field=models.IntegerField())
        total = lengths[0]
        for length in lengths[1:]:
            total = total + length
        return total

    @property
    def protectable(self):
        """Whether moderators set who may edit records of this type."""
        names = {field.name for field in self.model._meta.concrete_fields}
        return {"protection", "protection_reason"} <= names

    def display_values(self, record):
        """The proposable fields of a record (live or historical) as display text."""
        values = {}
        for name, _label in self.fields:
            field = self.model._meta.get_field(name)
            value = getattr(record, name)
            if field.choices and value not in (None, ""):
                value = dict(field.flatchoices).get(value, value)
            elif isinstance(value, bool):
                value = _("oui") if value else _("non")
            elif isinstance(value, Decimal):
                value = floatformat(value, "-2g")
            values[name] = "" if value is None else str(value)
        return values


def register(kind):
    """Add a ReviewedType instance to the workflow (once per model)."""
    if kind.model in _types:
        raise ValueError(f"{kind.model.__name__} is already registered for review")
    _types[kind.model] = kind


def reviewed_type(model):
    """The registered type of a model, a record or a historical record of it."""
    if isinstance(model, models.Model):
        model = getattr(model, "instance_type", type(model))
    return _types[model]


def registered_types():
    return list(_types.values())


def type_named(name):
    """The registered type whose model is named `name` ("dossier", "figure" …), or None."""
    return next((kind for kind in _types.values() if kind.name == name), None)


def kind_choices():
    """(model name, its name for people) of every registered type, for forms."""
    return [(kind.name, kind.label_for_people) for kind in _types.values()]
