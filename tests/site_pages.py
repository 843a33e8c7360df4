"""The pages of the site with the Valenciennes demo loaded: one address per page type,
for the checks every page must pass (typography, languages, accessibility)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from discussions.demo import load_discussion
from discussions.models import Thread
from dossiers.demo import DEMO_SLUG, demo_author
from dossiers.models import Actor, DocumentRequest, Dossier
from opendata.writing import export
from sources.models import Source


def public_pages():
    """(name, path) of every public page type, in French (unprefixed). The open
    data is exported first, so that its page lists its files."""
    export(settings.OPENDATA_ROOT)
    with translation.override("fr"):
        dossier = Dossier.objects.get(slug=DEMO_SLUG)
        revisions = list(dossier.history.order_by("history_id"))
        first, latest = revisions[0], revisions[-1]
        actor = Actor.objects.order_by("pk").first()
        source = Source.objects.order_by("pk").first()
        request = DocumentRequest.objects.order_by("pk").first()
        thread = Thread.objects.about(dossier).first() or load_discussion(dossier, demo_author())
        return [
            ("home", reverse("home")),
            ("dossier list", reverse("dossiers:list")),
            ("dossier list, filtered", reverse("dossiers:list") + "?technology=drones"),
            ("map", reverse("map")),
            ("map, filtered", reverse("map") + "?status=deployed"),
            ("dossier", dossier.get_absolute_url()),
            ("dossier history", reverse("dossiers:history", args=[DEMO_SLUG])),
            ("revision", reverse("dossiers:revision", args=[DEMO_SLUG, first.history_id])),
            (
                "compare",
                reverse("dossiers:compare", args=[DEMO_SLUG])
                + f"?de={first.history_id}&a={latest.history_id}",
            ),
            ("commune list", reverse("cities:list")),
            ("commune", dossier.city.get_absolute_url()),
            ("actor list", reverse("actors:list")),
            ("actor", actor.get_absolute_url()),
            ("source list", reverse("sources:list")),
            ("source", source.get_absolute_url()),
            ("search", reverse("search:search") + "?q=videosurveillance+huawei"),
            ("search, nothing to find", reverse("search:search") + "?q=AND"),
            ("recent changes", reverse("activity:recent")),
            ("recent changes, filtered", reverse("activity:recent") + "?commune=59606"),
            ("request list", reverse("requests:list")),
            ("request list, filtered", reverse("requests:list") + "?state=answered"),
            ("request", request.get_absolute_url()),
            ("claims awaiting documents", reverse("requests:awaited")),
            ("discussion", reverse("discussions:dossier_list", args=[DEMO_SLUG])),
            ("discussion thread", thread.get_absolute_url()),
            ("source discussion", reverse("discussions:source_list", args=[source.key])),
            ("about", reverse("about")),
            ("contribute", reverse("contribute")),
            ("licence", reverse("licence")),
            ("open data", reverse("opendata:index")),
            ("log in", reverse("accounts:login")),
            ("sign up", reverse("accounts:signup")),
        ]


def contributor_pages():
    """(name, path) of pages a signed-in contributor sees."""
    with translation.override("fr"):
        return [
            ("edit dossier", reverse("dossiers:edit", args=[DEMO_SLUG])),
            ("new dossier", reverse("dossiers:create")),
            ("new source", reverse("sources:create")),
            ("new actor", reverse("actors:create")),
            ("contributions", reverse("accounts:contributions")),
            ("watchlist", reverse("activity:watchlist")),
        ]


def moderator_pages():
    with translation.override("fr"):
        return [
            ("review queue", reverse("review:queue")),
            ("moderation log", reverse("review:log")),
            ("patrol", reverse("activity:patrol")),
        ]


def in_english(path):
    return "/en" + path
