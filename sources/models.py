from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.text import fold, place_slug
from review.models import RevisedRecord, RevisionHistory
from review.permissions import is_moderator
from sources.answering import REQUEST_KEY_PREFIX
from sources.citation_syntax import KEY
from sources.dates import format_partial_date, validate_partial_date

KEY_VALIDATOR = RegexValidator(
    rf"^{KEY}$",
    _(
        "Une clé commence et finit par une lettre ou un chiffre, et ne contient que "
        "des lettres sans accent, des chiffres, « - », « _ », « . » ou « : »."
    ),
)


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents that a visible published revision of a source attaches."""
        return self.filter(
            sha256__in=Source.history.filter(hidden_at__isnull=True).values("document")
        )

    def available_to(self, user):
        """What `user` may read, or attach to a source by naming it: public documents,
        and those they sent; moderators, every document."""
        if is_moderator(user):
            return self.all()
        if not user.is_authenticated:
            return self.public()
        return self.filter(Q(uploaded_by=user) | Q(pk__in=self.public().values("pk")))


class Document(models.Model):
    """An uploaded PDF, stored once under the SHA-256 of its content.

    Documents are never edited: a source that needs another file points to
    another document. Who may read one follows from the sources that attach it
    (see `Document.objects.public()`).
    """

    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField(_("taille en octets"))
    page_count = models.PositiveIntegerField(_("nombre de pages"))
    text = models.TextField(_("texte extrait"), blank=True)
    search_text = models.TextField(editable=False, default="")
    original_name = models.CharField(
        _("nom du fichier envoyé"),
        max_length=255,
        blank=True,
        help_text=_("Affiché seulement : le fichier est enregistré sous son empreinte."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    uploaded_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return _("%(name)s (PDF, %(pages)s p., %(digest)s…)") % {
            "name": self.original_name or _("document"),
            "pages": self.page_count,
            "digest": self.sha256[:12],
        }

    def get_absolute_url(self):
        return reverse("sources:document", args=[self.sha256])

    @property
    def storage_name(self):
        """Where the file lives in the "documents" storage: derived from the hash only."""
        return f"{self.sha256[:2]}/{self.sha256}.pdf"

    def is_public(self):
        """A document is public once a visible published revision of a source attaches it."""
        return Document.objects.public().filter(pk=self.pk).exists()


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources the public sees: all of them, since the table holds published
        sources only (proposed ones wait as change requests)."""
        return self.all()

    def with_document(self):
        return self.select_related("document")

    def for_listing(self):
        """Sources for a list page: the document without its extracted text."""
        return self.with_document().defer(
            "notes", "search_text", "document__text", "document__search_text"
        )


class Source(RevisedRecord):
    """What backs a claim: an article, a deliberation, a regulator's decision ...

    The table holds published sources only; proposed ones wait as change requests.
    """

    class Kind(models.TextChoices):
        PRESS = "press", _("article de presse")
        DELIBERATION = "deliberation", _("délibération d’une assemblée locale")
        CONTRACT = "contract", _("contrat ou convention")
        CADA = "cada", _("réponse à une demande CADA")
        REGULATOR = "regulator", _("décision d’une autorité de contrôle")
        OFFICIAL_PAGE = "official_page", _("page web officielle")
        FORUM = "forum", _("fil de forum")
        BROADCAST = "broadcast", _("émission ou reportage audiovisuel")
        OTHER = "other", _("autre")

    class Language(models.TextChoices):
        FRENCH = "fr", _("français")
        ENGLISH = "en", _("anglais")
        GERMAN = "de", _("allemand")
        SPANISH = "es", _("espagnol")
        ITALIAN = "it", _("italien")
        DUTCH = "nl", _("néerlandais")
        CHINESE = "zh", _("chinois")
        OTHER = "other", _("autre langue")

    key = models.CharField(
        _("clé"),
        max_length=80,
        unique=True,
        validators=[KEY_VALIDATOR],
        help_text=_(
            "Courte et stable, par exemple « mediapart-2021-08-01 » ; on cite la source "
            "dans un dossier en écrivant [@mediapart-2021-08-01]. Laissée vide, elle est "
            "formée à partir de l’éditeur et de la date. Elle ne change plus ensuite."
        ),
        error_messages={"unique": _("Une autre source porte déjà cette clé.")},
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind, db_index=True)
    title = models.CharField(_("titre"), max_length=300)
    descriptive_title = models.BooleanField(
        _("le titre est une description"),
        default=False,
        help_text=_(
            "Cochez si le titre exact de la source n’est pas connu et que le champ « titre » "
            "la décrit : il s’affiche alors sans guillemets, pour ne pas passer pour une "
            "citation."
        ),
    )
    publisher = models.CharField(
        _("éditeur"),
        max_length=200,
        blank=True,
        help_text=_("Journal, institution, site : « Mediapart », « Ville de Valenciennes »."),
    )
    authors = models.CharField(_("auteurs"), max_length=300, blank=True)
    published = models.CharField(
        _("date de publication"),
        max_length=10,
        blank=True,
        validators=[validate_partial_date],
        help_text=_("Au jour, au mois ou à l’année près : « 01/08/2021 », « 08/2021 », « 2021 »."),
    )
    url = models.URLField(_("adresse"), max_length=1000, blank=True)
    archive_url = models.URLField(
        _("copie archivée"),
        max_length=1000,
        blank=True,
        help_text=_("Une copie sur web.archive.org ou archive.today, si la page peut disparaître."),
    )
    language = models.CharField(
        _("langue"), max_length=5, choices=Language, default=Language.FRENCH, db_index=True
    )
    accessed_on = models.DateField(_("consultée le"), null=True, blank=True)
    notes = models.TextField(
        _("notes"),
        max_length=2000,
        blank=True,
        help_text=_("Texte simple : ce que la source établit, et ses limites."),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("document"),
    )
    # The key of the request for documents this source answers (sources.answering).
    answers_request = models.CharField(
        _("réponse à la demande"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_(
            "Pour un document reçu en réponse à une demande de documents : la clé de la "
            "demande, par exemple « demande-valenciennes-2018-12 »."
        ),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = RevisionHistory(
        excluded_fields=["search_text"],
        verbose_name=_("révision de source"),
        verbose_name_plural=_("révisions de sources"),
    )

    objects = SourceQuerySet.as_manager()

    # A key left empty is made of the publisher (or title) and the date.
    generated_name_field = "key"

    class Meta:
        ordering = ["-published", "title", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            # Refused first by the form, with a link to the source that has it.
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_unique_url")
        ]
        indexes = [
            models.Index(fields=["-published", "title", "id"], name="source_listing"),
            models.Index(fields=["publisher"], name="source_publisher"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.key, self.title, self.publisher, self.authors]))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sources:detail", args=[self.key])

    def name_base(self):
        words = place_slug(self.publisher or self.title or "source")[:50].strip("-")
        base = "-".join(part for part in (words, self.published) if part) or "source"
        # Keys starting so name requests for documents (sources.answering).
        return f"source-{base}" if base.startswith(REQUEST_KEY_PREFIX) else base

    @property
    def published_display(self):
        return format_partial_date(self.published)

    @property
    def year(self):
        return self.published[:4] if self.published else ""
