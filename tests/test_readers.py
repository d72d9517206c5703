"""Readers: every input format, folder walking, symlinks, special files, limits, odd names."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_corpus import WarcRecord, article_html, article_text, permission_enforcing_prefix
from hostile_corpus import write_warc as make_warc

from cleaner.model import RawDocument
from cleaner.readers import (
    ReaderOptions,
    ReadError,
    display_path,
    find_long_line,
    format_of,
    iter_documents,
)

DEFAULTS = ReaderOptions()


def read(paths: list[Path | str], **options: object) -> list[RawDocument | ReadError]:
    return list(iter_documents([str(p) for p in paths], ReaderOptions(**options)))  # type: ignore[arg-type]


def docs(items: list[RawDocument | ReadError]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def errors(items: list[RawDocument | ReadError]) -> list[ReadError]:
    return [i for i in items if isinstance(i, ReadError)]


def only_error(items: list[RawDocument | ReadError]) -> ReadError:
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    return items[0]


# -- formats -------------------------------------------------------------------------------


def test_text_and_html_files_carry_kind_hints(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain words.\n")
    (tmp_path / "b.html").write_text("<p>Markup</p>")
    (tmp_path / "c.HTM").write_text("<p>Upper case suffix</p>")
    found = docs(read([tmp_path]))
    assert [(Path(d.source).name, d.kind_hint) for d in found] == [
        ("a.txt", "text"),
        ("b.html", "html"),
        ("c.HTM", "html"),
    ]
    assert found[0].data == b"Plain words.\n"
    assert found[0].url is None and found[0].hints == {}


def test_format_of_names() -> None:
    assert format_of("x.txt") == ("text", False)
    assert format_of("x.html.gz") == ("html", True)
    assert format_of("x.JSONL.GZ") == ("jsonl", True)
    assert format_of("crawl.warc.gz") == ("warc", True)
    assert format_of("x.json") == ("json", False)
    assert format_of("notes") == (None, False)


def test_gzip_variants_are_decompressed(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Compressed text.\n"))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<p>Compressed html</p>"))
    found = docs(read([tmp_path]))
    assert [(d.data, d.kind_hint) for d in found] == [
        (b"Compressed text.\n", "text"),
        (b"<p>Compressed html</p>", "html"),
    ]


def test_gzip_without_gz_name_is_still_decompressed(tmp_path: Path) -> None:
    (tmp_path / "saved-by-curl.html").write_bytes(gzip.compress(b"<p>Was gzip</p>"))
    assert docs(read([tmp_path]))[0].data == b"<p>Was gzip</p>"


def test_multi_member_gzip(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"first ") + gzip.compress(b"second\n"))
    assert docs(read([tmp_path]))[0].data == b"first second\n"


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


def _warc_records() -> list[WarcRecord]:
    return [
        WarcRecord("https://w.com/req", b"GET / HTTP/1.1\r\n\r\n", "request", "application/http"),
        WarcRecord("https://w.com/a", b"<html><p>Page A</p></html>"),
        WarcRecord("https://w.com/logo.png", b"\x89PNG", content_type="image/png"),
        WarcRecord("https://w.com/missing", b"<p>404</p>", status="404 Not Found"),
        WarcRecord("https://w.com/b.txt", b"Plain B", content_type="text/plain"),
        WarcRecord("https://w.com/c", b"<p>Resource C</p>", "resource", "text/html"),
    ]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_response_and_resource_records(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    make_warc(path, _warc_records(), compress)
    items = read([path])
    assert errors(items) == []
    found = docs(items)
    assert [(d.source, d.url, d.kind_hint, d.data) for d in found] == [
        (f"{path}#2", "https://w.com/a", "html", b"<html><p>Page A</p></html>"),
        (f"{path}#5", "https://w.com/b.txt", "text", b"Plain B"),
        (f"{path}#6", "https://w.com/c", "html", b"<p>Resource C</p>"),
    ]
    assert found[0].hints["content_type"] == "text/html; charset=utf-8"
    assert found[0].hints["fetched_at"].endswith("Z")


def test_bad_warc_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(b"garbage that is no WARC\r\n\r\nmore garbage\n")
    assert only_error(read([path])).reason.startswith("not a valid WARC file")


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_warc_keeps_whole_records_and_reports_the_cut(
    tmp_path: Path, compress: bool
) -> None:
    path = tmp_path / "cut.warc"
    records = [
        WarcRecord("https://w.com/1", article_html(1, "first").encode()),
        WarcRecord("https://w.com/2", article_html(2, "second").encode()),
    ]
    data = make_warc(path, records, compress)
    for cut in (40, 300, 700):
        path.write_bytes(data[: len(data) - cut])
        items = read([path])
        assert [d.url for d in docs(items)] == ["https://w.com/1"], cut
        assert len(errors(items)) == 1, (cut, items)
        assert "truncated" in errors(items)[0].reason or "corrupt" in errors(items)[0].reason


def test_warc_without_articles_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    make_warc(
        path, [WarcRecord("https://w.com/i.png", b"\x89PNG", content_type="image/png")], False
    )
    assert only_error(read([path])).reason == "no HTML or plain-text response records"


def test_oversized_warc_record_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    records = [
        WarcRecord("https://w.com/big", b"<p>" + b"x" * 5000 + b"</p>"),
        WarcRecord("https://w.com/small", b"<p>small</p>"),
    ]
    make_warc(path, records, False)
    items = read([path], max_file_bytes=1000)
    assert [d.url for d in docs(items)] == ["https://w.com/small"]
    assert errors(items)[0].source == f"{path}#1"
    assert "larger than the 1,000 bytes limit" in errors(items)[0].reason


def _run_reader_on_stdin(data: bytes) -> list[list[object]]:
    code = (
        "import json, sys\n"
        "from cleaner.readers import ReaderOptions, iter_documents\n"
        "out = [[type(d).__name__, d.source, getattr(d, 'data', b'').decode('latin-1'),"
        " getattr(d, 'reason', '')] for d in iter_documents(['-'], ReaderOptions())]\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True, timeout=60
    )
    return list(json.loads(result.stdout))


def test_stdin_document_gzip_and_warc(tmp_path: Path) -> None:
    assert _run_reader_on_stdin(b"From a pipe.\n") == [["RawDocument", "-", "From a pipe.\n", ""]]
    assert _run_reader_on_stdin(gzip.compress(b"<p>zipped</p>")) == [
        ["RawDocument", "-", "<p>zipped</p>", ""]
    ]
    records = [WarcRecord("https://w.com/s", b"<p>warc on stdin</p>")]
    warc = make_warc(tmp_path / "s.warc.gz", records, True)
    assert _run_reader_on_stdin(warc) == [["RawDocument", "-#1", "<p>warc on stdin</p>", ""]]
    assert _run_reader_on_stdin(b"") == [["ReadError", "-", "", "empty file"]]


# -- folders, order, links, special files --------------------------------------------------


def test_folders_walked_recursively_in_byte_order(tmp_path: Path) -> None:
    for rel in ["b/z.txt", "b/a.txt", "a.txt", "B.txt", "c/d/e/deep.txt", "b/sub/x.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    found = [os.path.relpath(d.source, tmp_path) for d in docs(read([tmp_path]))]
    assert found == ["B.txt", "a.txt", "b/a.txt", "b/sub/x.txt", "b/z.txt", "c/d/e/deep.txt"]


def test_unrecognised_names_skipped_in_folders_but_read_when_named(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "README").write_text("Named explicitly.\n")
    (tmp_path / "keep.txt").write_text("Kept.\n")
    assert [Path(d.source).name for d in docs(read([tmp_path]))] == ["keep.txt"]
    named = docs(read([tmp_path / "README"]))
    assert [(d.data, d.kind_hint) for d in named] == [(b"Named explicitly.\n", None)]


def test_extensions_option_limits_the_walk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text\n")
    (tmp_path / "b.html").write_text("<p>html</p>")
    (tmp_path / "c.md").write_text("markdown\n")
    found = docs(read([tmp_path], extensions=(".html", ".md")))
    assert [Path(d.source).name for d in found] == ["b.html", "c.md"]


def test_deep_folder_tree_is_not_a_recursion(tmp_path: Path) -> None:
    # Deeper than Python's recursion limit; built and removed level by level for the same reason.
    folders = [str(tmp_path / "d")]
    for _ in range(1200):
        os.mkdir(folders[-1])
        folders.append(os.path.join(folders[-1], "d"))
    bottom = Path(folders[-2], "bottom.txt")
    bottom.write_text("At the bottom.\n")
    try:
        assert [d.data for d in docs(read([tmp_path]))] == [b"At the bottom.\n"]
    finally:
        bottom.unlink()
        for folder in reversed(folders[:-1]):
            os.rmdir(folder)


def test_symlink_loop_to_parent_is_reported_and_the_walk_finishes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("inside\n")
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "sub" / "self").symlink_to("self")
    items = read([tmp_path])
    assert [d.data for d in docs(items)] == [b"inside\n"]
    assert [(os.path.relpath(e.source, tmp_path), e.reason) for e in errors(items)] == [
        ("sub/self", "symbolic link loop"),
        ("sub/up", "symbolic link loop: leads back to a parent folder"),
    ]


def test_links_inside_the_tree_do_not_double_read(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("once\n")
    (tmp_path / "alias-dir").symlink_to("real")
    (tmp_path / "alias.txt").symlink_to("real/a.txt")
    items = read([tmp_path])
    assert errors(items) == []
    assert [os.path.relpath(d.source, tmp_path) for d in docs(items)] == ["real/a.txt"]


def test_links_leaving_the_tree_are_reported_unless_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.txt").write_text("from outside\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "to-dir").symlink_to(outside)
    (inbox / "to-file.txt").symlink_to(outside / "o.txt")
    (inbox / "to-image.png").symlink_to(outside / "o.txt")  # unrecognised name: passed over
    items = read([inbox])
    assert docs(items) == []
    assert [(Path(e.source).name, e.reason) for e in errors(items)] == [
        ("to-dir", "symbolic link leads outside the folder (not followed)"),
        ("to-file.txt", "symbolic link leads outside the folder (not followed)"),
    ]
    followed = read([inbox], follow_symlinks=True)
    assert errors(followed) == []
    assert [os.path.relpath(d.source, inbox) for d in docs(followed)] == ["to-dir/o.txt"]


def test_followed_links_still_detect_loops(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "to-b").symlink_to(b)
    (b / "to-a").symlink_to(a)
    (b / "x.txt").write_text("x\n")
    items = read([a], follow_symlinks=True)
    assert [os.path.relpath(d.source, a) for d in docs(items)] == ["to-b/x.txt"]
    assert [os.path.relpath(e.source, a) for e in errors(items)] == ["to-b/to-a"]
    assert "loop" in errors(items)[0].reason


def test_dangling_link_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    assert only_error(read([tmp_path])).reason == "broken symbolic link (its target does not exist)"
    assert only_error(read([tmp_path / "nope.txt"])).reason == "no such file or directory"


def test_fifo_is_reported_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # No writer ever opens the FIFO: opening it for reading would block this test forever.
    assert only_error(read([tmp_path])).reason == "not a regular file (a FIFO)"
    assert only_error(read([fifo])).reason == "not a regular file (a FIFO)"


def test_socket_and_device_are_not_regular_files(tmp_path: Path) -> None:
    sock_path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock_path))
        assert only_error(read([sock_path])).reason == "not a regular file (a socket)"
    assert only_error(read(["/dev/null"])).reason == "not a regular file (a device)"


def test_unreadable_file_reports_the_os_reason(tmp_path: Path) -> None:
    prefix = permission_enforcing_prefix()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    locked = tmp_path / "locked.txt"
    locked.write_text("secret\n")
    locked.chmod(0)
    (tmp_path / "open.txt").write_text("fine\n")
    locked_dir = tmp_path / "locked-dir"
    locked_dir.mkdir()
    (locked_dir / "inner.txt").write_text("hidden\n")
    locked_dir.chmod(0)
    code = (
        "import sys\n"
        "from cleaner.readers import ReaderOptions, iter_documents\n"
        "for d in iter_documents([sys.argv[1]], ReaderOptions()):\n"
        "    print(d if hasattr(d, 'reason') else 'doc ' + d.source)\n"
    )
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-c", code, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    finally:
        locked_dir.chmod(0o755)
    assert result.stdout.splitlines() == [
        f"{locked_dir}: cannot list folder: permission denied",
        f"{locked}: cannot open: permission denied",
        f"doc {tmp_path / 'open.txt'}",
    ]


def test_odd_file_names_are_shown_on_one_line(tmp_path: Path) -> None:
    names = ["with space.txt", "new\nline.txt", "-dash.txt", os.fsdecode(b"bytes-\xff.txt")]
    for name in names:
        (tmp_path / name).write_text(f"content of {name!r}\n")
    (tmp_path / "empty\nname.txt").write_bytes(b"")
    items = read([tmp_path])
    shown = sorted(os.path.relpath(d.source, tmp_path) for d in docs(items))
    assert shown == ["-dash.txt", "bytes-\\xff.txt", "new\\nline.txt", "with space.txt"]
    error = only_error(errors(items))  # type: ignore[arg-type]
    assert str(error) == f"{tmp_path}/empty\\nname.txt: empty file"
    assert "\n" not in str(error)
    for doc in docs(items):
        doc.source.encode("utf-8")  # storable in SQLite: no lone surrogates


def test_display_path_and_read_error_stay_one_line() -> None:
    assert display_path("a\nb\tc") == "a\\nb\\tc"
    assert display_path(os.fsdecode(b"x\xe9")) == "x\\xe9"
    error = ReadError("f\u2028g", "first line\nsecond line")
    assert str(error) == "f\\u2028g: first line\\nsecond line"
    assert len(ReadError("f", "x" * 1000).reason) == 300


# -- content checks and limits -------------------------------------------------------------


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


def test_max_file_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 300)
    (tmp_path / "ok.txt").write_bytes(b"small\n")
    items = read([tmp_path], max_file_bytes=1000)
    assert [Path(d.source).name for d in docs(items)] == ["ok.txt"]
    assert errors(items)[0].reason == "file is larger than the 1,000 bytes limit"


def test_jsonl_record_line_over_max_file_bytes_is_skipped_and_next_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    big = json.dumps({"text": "y" * 5000})
    path.write_text(big + "\n" + json.dumps({"text": "small"}) + "\n")
    items = read([path], max_file_bytes=1000)
    assert [d.data for d in docs(items)] == [b"small"]
    assert errors(items)[0].source == f"{path}:1"
    assert "longer than the 1,000 bytes limit" in errors(items)[0].reason


def test_gzip_bomb_is_stopped_at_the_decompressed_limit(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(bytes(5_000_000)))
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(b"\n" * 5_000_000))
    items = read([tmp_path], max_decompressed_bytes=1_000_000)
    assert docs(items) == []
    assert [(Path(e.source).name, e.reason) for e in errors(items)] == [
        (
            "bomb.jsonl.gz",
            "decompresses to more than the 1,000,000 bytes limit (after line 1000000)",
        ),
        (
            "bomb.txt.gz",
            "decompresses to more than the 1,000,000 bytes limit (gzip bomb or oversized file)",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cut.txt.gz", gzip.compress(b"some text " * 100)[:-30], "truncated gzip data"),
        ("plain.txt.gz", b"not compressed at all\n", "not gzip data although the name ends in .gz"),
        ("cut.jsonl.gz", gzip.compress(b'{"text": "a"}\n' * 50)[:-10], "truncated gzip data"),
    ],
)
def test_broken_gzip(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    items = read([tmp_path])
    assert reason in errors(items)[-1].reason
    assert len(errors(items)) == 1


def test_corrupt_gzip_data(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(article_text(1, "corrupt").encode()))
    for offset in range(20, len(packed) - 20, 9):
        packed[offset] ^= 0x5A
    (tmp_path / "bad.txt.gz").write_bytes(bytes(packed))
    assert only_error(read([tmp_path])).reason.startswith("corrupt gzip data")


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


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("once\n")
    assert len(read([tmp_path / "a.txt", tmp_path, tmp_path / "a.txt"])) == 1


def test_iteration_is_lazy(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(f"doc {index}\n")
    stream = iter_documents([str(tmp_path)], DEFAULTS)
    first = next(stream)
    assert isinstance(first, RawDocument) and first.data == b"doc 0\n"
    (tmp_path / "2.txt").write_text("changed before it was read\n")
    assert [d.data for d in stream if isinstance(d, RawDocument)] == [
        b"doc 1\n",
        b"changed before it was read\n",
    ]
