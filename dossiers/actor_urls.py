from django.urls import path

from dossiers.views import actors as views
from review.history import history_urls

app_name = "actors"
urlpatterns = [
    path("", views.ActorListView.as_view(), name="list"),
    path("nouveau/", views.ActorCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.ActorDetailView.as_view(), name="detail"),
    path("<slug:slug>/modifier/", views.ActorEditView.as_view(), name="edit"),
    *history_urls("<slug:slug>/", views.public_actor),
]
