"""sitemap.xml: published content only, each page in French and in English."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from cities.models import City
from dossiers.models import Actor, Dossier
from sources.models import Source


class PublishedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000


class DossierSitemap(PublishedSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Dossier.objects.public().select_related("city").order_by("pk")

    def lastmod(self, dossier):
        return dossier.updated_at


class SourceSitemap(PublishedSitemap):
    def items(self):
        return Source.objects.public().order_by("pk")

    def lastmod(self, source):
        return source.updated_at


class ActorSitemap(PublishedSitemap):
    def items(self):
        return Actor.objects.public().order_by("pk")


class DocumentedCitySitemap(PublishedSitemap):
    """Communes with a published dossier: the other 35,000 pages say only that."""

    def items(self):
        documented = Dossier.objects.public().filter(city=OuterRef("pk"))
        return City.objects.filter(Exists(documented)).order_by("pk")


class PageSitemap(PublishedSitemap):
    priority = 0.5

    def items(self):
        return ["home", "dossiers:list", "map", "cities:list", "actors:list", "sources:list",
                "about", "contribute", "licence"]  # fmt: skip

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "dossiers": DossierSitemap,
    "communes": DocumentedCitySitemap,
    "sources": SourceSitemap,
    "acteurs": ActorSitemap,
}
