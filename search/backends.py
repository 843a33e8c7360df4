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

from search import query as queries

# Private-use characters: nobody types them, so marking with them is unambiguous.
MARK_START, MARK_END = "\ue000", "\ue001"
# Title, summary, body: a word in a title counts ten times one in the body.
WEIGHTS = (10.0, 4.0, 1.0)
# ts_headline reads this much of an entry's text at most (a PDF's text can be long).
HEADLINE_CHARACTERS = 30000


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
    ranked = f"""
        SELECT id, ts_rank_cd('{weights}', vector, q) AS rank
        FROM search_searchentry, websearch_to_tsquery('french_unaccent', %s) AS q
        WHERE vector @@ q AND id IN ({allowed_sql})
        ORDER BY "group", rank DESC, id
        LIMIT %s OFFSET %s
    """  # noqa: S608 -- only our own compiled SQL is interpolated
    with connection.cursor() as cursor:
        cursor.execute(ranked, [queries.websearch(query), *allowed_params, limit, offset])
        ranks = cursor.fetchall()
        if not ranks:
            return []
        # Headlines for the page only: ts_headline reads the text again.
        cursor.execute(
            """
            SELECT id, ts_headline('french_unaccent',
                     concat_ws(' — ', title, summary, left(body, %s)), q,
                     'StartSel=' || %s || ', StopSel=' || %s ||
                     ', MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=" … "')
            FROM search_searchentry, websearch_to_tsquery('french_unaccent', %s) AS q
            WHERE id = ANY(%s)
            """,
            [
                HEADLINE_CHARACTERS,
                MARK_START,
                MARK_END,
                queries.websearch(query),
                [entry_id for entry_id, _rank in ranks],
            ],
        )
        headlines = dict(cursor.fetchall())
    return [Hit(entry_id, rank, headlines.get(entry_id, "")) for entry_id, rank in ranks]
