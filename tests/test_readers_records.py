"""`cleaner.readers.records`: JSON and JSON Lines records, their fields, hints and errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from readers_support import docs, errors, only_error, read


def test_jsonl_records_with_line_sources_fields_and_hints(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [
        {"url": "https://e.com/1", "text": "Body one.", "title": "One", "published": "2026-01-02"},
        {"url": "https://e.com/2", "html": "<p>Two</p>", "fetched_at": "2026-01-03T00:00:00Z"},
        {"html": "<p>Three</p>", "text": "ignored: html wins", "score": 3, "draft": False},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    found = docs(read([path]))
    assert [d.source for d in found] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert [d.kind_hint for d in found] == ["text", "html", "html"]
    assert found[0].data == b"Body one."
    assert found[0].url == "https://e.com/1"
    assert found[0].hints == {"title": "One", "published": "2026-01-02"}
    assert found[1].hints == {"fetched_at": "2026-01-03T00:00:00Z"}
    assert found[2].url is None
    assert found[2].data == b"<p>Three</p>"
    assert found[2].hints == {"score": "3", "draft": "false"}


def test_jsonl_text_is_encoded_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Café — 東京"}) + "\n", encoding="utf-8")
    assert docs(read([path]))[0].data == "Café — 東京".encode()


def test_malformed_jsonl_lines_are_reported_with_line_numbers_and_the_rest_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": "good one"}),
        '{"text": "unterminated',
        "",
        "[1, 2]",
        json.dumps({"title": "no body"}),
        json.dumps({"html": ["not", "a", "string"]}),
        json.dumps({"text": "good two"}),
        "[" * 5000 + "]" * 5000,
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read([path])
    assert [d.data for d in docs(items)] == [b"good one", b"good two"]
    reported = {e.source: e.reason for e in errors(items)}
    assert list(reported) == [f"{path}:{n}" for n in (2, 4, 5, 6, 8)]
    assert reported[f"{path}:2"].startswith("invalid JSON: ")
    assert reported[f"{path}:4"] == "record is a JSON array, not an object"
    assert "none of the fields" in reported[f"{path}:5"]
    assert reported[f"{path}:6"] == "record field 'html' is a JSON array, not a string"
    assert "nested too deeply" in reported[f"{path}:8"]


def test_jsonl_gz_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    payload = "".join(json.dumps({"text": f"record {i}"}) + "\n" for i in range(3))
    path.write_bytes(gzip.compress(payload.encode()))
    found = docs(read([path]))
    assert [d.data for d in found] == [b"record 0", b"record 1", b"record 2"]
    assert found[2].source == f"{path}:3"


def test_jsonl_with_only_blank_lines_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    assert "no records" in only_error(read([path])).reason


def test_json_object_and_array(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"url": "https://e.com/x", "text": "Single."}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "First."}, 5, {"html": "<p>3</p>"}]))
    items = read([tmp_path])
    found = docs(items)
    assert [(Path(d.source).name, d.data) for d in found] == [
        ("many.json#1", b"First."),
        ("many.json#3", b"<p>3</p>"),
        ("one.json", b"Single."),
    ]
    assert found[2].url == "https://e.com/x"
    assert [(Path(e.source).name, e.reason) for e in errors(items)] == [
        ("many.json#2", "record is a JSON number, not an object")
    ]


def test_json_lines_saved_as_json(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text(json.dumps({"text": "a"}) + "\n" + json.dumps({"text": "b"}) + "\n")
    assert [d.source for d in docs(read([path]))] == [f"{path}:1", f"{path}:2"]


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"text": "x", "meta": ' + "[" * 20_000 + "]" * 20_000 + "}")
    assert only_error(read([path])).reason == "invalid JSON: nested too deeply"


def test_jsonl_record_line_over_max_file_bytes_is_skipped_and_next_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    big = json.dumps({"text": "y" * 5000})
    path.write_text(big + "\n" + json.dumps({"text": "small"}) + "\n")
    items = read([path], max_file_bytes=1000)
    assert [d.data for d in docs(items)] == [b"small"]
    assert errors(items)[0].source == f"{path}:1"
    assert "longer than the 1,000 bytes limit" in errors(items)[0].reason
