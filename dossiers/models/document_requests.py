"""Requests for administrative documents (« demandes CADA ») and the dossiers they serve."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.text import place_slug
from core.cache_tags import invalidate, part_tag, tags_of_related
from dossiers import deadlines
from dossiers.models.dossier import Dossier
from dossiers.models.sheet import REFERENCES_PART, REQUESTS_PART
from review.models import RevisedRecord, RevisionHistory


class DocumentRequestQuerySet(models.QuerySet):
    def public(self):
        """Every request in the table is published (proposed ones wait as change requests)."""
        return self.all()


class DocumentRequest(RevisedRecord):
    """A request sent to an administration for its documents, and where it stands.

    The requester records what happened and when (`state` and the dates); the legal
    dates that follow from them are computed (`timeline()`, dossiers.deadlines).
    """

    class State(models.TextChoices):
        SENT = "sent", _("envoyée, en attente de réponse")
        ANSWERED = "answered", _("documents communiqués")
        PARTLY_ANSWERED = "partly_answered", _("documents communiqués en partie")
        REFUSED = "refused", _("refusée par écrit")
        REFERRED = "referred", _("CADA saisie")
        OPINION = "opinion", _("avis de la CADA rendu")
        ANSWERED_AFTER_OPINION = "answered_after_opinion", _("documents communiqués après l’avis")
        REFUSAL_CONFIRMED = "refusal_confirmed", _("refus confirmé par écrit")
        COURT = "court", _("tribunal administratif saisi")
        ABANDONED = "abandoned", _("abandonnée")

    class Channel(models.TextChoices):
        EMAIL = "email", _("courriel")
        POST = "post", _("courrier postal")
        ONLINE = "online", _("service en ligne (Ma Dada …)")
        OTHER = "other", _("autre ou inconnu")

    class Opinion(models.TextChoices):
        FAVOURABLE = "favourable", _("favorable")
        PARTLY_FAVOURABLE = "partly_favourable", _("favorable en partie")
        UNFAVOURABLE = "unfavourable", _("défavorable")
        MOOT = "moot", _("sans objet (documents communiqués ou inexistants)")

    key = models.SlugField(
        _("identifiant"),
        max_length=120,
        unique=True,
        editable=False,
    )
    title = models.CharField(_("objet"), max_length=200)
    administration = models.ForeignKey(
        "dossiers.Actor",
        on_delete=models.PROTECT,
        related_name="document_requests",
        verbose_name=_("administration"),
    )
    asked = models.TextField(_("ce qui est demandé"), max_length=3000)
    documents = models.TextField(
        _("documents demandés"),
        max_length=3000,
        blank=True,
        help_text=_("Un document par ligne."),
    )
    dossier_slugs = models.CharField(_("dossiers"), max_length=1000)
    sent_on = models.DateField(_("envoyée le"))
    month_only = models.BooleanField(
        _("dates connues au mois près"),
        default=False,
        help_text=_(
            "Cochez si seuls les mois sont sûrs : les dates s’affichent au mois, une date "
            "inconnue peut rester vide, et le site ne calcule aucun délai."
        ),
    )
    channel = models.CharField(_("envoyée par"), max_length=10, choices=Channel)
    public_url = models.URLField(
        _("adresse publique de la demande"),
        max_length=500,
        blank=True,
        help_text=_("Sur Ma Dada ou un autre service en ligne, si elle y est publique."),
    )
    received_on = models.DateField(
        _("reçue par l’administration le"),
        null=True,
        blank=True,
        help_text=_(
            "Date de l’accusé de réception, si vous la connaissez : les délais courent "
            "de la réception. Sinon, celle de l’envoi compte."
        ),
    )
    state = models.CharField(
        _("état"), max_length=30, choices=State, default=State.SENT, db_index=True
    )
    answered_on = models.DateField(
        _("réponse ou refus écrit le"),
        null=True,
        blank=True,
        help_text=_("La date de la réponse de l’administration, qu’elle communique ou refuse."),
    )
    referred_on = models.DateField(
        _("CADA saisie le"),
        null=True,
        blank=True,
        help_text=_("La date d’enregistrement de la saisine par la CADA, si vous la connaissez."),
    )
    opinion_on = models.DateField(_("avis de la CADA le"), null=True, blank=True)
    opinion = models.CharField(_("sens de l’avis"), max_length=20, choices=Opinion, blank=True)
    final_answer_on = models.DateField(
        _("réponse après l’avis le"),
        null=True,
        blank=True,
        help_text=_("Communication ou refus confirmé par écrit, après l’avis."),
    )
    court_on = models.DateField(_("tribunal saisi le"), null=True, blank=True)
    answer_source_keys = models.CharField(
        _("documents reçus"),
        max_length=1000,
        blank=True,
        help_text=_("Les clés des sources qui gardent les documents reçus, séparées par « ; »."),
    )
    notes = models.TextField(
        _("notes"),
        max_length=3000,
        blank=True,
        help_text=_("Texte simple : ce que l’administration a répondu, ce qui reste à faire."),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="document_requests",
        editable=False,
        verbose_name=_("demandeur"),
    )
    # The first legal date that the recorded state waits for; past it, the request is
    # overdue. Derived at each save: lists filter on it.
    due_on = models.DateField(null=True, editable=False, db_index=True)

    history = RevisionHistory(
        verbose_name=_("révision d’une demande de documents"),
        verbose_name_plural=_("révisions des demandes de documents"),
    )

    objects = DocumentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("demande de documents")
        verbose_name_plural = _("demandes de documents")
        indexes = [models.Index(fields=["state", "due_on"], name="request_state_due")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("requests:detail", args=[self.key])

    generated_name_field = "key"

    def name_base(self):
        place = self.administration.city.name if self.administration.city_id else ""
        place = place_slug(place or self.administration.name)[:60].strip("-")
        return f"demande-{place}-{self.sent_on:%Y-%m}"

    def save_revision(self, *, user, reason):
        """The requester is whoever's revision created the request."""
        if self.requester_id is None:
            self.requester = user
        super().save_revision(user=user, reason=reason)
        self.link_dossiers()

    def save(self, *args, **kwargs):
        upcoming = self.legal_dates().waiting_for
        self.due_on = upcoming.day if upcoming else None
        super().save(*args, **kwargs)

    def link_dossiers(self):
        """Make the dossiers this request serves those its `dossier_slugs` name."""
        wanted = set(
            Dossier.objects.filter(slug__in=self.dossier_slug_list).values_list("pk", flat=True)
        )
        links = RequestedFor.objects.filter(request=self)
        links.exclude(dossier__in=wanted).delete()
        present = set(links.values_list("dossier_id", flat=True))
        RequestedFor.objects.bulk_create(
            [RequestedFor(request=self, dossier_id=pk) for pk in wanted - present],
            ignore_conflicts=True,
        )
        # A bulk insert sends no signal: the new dossiers' pages list the request.
        invalidate(part_tag(Dossier, pk, REQUESTS_PART) for pk in wanted - present)

    @property
    def dossier_slug_list(self):
        return [slug.strip() for slug in self.dossier_slugs.split(";") if slug.strip()]

    @property
    def department_code(self):
        city = self.administration.city if self.administration.city_id else None
        return city.department.code if city else None

    @property
    def is_finished(self):
        return self.state in deadlines.FINISHED

    def shown_state(self, procedure, today):
        """The state as a reader should understand it on `today`: a silence that has
        become a refusal says so, which the recorded state does not."""
        if procedure.silent_refusal(today):
            if self.state == self.State.SENT:
                return _("sans réponse : refus implicite")
            return _("sans réponse après la saisine : refus confirmé")
        return self.get_state_display()

    def legal_dates(self):
        return deadlines.Procedure(self)

    @property
    def answer_source_list(self):
        return [key.strip() for key in self.answer_source_keys.split(";") if key.strip()]

    @property
    def document_list(self):
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class RequestedFor(models.Model):
    """A dossier that a request serves: derived from the request's `dossier_slugs`."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="links")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="request_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "dossier"], name="request_dossier_once")
        ]

    def __str__(self):
        return f"{self.request_id} → {self.dossier_id}"

    def cache_parents(self):
        """Listed among the dossier's requests (core.cache_tags)."""
        return tags_of_related(self, "dossier", part=REQUESTS_PART)


class RequestCitation(models.Model):
    """A dossier cites a request for documents, in its text (`[@demande-…]`) or in a
    row of its sheet: a claim that waits for the request's documents. Numbered in the
    dossier's reference list like a source (dossiers.models.citations.Citation), and
    rewritten with those links whenever the dossier or a row is saved."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="request_citations"
    )
    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField()
    in_text = models.BooleanField(default=True, help_text="Cited by the text, not only the sheet.")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "request"], name="request_cited_once")
        ]

    def __str__(self):
        return f"{self.dossier_id} [{self.position}] {self.request_id}"

    def cache_parents(self):
        """Part of the dossier's references (core.cache_tags)."""
        return tags_of_related(self, "dossier", part=REFERENCES_PART)
