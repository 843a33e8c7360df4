from django.urls import path

from dossiers.views import actors as views

app_name = "actors"
urlpatterns = [
    path("", views.ActorListView.as_view(), name="list"),
    path("nouveau/", views.ActorCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.ActorDetailView.as_view(), name="detail"),
    path("<slug:slug>/modifier/", views.ActorEditView.as_view(), name="edit"),
    path("<slug:slug>/historique/", views.ActorHistoryView.as_view(), name="history"),
    path("<slug:slug>/historique/comparer/", views.ActorCompareView.as_view(), name="compare"),
    path(
        "<slug:slug>/historique/<int:revision_id>/",
        views.ActorRevisionView.as_view(),
        name="revision",
    ),
    path(
        "<slug:slug>/historique/<int:revision_id>/restaurer/",
        views.ActorRestoreView.as_view(),
        name="restore",
    ),
]
