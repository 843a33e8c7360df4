from django.urls import path

from review import editing, views

app_name = "review"
urlpatterns = [
    path("", views.ChangeQueueView.as_view(), name="queue"),
    path("journal/", views.ModerationLogView.as_view(), name="log"),
    path("propositions/<int:pk>/", views.ChangeDetailView.as_view(), name="change"),
    path("propositions/<int:pk>/modifier/", editing.ChangeEditView.as_view(), name="change_edit"),
    path("propositions/<int:pk>/accepter/", views.approve_change, name="approve"),
    path("propositions/<int:pk>/refuser/", views.reject_change, name="reject"),
    path("propositions/<int:pk>/retirer/", views.withdraw_change, name="withdraw"),
]
