"""The archive commands as a user runs them: `ingest` as a real process (its exit codes, standard
input and the worker pool), `search`, `stats` and `reclean` in-process; a closed pipe through a
real one."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from archive_fixtures import add_article
from article_corpus import article_text
from cli_support import Cli, run_on_terminal

from cleaner.archive import open_archive


def run(script: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CLEANER_DEBUG"}
    return subprocess.run(
        [script, *args], input=stdin, capture_output=True, timeout=120, env=env, check=False
    )


def test_ingest_summary_and_exit_codes(cleaner_script: Path, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(article_text(1))
    db = str(tmp_path / "a.db")
    ok = run(cleaner_script, "ingest", str(tmp_path / "good.txt"), "--db", db)
    assert ok.returncode == 0 and ok.stderr == b""
    assert ok.stdout.decode().startswith("1 seen: 1 new")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "empty.txt").write_text("  \n")
    partial = run(cleaner_script, "ingest", str(tmp_path), "--db", db, "--json")
    assert partial.returncode == 1
    summary = json.loads(partial.stdout)
    assert (summary["unchanged"], summary["empty"], summary["errors"]) == (1, 1, 1)
    assert summary["status"] == "done"
    error_lines = partial.stderr.decode().splitlines()
    assert len(error_lines) == 1 and "bad.json" in error_lines[0]


def test_ingest_fatal_is_exit_2_one_line(cleaner_script: Path, tmp_path: Path) -> None:
    (tmp_path / "not-a-db").write_bytes(b"garbage" * 1000)
    (tmp_path / "in.txt").write_text(article_text(1))
    not_a_db = str(tmp_path / "not-a-db")
    result = run(cleaner_script, "ingest", str(tmp_path / "in.txt"), "--db", not_a_db)
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr


def test_ingest_stdin(cleaner_script: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    stdin = article_text(9).encode()
    result = run(cleaner_script, "ingest", "-", "--db", db, "--json", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["new"] == 1


def test_search_output_and_formats(cli: Cli, seeded_archive: Path) -> None:
    text = cli("search", "Iran", "Syria", "--db", str(seeded_archive), "--limit", "2")
    assert text.exit_code == 0
    assert text.stdout.startswith("1. ") and "**" in text.stdout
    hits = json.loads(cli("search", "withdraw", "--db", str(seeded_archive), "--json").stdout)
    assert hits and {"id", "title", "site", "date", "snippet", "score"} <= set(hits[0])
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)
    lines = cli("search", "withdraw", "--db", str(seeded_archive), "--nl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == hits
    as_csv = cli("search", "withdraw", "--db", str(seeded_archive), "--csv").stdout
    assert [row["id"] for row in csv.DictReader(io.StringIO(as_csv))] == [h["id"] for h in hits]
    as_tsv = cli("search", "withdraw", "--db", str(seeded_archive), "--tsv").stdout
    assert as_tsv.splitlines()[0].split("\t")[:3] == ["id", "title", "site"]
    both = cli("search", "withdraw", "--db", str(seeded_archive), "--json", "--csv")
    assert both.exit_code == 2 and "choose one of --json, --nl, --csv, --tsv" in both.stderr


def test_search_is_bold_on_a_terminal_unless_no_color(
    cli: Cli, cleaner_script: Path, seeded_archive: Path
) -> None:
    args = ("search", "Damascus", "--db", str(seeded_archive))
    assert "\x1b[1mDamascus\x1b[0m" in run_on_terminal(cleaner_script, *args)
    plain = run_on_terminal(cleaner_script, *args, env={"NO_COLOR": "1"})
    assert "**Damascus**" in plain and "\x1b[" not in plain
    assert "**Damascus**" in cli(*args).stdout  # piped


def test_a_title_match_shows_a_body_snippet(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_archive(db) as archive:
        add_article(archive, "k", "The council met on Monday to agree the budget.", title="Ferry")
    [hit] = json.loads(cli("search", "ferry", "--db", str(db), "--json").stdout)
    assert hit["snippet"].startswith("The council met on Monday")


def test_no_match_is_said_on_stderr_and_is_an_empty_array(cli: Cli, seeded_archive: Path) -> None:
    human = cli("search", "zanzibar", "--db", str(seeded_archive))
    assert (human.exit_code, human.stdout, human.stderr) == (0, "", "no matching articles\n")
    assert cli("search", "zanzibar", "--db", str(seeded_archive), "--json").stdout == "[]\n"
    assert cli("search", "zanzibar", "--db", str(seeded_archive), "--nl").stdout == ""


@pytest.mark.parametrize("query", ['"', "NEAR(", "foo' OR 1=1 --", "title:", "(((", "*"])
def test_search_never_shows_a_traceback(cli: Cli, seeded_archive: Path, query: str) -> None:
    result = cli("search", query, "--db", str(seeded_archive))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


def test_search_raw_malformed_is_explained(cli: Cli, seeded_archive: Path) -> None:
    result = cli("search", "--raw", "iran AND", "--db", str(seeded_archive))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "malformed search query" in line


def test_stats_records_and_missing_archive(cli: Cli, seeded_archive: Path, tmp_path: Path) -> None:
    records = json.loads(cli("stats", "--db", str(seeded_archive), "--json").stdout)
    totals = {r["name"]: r["count"] for r in records if r["section"] == "totals"}
    assert totals["articles"] == 5
    assert {r["section"] for r in records} >= {"totals", "language", "category"}
    missing = cli("search", "x", "--db", str(tmp_path / "nope.db"))
    assert missing.exit_code == 2 and "no archive at" in missing.stderr
    assert not (tmp_path / "nope.db").exists()


def test_stats_says_how_many_sites_it_left_out(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_archive(db) as archive:
        for n in range(4):
            add_article(archive, f"k{n}", f"Story number {n} of the day.", site=f"s{n}.example")
    shown = cli("stats", "--db", str(db), "--limit", "3")
    assert "  ... and 1 more sites (--limit 0 shows all)" in shown.stdout.splitlines()
    records = cli("stats", "--db", str(db), "--limit", "3", "--nl")
    assert records.stderr == "stats: 1 more sites not listed (--limit 0 shows all)\n"
    everything = cli("stats", "--db", str(db), "--limit", "0")
    assert "more sites" not in everything.stdout + everything.stderr


def test_reclean_cli(cli: Cli, seeded_copy: Path) -> None:
    result = cli("reclean", "--db", str(seeded_copy), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["seen"] == 5
    # everything is now cleaned by today's versions: --outdated has nothing to do
    again = cli("reclean", "--db", str(seeded_copy), "--outdated", "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["seen"] == 0
    with open_archive(seeded_copy, create=False) as archive:
        archive.db.execute("UPDATE articles SET model_version = 'old' WHERE rowid = 1")
    once = cli("reclean", "--db", str(seeded_copy), "--outdated", "--json")
    assert json.loads(once.stdout)["seen"] == 1


def test_a_closed_pipe_ends_quietly_with_exit_0(cleaner_script: Path, tmp_path: Path) -> None:
    """`cleaner search x | head -1`: the reader leaves after one line, long before the output
    ends (far more than a pipe's buffer)."""
    db = tmp_path / "big.db"
    with open_archive(db) as archive:
        for n in range(400):
            text = f"Harbour story {n}. " + "The ferry was late. " * 40
            add_article(archive, f"k{n}", text, title=f"Harbour {n} " + "news " * 60)
    for args in (["search", "harbour", "--limit", "400"], ["export", "--format", "csv"]):
        process = subprocess.Popen(
            [cleaner_script, *args, "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        assert process.wait(timeout=60) == 0, args
        assert process.stderr.read() == b"", args
