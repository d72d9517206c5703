"""Export streams articles as JSON Lines, a JSON array, CSV, TSV or text, filtered by date and
site, to standard output or into a file written whole."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from archive_fixtures import sample_archive
from cli_support import Cli

from cleaner.archive.queries import ExportFilter


def test_iter_export_filters(tmp_path):
    with sample_archive(tmp_path / "a.db") as archive:
        titles = [r["title"] for r in archive.iter_export(ExportFilter())]
        assert titles == ["Ferry delays at the harbour", "Budget talks", "Bahn"]
        since = [r["title"] for r in archive.iter_export(ExportFilter(since="2026-03-15"))]
        assert since == ["Budget talks"]
        site = [r["title"] for r in archive.iter_export(ExportFilter(site="www.News.example"))]
        assert site == ["Ferry delays at the harbour", "Bahn"]


def test_export_is_a_stream(tmp_path):
    with sample_archive(tmp_path / "a.db") as archive:
        rows = archive.iter_export(ExportFilter())
        first = next(rows)
        assert first["title"] == "Ferry delays at the harbour"
        assert not isinstance(rows, list)


def test_cli_formats(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    sample_archive(db).close()
    jsonl = cli("export", "--db", str(db), "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.output
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["site"] for r in records] == ["news.example", "other.example", "news.example"]
    assert records[2]["text"] == "Der Zug nach München fährt später ab."
    assert cli("export", "--db", str(db)).stdout == jsonl.stdout  # jsonl is the default
    assert cli("export", "--db", str(db), "--nl").stdout == jsonl.stdout
    for args in (["--format", "json"], ["--json"]):
        assert json.loads(cli("export", "--db", str(db), *args).stdout) == records

    as_csv = cli("export", "--db", str(db), "--format", "csv", "--site", "other.example")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["title"] for r in rows] == ["Budget talks"] and rows[0]["word_count"] == "10"
    as_tsv = cli("export", "--db", str(db), "--tsv", "--site", "other.example").stdout
    assert list(csv.DictReader(io.StringIO(as_tsv), dialect="excel-tab")) == rows

    txt = cli("export", "--db", str(db), "--format", "txt", "--since", "2026-01-01")
    parts = txt.stdout.split("\f\n")
    assert len(parts) == 2 and parts[0].startswith("Ferry delays at the harbour\n\nThe harbour")
    both = cli("export", "--db", str(db), "--format", "csv", "--json")
    assert both.exit_code == 2 and "either --format or one of --json" in both.stderr


def test_cli_output_file_and_bad_date(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    sample_archive(db).close()
    out = tmp_path / "out.jsonl"
    result = cli("export", "--db", str(db), "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"3 articles written to {out}\n"
    assert len(out.read_text().splitlines()) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    bad = cli("export", "--db", str(db), "--since", "yesterday")
    assert bad.exit_code == 2 and "yesterday" in bad.output


def test_output_into_a_missing_folder_names_the_folder(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    sample_archive(db).close()
    target = tmp_path / "nonexistent" / "x.jsonl"
    result = cli("export", "--db", str(db), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: cannot write {target}: the folder {target.parent} does not exist\n"
    )
