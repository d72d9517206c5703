"""Checks shared by the kill -9 tests: what a consistent archive must satisfy at any moment."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def articles_stored(db: Path) -> int:
    """Committed articles, 0 while the archive or its schema does not exist yet."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def check_integrity(db: Path) -> None:
    """SQLite's and FTS5's integrity checks pass, foreign keys hold, and every stored article is
    whole: its raw input present, its FTS row present, no (doc_key, version) stored twice."""
    if not db.exists():
        return
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "articles_fts" not in tables:
            return
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        orphans = conn.execute(
            "SELECT count(*) FROM articles a LEFT JOIN raw_inputs r ON r.hash = a.raw_hash "
            "WHERE r.hash IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        indexed = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert indexed == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        doubled = conn.execute(
            "SELECT count(*) FROM (SELECT doc_key, version FROM articles "
            "GROUP BY doc_key, version HAVING count(*) > 1)"
        ).fetchone()[0]
        assert doubled == 0
