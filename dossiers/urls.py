from django.urls import path, register_converter

from dossiers import views
from dossiers.views.pages import published_dossier
from dossiers.views.sheet import ROW_MODELS, RowCreateView, RowEditView, published_row
from review.history import history_urls


class SheetSectionConverter:
    regex = "|".join(ROW_MODELS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SheetSectionConverter, "section")
ROW = "<slug:slug>/<section:section>/<int:pk>/"

app_name = "dossiers"
urlpatterns = [
    path("", views.DossierListView.as_view(), name="list"),
    path("nouveau/", views.DossierCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.DossierDetailView.as_view(), name="detail"),
    path("<slug:slug>/modifier/", views.DossierEditView.as_view(), name="edit"),
    path("<slug:slug>/protection/", views.DossierProtectionView.as_view(), name="protection"),
    *history_urls("<slug:slug>/", published_dossier),
    path("<slug:slug>/<section:section>/ajouter/", RowCreateView.as_view(), name="row_create"),
    path(ROW + "modifier/", RowEditView.as_view(), name="row_edit"),
    *history_urls(ROW, published_row, name_prefix="row_"),
]
