from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from core.views import robots_txt
from dossiers.sitemaps import SITEMAPS
from dossiers.views import DossierMapView, HomeView


def page(template):
    return TemplateView.as_view(template_name=f"pages/{template}.html")


# Every page in French at its address, and in English under /en/ (core.i18n).
urlpatterns = [
    *i18n_patterns(
        path("", HomeView.as_view(), name="home"),
        path("a-propos/", page("about"), name="about"),
        path("contribuer/", page("contribute"), name="contribute"),
        path("licence/", page("licence"), name="licence"),
        path("", include("discussions.urls")),
        path("communes/", include("dossiers.city_urls")),
        path("dossiers/", include("dossiers.urls")),
        path("carte/", DossierMapView.as_view(), name="map"),
        path("sources/", include("dossiers.source_urls")),
        path("acteurs/", include("dossiers.actor_urls")),
        path("demandes/", include("dossiers.request_urls")),
        path("moderation/", include("review.urls")),
        path("", include("activity.urls")),
        path("recherche/", include("search.urls")),
        path("donnees/", include("opendata.urls")),
        path("api/", include("api.urls")),
        path("", include("accounts.urls")),
        prefix_default_language=False,
    ),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("admin/", admin.site.urls),
]

# A database that does not answer is a 503, not a 500 (core.views.server_error).
handler500 = "core.views.server_error"
