from dossiers.views.editing import (
    DossierCreateView,
    DossierEditView,
    DossierProtectionView,
)
from dossiers.views.map import DossierMapView
from dossiers.views.pages import DossierDetailView, DossierListView, HomeView

__all__ = [
    "DossierCreateView",
    "DossierDetailView",
    "DossierEditView",
    "DossierListView",
    "DossierMapView",
    "DossierProtectionView",
    "HomeView",
]
