"""`cleaner.readers.content`: empty and whitespace-only documents, bytes passed through undecoded,
the line-length limit."""

from __future__ import annotations

import json
from pathlib import Path

from readers_support import docs, errors, read

from cleaner.readers.content import find_long_line


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.html").write_bytes(b" \n\t \r\n")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf  \n")
    items = read([tmp_path])
    assert [(Path(e.source).name, e.reason) for e in errors(items)] == [
        ("bom.txt", "contains only whitespace"),
        ("empty.txt", "empty file"),
        ("spaces.html", "contains only whitespace"),
    ]


def test_binary_and_foreign_encodings_pass_through_as_bytes(tmp_path: Path) -> None:
    # Decoding is cleaner.decode's job: the reader hands the exact bytes over.
    raw = {
        "utf16.txt": "Grüße".encode("utf-16"),
        "sjis.txt": "東京".encode("shift_jis"),
        "nul.txt": b"a\x00b\x00c",
    }
    for name, data in raw.items():
        (tmp_path / name).write_bytes(data)
    assert {Path(d.source).name: d.data for d in docs(read([tmp_path]))} == {
        "nul.txt": raw["nul.txt"],
        "sjis.txt": raw["sjis.txt"],
        "utf16.txt": raw["utf16.txt"],
    }


def test_long_lines_in_text_but_not_in_html(tmp_path: Path) -> None:
    line = "é" * 600  # 600 characters, 1200 bytes: the limit counts characters
    (tmp_path / "ok.txt").write_text(f"short\n{line}\n")
    (tmp_path / "long.txt").write_text("short\nshort\n" + "x" * 1001 + "\n")
    (tmp_path / "minified.html").write_text("<p>" + "x" * 5000 + "</p>")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "z" * 2000}) + "\n")
    items = read([tmp_path], max_line_chars=1000)
    assert sorted(Path(d.source).name for d in docs(items)) == ["minified.html", "ok.txt"]
    assert [(Path(e.source).name, e.reason) for e in errors(items)] == [
        ("feed.jsonl:1", "line 1 is longer than the 1,000-character limit"),
        ("long.txt", "line 3 is longer than the 1,000-character limit"),
    ]


def test_find_long_line() -> None:
    assert find_long_line(b"ab\ncd", 5) is None
    assert find_long_line(b"ab\n" + b"c" * 6 + b"\nd", 5) == 2
    assert find_long_line(b"a" * 6, 5) == 1
    assert find_long_line("ééé".encode(), 3) is None
