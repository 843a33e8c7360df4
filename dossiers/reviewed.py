"""How dossiers, actors and the rows of a dossier's sheet go through review
(see review.registry for what each declaration means)."""

from operator import attrgetter

from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers import forms, markup, models
from dossiers.filters import ActorFilter, DossierFilter
from dossiers.rendering import RenderError
from review.exports import Column, Table, register_table
from review.permissions import is_moderator
from review.registry import ReviewedType, SearchDocument, register
from sources.citations import references


class DossierType(ReviewedType):
    model = models.Dossier
    form_class = forms.DossierForm
    related = ["city__department"]
    preview_template = "dossiers/_preview.html"
    edit_template = "dossiers/dossier_form.html"
    revision_template = "dossiers/_revision_body.html"
    url_namespace = "dossiers:"
    size_fields = ["body"]
    belongs_to = {"dossier": "id", "city": "city"}
    export_filterset_class = DossierFilter
    search_order = 0
    locked_message = gettext_lazy(
        "Ce dossier est verrouillé : seule la modération peut le modifier."
    )
    protected_message = gettext_lazy(
        "Ce dossier est protégé : seuls les contributeurs de confiance "
        "et la modération peuvent le modifier."
    )
    current_notice = gettext_lazy("C’est la version actuelle du dossier.")
    changed_notice = gettext_lazy("Le dossier a changé depuis cette proposition.")

    def url_args(self, record):
        return [record.slug]

    def trail(self, record):
        return [
            (record.city.name, record.city.get_absolute_url()),
            (record.title, record.get_absolute_url()),
        ]

    def references(self, record):
        return references(record.citation_keys)

    def search_document(self, record):
        """Title, summary and the text of the body, section by section."""
        body, sections = [], []
        offset = 0
        for anchor, text in markup.text_sections(record.body_html):
            sections.append((anchor, offset))
            body.append(text)
            offset += len(text) + 1
        return SearchDocument(
            title=record.title, summary=record.summary, body="\n".join(body), sections=sections
        )

    def search_dependents(self, record):
        """The rows of its sheet: they are found only while it is public, under its title."""
        return [row for part in record.SHEET_PARTS for row in getattr(record, part).all()]

    def export_queryset(self):
        """Public dossiers with their place, and the sources they cite in order."""
        # Each citation with its source's key, never the source itself: a page of a
        # hundred dossiers cites thousands of sources.
        cited = (
            models.Citation.objects.annotate(source_key=F("source__key"))
            .only("dossier_id", "position")
            .order_by("position")
        )
        return super().export_queryset().prefetch_related(Prefetch("citations", queryset=cited))

    def extra_export_columns(self):
        return [
            Column(
                "department_code",
                "string",
                attrgetter("city.department.code"),
                gettext_lazy("code INSEE du département"),
                required=True,
                related="city__department",
            ),
            Column(
                "region_code",
                "string",
                attrgetter("city.department.region.code"),
                gettext_lazy("code INSEE de la région"),
                required=True,
                related="city__department__region",
            ),
            Column(
                "source_keys",
                "string",
                lambda dossier: "; ".join(
                    citation.source_key for citation in dossier.citations.all()
                ),
                gettext_lazy("clés des sources citées, dans l’ordre de leurs numéros"),
            ),
        ]

    def revision_context(self, revision, shown):
        """A past body is rendered again (history keeps no HTML), from the cache."""
        try:
            rendering = models.revision_rendering(revision)
        except RenderError as error:
            return {"render_error": error.message}
        return {"body_html": rendering.html, "references": references(rendering.citation_keys)}


class ActorType(ReviewedType):
    model = models.Actor
    form_class = forms.ActorForm
    related = ["city__department"]
    preview_template = "actors/_preview.html"
    edit_template = "actors/actor_form.html"
    url_namespace = "actors:"
    belongs_to = {"actor": "id", "city": "city"}
    export_filterset_class = ActorFilter
    search_order = 10
    unsearched_fields = ("source_keys",)

    def url_args(self, record):
        return [record.slug]

    def trail(self, record):
        return [(_("Acteurs"), reverse("actors:list")), (record.name, record.get_absolute_url())]

    def label(self, record):
        return _("Acteur : %(name)s") % {"name": record.name}

    def references(self, record):
        return references(record.source_key_list)


class DocumentRequestType(ReviewedType):
    """A request for documents: kept by its requester and the moderators."""

    model = models.DocumentRequest
    form_class = forms.DocumentRequestForm
    related = ["administration__city__department", "requester"]
    preview_template = "requests/_preview.html"
    edit_template = "requests/request_form.html"
    url_namespace = "requests:"
    belongs_to = {"request": "id", "actor": "administration", "city": "administration__city"}
    unsearched_fields = ("dossier_slugs", "channel", "state", "opinion")
    search_order = 25

    def url_args(self, record):
        return [record.key]

    def trail(self, record):
        return [
            (_("Demandes de documents"), reverse("requests:list")),
            (record.title, record.get_absolute_url()),
        ]

    def label(self, record):
        return _("Demande : %(title)s") % {"title": record.title}

    def keeper_refusal(self, user, record):
        if record.requester_id == user.pk or is_moderator(user):
            return None
        return _(
            "Seuls le demandeur (%(requester)s) et la modération tiennent cette demande à "
            "jour : dites-leur ce qui a changé."
        ) % {"requester": record.requester.get_username()}


class SheetRowType(ReviewedType):
    """A row of a dossier's sheet: it follows its dossier's protection."""

    url_namespace = "dossiers:row_"
    edit_template = "dossiers/row_form.html"
    unsearched_fields = ("source_keys", "dossier", "removed")
    # Open data has current rows only: « removed » is always false there.
    unexported_fields = ("removed",)
    url_related = "dossier"
    search_order = 30

    def __init__(self, model, form_class, related, belongs_to):
        self.model = model
        self.form_class = form_class
        self.related = ["dossier__city__department", *related]
        self.belongs_to = {"dossier": "dossier", "city": "dossier__city", **belongs_to}
        self.preview_template = f"dossiers/sheet/preview_{model._meta.model_name}.html"

    def url_args(self, record):
        return [record.dossier.slug, record.url_part, record.pk]

    def export_queryset(self):
        """Rows with their dossier's address, not its texts."""
        heavy = ("body", "body_html", "outline", "summary", "search_title", "created_at")
        heavy += ("updated_at", "published_at")
        return super().export_queryset().defer(*(f"dossier__{name}" for name in heavy))

    def trail(self, record):
        dossier = record.dossier
        label = _("%(section)s : %(row)s") % {
            "section": str(record.section_label).capitalize(),
            "row": record,
        }
        return [
            (dossier.city.name, dossier.city.get_absolute_url()),
            (dossier.title, dossier.get_absolute_url()),
            (label, record.get_absolute_url()),
        ]

    def label(self, record):
        return _("%(dossier)s — %(section)s : %(row)s") % {
            "dossier": record.dossier.title,
            "section": record.section_label,
            "row": record,
        }

    def references(self, record):
        return references(record.source_key_list)

    def search_document(self, record):
        """The row under its section's name; its dossier's title as its summary."""
        document = super().search_document(record)
        document.title = _("%(section)s : %(row)s") % {
            "section": str(record.section_label).capitalize(),
            "row": record,
        }
        document.summary = record.dossier.title
        return document

    def protection_holder(self, record):
        return record.dossier


def citations_table():
    """Which public dossier cites which source, and under which number."""
    return Table(
        name="citations",
        title=gettext_lazy("Citations"),
        description=gettext_lazy("Chaque source citée par un dossier publié, avec son numéro."),
        primary_key=("dossier_id", "source_id"),
        columns=[
            Column(
                "dossier_id",
                "integer",
                attrgetter("dossier_id"),
                gettext_lazy("dossier qui cite"),
                required=True,
                references=("dossiers", "id"),
            ),
            Column(
                "source_id",
                "integer",
                attrgetter("source_id"),
                gettext_lazy("source citée"),
                required=True,
                references=("sources", "id"),
            ),
            Column(
                "source_key",
                "string",
                attrgetter("source.key"),
                gettext_lazy("clé de la source citée"),
                required=True,
            ),
            Column(
                "number",
                "integer",
                attrgetter("position"),
                gettext_lazy("numéro de la note"),
                required=True,
            ),
            Column(
                "in_text",
                "boolean",
                attrgetter("in_text"),
                gettext_lazy("citée par le texte (et non seulement par la fiche)"),
                required=True,
            ),
        ],
        rows=lambda: (
            models.Citation.objects.public()
            .select_related("source")
            .order_by("dossier_id", "position")
        ),
    )


def register_all():
    register_table(citations_table)
    register(DossierType())
    register(ActorType())
    register(DocumentRequestType())
    for model, form_class, related, belongs_to in [
        (models.TechnologyUse, forms.TechnologyUseForm, ["technology"], {}),
        (models.ActorRole, forms.ActorRoleForm, ["actor"], {"actor": "actor"}),
        (
            models.FundingLine,
            forms.FundingLineForm,
            ["payer", "recipient"],
            {"actor": ("payer", "recipient")},
        ),
        (models.Figure, forms.FigureForm, [], {}),
        (models.Event, forms.EventForm, [], {}),
    ]:
        register(SheetRowType(model, form_class, related, belongs_to))
