from dossiers.views.editing import (
    DossierCreateView,
    DossierEditView,
    DossierProtectionView,
)
from dossiers.views.history import (
    DossierCompareView,
    DossierHistoryView,
    DossierRevisionView,
    hide_revision,
    restore_revision,
    unhide_revision,
)
from dossiers.views.pages import DossierDetailView, DossierListView, HomeView

__all__ = [
    "DossierCompareView",
    "DossierCreateView",
    "DossierDetailView",
    "DossierEditView",
    "DossierHistoryView",
    "DossierListView",
    "DossierProtectionView",
    "DossierRevisionView",
    "HomeView",
    "hide_revision",
    "restore_revision",
    "unhide_revision",
]
