"""Atom feeds of published changes: the recent changes list, filtered the same way.

`/modifications/atom/` takes the query string of `/modifications/`: a commune, a
department, a technology, a dossier, an actor, « créations seulement » … so each
page links to the feed of what it shows (a dossier's page to `?dossier=<slug>`), and
« nouveaux dossiers » is `?kind=dossier&creations=on`. Each entry links to the diff
(to the revision for a creation).
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from activity.filters import ChangeFilter
from core.typography import space_french
from review.changes import describe

ENTRIES = 50


def with_query(url, filterset):
    query = filterset.request.GET.urlencode()
    return f"{url}?{query}" if query else url


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    cache_params = (ChangeFilter,)

    def get_object(self, request):
        # The feed object is shared by every request (and thread): what a request
        # asks stays on the filterset it makes.
        filterset = ChangeFilter(request.GET or None, request=request)
        if filterset.is_bound and not filterset.is_valid():
            raise Http404(_("Ces critères ne sont pas valides."))
        return filterset

    def title(self, filterset):
        what = filterset.description()
        if what:
            return _("Modifications récentes : %(what)s — Villes sous surveillance") % {
                "what": what
            }
        return _("Modifications récentes — Villes sous surveillance")

    def subtitle(self, filterset):
        return _(
            "Les modifications publiées des dossiers, de leurs fiches, des acteurs et des sources."
        )

    def link(self, filterset):
        return with_query(reverse("activity:recent"), filterset)

    def feed_url(self, filterset):
        return with_query(reverse("activity:feed"), filterset)

    def author_name(self):
        return _("Villes sous surveillance")

    def items(self, filterset):
        changes = describe(filterset.qs[:ENTRIES], sizes=True, authors=True)
        for change in changes:
            change.absolute_url = filterset.request.build_absolute_uri(change.url)
        return changes

    def item_title(self, change):
        title = _("%(kind)s : %(record)s, révision n° %(version)s") % {
            "kind": str(change.kind_label).capitalize(),
            "record": change.record_label,
            "version": change.version,
        }
        if change.is_creation:
            title = _("%(title)s (création)") % {"title": title}
        return title

    def item_description(self, change):
        # Atom's summary is HTML: contributors' text is escaped here.
        if change.is_hidden:
            summary = _("Masqué par la modération : %(reason)s") % {"reason": change.hidden_reason}
        else:
            summary = change.summary or _("Sans résumé.")
        size = change.size_change
        size_text = _("%(size)+d caractères") % {"size": size}
        return f"<p>{escape(space_french(summary))}</p><p>{escape(size_text)}</p>"

    def item_link(self, change):
        return change.diff_url or change.url

    def item_guid(self, change):
        # Atom ids are absolute IRIs: the revision's address.
        return change.absolute_url

    def item_guid_is_permalink(self, change):
        return True

    def item_pubdate(self, change):
        return change.history_date

    def item_updateddate(self, change):
        return change.history_date

    def item_author_name(self, change):
        return change.author.username if change.author else None

    def item_author_link(self, change):
        return None
