"""The archive commands as a user runs them: real `cleaner` subprocesses on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from archive_corpus import article_text
from click.testing import CliRunner

from cleaner.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CLEANER = [str(Path(sys.executable).parent / "cleaner")]


def invoke(*args: str):
    """In-process run (fast); subprocesses are kept for ingest, where exit codes, stdin and
    the process pool matter."""
    return CliRunner().invoke(main, list(args))


def cleaner(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run(
        [*CLEANER, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120,
        env={**os.environ, "CLEANER_DEBUG": ""},
    )  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "a.db"
    result = cleaner("ingest", *map(str, sorted(SEEDS.glob("*.txt"))), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def test_ingest_summary_and_exit_codes(tmp_path):
    (tmp_path / "good.txt").write_text(article_text(1))
    db = str(tmp_path / "a.db")
    ok = cleaner("ingest", str(tmp_path / "good.txt"), "--db", db)
    assert ok.returncode == 0 and ok.stderr == b""
    assert ok.stdout.decode().startswith("1 seen: 1 new")
    (tmp_path / "bad.json").write_text("{not json")
    partial = cleaner("ingest", str(tmp_path), "--db", db, "--json")
    assert partial.returncode == 1
    summary = json.loads(partial.stdout)
    assert (summary["unchanged"], summary["errors"], summary["status"]) == (1, 1, "done")
    error_lines = partial.stderr.decode().splitlines()
    assert len(error_lines) == 1 and "bad.json" in error_lines[0]


def test_ingest_fatal_is_exit_2_one_line(tmp_path):
    (tmp_path / "not-a-db").write_bytes(b"garbage" * 1000)
    (tmp_path / "in.txt").write_text(article_text(1))
    result = cleaner("ingest", str(tmp_path / "in.txt"), "--db", str(tmp_path / "not-a-db"))
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr


def test_ingest_stdin(tmp_path):
    db = str(tmp_path / "a.db")
    result = cleaner("ingest", "-", "--db", db, "--json", stdin=article_text(9).encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["new"] == 1


def test_search_output_and_json(seeded):
    text = invoke("search", "Iran", "Syria", "--db", str(seeded), "--limit", "2")
    assert text.exit_code == 0
    assert text.stdout.startswith("1. ") and "**" in text.stdout
    lines = invoke("search", "withdraw", "--db", str(seeded), "--json").stdout.splitlines()
    hits = [json.loads(line) for line in lines]
    assert hits and {"id", "title", "site", "date", "snippet", "score"} <= set(hits[0])
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)


@pytest.mark.parametrize("query", ['"', "NEAR(", "foo' OR 1=1 --", "title:", "(((", "*"])
def test_search_never_shows_a_traceback(seeded, query):
    result = invoke("search", query, "--db", str(seeded))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


def test_search_raw_malformed_is_explained(seeded):
    result = invoke("search", "--raw", "iran AND", "--db", str(seeded))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "malformed search query" in line


def test_stats_and_missing_archive(seeded, tmp_path):
    stats = json.loads(invoke("stats", "--db", str(seeded), "--json").stdout)
    assert stats["totals"]["articles"] == 5
    assert "by_category" in stats and "by_language" in stats
    missing = invoke("search", "x", "--db", str(tmp_path / "nope.db"))
    assert missing.exit_code == 2 and "no archive at" in missing.stderr
    assert not (tmp_path / "nope.db").exists()


def test_reclean_cli(seeded):
    result = invoke("reclean", "--db", str(seeded), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["seen"] == 5
