"""The full-text indexes in real SQLite files: each article in the index of its language or
script, kept there by plain-SQL triggers through inserts, updates and deletes, writable by a
plain sqlite3 client; archives of the single-index layout migrate."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import sqlite_utils
from archive_checks import check_fulltext, indexed_rowids
from archive_fixtures import single_index_archive

from cleaner.fulltext import layout
from cleaner.fulltext.bigrams import search_forms
from cleaner.fulltext.query import build_fts_query
from cleaner.schema import MIGRATIONS, apply_schema

ENGLISH, UNSTEMMED, CJK = (index.name for index in layout.INDEXES)


def new_archive(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    apply_schema(db)
    db.execute("INSERT INTO raw_inputs (hash) VALUES ('h')")
    return db


def insert(
    conn: sqlite3.Connection, key: str, language: str | None, title: str, text: str,
    *, forms: bool = True,
) -> None:  # fmt: skip
    """Insert as the writer does (`forms`: with the bigram forms it computes)."""
    bigram_title, bigram_text = search_forms(title, text) if forms else (None, None)
    columns = "id, doc_key, version, latest, language, title, text, raw_hash, text_hash"
    if bigram_text is None:
        conn.execute(f"INSERT INTO articles ({columns}) VALUES (?, ?, 1, 1, ?, ?, ?, 'h', ?)",
                     [key, key, language, title, text, key])  # fmt: skip
        return
    conn.execute(
        f"INSERT INTO articles ({columns}, bigram_title, bigram_text) "
        "VALUES (?, ?, 1, 1, ?, ?, ?, 'h', ?, ?, ?)",
        [key, key, language, title, text, key, bigram_title, bigram_text],
    )


def holders(conn: sqlite3.Connection) -> dict[str, str]:
    """Article id → the index holding its tokens."""
    ids = dict(conn.execute("SELECT rowid, id FROM articles").fetchall())
    return {ids[rowid]: name for name, rows in indexed_rowids(conn).items() for rowid in rows}


def found(conn: sqlite3.Connection, index: str, typed: str) -> set[str]:
    rows = conn.execute(
        f"SELECT a.id FROM {index} JOIN articles a ON a.rowid = {index}.rowid "
        f"WHERE {index} MATCH ?",
        [build_fts_query(typed)],
    )
    return {row[0] for row in rows}


def test_each_article_goes_to_the_index_of_its_language_or_script(tmp_path):
    db = new_archive(tmp_path / "a.db")
    insert(db.conn, "en", "en", "Ferries", "The ferries were late.")
    insert(db.conn, "en-gb", "en-GB", "Harbour", "The harbour closed.")
    insert(db.conn, "de", "de", "Bahn", "Der Zug nach München fährt später.")
    insert(db.conn, "unknown", None, "Short", "Ferry.")
    insert(db.conn, "ja", "ja", "子ども食堂", "子ども食堂が全国で増えている。")
    insert(db.conn, "en-with-cjk", "en", "Tokyo", "The Tokyo government (東京都) met.")
    assert holders(db.conn) == {
        "en": ENGLISH, "en-gb": ENGLISH, "de": UNSTEMMED, "unknown": UNSTEMMED, "ja": CJK,
        "en-with-cjk": CJK,
    }  # fmt: skip
    check_fulltext(db.conn)
    assert found(db.conn, CJK, "子ども") == {"ja"}
    assert found(db.conn, CJK, "東京") == {"en-with-cjk"}
    assert found(db.conn, CJK, "tokyo government") == {"en-with-cjk"}


def test_porter_stems_english_articles_only(tmp_path):
    db = new_archive(tmp_path / "a.db")
    insert(db.conn, "en", "en", "United", "The united nations met.")
    insert(db.conn, "fr", "fr", "Assemblée", "Les élections nationales à l'Assemblée.")
    assert found(db.conn, ENGLISH, "nation") == {"en"}  # Porter: nations → nation
    assert found(db.conn, UNSTEMMED, "nation") == set()  # nationales is not nation
    assert found(db.conn, UNSTEMMED, "nationales") == {"fr"}
    assert found(db.conn, UNSTEMMED, "assemblee elections") == {"fr"}  # diacritics folded


def test_triggers_move_an_article_when_its_language_or_text_changes(tmp_path):
    db = new_archive(tmp_path / "a.db")
    insert(db.conn, "a", "en", "Ferry", "The ferries were late.")
    assert holders(db.conn) == {"a": ENGLISH}
    db.execute("UPDATE articles SET language = 'de' WHERE id = 'a'")
    assert holders(db.conn) == {"a": UNSTEMMED}
    assert found(db.conn, UNSTEMMED, "ferries") == {"a"}
    title, text = search_forms("東京", "東京の天気")
    db.execute(
        "UPDATE articles SET title = '東京', text = '東京の天気', bigram_title = ?, "
        "bigram_text = ? WHERE id = 'a'",
        [title, text],
    )
    assert holders(db.conn) == {"a": CJK} and found(db.conn, CJK, "天気") == {"a"}
    db.execute("UPDATE articles SET last_seen = 'x', latest = 0 WHERE id = 'a'")
    assert holders(db.conn) == {"a": CJK}
    check_fulltext(db.conn)
    db.execute("DELETE FROM articles")
    assert holders(db.conn) == {}
    check_fulltext(db.conn)


def test_a_plain_sqlite3_client_can_write_the_archive(tmp_path):
    """No SQL function is needed: an article written without bigram forms is indexed by its
    language, its CJK runs as whole tokens, until the writer (a reclean) stores the forms."""
    new_archive(tmp_path / "a.db").close()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        insert(conn, "de", "de", "Bahn", "Der Zug fährt.", forms=False)
        insert(conn, "ja", "ja", "東京", "東京の天気は晴れ。", forms=False)
        assert holders(conn) == {"de": UNSTEMMED, "ja": UNSTEMMED}
        assert found(conn, UNSTEMMED, "zug") == {"de"}
        check_fulltext(conn)


def test_a_single_index_archive_migrates_and_is_backfilled(tmp_path):
    db = single_index_archive(tmp_path / "old.db")
    insert(db.conn, "en", "en", "Ferries", "The ferries were late.", forms=False)
    insert(db.conn, "de", "de", "Bahn", "Der Zug nach München.", forms=False)
    insert(db.conn, "ja", "ja", "子ども食堂", "子ども食堂が増えている。", forms=False)
    db.conn.commit()
    assert found(db.conn, "articles_fts", "子ども") == set()  # one token: 子ども食堂が増えている
    apply_schema(db)
    assert "0004_fts_by_language" in [m.name for m in MIGRATIONS.applied(db)]
    assert holders(db.conn) == {"en": ENGLISH, "de": UNSTEMMED, "ja": CJK}
    assert found(db.conn, CJK, "子ども") == found(db.conn, CJK, "食堂") == {"ja"}
    assert found(db.conn, ENGLISH, "ferry") == {"en"}
    check_fulltext(db.conn)
    insert(db.conn, "ja2", "ja", "東京", "東京の天気")  # the new triggers route it
    assert holders(db.conn)["ja2"] == CJK
    before = db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    apply_schema(db)
    assert db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall() == before


def test_optimize_keeps_every_index_whole(tmp_path):
    db = new_archive(tmp_path / "a.db")
    for number in range(30):
        insert(db.conn, f"en{number}", "en", "Ferry", f"Ferry number {number}.")
        insert(db.conn, f"ja{number}", "ja", "東京", f"東京の天気 {number}")
    layout.optimize(db.conn)
    check_fulltext(db.conn)
    assert len(found(db.conn, CJK, "天気")) == 30 and len(found(db.conn, ENGLISH, "ferries")) == 30


def test_articles_written_in_a_block_are_indexed_when_it_ends(tmp_path):
    """The writer's batches: the block's articles are indexed at its end, in one statement per
    index, whatever happened to them inside it; articles from before it keep their triggers."""
    db = new_archive(tmp_path / "a.db")
    insert(db.conn, "old", "en", "Ferry", "The ferries were late.")
    db.conn.commit()
    db.conn.execute("BEGIN IMMEDIATE")
    with layout.indexed_at_end(db.conn):
        insert(db.conn, "en", "en", "Harbour", "The harbour closed.")
        insert(db.conn, "ja", "ja", "子ども食堂", "子ども食堂が全国で増えている。")
        insert(db.conn, "gone", "de", "Bahn", "Der Zug fährt.")
        db.execute("UPDATE articles SET text = 'The harbours reopened.' WHERE id = 'en'")
        db.execute("DELETE FROM articles WHERE id = 'gone'")
        db.execute("UPDATE articles SET language = 'de' WHERE id = 'old'")  # its trigger fires
        assert holders(db.conn) == {"old": UNSTEMMED}  # the block's own: not yet
    db.conn.execute("COMMIT")
    assert holders(db.conn) == {"old": UNSTEMMED, "en": ENGLISH, "ja": CJK}
    assert found(db.conn, ENGLISH, "harbour reopen") == {"en"}
    assert found(db.conn, ENGLISH, "closed") == set()
    assert found(db.conn, CJK, "子ども") == {"ja"}
    check_fulltext(db.conn)
    assert layout.PENDING_SETTING not in dict(db.execute("SELECT key, value FROM settings"))
    insert(db.conn, "later", "en", "Dock", "The dock opened.")  # triggers again
    assert holders(db.conn)["later"] == ENGLISH


def test_a_block_that_fails_indexes_nothing_and_leaves_no_setting(tmp_path):
    db = new_archive(tmp_path / "a.db")
    db.conn.commit()
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        with layout.indexed_at_end(db.conn):
            insert(db.conn, "en", "en", "Harbour", "The harbour closed.")
            raise RuntimeError("the writer failed")
    except RuntimeError:
        db.conn.execute("ROLLBACK")
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert layout.PENDING_SETTING not in dict(db.execute("SELECT key, value FROM settings"))
    insert(db.conn, "en", "en", "Harbour", "The harbour closed.")
    assert holders(db.conn) == {"en": ENGLISH}
    check_fulltext(db.conn)


def test_triggers_from_before_the_end_of_block_indexing_migrate(tmp_path):
    db = new_archive(tmp_path / "a.db")
    for trigger in layout.TRIGGERS:  # the triggers as they were: no WHEN clause
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [trigger]).fetchone()
        db.execute(f'DROP TRIGGER "{trigger}"')
        db.execute(re.sub(r" WHEN .*? BEGIN", " BEGIN", sql, flags=re.S))
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_fts_pending_triggers'")
    db.conn.commit()
    apply_schema(db)
    for trigger in layout.TRIGGERS:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [trigger]).fetchone()
        assert layout.PENDING_SETTING in sql
    db.conn.execute("BEGIN IMMEDIATE")
    with layout.indexed_at_end(db.conn):
        insert(db.conn, "en", "en", "Harbour", "The harbour closed.")
    db.conn.execute("COMMIT")
    assert holders(db.conn) == {"en": ENGLISH}
    check_fulltext(db.conn)
