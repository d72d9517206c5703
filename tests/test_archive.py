"""Archive storage: WAL, busy timeout, stable ids, versions, sightings, runs, integrity."""

from __future__ import annotations

import sqlite3

import pytest
from archive_fixtures import add_article, sample_archive

from cleaner.archive import open_archive
from cleaner.archive.records import Sighting, article_id, raw_hash, text_hash
from cleaner.errors import CleanerError
from cleaner.outcomes import OutcomeCounts, OutcomeKind


def test_open_uses_wal_and_busy_timeout(tmp_path):
    with open_archive(tmp_path / "a.db", busy_timeout_ms=1234) as archive:
        assert archive.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert archive.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1234


def test_missing_or_foreign_archive_is_a_clear_error(tmp_path):
    with pytest.raises(CleanerError, match="no archive at"):
        open_archive(tmp_path / "missing.db", create=False)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(CleanerError, match="not a cleaner archive"):
        open_archive(other, create=False)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CleanerError, match="cannot open archive"):
        open_archive(garbage)


def test_ids_and_hashes_are_stable():
    assert article_id("k", "h") == article_id("k", "h") != article_id("k", "h2")
    assert text_hash("Hello   World\n") == text_hash("hello world")
    assert text_hash("hello world") != text_hash("hello, world")
    assert raw_hash(b"x") == raw_hash(b"x")


def test_versions_and_latest_flag(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        first = add_article(archive, "https://x.example/a", "First text of the story.")
        second = add_article(archive, "https://x.example/a", "Second, corrected text.")
        versions = archive.versions("https://x.example/a")
        assert [(v["id"], v["version"], v["latest"]) for v in versions] == [
            (first, 1, 0),
            (second, 2, 1),
        ]
        assert archive.latest_version("https://x.example/a") == 2
        assert archive.latest_version("https://x.example/none") == 0


def test_resolve_raw_tells_same_document_from_duplicate(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        stored = add_article(archive, "k1", "Some text here.")
        digest = raw_hash(b"Some text here.")
        assert archive.resolve_raw(raw_hash(b"other"), "k1") is None
        same = archive.resolve_raw(digest, "k1")
        assert same is not None and same.same_document and same.article_id == stored
        other = archive.resolve_raw(digest, "k2")
        assert other is not None and not other.same_document and other.article_id == stored
        assert archive.raw_content(digest) == b"Some text here."


def test_sightings_are_recorded_once_per_place(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        stored = add_article(archive, "k1", "Some text here.")
        with archive.batch():
            run = archive.runs.start("test", "0")
        seen = Sighting(stored, "https://b.example/x", "b.txt", "2026-01-01T00:00:00Z", run,
                        "https://b.example/x", "h2")  # fmt: skip
        with archive.batch():
            archive.writes.add_sighting(seen)
            archive.writes.add_sighting(seen)  # the same input seen again: no second row
        rows = archive.sightings(stored)
        assert len(rows) == 1 and rows[0]["url"] == "https://b.example/x"
        resolved = archive.resolve_raw("h2", "https://b.example/x")
        assert resolved is None  # h2 has no raw_inputs row: unknown bytes


def test_runs_errors_and_orphans(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        counts = OutcomeCounts()
        for kind in (OutcomeKind.NEW, OutcomeKind.NEW, OutcomeKind.ERROR):
            counts.add(kind)
        with archive.batch():
            run = archive.runs.start("cleaner ingest x", "0.1")
            archive.runs.record_error(run, "bad.html", "not valid UTF-8")
            archive.runs.update(run, counts, "done")
        row = archive.db["ingest_runs"].get(run)
        assert (row["status"], row["files_seen"], row["new"], row["errors"]) == ("done", 3, 2, 1)
        assert row["ended"]
        # a run left 'running' by a process that no longer exists is marked failed
        archive.db.execute("INSERT INTO ingest_runs (status, pid) VALUES ('running', 999999999)")
        with archive.batch():
            archive.runs.start("next", "0.1")
        statuses = [
            r[0] for r in archive.conn.execute("SELECT status FROM ingest_runs ORDER BY id")
        ]
        assert statuses == ["done", "failed", "running"]
        assert archive.db["errors"].count == 1


def test_batch_rolls_back_on_error(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        with pytest.raises(RuntimeError), archive.batch():
            archive.conn.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
            raise RuntimeError("boom")
        assert (
            archive.conn.execute("SELECT count(*) FROM settings WHERE key='x'").fetchone()[0] == 0
        )


def test_reader_sees_committed_rows_while_writer_holds_a_batch(tmp_path):
    path = tmp_path / "a.db"
    with open_archive(path) as writer:
        add_article(writer, "k1", "Committed text.")
        with writer.batch():
            add_text = "INSERT INTO settings (key, value) VALUES ('pending', '1')"
            writer.conn.execute(add_text)
            with open_archive(path, create=False, busy_timeout_ms=100) as reader:
                assert reader.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
                pending = "SELECT count(*) FROM settings WHERE key = 'pending'"
                assert reader.conn.execute(pending).fetchone()[0] == 0


def test_stats_and_integrity(tmp_path):
    with sample_archive(tmp_path / "a.db") as archive:
        stats = archive.stats()
        assert stats.totals["articles"] == 3
        assert stats.by_site == [("news.example", 2), ("other.example", 1)]
        assert dict(stats.by_language) == {"en": 2, "de": 1}
        assert stats.by_category == [("accessibility", 1)]
        assert archive.stats(limit=1).by_site == [("news.example", 2)]
        assert archive.integrity_problems() == []


def test_the_line_model_version_is_stored_with_the_article(tmp_path) -> None:
    from cleaner.ingest import ingest
    from cleaner.ingest.options import IngestOptions
    from cleaner.pipeline import Cleaner

    story = tmp_path / "story.txt"
    story.write_text(
        "A headline of the story\n\nThe council approved the new budget on Tuesday after a "
        "long debate about transport and schools.\n\nOfficials said the plan would cut "
        "waiting times for buses by a third.\n",
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    ingest(IngestOptions(paths=(str(story),), db_path=str(db)))
    (version,) = sqlite3.connect(db).execute("SELECT model_version FROM articles").fetchone()
    model = Cleaner().line_model
    assert model is not None
    assert version == model.version


def test_published_and_modified_are_stored_apart(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        stored = add_article(
            archive, "https://x.example/a", "Text of the story.", author="Jane Doe; John Smith",
            authors=("Jane Doe", "John Smith"), published="2024-03-05T10:00:00+01:00",
            modified="2024-03-06",
        )  # fmt: skip
        row = archive.conn.execute(
            "SELECT author, published, modified FROM articles WHERE id = ?", [stored]
        ).fetchone()
    assert tuple(row) == ("Jane Doe; John Smith", "2024-03-05T10:00:00+01:00", "2024-03-06")
