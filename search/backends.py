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

from dataclasses import dataclass

from django.db import connection

from review.registry import registered_types
from search import query as queries
from search.passages import passage

# Private-use characters: nobody types them, so marking with them is unambiguous.
MARK_START, MARK_END = "\ue000", "\ue001"
# Title, summary, body: a word in a title counts ten times one in the body.
WEIGHTS = (10.0, 4.0, 1.0)
# PostgreSQL ranks, in each group, at most this many entries whose title or summary
# match and this many whose text matches (any of them): ranking reads each
# candidate's whole vector, and a word as common in this corpus as « caméra » is in
# most entries. A query that common finds the best among these, not among all.
WINDOW = 100


def _texts(cursor, ids):
    """(title, summary, body) of the entries `ids`, in that order."""
    cursor.execute(
        "SELECT id, title, summary, body FROM search_searchentry WHERE id = ANY(%s)", [ids]
    )
    texts = {row[0]: row[1:] for row in cursor.fetchall()}
    return [texts[entry_id] for entry_id in ids]


def groups():
    return sorted({kind.search_order for kind in registered_types()})


@dataclass
class Hit:
    entry_id: int
    rank: float
    snippet: str


def search(query, entries, *, offset, limit):
    if connection.vendor == "postgresql":
        return _postgresql(query, entries, offset=offset, limit=limit)
    return _sqlite(query, entries, offset=offset, limit=limit)


def _allowed(entries):
    """SQL and parameters of the ids `entries` selects."""
    return entries.values("id").query.sql_with_params()


def _sqlite(query, entries, *, offset, limit):
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
        return [Hit(row[0], -row[1], row[2]) for row in cursor.fetchall()]


def _postgresql(query, entries, *, offset, limit):
    allowed_sql, allowed_params = _allowed(entries)
    # ts_rank_cd's weights run D, C, B, A, from 0 to 1: WEIGHTS, scaled to the title's.
    c, b, a = (weight / WEIGHTS[0] for weight in reversed(WEIGHTS))
    weights = f"{{0.05, {c}, {b}, {a}}}"
    allowed = f"AND id IN ({allowed_sql})" if entries.query.where else ""
    # The query is written out in each part, not shared: the planner then sees the
    # words and, from the column's statistics, how common they are (GIN for rare
    # words, a plain scan that stops at WINDOW for the commonest).
    tsquery = "websearch_to_tsquery('french_unaccent', %s)"
    text = queries.websearch(query)
    # The whole text's vector contains the title's: an entry whose title matches
    # matches too, unless a word it must not have is in its body.
    if query.excluded:
        in_head = (f"head @@ {tsquery} AND vector @@ {tsquery}", [text, text])
    else:
        in_head = (f"head @@ {tsquery}", [text])
    parts, part_params = [], []
    for matched, matched_params in (in_head, (f"vector @@ {tsquery}", [text])):
        parts.append(
            f"""(SELECT id FROM search_searchentry
                 WHERE "group" = %s AND {matched} {allowed} LIMIT %s)"""  # noqa: S608
        )
        part_params.append((matched_params, allowed_params if allowed else []))
    ranked = f"""
        WITH candidates AS ({" UNION ".join(parts)})
        SELECT entry.id, ts_rank_cd('{weights}', entry.vector, {tsquery}) AS rank,
               count(*) OVER () AS found
        FROM search_searchentry AS entry JOIN candidates ON candidates.id = entry.id
        ORDER BY rank DESC, entry.id
        LIMIT %s OFFSET %s
    """  # noqa: S608 -- only our own compiled SQL is interpolated
    ranks = []
    with connection.cursor() as cursor:
        # Group after group (results come grouped), until the page is full: a page
        # of common words is made of the first group alone.
        for group in groups():
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
            ranks += [(entry_id, rank) for entry_id, rank, _found in rows]
            limit -= len(rows)
            offset = 0
            if limit <= 0:
                break
        if not ranks:
            return []
        # Headlines for the page only, each over the passage where the words are
        # (search.passages): ts_headline costs as much as the text it reads.
        ids = [entry_id for entry_id, _rank in ranks]
        texts = [
            " — ".join(part for part in (title, summary, passage(body, query.words)) if part)
            for title, summary, body in _texts(cursor, ids)
        ]
        cursor.execute(
            f"""
            SELECT entry_id, ts_headline('french_unaccent', text, {tsquery},
                     'StartSel=' || %s || ', StopSel=' || %s ||
                     ', MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=" … "')
            FROM unnest(%s::bigint[], %s::text[]) AS passage(entry_id, text)
            """,  # noqa: S608 -- a constant expression; the words are parameters
            [text, MARK_START, MARK_END, ids, texts],
        )
        headlines = dict(cursor.fetchall())
    return [Hit(entry_id, rank, headlines.get(entry_id, "")) for entry_id, rank in ranks]
