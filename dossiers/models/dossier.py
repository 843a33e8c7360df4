import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City
from cities.text import fold, place_slug
from dossiers import markup
from dossiers.rendering import Rendering, render_markdown, structural_refusal
from review.forms import RENDER_REFUSED
from review.models import Protection, RevisedRecord, RevisionHistory

# Bump when the markdown pipeline changes: cached renderings of old revisions expire,
# and `manage.py rerender_dossiers` (run by `make run`) renders stored bodies again.
RENDERER_VERSION = 3


class DossierQuerySet(models.QuerySet):
    @staticmethod
    def public_q(path=""):
        """What the public may see of dossiers, as a condition on the dossier reached
        through `path` ("dossier__" from a row): everything else is invisible to it,
        everywhere. The one place this rule is written; rows, citations, actors and
        history ask here."""
        return models.Q(**{f"{path}status": Dossier.Status.PUBLISHED})

    def public(self):
        return self.filter(self.public_q())

    def using_technology(self, technology):
        """Public dossiers whose sheet has a current use of `technology`."""
        return self.public().filter(
            technology_uses__technology=technology, technology_uses__removed=False
        )

    def with_city(self):
        return self.select_related("city__department__region")


class Dossier(RevisedRecord):
    """One surveillance project of one city, written as a markdown sheet."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")

    class Stage(models.TextChoices):
        """Where the project stands in its life, as far as the sources tell."""

        ANNOUNCED = "announced", _("annoncé")
        VOTED = "voted", _("voté")
        CONTRACTED = "contracted", _("contractualisé")
        DEPLOYED = "deployed", _("déployé")
        EXTENDED = "extended", _("étendu")
        SUSPENDED = "suspended", _("suspendu")
        ABANDONED = "abandoned", _("abandonné")

    # The structured sheet's parts, in the order the page shows them and numbers
    # the sources they cite.
    SHEET_PARTS = ("technology_uses", "actor_roles", "funding_lines", "figures", "events")

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("commune")
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("identifiant d’URL"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Laissé vide, il est formé à partir de la commune et du titre."),
    )
    summary = models.TextField(
        _("résumé"),
        max_length=600,
        help_text=_("Deux ou trois phrases, en texte simple, affichées dans les listes."),
    )
    body = models.TextField(
        _("texte"),
        blank=True,
        help_text=_("En markdown. Les liens et les notes de bas de page sont acceptés."),
    )
    stage = models.CharField(
        _("état du projet"),
        max_length=20,
        choices=Stage,
        blank=True,
        db_index=True,
        help_text=_("Où en est le projet, d’après les sources."),
    )
    body_html = models.TextField(editable=False, default="")
    outline = models.JSONField(
        editable=False, default=list, help_text="Sections of body_html, for the table of contents."
    )
    rendered_with = models.PositiveSmallIntegerField(
        editable=False, default=0, help_text="RENDERER_VERSION that made body_html."
    )
    search_title = models.CharField(max_length=200, editable=False, default="")
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    protection = models.CharField(
        _("protection"), max_length=20, choices=Protection, default=Protection.OPEN
    )
    protection_reason = models.CharField(_("motif de la protection"), max_length=300, blank=True)

    history = RevisionHistory(
        listing_fields=["status"],
        # Derived fields and moderation settings are not content: the audit log
        # records protection changes, history records what the text said.
        excluded_fields=[
            *("body_html", "outline", "rendered_with", "search_title"),
            *("protection", "protection_reason"),
        ],
        verbose_name=_("révision de dossier"),
        verbose_name_plural=_("révisions de dossiers"),
    )

    objects = DossierQuerySet.as_manager()

    moderation_fields = ("protection", "protection_reason")
    generated_name_field = "slug"

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="dossier_status_published"),
            models.Index(fields=["city", "status"], name="dossier_city_status"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.slug])

    @property
    def citation_keys(self):
        """Source keys the body cites, in order of first citation (from the cache of
        renderings, keyed by the text itself)."""
        return render_cached(self.body).citation_keys

    def sheet_source_keys(self):
        """Keys the current structured sheet cites, in the order the page shows them."""
        keys = []
        for part in self.SHEET_PARTS:
            for source_keys in getattr(self, part).current().values_list("source_keys", flat=True):
                keys.extend(source_keys.split("; "))
        return list(dict.fromkeys(key for key in keys if key))

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def apply_rendering(self, rendering):
        """Store the HTML of `rendering`, which must be the rendering of `self.body`
        (a form's `clean_body`, or `render()`)."""
        self.body_html = rendering.html
        self.outline = markup.outline(rendering.html)
        self.rendered_with = RENDERER_VERSION

    def clean(self):
        # The form renders the body (clean_body); the model refuses on its own, without
        # rendering, what would certainly be too costly to render.
        if refusal := structural_refusal(self.body):
            raise ValidationError({"body": ValidationError(refusal, code=RENDER_REFUSED)})

    def render(self):
        """Render the body and store its HTML; returns the Rendering (its cited
        keys are stored once the dossier is saved: see dossiers.citations).
        Raises RenderError for a body that cannot be published."""
        rendering = render_cached(self.body)
        self.apply_rendering(rendering)
        return rendering

    def name_base(self):
        base = place_slug(self.title)[:100].strip("-") or "dossier"
        if self.city.slug not in base:
            base = f"{self.city.slug}-{base}"[:120].strip("-")
        return base

    @classmethod
    def public_history(cls):
        """Published states only: simple-history's manager knows nothing of
        visibility, so every public view of history goes through here."""
        return super().public_history().filter(DossierQuerySet.public_q())


def render_cached(text):
    """The Rendering (sanitised HTML, cited keys) of a markdown text, made once per text.

    The cache key is a hash of the text itself, so a cached rendering can never be
    shown for another text. Raises RenderError for a text that cannot be published.
    """
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = f"markdown-html:{RENDERER_VERSION}:{digest}"
    rendering = cache.get(key)
    if rendering is None:
        rendering = render_markdown(text)
        cache.set(key, tuple(rendering), timeout=None)
    return Rendering(*rendering)


def revision_rendering(revision):
    """The Rendering of a past revision's body (history does not store HTML)."""
    return render_cached(revision.body)
