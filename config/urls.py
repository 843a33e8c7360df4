from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from dossiers.views import HomeView

# Every page in French at its address, and in English under /en/ (core.i18n).
urlpatterns = [
    *i18n_patterns(
        path("", HomeView.as_view(), name="home"),
        path("communes/", include("dossiers.city_urls")),
        path("dossiers/", include("dossiers.urls")),
        path("sources/", include("dossiers.source_urls")),
        path("acteurs/", include("dossiers.actor_urls")),
        path("moderation/", include("review.urls")),
        path("", include("accounts.urls")),
        prefix_default_language=False,
    ),
    path("admin/", admin.site.urls),
]
