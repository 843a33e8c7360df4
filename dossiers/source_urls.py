from django.urls import path, register_converter

from dossiers.views.sources import SourceDetailView, SourceListView
from review.history import history_urls
from sources import views


class SourceKeyConverter:
    regex = r"[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class Sha256Converter:
    regex = r"[0-9a-f]{64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SourceKeyConverter, "source_key")
register_converter(Sha256Converter, "sha256")

app_name = "sources"
urlpatterns = [
    path("", SourceListView.as_view(), name="list"),
    path("nouvelle/", views.SourceCreateView.as_view(), name="create"),
    path("documents/<sha256:sha256>.pdf", views.serve_document, name="document"),
    path("documents/<sha256:sha256>.txt", views.document_text, name="document_text"),
    path("<source_key:key>/", SourceDetailView.as_view(), name="detail"),
    path("<source_key:key>/modifier/", views.SourceEditView.as_view(), name="edit"),
    *history_urls("<source_key:key>/", views.published_source),
]
