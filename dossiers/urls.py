from django.urls import path

from dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.DossierListView.as_view(), name="list"),
    path("nouveau/", views.DossierCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.DossierDetailView.as_view(), name="detail"),
    path("<slug:slug>/modifier/", views.DossierEditView.as_view(), name="edit"),
    path("<slug:slug>/protection/", views.DossierProtectionView.as_view(), name="protection"),
    path("<slug:slug>/historique/", views.DossierHistoryView.as_view(), name="history"),
    path("<slug:slug>/historique/comparer/", views.DossierCompareView.as_view(), name="compare"),
    path(
        "<slug:slug>/historique/<int:revision_id>/",
        views.DossierRevisionView.as_view(),
        name="revision",
    ),
    path(
        "<slug:slug>/historique/<int:revision_id>/restaurer/",
        views.restore_revision,
        name="restore",
    ),
    path(
        "<slug:slug>/historique/<int:revision_id>/masquer/",
        views.hide_revision,
        name="hide",
    ),
    path(
        "<slug:slug>/historique/<int:revision_id>/afficher/",
        views.unhide_revision,
        name="unhide",
    ),
]
