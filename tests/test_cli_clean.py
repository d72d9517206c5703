"""`cleaner clean` and `cleaner explain`, run as real subprocesses."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_corpus import article_html

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "004_2816e37060f0d1c5.txt"
EXPECTED = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))[SEED.name]
CLEANER_BIN = Path(sys.executable).parent / "cleaner"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLEANER_DEBUG"}
    proc = subprocess.run(
        [str(CLEANER_BIN), *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def _expected_body() -> str:
    return "\n\n".join(" ".join(line.split()) for line in EXPECTED["keep"])


def test_clean_prints_the_clean_body() -> None:
    result = run("clean", str(SEED))
    assert result.returncode == 0, result.stderr
    assert result.stdout == _expected_body() + "\n"
    assert result.stderr == ""


def test_clean_is_a_unix_filter_on_stdin() -> None:
    result = run("clean", "-", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout == _expected_body() + "\n"


def test_clean_with_title() -> None:
    result = run("clean", "--with-title", str(SEED))
    assert result.stdout.startswith(EXPECTED["title"] + "\n\n")


def test_clean_json_prints_the_whole_article() -> None:
    result = run("clean", "--json", str(SEED))
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == EXPECTED["title"]
    assert article["text"] == _expected_body()
    assert article["input_kind"] == "text"
    removed = {r["line"]: r for r in article["removed"]}
    assert removed[26]["rule_id"] == "comments.marker"
    assert removed[28]["category"] == "comments"
    assert all(r["reason"] for r in article["removed"])


def test_clean_with_a_user_rule_pack(tmp_path: Path) -> None:
    pack = tmp_path / "wire.toml"
    pack.write_text(
        'category = "byline"\n[[rules]]\nid = "byline.radio-farda"\nreason = "test rule"\n'
        "pattern = '''(?i)^radio farda noted\\b.{0,300}$'''\nmax_words = 60\n",
        encoding="utf-8",
    )
    result = run("clean", "--json", "--rules", str(pack), str(SEED))
    assert result.returncode == 0, result.stderr
    rule_ids = {r["rule_id"] for r in json.loads(result.stdout)["removed"]}
    assert "byline.radio-farda" in rule_ids


def test_explain_prints_every_line_plain_when_piped() -> None:
    result = run("explain", str(SEED))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    lines = SEED.read_text(encoding="utf-8").splitlines()
    numbered = [row for row in rows if not row.startswith("#")]
    assert len(numbered) == len(lines)
    assert "\x1b[" not in result.stdout
    assert numbered[0].split()[:3] == ["1", "drop", "headline"]
    assert "byline.agency" in numbered[2]
    assert numbered[5].split()[:3] == ["6", "keep", "body"]
    assert numbered[1].split() == ["2", "blank"]
    assert rows[-1] == f"# title: {EXPECTED['title']}"


def test_explain_colours_on_request() -> None:
    result = run("explain", "--color", str(SEED))
    assert "\x1b[31m" in result.stdout and "\x1b[32m" in result.stdout


def test_explain_json_lines() -> None:
    result = run("explain", "--json", str(SEED))
    verdicts = [json.loads(row) for row in result.stdout.splitlines()]
    assert [v["line"] for v in verdicts] == list(range(1, len(verdicts) + 1))
    assert {v["category"] for v in verdicts if v["keep"]} == {"body"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("clean", "missing.txt"), "error: missing.txt: no such file or directory"),
        (("clean", "-"), "error: standard input: empty file"),
        (("explain", "seeds"), "error: seeds: is a folder"),
        (("clean", "--rules", "absent.toml", "-"), "error: absent.toml: cannot read rule pack"),
    ],
)
def test_errors_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args, stdin=b"")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_bad_rule_pack_is_one_line_naming_the_file(tmp_path: Path) -> None:
    pack = tmp_path / "broken.toml"
    pack.write_text('category = "promo"\n[[rules]]\nid = "promo.x"\nreason = "r"\npattern = "(a"\n')
    result = run("clean", "--rules", str(pack), str(SEED))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {pack}: rule 'promo.x': invalid pattern")
    assert len(result.stderr.strip().splitlines()) == 1


def test_clean_reads_a_gzip_page_as_ingest_does(tmp_path: Path) -> None:
    page = article_html(7, "gzip")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    plain = run("clean", "--json", str(tmp_path / "page.html"))
    packed = run("clean", "--json", str(tmp_path / "page.html.gz"))
    assert packed.returncode == 0, packed.stderr
    assert json.loads(packed.stdout) == json.loads(plain.stdout)
    assert json.loads(packed.stdout)["input_kind"] == "html"
    assert "gzip" in json.loads(packed.stdout)["text"]


def test_clean_of_an_empty_file_says_so_as_ingest_does(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("clean", str(empty))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {empty}: empty file\n"
    ingested = run("ingest", str(empty), "--db", str(tmp_path / "a.db"))
    assert f"error: {empty}: empty file" in ingested.stderr.splitlines()
