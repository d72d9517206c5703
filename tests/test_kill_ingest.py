"""kill -9 of a real `cleaner ingest` at random moments, several times in a row, then a full run:
the archive passes SQLite's and FTS5's integrity checks after every kill, and in the end holds
exactly what a clean, uninterrupted run stores — nothing missing, nothing doubled."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from archive_checks import articles_stored, check_integrity, indexed_rowids
from article_corpus import article_html, article_text

CLEANER = str(Path(sys.executable).parent / "cleaner")
SEED = 20261121
KILLS = 5
TEXT_FILES = 500  # enough that five short-lived runs cannot finish the whole corpus
TIMEOUT = 300


def _write_inputs(folder: Path) -> None:
    """Text files, a few HTML pages and a JSONL feed; some exact duplicates and a new version."""
    (folder / "text").mkdir(parents=True)
    for index in range(TEXT_FILES):
        (folder / "text" / f"{index:04d}.txt").write_text(
            article_text(5000 + index, f"Kill marker {index}.")
        )
    for index in range(4):  # same text under another name: a sighting, not a second article
        (folder / "text" / f"copy-{index}.txt").write_text(
            article_text(5000 + index, f"Kill marker {index}.")
        )
    (folder / "html").mkdir()
    for index in range(8):
        (folder / "html" / f"{index}.html").write_text(article_html(6000 + index, f"Page {index}."))
    records = [
        {"url": f"https://kill.example.com/{i}", "text": article_text(7000 + i, f"Feed {i}.")}
        for i in range(30)
    ]
    records.append({"url": "https://kill.example.com/0", "text": article_text(7999, "Updated.")})
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def _ingest_command(inputs: Path, db: Path, jobs: int) -> list[str]:
    return [CLEANER, "ingest", str(inputs), "--db", str(db), "--jobs", str(jobs),
            "--batch-size", "7", "--quiet"]  # fmt: skip


def _snapshot(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        articles = conn.execute(
            "SELECT doc_key, version, text_hash, raw_hash FROM articles ORDER BY doc_key, version"
        ).fetchall()
        raw = conn.execute("SELECT hash FROM raw_inputs ORDER BY hash").fetchall()
        fts_rows = sum(map(len, indexed_rowids(conn).values()))
        removals = conn.execute(
            "SELECT a.doc_key, a.version, r.line, r.rule_id FROM removals r "
            "JOIN articles a ON a.id = r.article_id ORDER BY 1, 2, 3, 4"
        ).fetchall()
    return {"articles": articles, "raw": raw, "fts_rows": fts_rows, "removals": removals}


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)


def _wait_for_writes(process: subprocess.Popen[bytes], db: Path, stored: int) -> bool:
    """Wait until the ingest has committed articles beyond `stored` (True) or has ended."""
    deadline = time.monotonic() + TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        if articles_stored(db) > stored:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
def test_repeated_kill_9_then_full_run_matches_a_clean_run(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    _write_inputs(inputs)

    reference_db = tmp_path / "reference.db"
    reference = _run(_ingest_command(inputs, reference_db, jobs=1))
    assert reference.returncode == 0, reference.stderr
    expected = _snapshot(reference_db)
    assert len(expected["articles"]) > TEXT_FILES

    rng = random.Random(SEED)
    db = tmp_path / "killed.db"
    mid_write_kills = 0
    for attempt in range(KILLS):
        stored = articles_stored(db)
        process = subprocess.Popen(
            _ingest_command(inputs, db, jobs=1 + attempt % 2),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: pool workers die with it
        )
        if attempt == 0:
            time.sleep(rng.uniform(0.1, 1.0))  # early: while starting up / creating the schema
        elif _wait_for_writes(process, db, stored):
            time.sleep(rng.uniform(0.0, 0.2))  # a random moment while batches are committed
        if process.poll() is None:
            mid_write_kills += attempt > 0
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        if db.exists():
            check_integrity(db)
    assert mid_write_kills >= KILLS - 2, f"only {mid_write_kills} kills hit an ingest mid-write"
    assert articles_stored(db) < len(expected["articles"]), "the kills left nothing to finish"

    final = _run(_ingest_command(inputs, db, jobs=2))
    assert final.returncode == 0, final.stderr
    check_integrity(db)
    assert _snapshot(db) == expected
