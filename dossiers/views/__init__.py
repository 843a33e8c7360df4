from dossiers.views.editing import (
    DossierCreateView,
    DossierEditView,
    DossierProtectionView,
)
from dossiers.views.pages import DossierDetailView, DossierListView, HomeView

__all__ = [
    "DossierCreateView",
    "DossierDetailView",
    "DossierEditView",
    "DossierListView",
    "DossierProtectionView",
    "HomeView",
]
