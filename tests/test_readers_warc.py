"""`cleaner.readers.warc`: article records kept, the rest passed over, truncation and corruption
reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_corpus import article_html
from hostile_corpus import WarcRecord
from hostile_corpus import write_warc as make_warc
from readers_support import docs, errors, only_error, read


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
