from django.contrib import admin
from django.urls import include, path

from dossiers.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("communes/", include("dossiers.city_urls")),
    path("dossiers/", include("dossiers.urls")),
    path("sources/", include("dossiers.source_urls")),
    path("acteurs/", include("dossiers.actor_urls")),
    path("moderation/", include("review.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
