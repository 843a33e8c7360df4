"""/recherche/?q=…: one search over dossiers, their sheets, actors, sources and the
text of their documents, with communes found by name first."""

from dataclasses import dataclass
from urllib.parse import quote

import django_filters
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from cities.filters import department_filter
from cities.models import City
from core.i18n import in_language
from core.page_cache import shared_fragment
from core.pagination import UncountedListMixin
from core.typography import space_french
from core.widgets import PlainSelect
from dossiers.filters import technology_filter
from dossiers.models import Dossier
from review.registry import kind_choices as registered_kind_choices
from review.registry import type_named
from search import backends
from search.models import SearchEntry
from search.query import MAX_LENGTH, QueryError, parse

COMMUNE = "commune"
# Groups of several types: the rows of dossiers' sheets.
GROUP_LABELS = {30: _("Dans les fiches des dossiers")}
COMMUNES_SHOWN = 5


def kind_choices():
    return [(COMMUNE, _("Commune")), *registered_kind_choices()]


class SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="keep",
        label=_("Chercher"),
        # Longer text is refused with a message (search.query), not cut silently.
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_LENGTH}),
    )
    kind = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=kind_choices,
        method="filter_kind",
        label=_("Type"),
        empty_label=_("Tous les types"),
    )
    department = department_filter("department")
    technology = technology_filter("filter_technology")

    class Meta:
        model = SearchEntry
        fields = ["q", "kind", "department", "technology"]

    def keep(self, entries, name, value):
        return entries  # the words are for the full-text engine (search.backends)

    def filter_kind(self, entries, name, value):
        return entries.none() if value == COMMUNE else entries.filter(kind=value)

    def filter_technology(self, entries, name, value):
        return entries.filter(dossier_id__in=Dossier.objects.using_technology(value).values("pk"))


class Results:
    """The hits of a query over the entries the filters allow, sliced by the
    paginator: each slice is one ranked query of the engine, and one for the page's
    records' places."""

    def __init__(self, query, entries, kind=None):
        self.query, self.entries, self.kind = query, entries, kind

    def __getitem__(self, page):
        hits = backends.search(
            self.query,
            self.entries,
            offset=page.start,
            limit=page.stop - page.start,
            kind=self.kind,
        )
        language = get_language()
        return [Result(hit, language) for hit in hits]


@dataclass
class Result:
    hit: backends.Hit
    language: str

    @property
    def entry(self):
        return self.hit.entry

    @cached_property
    def kind(self):
        return type_named(self.entry.kind)

    @property
    def kind_label(self):
        return self.kind.label_for_people if self.kind else ""

    @property
    def in_shared_group(self):
        """Whether results of several types share this one's group (sheet rows)."""
        return self.entry.group in GROUP_LABELS

    @property
    def group_label(self):
        """The heading of the results of this type (sheet rows share one)."""
        if self.kind is None:
            return ""
        return (
            GROUP_LABELS.get(self.entry.group)
            or str(self.kind.model._meta.verbose_name_plural).capitalize()
        )

    @property
    def title(self):
        return self.entry.title

    @cached_property
    def snippet(self):
        """The engine's snippet: escaped first, then its marks made <mark>."""
        text = escape(space_french(self.hit.snippet))
        text = text.replace(backends.MARK_START, "<mark>").replace(backends.MARK_END, "</mark>")
        return mark_safe(text)  # noqa: S308 -- escaped above; only our marks are markup

    @cached_property
    def url(self):
        """The record's page, at the section (or the document's passage) where the
        words are first found."""
        path, fragment = self.entry.path, ""
        position = self.hit.position
        if position is not None:
            anchor = ""
            for section_anchor, offset in self.entry.sections:
                if offset <= position:
                    anchor = section_anchor
            if anchor.startswith("/"):
                # The text of a document: the browser scrolls to the passage.
                path = anchor
                word = self.entry.body[position : position + 60].split()[0]
                fragment = f"#:~:text={quote(word)}"
            elif anchor:
                fragment = f"#{anchor}"
        if self.language != settings.LANGUAGE_CODE:
            path = in_language(path, self.language)
        return path + fragment


class SearchView(UncountedListMixin, ListView):
    """The page's results (and its filter form) are the same for everyone who asks
    the same address: they are kept until content changes (core.page_cache), and the
    engine is asked only when they are not."""

    template_name = "search/results.html"
    section_template_name = "search/results_section.html"
    paginate_by = 20
    cache_params = (SearchFilter, "q", "page")
    context_object_name = "results"

    def get_queryset(self):
        """The query's results, searched only when a page of them is read."""
        self.filterset = SearchFilter(self.request.GET or None, queryset=SearchEntry.objects.all())
        self.query = self.query_error = None
        text = self.request.GET.get("q", "")
        if not self.filterset.is_bound or not self.filterset.is_valid():
            return []
        try:
            self.query = parse(text)
        except QueryError as error:
            self.query_error = str(error) if text.strip() else None
            return []
        kind = self.filterset.form.cleaned_data.get("kind")
        if kind == COMMUNE:
            return []
        return Results(self.query, self.filterset.qs, type_named(kind) if kind else None)

    def matching_communes(self):
        """Communes named by the query, on its first page: one it names exactly
        (name, INSEE or postal code) first."""
        if self.query is None or self.request.GET.get(self.page_kwarg, "1") != "1":
            return []
        if self.filterset.form.cleaned_data.get("kind") not in ("", None, COMMUNE):
            return []
        cities = City.objects.search(self.request.GET["q"]).select_related("department")
        department = self.filterset.form.cleaned_data.get("department")
        if department:
            cities = cities.filter(department=department)
        return list(cities[:COMMUNES_SHOWN])

    def get_context_data(self, **kwargs):
        context = {
            "filter": self.filterset,
            "query": self.query,
            "query_error": self.query_error,
            "searched": self.request.GET.get("q", "").strip()[:MAX_LENGTH],
        }
        context["results_section"] = shared_fragment(
            self.request, "search-results", lambda: self.render_section(context, kwargs)
        )
        return context

    def render_section(self, context, kwargs):
        """The filters and the page of results (a page past the last raises
        PageOutOfRange, answered with a 404 by UncountedListMixin)."""
        section = super().get_context_data(communes=self.matching_communes(), **context, **kwargs)
        return render_to_string(self.section_template_name, section, self.request)
