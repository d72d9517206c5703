"""The archive's schema, declared as data, and the migrations for later changes.

`apply_schema` is idempotent: it creates missing tables, adds columns that a table spec gained
since the archive was created, creates missing indexes and the full-text indexes
(`cleaner.fulltext.layout`), then applies pending `sqlite_utils.Migrations` (for changes that
are not simply additive: backfills, renames ...).
Table and column names are a contract shared with the dedup, templates, Datasette and nightly
code (see the README, "Schema"): add, never rename.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations

from cleaner.errors import CleanerError
from cleaner.fulltext import layout
from cleaner.fulltext.layout import DEFAULT_FTS_TOKENIZER
from cleaner.outcomes import INGEST_KINDS, SEEN_COUNTER

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class TableSpec:
    """One table: ordered columns (name → Python type), primary key, foreign keys, indexes."""

    name: str
    columns: dict[str, Any]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    not_null: tuple[str, ...] = ()
    # Small rows looked up only by their primary key: the table IS the key's B-tree (one
    # insert per row instead of two, and no rowid column). See the 0003 migration.
    without_rowid: bool = False


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        name="raw_inputs",
        columns={
            "hash": str,
            "content": bytes,
            "size": int,
            "kind": str,
            "source": str,
            "url": str,
            "hints": str,
            "first_seen": str,
        },
        pk="hash",
    ),
    TableSpec(
        name="articles",
        columns={
            "id": str,
            "doc_key": str,
            "version": int,
            "latest": int,
            "url": str,
            "canonical_url": str,
            "site": str,
            "title": str,
            "author": str,
            "published": str,
            "language": str,
            "description": str,
            "text": str,
            "word_count": int,
            "source": str,
            "raw_hash": str,
            "text_hash": str,
            "first_seen": str,
            "last_seen": str,
            "cleaner_version": str,
            "model_version": str,  # the line model that cleaned it (None: rules only, or HTML)
            "duplicate_of": str,
            "similarity": float,
            # added after the first archives: apply_schema adds it to older ones (NULL there
            # until `cleaner reclean`)
            "modified": str,
            # the CJK index's form of title and text (cleaner.fulltext.bigrams), written by
            # the writer; NULL for articles without CJK script
            "bigram_title": str,
            "bigram_text": str,
        },
        pk="id",
        foreign_keys=(("raw_hash", "raw_inputs", "hash"), ("duplicate_of", "articles", "id")),
        indexes=(
            ("site",),
            ("published",),
            ("text_hash",),
            ("duplicate_of",),
            ("doc_key", "version"),
            ("raw_hash",),
            ("first_seen",),
        ),
        not_null=("doc_key", "version", "text", "raw_hash", "text_hash"),
    ),
    TableSpec(
        name="removals",
        columns={
            "id": int,
            "article_id": str,
            "line": int,
            "text": str,
            "category": str,
            "rule_id": str,
            "reason": str,
        },
        pk="id",
        foreign_keys=(("article_id", "articles", "id"),),
        indexes=(("article_id",), ("category",)),
    ),
    TableSpec(
        name="ingest_runs",
        columns={
            "id": int,
            "started": str,
            "ended": str,
            # the run's counters: the total, then one column per outcome kind (cleaner.outcomes)
            SEEN_COUNTER: int,
            **{kind.counter: int for kind in INGEST_KINDS},
            "cleaner_version": str,
            "status": str,
            "argv": str,
            "pid": int,
        },
        pk="id",
    ),
    TableSpec(
        name="sightings",
        columns={
            "id": int,
            "article_id": str,
            "url": str,
            "source": str,
            "seen_at": str,
            "run_id": int,
            "doc_key": str,
            "raw_hash": str,
        },
        pk="id",
        foreign_keys=(("article_id", "articles", "id"), ("run_id", "ingest_runs", "id")),
        indexes=(("article_id",), ("raw_hash", "doc_key")),
    ),
    TableSpec(
        name="errors",
        columns={"id": int, "run_id": int, "file": str, "reason": str, "at": str},
        pk="id",
        foreign_keys=(("run_id", "ingest_runs", "id"),),
        indexes=(("run_id",),),
    ),
    TableSpec(
        name="minhashes",
        columns={"article_id": str, "signature": bytes},
        pk="article_id",
        foreign_keys=(("article_id", "articles", "id"),),
    ),
    TableSpec(
        name="lsh_buckets",
        columns={"band": int, "bucket": int, "article_id": str},
        pk=("band", "bucket", "article_id"),  # the PK is also the (band, bucket) lookup index
        # No article_id index: removing an article's rows recomputes its buckets from its
        # stored signature (cleaner.dedup), so each row costs one B-tree insert, not three.
        without_rowid=True,
    ),
    TableSpec(
        name="site_lines",
        columns={"site": str, "line_hash": str, "line": str, "articles": int},
        pk=("site", "line_hash"),
        without_rowid=True,
    ),
    TableSpec(
        name="site_templates",
        columns={
            "site": str,
            "line_hash": str,
            "line": str,
            "articles": int,
            "learned_at": str,
        },
        pk=("site", "line_hash"),
    ),
    # Templates helper: articles observed per site (the share's denominator), and which
    # articles were observed (so a re-clean never counts an article twice).
    TableSpec(name="template_sites", columns={"site": str, "articles": int}, pk="site"),
    TableSpec(
        name="template_observed",
        columns={"article_id": str, "site": str},
        pk="article_id",
        indexes=(("site",),),
    ),
    TableSpec(name="settings", columns={"key": str, "value": str}, pk="key"),
)

MIGRATIONS = Migrations("cleaner")


@MIGRATIONS(name="0001_default_settings")
def _default_settings(db: sqlite_utils.Database) -> None:
    """Settings an archive starts with; existing values (e.g. the tokenizer) are kept."""
    db.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('schema_version', ?)",
        [SCHEMA_VERSION],
    )


@MIGRATIONS(name="0002_latest_flag")
def _backfill_latest(db: sqlite_utils.Database) -> None:
    """Mark the highest version of each document as the one search and export show."""
    db.execute(
        """
        UPDATE articles SET latest = (
            version = (SELECT MAX(b.version) FROM articles b WHERE b.doc_key = articles.doc_key)
        ) WHERE latest IS NULL
        """
    )


@MIGRATIONS(name="0003_without_rowid_index_tables")
def _without_rowid(db: sqlite_utils.Database) -> None:
    """Archives created before: rebuild lsh_buckets and site_lines as WITHOUT ROWID tables
    (the article_id index of lsh_buckets goes with the old table). New archives have them."""
    for spec in TABLES:
        if spec.without_rowid and not _is_without_rowid(db, spec.name):
            _rebuild_without_rowid(db, spec)


@MIGRATIONS(name="0004_fts_by_language")
def _fts_by_language(db: sqlite_utils.Database) -> None:
    """Archives created before: their one Porter-stemmed index of every article becomes three
    (English stemmed, other languages unstemmed, CJK bigrams), the bigram forms are backfilled
    and every article re-indexed, with the archive's tokenizer. New archives have them."""
    if not layout.is_installed(db.conn):
        _install_fts(db, stored_setting(db, "fts_tokenizer") or DEFAULT_FTS_TOKENIZER)


@MIGRATIONS(name="0005_fts_pending_triggers")
def _fts_pending_triggers(db: sqlite_utils.Database) -> None:
    """Archives created before: triggers that leave the articles a writer indexes at the end
    of its batch (`cleaner.fulltext.layout.indexed_at_end`) to it."""
    if db.table("articles_fts").exists():
        layout.install_triggers(db.conn)


def _is_without_rowid(db: sqlite_utils.Database, name: str) -> bool:
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
    sql = row.fetchone()
    return sql is not None and "WITHOUT ROWID" in str(sql[0]).upper()


def _rebuild_without_rowid(db: sqlite_utils.Database, spec: TableSpec) -> None:
    rebuilt = f"{spec.name}_rebuilt"
    db.execute(f'DROP TABLE IF EXISTS "{rebuilt}"')
    db.execute(_create_sql(db, dataclasses.replace(spec, name=rebuilt)))
    columns = ", ".join(f'"{column}"' for column in spec.columns)
    db.execute(f'INSERT OR IGNORE INTO "{rebuilt}" ({columns}) SELECT {columns} FROM "{spec.name}"')
    db.execute(f'DROP TABLE "{spec.name}"')
    db.execute(f'ALTER TABLE "{rebuilt}" RENAME TO "{spec.name}"')


def apply_schema(db: sqlite_utils.Database, *, fts_tokenizer: str | None = None) -> None:
    """Create or complete every table, index and the FTS indexes, then run pending migrations.

    `fts_tokenizer` (of the English index) only matters when the FTS indexes are created; asking
    for a different one on an archive that already has them is an error, not a silent no-op.
    """
    # One transaction (SQLite DDL is transactional): a kill mid-way leaves the old schema.
    with db.atomic():
        for spec in TABLES:
            _apply_table(db, spec)
        _apply_fts(db, fts_tokenizer)
        MIGRATIONS.apply(db)


def _apply_table(db: sqlite_utils.Database, spec: TableSpec) -> None:
    table = db.table(spec.name)
    if not table.exists() and spec.without_rowid:
        db.execute(_create_sql(db, spec))
    elif not table.exists():
        table.create(
            spec.columns,
            pk=spec.pk,
            foreign_keys=list(spec.foreign_keys) or None,
            not_null=list(spec.not_null) or None,
            if_not_exists=True,
        )
    else:
        existing = set(table.columns_dict)
        for column, col_type in spec.columns.items():
            if column not in existing:
                table.add_column(column, col_type)
    for columns in spec.indexes:
        table.create_index(list(columns), if_not_exists=True, find_unique_name=False)


def _create_sql(db: sqlite_utils.Database, spec: TableSpec) -> str:
    """CREATE TABLE for a WITHOUT ROWID spec (sqlite-utils' create() has no such option)."""
    sql = db.create_table_sql(
        spec.name,
        spec.columns,
        pk=spec.pk,
        foreign_keys=list(spec.foreign_keys) or None,
        not_null=list(spec.not_null) or None,
    ).rstrip()
    return sql.removesuffix(";") + " WITHOUT ROWID"


def _apply_fts(db: sqlite_utils.Database, fts_tokenizer: str | None) -> None:
    """The full-text indexes of a new archive (an older archive's are replaced by migration
    0004). A tokenizer asked for on an archive that has its indexes must be the one it has."""
    stored = stored_setting(db, "fts_tokenizer")
    if db.table("articles_fts").exists():
        if fts_tokenizer and stored and fts_tokenizer != stored:
            raise CleanerError(
                f"the archive's full-text index uses tokenizer {stored!r}; "
                f"it is chosen when the archive is created and cannot become {fts_tokenizer!r}"
            )
        return
    tokenizer = fts_tokenizer or DEFAULT_FTS_TOKENIZER
    _install_fts(db, tokenizer)
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('fts_tokenizer', ?)", [tokenizer]
    )


def _install_fts(db: sqlite_utils.Database, tokenizer: str) -> None:
    try:
        layout.install(db.conn, tokenizer)
    except sqlite3.OperationalError as exc:  # a bad tokenizer is a generic OperationalError
        raise CleanerError(f"cannot create the full-text index with {tokenizer!r}: {exc}") from exc


def stored_setting(db: sqlite_utils.Database, key: str) -> str | None:
    if not db.table("settings").exists():
        return None
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])
