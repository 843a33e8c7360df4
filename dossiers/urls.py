from django.urls import path

from dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.DossierListView.as_view(), name="list"),
    path("<slug:slug>/", views.DossierDetailView.as_view(), name="detail"),
    path("<slug:slug>/historique/", views.DossierHistoryView.as_view(), name="history"),
    path(
        "<slug:slug>/historique/<int:revision_id>/",
        views.DossierRevisionView.as_view(),
        name="revision",
    ),
]
