"""The read-only API: a resource per open-data table, communes, recent changes, and
the API's OpenAPI 3 schema with its documentation page."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views
from core.page_cache import ALL_PARAMS

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("communes", views.CommuneViewSet, basename="communes")
for name, viewset in views.table_viewsets():
    router.register(name, viewset, basename=name)
router.register("changes", views.ChangeViewSet, basename="changes")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI draws its icons from data: addresses: images, never a third-party origin.
    path(
        "docs/",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    *router.urls,
    re_path(r"", views.not_found),
]

# The API reads its own parameters (filters, cursors, formats), and is throttled:
# the page cache keeps them all (core.page_cache).
for pattern in urlpatterns:
    pattern.callback.cache_params = ALL_PARAMS
