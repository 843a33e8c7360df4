from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import City
from cities.text import fold, place_slug
from dossiers.models.sheet import SheetRow, SourcedRecord
from review.models import RevisionHistory


class ActorQuerySet(models.QuerySet):
    def public(self):
        """Actors the public sees: all of them, since the table holds published actors
        only (proposed ones wait as change requests)."""
        return self.all()


class Actor(SourcedRecord):
    """An organisation or a person that takes part in dossiers, shared across them."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("entreprise")
        LOCAL_AUTHORITY = "local_authority", _("collectivité locale")
        STATE = "state", _("État ou service de l’État")
        REGULATOR = "regulator", _("autorité de contrôle")
        ASSOCIATION = "association", _("association ou collectif")
        PERSON = "person", _("personne")
        OTHER = "other", _("autre")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d’URL"), max_length=120, unique=True, editable=False)
    search_name = models.CharField(max_length=200, editable=False, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind, db_index=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("commune"),
        help_text=_("Pour une commune ou une intercommunalité : la commune concernée."),
    )
    description = models.TextField(
        _("présentation"),
        max_length=1000,
        blank=True,
        help_text=_("Texte simple : qui c’est, en une ou deux phrases."),
    )
    website = models.URLField(_("site web"), max_length=500, blank=True)

    history = RevisionHistory(
        excluded_fields=["search_name"],
        verbose_name=_("révision d’acteur"),
        verbose_name_plural=_("révisions d’acteurs"),
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actors:detail", args=[self.slug])

    generated_name_field = "slug"

    def name_base(self):
        return place_slug(self.name)[:100].strip("-") or "acteur"


class Role(models.TextChoices):
    SUPPLIER = "supplier", _("fournisseur")
    BUYER = "buyer", _("acheteur")
    REGULATOR = "regulator", _("autorité de contrôle")
    ELECTED_OFFICIAL = "elected_official", _("élu")
    CIVIL_SOCIETY = "civil_society", _("société civile")
    LOBBYIST = "lobbyist", _("lobbyiste ou intermédiaire")
    OTHER = "other", _("autre rôle")


# Suppliers and buyers first: the order of Role, not of its codes.
ROLE_ORDER = models.Case(
    *(models.When(role=value, then=models.Value(rank)) for rank, value in enumerate(Role.values)),
    output_field=models.IntegerField(),
)


class ActorRole(SheetRow):
    """What an actor did in one dossier: supplied it, bought it, regulated it ..."""

    Role = Role

    url_part = "acteurs"
    section_label = _("acteur")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="actor_roles"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="roles", verbose_name=_("acteur")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role)
    note = models.CharField(
        _("précision"),
        max_length=300,
        blank=True,
        help_text=_("Texte simple : « maire depuis 2014 », « a fourni caméras et logiciels »."),
    )

    history = RevisionHistory(
        verbose_name=_("révision d’un rôle d’acteur"),
        verbose_name_plural=_("révisions des rôles d’acteurs"),
    )

    class Meta:
        ordering = [ROLE_ORDER, "id"]
        verbose_name = _("rôle d’un acteur")
        verbose_name_plural = _("rôles des acteurs")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "actor", "role"],
                condition=models.Q(removed=False),
                name="actor_role_once_per_dossier",
                violation_error_message=_(
                    "Cet acteur figure déjà dans ce dossier avec ce rôle : modifiez sa ligne."
                ),
            )
        ]

    def __str__(self):
        return f"{self.actor.name} ({self.get_role_display()})"
