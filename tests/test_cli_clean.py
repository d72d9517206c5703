"""`cleaner clean` and `cleaner explain`: in-process over the click group, and as a real
process where standard input and the terminal matter."""

from __future__ import annotations

import gzip
import json
import os
import pty
import subprocess
from pathlib import Path

import click
import pytest
from article_corpus import article_html
from cli_support import ROOT, SEED_ANSWERS, SEEDS, Cli

from cleaner.classify import Classification, LineVerdict
from cleaner.cli.clean_cmd import explanation_lines, explanation_rows
from cleaner.pipeline import Explanation

SEED = SEEDS / "004_2816e37060f0d1c5.txt"
EXPECTED = SEED_ANSWERS[SEED.name]


def _expected_body() -> str:
    return "\n\n".join(" ".join(line.split()) for line in EXPECTED["keep"])


def test_clean_prints_the_clean_body(cli: Cli) -> None:
    result = cli("clean", str(SEED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _expected_body() + "\n"
    assert result.stderr == ""


def test_clean_is_a_unix_filter_on_stdin(cleaner_script: Path) -> None:
    result = subprocess.run(
        [cleaner_script, "clean", "-"], input=SEED.read_bytes(), capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == _expected_body() + "\n"
    unnamed = subprocess.run(
        [cleaner_script, "clean"], input=SEED.read_bytes(), capture_output=True, timeout=120
    )
    assert unnamed.stdout == result.stdout  # no FILE: standard input, when it is not a terminal


def test_no_file_on_a_terminal_prints_the_usage_instead_of_waiting(cleaner_script: Path) -> None:
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [cleaner_script, "clean"], stdin=follower, capture_output=True, text=True, timeout=120
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: cleaner clean [OPTIONS] FILE|-")
    assert "no document given: name a FILE, or - to read standard input" in result.stderr


def test_clean_says_so_when_no_body_text_is_left(cli: Cli, tmp_path: Path) -> None:
    lonely = tmp_path / "headline.txt"
    lonely.write_text("Earthquake of magnitude 6.1 hits Tokyo, no tsunami warning issued\n")
    result = cli("clean", str(lonely))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        f"note: {lonely}: no body text left: every line is the headline or was removed "
        "(1 removed; `cleaner explain` shows why)\n"
    )
    titled = cli("clean", "--with-title", str(lonely))
    assert titled.stdout == "Earthquake of magnitude 6.1 hits Tokyo, no tsunami warning issued\n"


def test_clean_with_title(cli: Cli) -> None:
    result = cli("clean", "--with-title", str(SEED))
    assert result.stdout.startswith(EXPECTED["title"] + "\n\n")


def test_clean_json_prints_the_whole_article(cli: Cli) -> None:
    result = cli("clean", "--json", str(SEED))
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == EXPECTED["title"]
    assert article["text"] == _expected_body()
    assert article["input_kind"] == "text"
    removed = {r["line"]: r for r in article["removed"]}
    assert removed[26]["rule_id"] == "comments.marker"
    assert removed[28]["category"] == "comments"
    assert all(r["reason"] for r in article["removed"])


def test_clean_with_a_user_rule_pack(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "wire.toml"
    pack.write_text(
        'category = "byline"\n[[rules]]\nid = "byline.radio-farda"\nreason = "test rule"\n'
        "pattern = '''(?i)^radio farda noted\\b.{0,300}$'''\nmax_words = 60\n",
        encoding="utf-8",
    )
    result = cli("clean", "--json", "--rules", str(pack), str(SEED))
    assert result.exit_code == 0, result.stderr
    rule_ids = {r["rule_id"] for r in json.loads(result.stdout)["removed"]}
    assert "byline.radio-farda" in rule_ids


def test_explain_prints_every_line_plain_when_piped(cli: Cli) -> None:
    result = cli("explain", str(SEED))
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()
    lines = SEED.read_text(encoding="utf-8").splitlines()
    numbered = [row for row in rows if not row.startswith("#")]
    assert len(numbered) == len(lines)
    assert "\x1b[" not in result.stdout
    first = numbered[0].split()
    assert first[:3] == ["1", "drop", "headline"]
    assert 0.0 <= float(first[3]) <= 1.0  # the line model's probability, kept or not
    assert "byline.agency" in numbered[2]
    assert numbered[5].split()[:3] == ["6", "keep", "body"]
    assert numbered[1].split() == ["2", "blank"]
    assert rows[-1] == f"# title: {EXPECTED['title']}"


def test_explain_colours_on_request_and_never_under_no_color(cli: Cli) -> None:
    coloured = cli("explain", "--color", str(SEED))
    assert "\x1b[31m" in coloured.stdout and "\x1b[32m" in coloured.stdout
    assert "\x1b[" not in cli("explain", str(SEED), env={"NO_COLOR": "1"}).stdout
    assert "\x1b[31m" in cli("explain", "--color", str(SEED), env={"NO_COLOR": "1"}).stdout


def test_explain_records_carry_every_line_and_the_title(cli: Cli) -> None:
    result = cli("explain", "--json", str(SEED))
    verdicts = json.loads(result.stdout)
    assert [v["line"] for v in verdicts] == list(range(1, len(verdicts) + 1))
    assert {v["category"] for v in verdicts if v["keep"]} == {"body"}
    assert {v["title"] for v in verdicts} == {EXPECTED["title"]}
    assert list(verdicts[0]) == [
        "line", "keep", "category", "score", "rule_id", "reason", "text", "title",
    ]  # fmt: skip
    as_lines = [json.loads(row) for row in cli("explain", "--nl", str(SEED)).stdout.splitlines()]
    assert as_lines == verdicts


def test_explain_shows_the_line_models_probability_of_every_line(cli: Cli) -> None:
    """Kept or dropped, a line the model scored shows its probability, in the table and in
    the records."""
    verdicts = (
        LineVerdict(1, "Skip to main content", False, "navigation", "model.lines", "p=0.97", 0.97),
        LineVerdict(2, "The council met on Monday.", True, "body", "keep.prose", "prose", 0.04),
    )
    explanation = Explanation("text", Classification(("The council met.",), None, (), verdicts))
    rows = list(explanation_rows(explanation))
    assert [row["score"] for row in rows] == [0.97, 0.04]
    lines = explanation_lines(explanation, rows, width=0)
    table = [click.unstyle(line).split()[:4] for line in lines]
    assert table[:2] == [["1", "drop", "navigation", "0.97"], ["2", "keep", "body", "0.04"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("clean", "missing.txt"), "error: missing.txt: no such file or directory"),
        (("clean", "-"), "error: standard input: empty file"),
        (("explain", "seeds"), "error: seeds: is a folder"),
        (("clean", "--rules", "absent.toml", "-"), "error: absent.toml: cannot read rule pack"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli(*args, input=b"")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_rule_pack_is_one_line_naming_the_file(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "broken.toml"
    pack.write_text('category = "promo"\n[[rules]]\nid = "promo.x"\nreason = "r"\npattern = "(a"\n')
    result = cli("clean", "--rules", str(pack), str(SEED))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {pack}: rule 'promo.x': invalid pattern")
    assert len(result.stderr.strip().splitlines()) == 1


def test_clean_reads_a_gzip_page_as_ingest_does(cli: Cli, tmp_path: Path) -> None:
    page = article_html(7, "Marker gzip.")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    plain = cli("clean", "--json", str(tmp_path / "page.html"))
    packed = cli("clean", "--json", str(tmp_path / "page.html.gz"))
    assert packed.exit_code == 0, packed.stderr
    assert json.loads(packed.stdout) == json.loads(plain.stdout)
    assert json.loads(packed.stdout)["input_kind"] == "html"
    assert "Marker gzip." in json.loads(packed.stdout)["text"]


def test_clean_of_an_empty_file_says_so_and_ingest_counts_it_empty(
    cli: Cli, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli("clean", str(empty))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {empty}: empty file\n"
    ingested = cli("ingest", str(empty), "--db", str(tmp_path / "a.db"))
    assert ingested.exit_code == 0 and ingested.stderr == ""
    assert " 1 empty, 0 errors " in ingested.stdout
