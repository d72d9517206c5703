"""Checks shared by the kill -9 and full-text tests: what a consistent archive must satisfy at
any moment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cleaner.fulltext.layout import INDEXES


def articles_stored(db: Path) -> int:
    """Committed articles, 0 while the archive or its schema does not exist yet."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def indexed_rowids(conn: sqlite3.Connection) -> dict[str, set[int]]:
    """The rowids each full-text index holds tokens of, read from the index itself (fts5vocab),
    not from its content view."""
    found = {}
    for index in INDEXES:
        vocab = f"temp.{index.name}_instances"
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocab} USING fts5vocab(main, "
                     f"'{index.name}', 'instance')")  # fmt: skip
        found[index.name] = {row[0] for row in conn.execute(f"SELECT DISTINCT doc FROM {vocab}")}
    return found


def check_fulltext(conn: sqlite3.Connection) -> None:
    """Every FTS5 integrity check passes and every article is in exactly the index its view
    gives it to."""
    held = indexed_rowids(conn)
    for index in INDEXES:
        conn.execute(f"INSERT INTO {index.name}({index.name}) VALUES('integrity-check')")
        routed = {row[0] for row in conn.execute(f"SELECT rowid FROM {index.view}")}
        assert held[index.name] == routed, index.name
    (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    assert sum(map(len, held.values())) == articles


def check_integrity(db: Path) -> None:
    """SQLite's and FTS5's integrity checks pass, foreign keys hold, and every stored article is
    whole: its raw input present, its FTS rows present, no (doc_key, version) stored twice."""
    if not db.exists():
        return
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "articles_fts" not in tables:
            return
        check_fulltext(conn)
        orphans = conn.execute(
            "SELECT count(*) FROM articles a LEFT JOIN raw_inputs r ON r.hash = a.raw_hash "
            "WHERE r.hash IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        doubled = conn.execute(
            "SELECT count(*) FROM (SELECT doc_key, version FROM articles "
            "GROUP BY doc_key, version HAVING count(*) > 1)"
        ).fetchone()[0]
        assert doubled == 0
