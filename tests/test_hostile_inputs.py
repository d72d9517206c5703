"""The hostile corpus through a real `cleaner ingest` process: every bad input named once with
a one-line reason on stderr and in the errors table, every good one stored intact, exit code 1,
no traceback, nothing leaked, and a second run changes nothing."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_corpus import Corpus, Expectation, permission_enforcing_prefix, write_corpus

CLEANER = [str(Path(sys.executable).parent / "cleaner")]
RUN_TIMEOUT = 180


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Ingested:
    corpus: Corpus
    db: Path
    first: Run
    second: Run
    articles_after_first: list[tuple[str, ...]]
    raw_after_first: int


def _ingest(prefix: list[str], folder: Path, db: Path, jobs: int) -> Run:
    result = subprocess.run(
        [*prefix, *CLEANER, "ingest", str(folder), "--db", str(db), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=RUN_TIMEOUT,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def _articles(db: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT id, doc_key, version, text_hash, raw_hash, source FROM articles ORDER BY id"
        ).fetchall()
    return [tuple(str(v) for v in row) for row in rows]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    prefix = permission_enforcing_prefix()
    root = tmp_path_factory.mktemp("hostile")
    corpus = write_corpus(root / "inbox", root / "secret.txt", unreadable=prefix is not None)
    db = root / "archive.db"
    first = _ingest(prefix or [], corpus.folder, db, jobs=2)
    articles, raw = _articles(db), _count(db, "raw_inputs")
    second = _ingest(prefix or [], corpus.folder, db, jobs=1)
    return Ingested(corpus, db, first, second, articles, raw)


def _count(db: Path, table: str, where: str = "1", *args: object) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0])


def _source(corpus: Corpus, expectation: Expectation) -> str:
    return f"{corpus.folder}/{expectation.name}"


def _error_lines(run: Run, source: str) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith(f"error: {source}: ")]


def _stored_texts(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source, text FROM articles"))


def test_exit_code_one_and_no_traceback(ingested: Ingested) -> None:
    for run in (ingested.first, ingested.second):
        assert run.returncode == 1, run.stderr[-2000:]
        assert "Traceback" not in run.stderr + run.stdout
        # stderr holds error lines only, one per failed input.
        assert all(line.startswith("error: ") for line in run.stderr.splitlines()), run.stderr


def test_every_bad_input_named_once_with_its_reason(ingested: Ingested) -> None:
    corpus, run = ingested.corpus, ingested.first
    with sqlite3.connect(ingested.db) as conn:
        first_run_id = conn.execute("SELECT min(id) FROM ingest_runs").fetchone()[0]
        table = conn.execute("SELECT file, reason FROM errors WHERE run_id = ?", (first_run_id,))
        recorded = list(table)
    for expectation in corpus.of("error"):
        source = _source(corpus, expectation)
        lines = _error_lines(run, source)
        assert len(lines) == 1, (source, lines)
        in_table = [reason for file, reason in recorded if file == source]
        assert len(in_table) == 1, (source, in_table)
        reason = in_table[0]
        assert "\n" not in reason and reason.strip()
        assert lines[0] == f"error: {source}: {reason}"
        if expectation.reason:
            assert re.search(expectation.reason, reason, re.IGNORECASE), (source, reason)


def test_no_unexpected_errors(ingested: Ingested) -> None:
    corpus = ingested.corpus
    allowed = {_source(corpus, e) for e in corpus.expectations if e.outcome in ("error", "either")}
    with sqlite3.connect(ingested.db) as conn:
        first_run = "(SELECT min(id) FROM ingest_runs)"
        files = [f for (f,) in conn.execute(f"SELECT file FROM errors WHERE run_id = {first_run}")]
    assert set(files) <= allowed, set(files) - allowed
    assert len(ingested.first.stderr.splitlines()) == len(files)


def test_good_inputs_stored_intact_exactly_once(ingested: Ingested) -> None:
    corpus = ingested.corpus
    texts = _stored_texts(ingested.db)
    for expectation in corpus.of("stored"):
        source = _source(corpus, expectation)
        assert source in texts, f"{source} not stored"
        assert expectation.marker and expectation.marker in texts[source], source
        holders = [s for s, text in texts.items() if expectation.marker in text]
        assert holders == [source], (expectation.marker, holders)


def test_either_inputs_stored_without_garbling_or_reported(ingested: Ingested) -> None:
    corpus = ingested.corpus
    texts = _stored_texts(ingested.db)
    for expectation in corpus.of("either"):
        source = _source(corpus, expectation)
        reported = _error_lines(ingested.first, source)
        if source in texts:
            assert not reported, source
            if expectation.marker:
                assert expectation.marker in texts[source], (source, "stored but garbled")
        else:
            assert len(reported) == 1, (source, "neither stored nor reported")


def test_nothing_leaks_or_explodes(ingested: Ingested) -> None:
    texts = _stored_texts(ingested.db)
    for source, text in texts.items():
        assert ingested.corpus.secret_marker not in text, f"external entity read in {source}"
        assert "lollollol" not in text, f"entity expansion in {source}"
        assert "\x00" not in text, f"NUL byte kept in {source}"
    with sqlite3.connect(ingested.db) as conn:
        for table, column in [
            ("articles", "title"),
            ("articles", "description"),
            ("errors", "reason"),
        ]:
            values = [v for (v,) in conn.execute(f"SELECT {column} FROM {table}") if v]
            assert not any(ingested.corpus.secret_marker in v for v in values), (table, column)
    assert not any(
        "secret" in line and "outside" not in line for line in ingested.first.stderr.splitlines()
    )


def test_ignored_names_are_not_mentioned(ingested: Ingested) -> None:
    for run in (ingested.first, ingested.second):
        assert "ignored-image.png" not in run.stderr
        assert "alias-of-good.txt" not in run.stderr


def test_second_run_changes_nothing(ingested: Ingested) -> None:
    assert _articles(ingested.db) == ingested.articles_after_first
    assert _count(ingested.db, "raw_inputs") == ingested.raw_after_first
    first_errors = sorted(ingested.first.stderr.splitlines())
    assert sorted(ingested.second.stderr.splitlines()) == first_errors
    assert " 0 new," in ingested.second.stdout, ingested.second.stdout


def test_summary_is_one_line_and_adds_up(ingested: Ingested) -> None:
    summary = ingested.first.stdout.strip()
    assert len(summary.splitlines()) == 1
    counts = {
        name: int(n) for n, name in re.findall(r"(\d+) (new|near duplicates|errors)", summary)
    }
    assert counts["new"] + counts["near duplicates"] == len(ingested.articles_after_first)
    assert counts["errors"] == len(ingested.first.stderr.splitlines())
