"""kill -9 at several moments of a real `cleaner ingest` leaves an archive that passes SQLite's
and FTS5's integrity checks; the next run completes it with no article missing or doubled."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_checks import articles_stored, check_integrity
from article_corpus import write_articles

CLEANER = str(Path(sys.executable).parent / "cleaner")
ARTICLES = 1200


def ingest_command(corpus: Path, db: Path, jobs: int) -> list[str]:
    return [CLEANER, "ingest", str(corpus), "--db", str(db), "--quiet", "--batch-size", "25",
            "--jobs", str(jobs)]  # fmt: skip


def kill_when(corpus: Path, db: Path, jobs: int, at_least: int, delay: float) -> int:
    """Start an ingest, wait until `at_least` articles are committed (plus `delay` seconds),
    SIGKILL it; returns how many articles were stored when it died."""
    process = subprocess.Popen(ingest_command(corpus, db, jobs), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while articles_stored(db) < at_least and process.poll() is None:
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.01)
        time.sleep(delay)
        assert process.poll() is None, "ingest ended before it could be killed"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return articles_stored(db)


@pytest.mark.slow
def test_kill_9_then_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    write_articles(corpus, ARTICLES, per_folder=300)
    db = tmp_path / "archive.db"
    moments = [(1, 0, 0.4), (1, 1, 0.0), (1, 200, 0.05), (2, 500, 0.0), (1, 700, 0.13)]
    stored_after_kills = []
    for jobs, at_least, delay in moments:
        stored_after_kills.append(kill_when(corpus, db, jobs, at_least, delay))
        check_integrity(db)
    assert max(stored_after_kills) < ARTICLES, "the kills came too late to test anything"
    assert any(n > 0 for n in stored_after_kills), "no kill landed after the first commits"
    final = subprocess.run(ingest_command(corpus, db, 1), capture_output=True, timeout=300)
    assert final.returncode == 0, final.stderr
    check_integrity(db)
    with sqlite3.connect(db) as conn:
        keys = [r[0] for r in conn.execute("SELECT doc_key FROM articles")]
        assert len(keys) == len(set(keys)) == ARTICLES
        assert {Path(k).name for k in keys} == {p.name for p in corpus.rglob("*.txt")}
        hashes = conn.execute("SELECT count(DISTINCT text_hash) FROM articles").fetchone()[0]
        assert hashes == ARTICLES
        assert conn.execute("SELECT count(*) FROM raw_inputs").fetchone()[0] == ARTICLES
        statuses = [r[0] for r in conn.execute("SELECT status FROM ingest_runs ORDER BY id")]
        assert statuses[-1] == "done" and "running" not in statuses
