"""`cleaner duplicates`, `cleaner templates` and the templates in `cleaner stats`, run
in-process on a real archive made by `cleaner ingest`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import SEED_FILES, Cli, run_cli

FOOTER = (
    "RFE/RL journalists report the news in 27 languages in 23 countries where a free press is "
    "banned by the government or not fully established. We provide what many people cannot get "
    "locally: uncensored news, responsible discussion, and open debate."
)


def bodies(count: int) -> list[list[str]]:
    """Different articles: disjoint long paragraphs of the seeds."""
    lines = [line.strip() for path in SEED_FILES for line in path.read_text("utf-8").splitlines()]
    pool = [line for line in lines if len(line.split()) >= 20 and "RFE/RL journalists" not in line]
    return [pool[i::count][:5] for i in range(count)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten rferl.org articles sharing the footer, and a syndicated copy of the first one."""
    root = tmp_path_factory.mktemp("cli")
    articles = bodies(10)
    records = [
        {"url": f"https://www.rferl.org/a/{n}.html", "text": "\n\n".join([*body, FOOTER])}
        for n, body in enumerate(articles)
    ]
    copy = ["Syria rejects US demand, official says", *articles[0][:-1], "Share on Facebook"]
    records.append({"url": "https://wire.example/syria", "text": "\n\n".join(copy)})
    feed = root / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = root / "archive.db"
    done = run_cli("ingest", str(feed), "--db", str(db), "--quiet")
    assert done.exit_code == 0, done.stderr
    return db


def test_duplicates_lists_the_cluster(cli: Cli, archive: Path) -> None:
    listed = cli("duplicates", "--db", str(archive))
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 and "rferl.org" in lines[0]
    similarity, _, site = lines[1].split()[:3]
    assert 0.4 <= float(similarity) <= 1.0 and site == "wire.example"
    canonical, copy = json.loads(cli("duplicates", "--db", str(archive), "--json").stdout)
    assert canonical["url"] == "https://www.rferl.org/a/0.html"
    assert canonical["cluster"] == canonical["article_id"] and canonical["similarity"] is None
    assert copy["url"] == "https://wire.example/syria" and copy["cluster"] == canonical["cluster"]
    as_csv = cli("duplicates", "--db", str(archive), "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [row["url"] for row in rows] == [canonical["url"], copy["url"]]
    assert rows[0]["similarity"] == "" and float(rows[1]["similarity"]) == copy["similarity"]
    assert cli("duplicates", "--db", str(archive), "--nl", "--limit", "1").stdout.count("\n") == 2


def test_templates_and_stats_show_the_learned_footer(cli: Cli, archive: Path) -> None:
    listed = cli("templates", "--db", str(archive))
    assert listed.exit_code == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    assert line.startswith("rferl.org") and "RFE/RL journalists report the news" in line
    assert line.split()[1] == "10"
    [record] = json.loads(cli("templates", "--db", str(archive), "--json").stdout)
    assert (record["site"], record["articles"]) == ("rferl.org", 10)
    assert list(record) == ["site", "line", "articles", "learned_at"]
    stats = cli("stats", "--db", str(archive))
    assert stats.exit_code == 0, stats.stderr
    section = stats.stdout.split("templates learned per site:")[1].split()
    assert section[:2] == ["rferl.org", "1"]


def test_threshold_and_rebuild(cli: Cli, archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(archive.read_bytes())
    done = cli("duplicates", "--db", str(copy), "--set-threshold", "0.95", "--rebuild")
    assert done.exit_code == 0, done.stderr
    assert "threshold set to 0.95" in done.stdout and "11 articles indexed" in done.stdout
    # Existing marks are kept: a rebuild never un-duplicates anything.
    assert len(cli("duplicates", "--db", str(copy)).stdout.splitlines()) == 2


def test_missing_archive_is_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    missing = cli("duplicates", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1 and "none.db" in missing.stderr
    bad = cli("duplicates", "--db", str(tmp_path / "none.db"), "--set-threshold", "1.5")
    assert bad.exit_code == 2 and "1.5" in bad.stderr


def test_template_thresholds_are_options(cli: Cli, tmp_path: Path) -> None:
    """A prose footer shared by 4 articles is no template by default (prose needs 8 articles);
    lowering the thresholds on the command line makes it one."""
    records = [
        {"url": f"https://www.rferl.org/b/{n}.html", "text": "\n\n".join([*body, FOOTER])}
        for n, body in enumerate(bodies(4))
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    default_db, lowered_db = tmp_path / "default.db", tmp_path / "lowered.db"
    assert cli("ingest", str(feed), "--db", str(default_db), "-q").exit_code == 0
    none = cli("templates", "--db", str(default_db))
    assert (none.stdout, none.stderr) == ("", "no site templates learned yet\n")
    assert cli("templates", "--db", str(default_db), "--json").stdout == "[]\n"
    lowered = cli(
        "ingest", str(feed), "--db", str(lowered_db), "-q",
        "--template-min-articles", "3", "--template-prose-min-articles", "3",
    )  # fmt: skip
    assert lowered.exit_code == 0, lowered.stderr
    [line] = cli("templates", "--db", str(lowered_db)).stdout.splitlines()
    assert line.startswith("rferl.org") and "RFE/RL journalists" in line
    bad = cli("ingest", str(feed), "--db", str(lowered_db), "--template-min-share", "2")
    assert bad.exit_code == 2 and "--template-min-share" in bad.stderr
