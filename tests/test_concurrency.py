"""Readers while a real `cleaner ingest` process writes: full-text queries in a loop in this
process and `cleaner search` processes never meet "database is locked" (WAL + busy timeout),
and each reader sees a consistent, growing archive."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from article_corpus import article_text

CLEANER = str(Path(sys.executable).parent / "cleaner")
MAX_SECONDS = 60
FILES = 150


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    for index in range(FILES):
        (folder / f"{index:04d}.txt").write_text(
            article_text(8000 + index, f"Concurrency marker {index}.")
        )
    return folder


@pytest.mark.slow
def test_fts_reader_loop_while_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "first.txt").write_text(article_text(7999, "Concurrency seed article."))
    created = subprocess.run(
        [CLEANER, "ingest", str(seed), "--db", str(db), "--quiet"], capture_output=True, text=True
    )
    assert created.returncode == 0, created.stderr

    inputs = _inputs(tmp_path / "inputs")
    writer = subprocess.Popen(
        [CLEANER, "ingest", str(inputs), "--db", str(db), "--batch-size", "5", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts: list[int] = []
    searches: list[subprocess.Popen[str]] = []  # run beside the loop, which keeps querying
    started = time.monotonic()
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        while writer.poll() is None:  # the writer's whole life, however slow the machine
            assert time.monotonic() - started < MAX_SECONDS, "ingest did not finish in time"
            (hits,) = reader.execute(
                "SELECT count(*) FROM articles WHERE rowid IN "
                "(SELECT rowid FROM articles_search WHERE articles_search MATCH 'concurrency')"
            ).fetchone()
            counts.append(hits)
            time.sleep(0.002)  # spread the queries over the writer's life, not its start-up
            if len(counts) % 200 == 0 and len(searches) < 3:
                searches.append(
                    subprocess.Popen(
                        [CLEANER, "search", "concurrency marker", "--db", str(db), "--json"],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                )
    finally:
        reader.close()
        _, writer_stderr = writer.communicate(timeout=MAX_SECONDS)
        search_errors = [search.communicate(timeout=60)[1] for search in searches]
    assert writer.returncode == 0, writer_stderr
    assert "locked" not in writer_stderr
    assert len(counts) >= 20, "the reader loop barely ran while the writer worked"
    assert counts == sorted(counts), "a reader saw the archive shrink"
    assert counts[0] >= 1 and counts[-1] <= FILES + 1
    assert len({*counts}) > 1, "the reader never saw the writer's progress"
    for search, search_stderr in zip(searches, search_errors, strict=True):
        assert search.returncode == 0, search_stderr
        assert "locked" not in search_stderr and "Traceback" not in search_stderr
    with sqlite3.connect(db) as conn:
        final = conn.execute(
            "SELECT count(*) FROM articles WHERE rowid IN "
            "(SELECT rowid FROM articles_search WHERE articles_search MATCH 'concurrency')"
        ).fetchone()[0]
    assert final == FILES + 1
