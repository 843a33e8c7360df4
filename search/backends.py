"""Full-text search in the database's own engine: PostgreSQL's text search (French
stemming over unaccent, weighted vector, GIN index, ts_rank_cd, ts_headline) or
SQLite's FTS5 (diacritics removed, bm25 weighted the same way, snippet()).

Both take a parsed search.query.Query and a queryset of the SearchEntry rows the
filters allow, and return `limit` hits after `offset`: grouped by type (dossiers,
actors, sources, then the rows of sheets: SearchEntry.group), the best first within
each group (a title's words weigh most, then a summary's), each with a snippet
whose matches are marked by MARK_START and MARK_END (search.views escapes the text,
then turns the marks into <mark>).
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection

from review.registry import registered_types
from search import query as queries
from search.models import SearchEntry
from search.passages import first_match, passage

# Private-use characters: nobody types them, so marking with them is unambiguous.
MARK_START, MARK_END = "\ue000", "\ue001"
# Title, summary, body: a word in a title counts ten times one in the body.
WEIGHTS = (10.0, 4.0, 1.0)
# PostgreSQL ranks, in each group, at most this many entries whose title or summary
# match and this many whose text matches (any of them): ranking reads each
# candidate's whole vector, and a word as common in this corpus as « caméra » is in
# most entries. A query that common finds the best among these, not among all.
WINDOW = 100


def groups(kind=None):
    """The groups results come in, in order; the one group of `kind` if given."""
    return sorted({each.search_order for each in registered_types() if kind in (None, each)})


@dataclass
class Hit:
    entry: SearchEntry
    rank: float
    snippet: str
    # Where in entry.body the words are first found (search.passages), or None.
    position: int | None


def search(query, entries, *, offset, limit, kind=None):
    """The page's hits, each with its entry (its commune and department joined) read
    in one query after the ranking."""
    search_page = _postgresql if connection.vendor == "postgresql" else _sqlite
    return search_page(query, entries, offset=offset, limit=limit, kind=kind)


def _hits(query, ranked):
    """Hits for (entry id, rank, snippet or None) rows, in their order."""
    found = SearchEntry.objects.select_related("city__department").in_bulk(
        [entry_id for entry_id, _rank, _snippet in ranked]
    )
    return [
        Hit(found[entry_id], rank, snippet, first_match(found[entry_id].body, query.words))
        for entry_id, rank, snippet in ranked
        if entry_id in found
    ]


def _allowed(entries):
    """SQL and parameters of the ids `entries` selects."""
    return entries.values("id").query.sql_with_params()


def _sqlite(query, entries, *, offset, limit, kind):
    allowed_sql, allowed_params = _allowed(entries)
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    sql = f"""
        SELECT search_fts.rowid, bm25(search_fts, {weights}) AS rank,
               snippet(search_fts, -1, %s, %s, '…', 24)
        FROM search_fts JOIN search_searchentry AS entry ON entry.id = search_fts.rowid
        WHERE search_fts MATCH %s AND search_fts.rowid IN ({allowed_sql})
        ORDER BY entry."group", rank, search_fts.rowid
        LIMIT %s OFFSET %s
    """  # noqa: S608 -- only our own compiled SQL is interpolated
    params = [MARK_START, MARK_END, queries.fts5(query), *allowed_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ranked = [(entry_id, -rank, snippet) for entry_id, rank, snippet in cursor.fetchall()]
    return _hits(query, ranked)


@contextmanager
def index_scans_only(cursor):
    """No sequential scan for the candidates of a group. When a filter narrows the
    matches, the planner may read the table until it has WINDOW of them, betting
    they are spread evenly; but a group's entries sit together, and PostgreSQL
    starts a large table's scan wherever another scan is (synchronize_seqscans), so
    the same search took 9 ms or 260 ms from one run to the next. The GIN indexes
    read only the group's matches: a bounded cost, the same each time."""
    cursor.execute("SET enable_seqscan = off")
    try:
        yield
    except DatabaseError:
        # A failed transaction takes the SET back as it rolls back (and would
        # refuse the RESET); a failed statement outside one leaves it.
        if not connection.in_atomic_block:
            cursor.execute("RESET enable_seqscan")
        raise
    cursor.execute("RESET enable_seqscan")


def _postgresql(query, entries, *, offset, limit, kind):
    # The filters' conditions, written on the table itself rather than as a list of
    # ids: the planner then applies them while it reads each group's matches.
    if entries.query.where:
        where_sql, allowed_params = entries.query.where.as_sql(
            entries.query.get_compiler(connection=connection), connection
        )
        allowed = f"AND {where_sql}"
    else:
        allowed, allowed_params = "", []
    # ts_rank_cd's weights run D, C, B, A, from 0 to 1: WEIGHTS, scaled to the title's.
    c, b, a = (weight / WEIGHTS[0] for weight in reversed(WEIGHTS))
    weights = f"{{0.05, {c}, {b}, {a}}}"
    # The query is written out in each part, not shared: the planner then sees the
    # words and, from the column's statistics, how common they are.
    tsquery = "websearch_to_tsquery('french_unaccent', %s)"
    text = queries.websearch(query)
    # The whole text's vector contains the title's: an entry whose title matches
    # matches too, unless a word it must not have is in its body.
    if query.excluded:
        in_head = (f"head @@ {tsquery} AND vector @@ {tsquery}", [text, text])
    else:
        in_head = (f"head @@ {tsquery}", [text])
    # The group is compared as the column's own type: btree_gin has no operator
    # between a smallint column and an integer parameter, and without one the GIN
    # index reads every group's matches and leaves the group to a filter.
    group_type = SearchEntry._meta.get_field("group").db_type(connection)
    parts, part_params = [], []
    for matched, matched_params in (in_head, (f"vector @@ {tsquery}", [text])):
        parts.append(
            f"""(SELECT id FROM search_searchentry
                 WHERE "group" = %s::{group_type} AND {matched} {allowed} LIMIT %s)"""  # noqa: S608
        )
        part_params.append((matched_params, allowed_params))
    ranked = f"""
        WITH candidates AS ({" UNION ".join(parts)})
        SELECT entry.id, ts_rank_cd('{weights}', entry.vector, {tsquery}) AS rank
        FROM search_searchentry AS entry JOIN candidates ON candidates.id = entry.id
        ORDER BY rank DESC, entry.id
        LIMIT %s OFFSET %s
    """  # noqa: S608 -- only our own compiled SQL is interpolated
    ranks = []
    with connection.cursor() as cursor, index_scans_only(cursor):
        # Group after group (results come grouped), until the page is full: a page
        # of common words is made of the first group alone.
        for group in groups(kind):
            params = []
            for matched_params, allowed_params_ in part_params:
                params += [group, *matched_params, *allowed_params_, WINDOW]
            cursor.execute(ranked, [*params, text, limit, offset])
            rows = cursor.fetchall()
            if not rows:
                if not offset:
                    continue  # nothing in this group
                # Nothing from this page on in this group: skip as many as it has.
                cursor.execute(
                    f"SELECT count(*) FROM ({' UNION '.join(parts)}) AS candidates",  # noqa: S608
                    params,
                )
                offset = max(0, offset - cursor.fetchone()[0])
                continue
            ranks += [(entry_id, rank, None) for entry_id, rank in rows]
            limit -= len(rows)
            offset = 0
            if limit <= 0:
                break
    if not ranks:
        return []
    hits = _hits(query, ranks)
    # Headlines for the page only, each over the passage where the words are
    # (search.passages): ts_headline costs as much as the text it reads.
    texts = [
        " — ".join(
            part
            for part in (hit.entry.title, hit.entry.summary, passage(hit.entry.body, hit.position))
            if part
        )
        for hit in hits
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT ts_headline('french_unaccent', text, {tsquery},
                     'StartSel=' || %s || ', StopSel=' || %s ||
                     ', MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=" … "')
            FROM unnest(%s::text[]) WITH ORDINALITY AS passage(text, number)
            ORDER BY number
            """,  # noqa: S608 -- a constant expression; the words are parameters
            [text, MARK_START, MARK_END, texts],
        )
        for hit, (headline,) in zip(hits, cursor.fetchall(), strict=True):
            hit.snippet = headline
    return hits
