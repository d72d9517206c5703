"""`cleaner.readers.options`: how a file name says it is read, and which names a walk picks up."""

from __future__ import annotations

from cleaner.readers.options import ReaderOptions, format_of


def test_format_of_names() -> None:
    assert format_of("x.txt") == ("text", False)
    assert format_of("x.html.gz") == ("html", True)
    assert format_of("x.JSONL.GZ") == ("jsonl", True)
    assert format_of("crawl.warc.gz") == ("warc", True)
    assert format_of("x.json") == ("json", False)
    assert format_of("notes") == (None, False)


def test_walk_picks_up_the_extensions_with_or_without_gz() -> None:
    options = ReaderOptions(extensions=(".html", ".md"))
    assert options.picks_up("a.html") and options.picks_up("A.HTML.GZ")
    assert options.picks_up("notes.md.gz")
    assert not options.picks_up("a.txt") and not options.picks_up("a.html.zip")
    assert ReaderOptions().picks_up("feed.jsonl.gz") and ReaderOptions().picks_up("c.warc")
