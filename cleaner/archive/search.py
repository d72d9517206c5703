"""Ranked full-text search over the archive's three indexes (`cleaner.fulltext.layout`).

The same FTS5 query goes to every index. Each gives its newest `RANK_CANDIDATES` matches with
their bm25 score; the best of them all that are shown (latest versions, no near duplicates) get
a snippet.
Ranking a bounded candidate set keeps a common word as fast as a rare one: FTS5's own
`ORDER BY rank` scores every match, hundreds of thousands on a large archive. The ranking is
exact when a query matches at most that many articles of an index; beyond, the best are chosen
among the newest.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass, field

from cleaner.errors import CleanerError
from cleaner.fulltext.layout import INDEXES, FtsIndex
from cleaner.fulltext.query import build_fts_query, query_words
from cleaner.fulltext.snippets import marked_snippet

TITLE_WEIGHT = 5.0  # bm25 weight of a title match relative to a body match
SNIPPET_TOKENS = 16
CJK_SNIPPET_CHARS = 48  # about as much text as 16 tokens of words
RANK_CANDIDATES = 300
FTS_SYNTAX_HINT = "see https://www.sqlite.org/fts5.html#full_text_query_syntax, or drop --raw"
_DATE = "COALESCE(a.published, substr(a.first_seen, 1, 10))"
_SHOWN = "a.rowid, a.id, a.title, a.site, a.url"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    raw: bool = False
    limit: int = 20
    include_all: bool = False  # also older versions and near duplicates
    highlight: tuple[str, str] = ("**", "**")


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    site: str | None
    url: str | None
    date: str | None
    snippet: str
    score: float


@dataclass(frozen=True, order=True)
class _Candidate:
    score: float
    newer: int  # minus the rowid: equal scores, newest first
    index: FtsIndex = field(compare=False)


def search(conn: sqlite3.Connection, query: SearchQuery) -> list[SearchHit]:
    """Full-text matches, best (bm25) first, each with a snippet of its body (matches
    highlighted; the body's start when only the title matched)."""
    match = query.text if query.raw else build_fts_query(query.text)
    try:
        found = sorted(c for index in INDEXES for c in _candidates(conn, index, match))
        best = _shown(conn, found, query)
        hits: dict[int, SearchHit] = {}
        for index in INDEXES:
            rowids = [-c.newer for c in best if c.index is index]
            if rowids:
                hits.update(_hits(conn, index, match, rowids, query))
    except sqlite3.OperationalError as exc:
        raise CleanerError(f"malformed search query ({exc}); {FTS_SYNTAX_HINT}") from exc
    return [dataclasses.replace(hits[-c.newer], score=c.score) for c in best]


def _candidates(conn: sqlite3.Connection, index: FtsIndex, match: str) -> list[_Candidate]:
    """The index's newest RANK_CANDIDATES matches with their bm25 scores (FTS5 walks its
    doclists newest first and stops there, so bm25 is computed that many times at most)."""
    name = index.name
    rows = conn.execute(
        f'SELECT rowid, bm25("{name}", {TITLE_WEIGHT}, 1.0) FROM "{name}" '
        f'WHERE "{name}" MATCH ? ORDER BY rowid DESC LIMIT ?',
        [match, RANK_CANDIDATES],
    ).fetchall()
    return [_Candidate(float(score), -int(rowid), index) for rowid, score in rows]


def _shown(
    conn: sqlite3.Connection, candidates: list[_Candidate], query: SearchQuery
) -> list[_Candidate]:
    """The first `query.limit` candidates (best first) that search shows: latest versions, no
    near duplicates. Checked a page at a time, in score order, since reading an article's
    `latest` and `duplicate_of` reads past its text: the hits shown, not all candidates."""
    wanted = max(query.limit, 0)
    if query.include_all:
        return candidates[:wanted]
    shown: list[_Candidate] = []
    page = 2 * wanted + 10  # nearly every article is shown: one page is the rule
    for start in range(0, len(candidates), page):
        if len(shown) >= wanted:
            break
        chunk = candidates[start : start + page]
        rowids = [-c.newer for c in chunk]
        marks = ", ".join("?" for _ in rowids)
        kept = conn.execute(
            f"SELECT rowid FROM articles WHERE rowid IN ({marks}) "
            "AND latest = 1 AND duplicate_of IS NULL",
            rowids,
        ).fetchall()
        keep = {row[0] for row in kept}
        shown += [c for c in chunk if -c.newer in keep]
    return shown[:wanted]


def _hits(
    conn: sqlite3.Connection, index: FtsIndex, match: str, rowids: list[int], query: SearchQuery
) -> dict[int, SearchHit]:
    """The shown fields and snippet of each of `rowids` (its score is the candidate's)."""
    marks = ", ".join("?" for _ in rowids)
    if index.bigrams:
        rows = conn.execute(
            f"SELECT {_SHOWN}, {_DATE}, a.text FROM articles a WHERE a.rowid IN ({marks})", rowids
        ).fetchall()
        words = query_words(query.text)
        snippets = [marked_snippet(r[6], words, query.highlight, CJK_SNIPPET_CHARS) for r in rows]
    else:
        name = index.name
        start, end = query.highlight
        rows = conn.execute(
            f"SELECT {_SHOWN}, {_DATE}, snippet(\"{name}\", 1, ?, ?, '…', {SNIPPET_TOKENS}) "
            f'FROM "{name}" JOIN articles a ON a.rowid = "{name}".rowid '
            f'WHERE "{name}" MATCH ? AND "{name}".rowid IN ({marks})',
            [start, end, match, *rowids],
        ).fetchall()
        snippets = [row[6] for row in rows]
    return {
        rowid: SearchHit(id=id_, title=title, site=site, url=url, date=date, snippet=snippet,
                         score=0.0)
        for (rowid, id_, title, site, url, date, _), snippet in zip(rows, snippets, strict=True)
    }  # fmt: skip
