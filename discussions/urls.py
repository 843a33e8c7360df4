"""A discussion page under each dossier, source and actor (`…/discussion/`), and the
moderation of messages and threads under /discussions/."""

from django.urls import path, register_converter

from discussions import views
from dossiers.source_urls import SourceKeyConverter

# A dossier's or an actor's slug, or a source's key: slugs are keys too.
register_converter(SourceKeyConverter, "lookup")


def subject_urls(prefix, name):
    kwargs = {"subject": name}
    return [
        path(f"{prefix}<lookup:lookup>/discussion/", views.ThreadListView.as_view(), kwargs,
             name=f"{name}_list"),
        path(f"{prefix}<lookup:lookup>/discussion/<int:pk>/", views.ThreadView.as_view(), kwargs,
             name=f"{name}_thread"),
    ]  # fmt: skip


app_name = "discussions"
urlpatterns = [
    *subject_urls("dossiers/", "dossier"),
    *subject_urls("sources/", "source"),
    *subject_urls("acteurs/", "actor"),
    path("discussions/messages/<int:pk>/modifier/", views.MessageEditView.as_view(), name="edit"),
    path(
        "discussions/messages/<int:pk>/historique/",
        views.MessageHistoryView.as_view(),
        name="message_history",
    ),
    path("discussions/messages/<int:pk>/masquer/", views.hide_message, name="hide"),
    path("discussions/messages/<int:pk>/demasquer/", views.unhide_message, name="unhide"),
    path("discussions/<int:pk>/verrouillage/", views.lock_thread, name="lock"),
]
