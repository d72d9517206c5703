"""Hostile search queries against a real archive built by a real `cleaner ingest`: each gives
results or one clear line, never a traceback; user words cannot inject FTS5 or SQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from article_corpus import article_text
from click.testing import CliRunner

from cleaner.cli import main

CLEANER = str(Path(sys.executable).parent / "cleaner")

HOSTILE = {
    "double quote": '"',
    "unbalanced phrase": '"pier plan',
    "bare AND": "AND",
    "trailing AND": "harbour AND",
    "NEAR(": "NEAR(",
    "column filter": "title:",
    "column filter with word": "title: pier",
    "star": "*",
    "sql injection": "foo' OR 1=1 --",
    "10,000 characters": "pier " * 2000,
    "deep parentheses": "(" * 500 + "pier" + ")" * 500,
    "empty": "",
    "only punctuation": "!!! ??? ---",
    "caret and braces": "^pier {title text}: pier",
    "nul and newline": "pier\x00\nplan",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("queries")
    inputs = root / "inputs"
    inputs.mkdir()
    for index in range(6):
        (inputs / f"{index}.txt").write_text(article_text(9000 + index, f"Query marker {index}."))
    db = root / "archive.db"
    result = subprocess.run(
        [CLEANER, "ingest", str(inputs), "--db", str(db), "--quiet"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return db


def _search(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["search", *args, "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def _assert_clear(exit_code: int, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stdout + stderr
    if exit_code == 0:
        return
    assert exit_code in (1, 2)
    assert stdout == ""
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("error: ")


def test_plain_query_finds_articles(archive: Path) -> None:
    code, out, _ = _search(archive, "pier", "--nl")
    assert code == 0
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 6


@pytest.mark.parametrize("query", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_query_gives_results_or_one_clear_line(archive: Path, query: str) -> None:
    _assert_clear(*_search(archive, query))


@pytest.mark.parametrize("query", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_raw_query_gives_results_or_one_clear_line(archive: Path, query: str) -> None:
    _assert_clear(*_search(archive, "--raw", query))


def test_injection_is_just_words(archive: Path) -> None:
    code, out, _ = _search(archive, "foo' OR 1=1 --", "--nl")
    assert code == 0
    assert out == ""  # no article has the word "foo": nothing matches, not everything


def test_operators_are_words_by_default(archive: Path) -> None:
    code, out, _ = _search(archive, "pier OR nonexistentword", "--nl")
    assert code == 0 and out == ""  # OR is a word that must occur, not an operator
    code, out, _ = _search(archive, "--raw", "pier OR nonexistentword", "--nl")
    assert code == 0 and len(out.splitlines()) == 6


def test_real_process_with_hostile_queries(archive: Path) -> None:
    for raw, query in [([], HOSTILE["deep parentheses"]), (["--raw"], HOSTILE["NEAR("])]:
        result = subprocess.run(
            [CLEANER, "search", *raw, query, "--db", str(archive)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        _assert_clear(result.returncode, result.stdout, result.stderr)
