from django.urls import path

from dossiers.views import document_requests as views
from review.history import history_urls

app_name = "requests"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("nouvelle/", views.RequestCreateView.as_view(), name="create"),
    path("en-attente/", views.AwaitedClaimsView.as_view(), name="awaited"),
    path("<slug:key>/", views.RequestDetailView.as_view(), name="detail"),
    path("<slug:key>/modifier/", views.RequestEditView.as_view(), name="edit"),
    path("<slug:key>/document-recu/", views.RequestAnswerView.as_view(), name="answer"),
    *history_urls("<slug:key>/", views.public_request),
]
