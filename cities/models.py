from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.text import fold


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("région")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.code} — {self.name}"


class CityQuerySet(models.QuerySet):
    def with_location(self):
        return self.select_related("department__region", "parent")

    def search(self, query):
        """Cities whose name contains the folded query, best matches first.

        An exact name comes first, then names that start with the query, then
        the rest; within each group the most populous city first. A query of
        digits matches INSEE codes and postal codes instead.
        """
        query = query.strip()
        if query.isdigit():
            return self.filter(
                models.Q(insee_code__startswith=query) | models.Q(postal_codes__contains=query)
            ).order_by("-population", "name")
        folded = fold(query)
        if not folded:
            return self
        rank = models.Case(
            models.When(search_name=folded, then=0),
            models.When(search_name__startswith=folded, then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return (
            self.filter(search_name__contains=folded)
            .annotate(search_rank=rank)
            .order_by("search_rank", models.F("population").desc(nulls_last=True), "name")
        )


class City(models.Model):
    """A commune of France, or a municipal arrondissement of Paris, Lyon or Marseille."""

    # How open data names a commune: by its INSEE code (review.exports).
    export_key = "insee_code"

    # The edition of Etalab's « découpage administratif » in cities/data, and the year
    # of the Insee's legal municipal populations it carries (« populations légales
    # 2023 », dated 1 January 2023, in force from 1 January 2026: Insee publication
    # 8680726, named in that package's README).
    DATA_EDITION = 2026
    POPULATION_YEAR = 2023

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        ARRONDISSEMENT = "arrondissement", _("arrondissement municipal")

    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant d’URL"), max_length=120, unique=True)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.COMMUNE)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="cities", verbose_name=_("département")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrondissements",
        verbose_name=_("commune de rattachement"),
    )
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    postal_codes = models.CharField(
        _("codes postaux"), max_length=200, blank=True, help_text=_("Séparés par des espaces.")
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["search_name", "insee_code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.name} ({self.department.code})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cities:detail", args=[self.slug])

    @property
    def region(self):
        return self.department.region

    @property
    def postal_code_list(self):
        return self.postal_codes.split()
