"""Export streams articles as JSONL, CSV or text, filtered by date and site."""

from __future__ import annotations

import csv
import io
import json

from archive_fixtures import sample_archive
from click.testing import CliRunner

from cleaner.archive.queries import ExportFilter
from cleaner.cli import main


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


def test_cli_formats(tmp_path):
    db = tmp_path / "a.db"
    sample_archive(db).close()
    runner = CliRunner()
    jsonl = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl"])
    assert jsonl.exit_code == 0, jsonl.output
    records = [json.loads(line) for line in jsonl.output.splitlines()]
    assert [r["site"] for r in records] == ["news.example", "other.example", "news.example"]
    assert records[2]["text"] == "Der Zug nach München fährt später ab."

    as_csv = runner.invoke(
        main, ["export", "--db", str(db), "--format", "csv", "--site", "other.example"]
    )
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["title"] for r in rows] == ["Budget talks"] and rows[0]["word_count"] == "10"

    txt = runner.invoke(
        main, ["export", "--db", str(db), "--format", "txt", "--since", "2026-01-01"]
    )
    parts = txt.output.split("\f\n")
    assert len(parts) == 2 and parts[0].startswith("Ferry delays at the harbour\n\nThe harbour")


def test_cli_output_file_and_bad_date(tmp_path):
    db = tmp_path / "a.db"
    sample_archive(db).close()
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text().splitlines()) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    bad = CliRunner().invoke(main, ["export", "--db", str(db), "--since", "yesterday"])
    assert bad.exit_code == 2 and "yesterday" in bad.output
