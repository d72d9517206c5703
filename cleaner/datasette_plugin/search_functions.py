"""The SQL functions the plugin adds to Datasette's connections, so that the articles table's
search box and the ranked search read a query as `cleaner search` does:

- `escape_fts(q)` replaces Datasette's own (the plugin's hook runs last): cleaner's query builder,
  every word quoted and CJK words as the bigram phrases the CJK index holds (Datasette's would
  look for a whole CJK word as one token, which no index holds);
- `search_snippet(text, q, open, close, width)`: the snippet of a CJK hit, cut from the
  article's own text (width 0: all of it, for the title).

Both only compute: nothing is written, so the archive stays read-only.
"""

from __future__ import annotations

import sqlite3

from cleaner.fulltext.query import fts_query_or_nothing, query_words
from cleaner.fulltext.snippets import marked_snippet


def register_search_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, _escape_fts, deterministic=True)
    conn.create_function("search_snippet", 5, _search_snippet, deterministic=True)


def _escape_fts(query: object) -> str:
    return fts_query_or_nothing(query if isinstance(query, str) else "")


def _search_snippet(text: object, query: object, start: object, end: object, width: object) -> str:
    if not isinstance(text, str):
        return ""
    words = query_words(query) if isinstance(query, str) else []
    chars = width if isinstance(width, int) and width > 0 else None
    return marked_snippet(text, words, (str(start), str(end)), chars)
