"""The schema is data: applying it is idempotent, it completes older archives, and the FTS
tokenizer is chosen once."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from cleaner.errors import CleanerError
from cleaner.schema import DEFAULT_FTS_TOKENIZER, MIGRATIONS, TABLES, apply_schema, stored_setting

CONTRACT = {
    "raw_inputs": {"hash", "content", "size", "kind", "source", "url", "hints", "first_seen"},
    "articles": {
        "id", "doc_key", "version", "url", "canonical_url", "site", "title", "author",
        "published", "language", "description", "text", "word_count", "source", "raw_hash",
        "text_hash", "first_seen", "last_seen", "cleaner_version", "duplicate_of", "similarity",
        "modified", "bigram_title", "bigram_text",
    },
    "removals": {"id", "article_id", "line", "text", "category", "rule_id", "reason"},
    "sightings": {"id", "article_id", "url", "source", "seen_at", "run_id"},
    "ingest_runs": {
        "id", "started", "ended", "files_seen", "new", "unchanged", "duplicates",
        "near_duplicates", "errors", "cleaner_version", "status", "argv",
    },
    "errors": {"id", "run_id", "file", "reason", "at"},
    "minhashes": {"article_id", "signature"},
    "lsh_buckets": {"band", "bucket", "article_id"},
    "site_lines": {"site", "line_hash", "line", "articles"},
    "site_templates": {"site", "line_hash", "line", "articles", "learned_at"},
    "settings": {"key", "value"},
}  # fmt: skip


def schema_sql(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_every_contract_table_and_column_exists(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    apply_schema(db)
    for table, columns in CONTRACT.items():
        assert columns <= set(db[table].columns_dict), table
    for name in ("articles_fts", "articles_fts_unstemmed", "articles_fts_cjk"):
        assert db[name].exists(), name
    assert "articles_search" in db.view_names()
    indexed = {tuple(index.columns) for index in db["articles"].indexes}
    for wanted in [("site",), ("published",), ("text_hash",), ("duplicate_of",)]:
        assert wanted in indexed
    assert any(cols[0] == "doc_key" for cols in indexed)
    # (band, bucket) lookups use the primary key's index: its leading columns
    assert db["lsh_buckets"].pks[:2] == ["band", "bucket"]


def test_apply_twice_changes_nothing(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    apply_schema(db)
    before = schema_sql(db)
    applied = [m.name for m in MIGRATIONS.applied(db)]
    apply_schema(db)
    assert schema_sql(db) == before
    assert [m.name for m in MIGRATIONS.applied(db)] == applied
    assert not MIGRATIONS.pending(db)


def test_older_archive_gains_new_columns_and_backfill(tmp_path):
    """An archive created before `latest` existed: the column is added and the migration marks
    the highest version of each document."""
    db = sqlite_utils.Database(tmp_path / "old.db")
    spec = next(t for t in TABLES if t.name == "articles")
    old_columns = {k: v for k, v in spec.columns.items() if k != "latest"}
    db["raw_inputs"].create({"hash": str}, pk="hash")
    db["articles"].create(old_columns, pk="id")
    for version in (1, 2):
        db["articles"].insert(
            {"id": f"a{version}", "doc_key": "k", "version": version, "text": "t",
             "raw_hash": "h", "text_hash": f"t{version}"}
        )  # fmt: skip
    apply_schema(db)
    latest = dict(db.execute("SELECT id, latest FROM articles ORDER BY id").fetchall())
    assert latest == {"a1": 0, "a2": 1}
    # rows that existed before the FTS indexes were created are searchable too
    hits = db.execute("SELECT rowid FROM articles_search WHERE articles_search MATCH 't'")
    assert len(hits.fetchall()) == 2


def test_tokenizer_is_configurable_once(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    apply_schema(db, fts_tokenizer="trigram")
    assert stored_setting(db, "fts_tokenizer") == "trigram"
    assert "trigram" in db["articles_fts"].schema
    apply_schema(db)  # no tokenizer asked: keeps the stored one
    with pytest.raises(CleanerError, match="trigram"):
        apply_schema(db, fts_tokenizer=DEFAULT_FTS_TOKENIZER)


def test_bad_tokenizer_leaves_no_half_schema(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    with pytest.raises(CleanerError, match="no such tokenizer"):
        apply_schema(db, fts_tokenizer="nosuchtokenizer")
    assert db.table_names() == []


def test_fts_triggers_follow_title_and_text_only(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    apply_schema(db)
    db.execute("INSERT INTO raw_inputs (hash) VALUES ('h')")
    db.execute(
        "INSERT INTO articles (id, doc_key, version, latest, language, title, text, raw_hash, "
        "text_hash) VALUES ('a', 'k', 1, 1, 'en', 'Harbour news', 'The ferry was late.', 'h', 't')"
    )

    def match(q: str) -> int:
        sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
        return int(db.execute(sql, [q]).fetchone()[0])

    assert match("harbour") == 1 and match("ferries") == 1  # porter stemming: English
    db.execute("UPDATE articles SET last_seen = 'x', latest = 1 WHERE id = 'a'")
    db.execute("UPDATE articles SET text = 'The train was early.' WHERE id = 'a'")
    assert match("ferry") == 0 and match("train") == 1
    db.execute("DELETE FROM articles")
    assert match("train") == 0
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_foreign_keys_are_declared(tmp_path):
    db = sqlite_utils.Database(tmp_path / "a.db")
    apply_schema(db)
    fks = {(fk.column, fk.other_table) for fk in db["removals"].foreign_keys}
    assert ("article_id", "articles") in fks
    assert ("raw_hash", "raw_inputs") in {
        (fk.column, fk.other_table) for fk in db["articles"].foreign_keys
    }
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO articles (id) VALUES ('no-doc-key')")


def test_an_older_archive_gets_without_rowid_index_tables(tmp_path):
    """0003: lsh_buckets and site_lines of an archive created before are rebuilt as WITHOUT
    ROWID tables with every row kept, and the lsh_buckets article_id index goes away."""
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["lsh_buckets"].create({"band": int, "bucket": int, "article_id": str},
                             pk=("band", "bucket", "article_id"))  # fmt: skip
    db["lsh_buckets"].create_index(["article_id"])
    db["lsh_buckets"].insert_all([{"band": b, "bucket": -b, "article_id": "a"} for b in range(4)])
    db["site_lines"].create({"site": str, "line_hash": str, "line": str, "articles": int},
                            pk=("site", "line_hash"))  # fmt: skip
    db["site_lines"].insert({"site": "", "line_hash": "h", "line": "Subscribe", "articles": 3})
    apply_schema(db)
    for table in ("lsh_buckets", "site_lines"):
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        assert sql.rstrip().endswith("WITHOUT ROWID"), table
    assert [index.origin for index in db["lsh_buckets"].indexes] == ["pk"]
    assert db.execute("SELECT band, bucket FROM lsh_buckets ORDER BY band").fetchall() == [
        (b, -b) for b in range(4)
    ]
    assert db.execute("SELECT line, articles FROM site_lines").fetchall() == [("Subscribe", 3)]
    assert "0003_without_rowid_index_tables" in [m.name for m in MIGRATIONS.applied(db)]
