"""The archive's full-text indexes, as data: three FTS5 tables over `articles`, each holding the
articles its view selects, so that every article is in exactly one.

- `articles_fts`: English articles, Porter-stemmed (`ferries` finds `ferry`), with the tokenizer
  chosen when the archive was created (the `fts_tokenizer` setting);
- `articles_fts_unstemmed`: every other language, and articles of unknown language: unicode61
  with diacritics folded, no stemming (Porter's English suffix rules mangle German or Spanish);
- `articles_fts_cjk`: articles with CJK script, as the bigram forms the writer stores
  (`cleaner.fulltext.bigrams`).

Each index is external content over a view of exactly its articles, so `rebuild` re-indexes those
and `snippet()` reads them, and nothing is stored twice. The triggers are plain SQL: any sqlite3
client can write the archive (an article written without bigram forms is indexed by language).

`cleaner ingest` indexes a batch's new articles at its end instead (`indexed_at_end`): one
INSERT … SELECT per index, about half the cost of a trigger firing per article. While the
`fts_pending_after` setting holds a rowid inside the writer's transaction, the triggers leave
the articles above it alone; no other connection ever sees the setting.
`articles_search` unites the three indexes for Datasette's table search box. SQLite takes a
`articles_search MATCH q` into each index where it flattens the view into the query, as in
Datasette's `rowid IN (SELECT rowid FROM articles_search WHERE articles_search MATCH q)` or a
join; an aggregate straight over the view cannot ("unable to use function MATCH").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cleaner.fulltext.bigrams import search_forms
from cleaner.text import CJK_RANGES

UNSTEMMED_TOKENIZER = "unicode61 remove_diacritics 2"
DEFAULT_FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
SEARCH_VIEW = "articles_search"
# Same names as sqlite-utils gives its triggers, so `Table.disable_fts()` still finds them.
TRIGGERS = ("articles_ai", "articles_ad", "articles_au")
BACKFILL_PAGE = 500
PENDING_SETTING = "fts_pending_after"

# English: `en`, `en-GB`, `en_US` in any case; never NULL, so NOT (...) holds for unknown ones.
_ENGLISH = "substr(lower(coalesce({row}language, '')) || '-', 1, 3) IN ('en-', 'en_')"


@dataclass(frozen=True)
class FtsIndex:
    """One FTS5 table: the view of the articles it holds, and which columns it indexes."""

    name: str
    view: str
    where: str  # SQL on an articles row; {row} is "new.", "old." or ""
    columns: tuple[str, str]  # the articles columns indexed as its `title` and `text`
    tokenizer: str | None  # None: the archive's chosen tokenizer
    bigrams: bool = False  # holds the bigram forms: snippets come from the article's text

    def condition(self, row: str = "") -> str:
        return self.where.format(row=row)


INDEXES = (
    FtsIndex(
        "articles_fts", "articles_search_english",
        "{row}bigram_text IS NULL AND " + _ENGLISH, ("title", "text"), None,
    ),
    FtsIndex(
        "articles_fts_unstemmed", "articles_search_unstemmed",
        "{row}bigram_text IS NULL AND NOT " + _ENGLISH, ("title", "text"), UNSTEMMED_TOKENIZER,
    ),
    FtsIndex(
        "articles_fts_cjk", "articles_search_cjk",
        "{row}bigram_text IS NOT NULL", ("bigram_title", "bigram_text"), UNSTEMMED_TOKENIZER,
        bigrams=True,
    ),
)  # fmt: skip


def is_installed(conn: sqlite3.Connection) -> bool:
    """Whether the archive has this layout (an older one has a single `articles_fts` over the
    whole articles table)."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    wanted = {SEARCH_VIEW, *TRIGGERS, *(i.name for i in INDEXES), *(i.view for i in INDEXES)}
    if not wanted <= names:
        return False
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [INDEXES[0].name])
    return f"content='{INDEXES[0].view}'" in str(sql.fetchone()[0])


def install(conn: sqlite3.Connection, tokenizer: str) -> None:
    """(Re)create the views, indexes and triggers, and index every article: for a new archive,
    and for one made before this layout. Runs in the caller's transaction."""
    drop(conn)
    backfill_bigrams(conn)
    for index in INDEXES:
        conn.execute(_view_sql(index))
        conn.execute(_table_sql(index, index.tokenizer or tokenizer))
        fts_command(conn, index, "rebuild")
    conn.execute(_search_view_sql())
    install_triggers(conn)


def drop(conn: sqlite3.Connection) -> None:
    for trigger in TRIGGERS:
        conn.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    conn.execute(f'DROP VIEW IF EXISTS "{SEARCH_VIEW}"')
    for index in INDEXES:
        conn.execute(f'DROP TABLE IF EXISTS "{index.name}"')
        conn.execute(f'DROP VIEW IF EXISTS "{index.view}"')


def backfill_bigrams(conn: sqlite3.Connection) -> None:
    """Store the bigram forms of the articles with CJK script that lack them (archives from
    before the CJK index). GLOB finds the candidates in C; Python writes their forms."""
    cjk = f"*[{CJK_RANGES}]*"
    last = -1
    while True:
        rows = conn.execute(
            "SELECT rowid, title, text FROM articles WHERE rowid > ? AND bigram_text IS NULL "
            "AND (text GLOB ? OR title GLOB ?) ORDER BY rowid LIMIT ?",
            [last, cjk, cjk, BACKFILL_PAGE],
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        conn.executemany(
            "UPDATE articles SET bigram_title = ?, bigram_text = ? WHERE rowid = ?",
            [(*search_forms(title, text), rowid) for rowid, title, text in rows],
        )


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each index's segments into one (FTS5 'optimize'): queries then read one b-tree
    per term instead of one per segment."""
    for index in INDEXES:
        fts_command(conn, index, "optimize")


@contextmanager
def indexed_at_end(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction: the articles inserted in the block are indexed when it
    ends, in one statement per index, not by the triggers one by one. On an exception nothing
    is indexed: the caller's rollback takes the articles and the setting away."""
    (after,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [PENDING_SETTING, after]
    )
    yield
    for index in INDEXES:
        title, text = index.columns
        conn.execute(
            f'INSERT INTO "{index.name}" (rowid, title, text) '
            f'SELECT rowid, "{title}", "{text}" FROM articles '
            f"WHERE rowid > ? AND {index.condition()} ORDER BY rowid",
            [after],
        )
    conn.execute("DELETE FROM settings WHERE key = ?", [PENDING_SETTING])


def install_triggers(conn: sqlite3.Connection) -> None:
    """(Re)create the three triggers (archives whose triggers predate `indexed_at_end`)."""
    for trigger in TRIGGERS:
        conn.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    for trigger in _triggers_sql():
        conn.execute(trigger)


def fts_command(conn: sqlite3.Connection, index: FtsIndex, command: str) -> None:
    """One of FTS5's special INSERT commands ('rebuild', 'optimize', 'integrity-check')."""
    conn.execute(f'INSERT INTO "{index.name}" ("{index.name}") VALUES (?)', [command])


def _view_sql(index: FtsIndex) -> str:
    title, text = index.columns
    return (
        f'CREATE VIEW "{index.view}" (rowid, title, text) AS '
        f'SELECT rowid, "{title}", "{text}" FROM articles WHERE {index.condition()}'
    )


def _table_sql(index: FtsIndex, tokenizer: str) -> str:
    quoted = tokenizer.replace("'", "''")
    return (
        f'CREATE VIRTUAL TABLE "{index.name}" USING fts5(title, text, '
        f"content='{index.view}', content_rowid='rowid', tokenize='{quoted}')"
    )


def _search_view_sql() -> str:
    """Datasette's `fts_table` for articles: `articles_search MATCH q` reaches every index
    (SQLite pushes the MATCH down into each arm of the UNION ALL)."""
    arms = " UNION ALL ".join(
        f'SELECT rowid, "{i.name}", title, text FROM "{i.name}"' for i in INDEXES
    )
    return f'CREATE VIEW "{SEARCH_VIEW}" (rowid, "{SEARCH_VIEW}", title, text) AS {arms}'


def _triggers_sql() -> list[str]:
    """Insert, delete and update triggers: each writes to the index its row belongs to. The
    update trigger fires only when an indexed column or the routing changes, so bumping
    `last_seen` or `latest` stays cheap. None touches an article `indexed_at_end` will index."""
    inserts = "\n".join(_index_row(index, "new") for index in INDEXES)
    deletes = "\n".join(_index_row(index, "old", delete=True) for index in INDEXES)
    watched = {"language", *(column for index in INDEXES for column in index.columns)}
    columns = ", ".join(f'"{column}"' for column in sorted(watched))
    return [
        f'CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" {_unless_pending("new")} '
        f"BEGIN\n{inserts}\nEND",
        f'CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" {_unless_pending("old")} '
        f"BEGIN\n{deletes}\nEND",
        f'CREATE TRIGGER "articles_au" AFTER UPDATE OF {columns} ON "articles" '
        f"{_unless_pending('old')} BEGIN\n{deletes}\n{inserts}\nEND",
    ]


def _unless_pending(row: str) -> str:
    """The row is not one that `indexed_at_end` indexes when its block ends."""
    pending = f"(SELECT CAST(value AS INTEGER) FROM settings WHERE key = '{PENDING_SETTING}')"
    return f"WHEN {row}.rowid <= coalesce({pending}, {row}.rowid)"


def _index_row(index: FtsIndex, row: str, *, delete: bool = False) -> str:
    """Add (or, with the 'delete' command and the old values, remove) the row in `index`
    when it belongs there."""
    title, text = index.columns
    command, value = (f'"{index.name}", ', "'delete', ") if delete else ("", "")
    return (
        f'  INSERT INTO "{index.name}" ({command}rowid, title, text) '
        f'SELECT {value}{row}.rowid, {row}."{title}", {row}."{text}" '
        f"WHERE {index.condition(row + '.')};"
    )
