"""The stored links between a dossier and the sources it cites (its text, then its sheet)."""

from django.db.models import IntegerField, Value

from core.cache_tags import invalidate, part_tag
from core.page_cache import new_generation
from dossiers.models.citations import Citation
from dossiers.models.document_requests import DocumentRequest, RequestCitation
from dossiers.models.dossier import Dossier
from dossiers.models.sheet import REFERENCES_PART
from sources.answering import is_request_key
from sources.citations import Reference
from sources.models import Source


def stored_references(dossier):
    """A dossier's reference list from the links stored when its text was saved: its
    sources, and the requests for documents it cites while it waits for them."""
    citations = Citation.objects.filter(dossier=dossier).select_related("source__document")
    listed = [Reference(c.position, c.source.key, c.source, c.in_text) for c in citations]
    awaited = RequestCitation.objects.filter(dossier=dossier).select_related(
        "request__administration"
    )
    listed += [
        Reference(c.position, c.request.key, None, c.in_text, request=c.request) for c in awaited
    ]
    return sorted(listed, key=lambda reference: reference.number)


def stored_numbers(dossier):
    """What the rows of a dossier's sheet need of its reference list: the number of
    each key ({key: number}), and the requests for documents it cites ({key: request}),
    without reading the sources themselves."""
    sources = (
        Citation.objects.filter(dossier=dossier)
        .order_by()
        .values_list("source__key", "position", Value(None, output_field=IntegerField()))
    )
    requests = (
        RequestCitation.objects.filter(dossier=dossier)
        .order_by()
        .values_list("request__key", "position", "request_id")
    )
    numbers, awaited_ids = {}, {}
    for key, position, request_id in sources.union(requests, all=True):
        numbers[key] = position
        if request_id is not None:
            awaited_ids[request_id] = key
    awaited = {}
    if awaited_ids:  # rare: a claim that waits for documents
        for request in DocumentRequest.objects.filter(pk__in=awaited_ids).select_related(
            "administration"
        ):
            awaited[awaited_ids[request.pk]] = request
    return numbers, awaited


def stored_text_keys(dossier):
    """The keys a dossier's text cites, in order, as stored when the text was saved."""
    sources = Citation.objects.filter(dossier=dossier, in_text=True).values_list(
        "position", "source__key"
    )
    requests = RequestCitation.objects.filter(dossier=dossier, in_text=True).values_list(
        "position", "request__key"
    )
    return [key for _position, key in sorted([*sources, *requests])]


def store_citations(dossier, text_keys, sheet_keys=()):
    """Record which sources the dossier cites: its text's keys numbered as in the text,
    then the keys only its structured sheet cites."""
    sheet_only = [key for key in dict.fromkeys(sheet_keys) if key not in text_keys]
    keys = [*text_keys, *sheet_only]
    sources = Source.objects.filter(key__in=keys)
    requests = DocumentRequest.objects.filter(key__in=[key for key in keys if is_request_key(key)])
    changed = False
    for model, cited, link in [
        (Citation, sources, "source_id"),
        (RequestCitation, requests, "request_id"),
    ]:
        ids = dict(cited.values_list("key", "id")) if keys else {}
        wanted = [
            (number, number <= len(text_keys), ids[key])
            for number, key in enumerate(keys, 1)
            if key in ids
        ]
        stored = model.objects.filter(dossier=dossier)
        if list(stored.order_by("position").values_list("position", "in_text", link)) == wanted:
            continue  # a row saved without changing its sources: nothing to renumber
        changed = True
        stored.delete()
        model.objects.bulk_create(
            model(dossier=dossier, position=number, in_text=in_text, **{link: cited_id})
            for number, in_text, cited_id in wanted
        )
    if changed:
        # The bulk insert sent no signal: the dossier's references are new.
        invalidate({part_tag(Dossier, dossier.pk, REFERENCES_PART)})
        new_generation()


def refresh_citations(dossier):
    """Renumber the dossier's reference list after a row of its sheet changed.

    The text's own citations are read from the links stored when it was saved:
    saving a row never renders the dossier's text again.
    """
    store_citations(dossier, stored_text_keys(dossier), dossier.sheet_source_keys())


def save_dossier_revision(dossier, *, user, reason):
    """Render, save as a revision and link the cited sources, for what writes a
    dossier without its review form (the admin, the demo, scripts). Raises
    RenderError for a body that cannot be published."""
    rendering = dossier.render()
    dossier.save_revision(user=user, reason=reason)
    store_citations(dossier, rendering.citation_keys, dossier.sheet_source_keys())


def save_row_revision(row, *, user, reason):
    """Save a row of a dossier's sheet as a revision and renumber its dossier's
    references, for what writes a row without its review form (scripts, tests)."""
    row.save_revision(user=user, reason=reason)
    refresh_citations(row.dossier)
