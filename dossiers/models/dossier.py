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
from dossiers.rendering import RenderError, Rendering, render_markdown
from review.forms import RENDER_REFUSED
from review.models import Protection, RevisedRecord, RevisionHistory
from sources.citations import store_citations, unknown_keys_error

# Bump when the markdown pipeline changes, so cached renderings of old revisions expire.
RENDERER_VERSION = 2


class DossierQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: everything else is invisible to it, everywhere."""
        return self.filter(status=Dossier.Status.PUBLISHED)

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
        excluded_fields=["body_html", "outline", "search_title", "protection", "protection_reason"],
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
        if getattr(self, "_rendered_body", None) != self.body:
            self.render_body()
        self.search_title = fold(self.title)
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)
        if getattr(self, "_citations_to_store", None) is not None:
            store_citations(self, self._citations_to_store, self.sheet_source_keys())
            self._citations_to_store = None

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The stored HTML was rendered from the stored body.
        instance._rendered_body = instance.__dict__.get("body")
        return instance

    @property
    def citation_keys(self):
        """Source keys the body cites, in order of first citation."""
        if getattr(self, "_keys_of_body", (None, ()))[0] != self.body:
            self._keys_of_body = (self.body, render_cached(self.body).citation_keys)
        return self._keys_of_body[1]

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

    def render_body(self):
        """Fill body_html from body; raises RenderError if the body is refused.

        The sources it cites are linked to the dossier when it is next saved.
        """
        rendering = render_cached(self.body)
        self.body_html = rendering.html
        self._keys_of_body = (self.body, rendering.citation_keys)
        self.outline = markup.outline(self.body_html)
        self._rendered_body = self.body
        self._citations_to_store = rendering.citation_keys

    def clean(self):
        if getattr(self, "_rendered_body", None) == self.body:
            return
        try:
            self.render_body()
        except RenderError as error:
            raise ValidationError(
                {"body": ValidationError(error.message, code=RENDER_REFUSED)}
            ) from error
        if message := unknown_keys_error(self.citation_keys):
            raise ValidationError({"body": message})

    def name_base(self):
        base = place_slug(self.title)[:100].strip("-") or "dossier"
        if self.city.slug not in base:
            base = f"{self.city.slug}-{base}"[:120].strip("-")
        return base

    def public_revisions(self):
        """Published states of this dossier, newest first, for public history views.

        simple-history's manager knows nothing of visibility: every public view of
        history goes through here so draft states never leak.
        """
        return super().public_revisions().filter(status=self.Status.PUBLISHED)


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
