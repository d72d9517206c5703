"""Readers where they meet (`cleaner.readers.documents`): kinds from names, each file once, lazy
iteration, one-line names, and `read_document`, the one document of `cleaner clean`."""

from __future__ import annotations

import gzip
import json
import os
import socket
import threading
from pathlib import Path

import pytest
from readers_support import DEFAULTS, docs, errors, only_error, read

from cleaner.errors import InputError
from cleaner.model import RawDocument
from cleaner.readers import ReaderOptions, iter_documents, read_document
from cleaner.readers.documents import _Reader
from cleaner.readers.walk import FolderWalk, file_id


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


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("once\n")
    assert len(read([tmp_path / "a.txt", tmp_path, tmp_path / "a.txt"])) == 1


def test_a_file_or_folder_inside_a_folder_walked_before_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "sub" / "b.txt").write_text("b\n")
    (tmp_path / "c.png").write_text("not picked up by the walk\n")
    paths = [tmp_path, tmp_path / "a.txt", tmp_path / "sub", tmp_path / "sub" / "b.txt"]
    found = [os.path.relpath(d.source, tmp_path) for d in docs(read([*paths, tmp_path / "c.png"]))]
    assert found == ["a.txt", "sub/b.txt", "c.png"]  # named, a passed-over file is read


def test_a_file_reached_through_a_followed_link_first_is_read_once(tmp_path: Path) -> None:
    outside, inbox = tmp_path / "outside", tmp_path / "inbox"
    outside.mkdir()
    inbox.mkdir()
    (outside / "o.txt").write_text("from outside\n")
    (inbox / "link.txt").symlink_to(outside / "o.txt")
    found = docs(read([inbox, outside, outside / "o.txt"], follow_symlinks=True))
    assert [os.path.relpath(d.source, tmp_path) for d in found] == ["inbox/link.txt"]


def test_only_files_that_can_be_reached_again_are_remembered(tmp_path: Path) -> None:
    """A walk remembers hard-linked files, not every file: its memory stays flat."""
    for index in range(30):
        (tmp_path / f"{index:02d}.txt").write_text(f"doc {index}\n")
    os.link(tmp_path / "00.txt", tmp_path / "zz-hardlink.txt")
    reader = _Reader(DEFAULTS, FolderWalk(DEFAULTS))
    assert len(docs(list(reader.read_path(str(tmp_path))))) == 30
    assert reader.seen_files == {file_id(os.stat(tmp_path / "00.txt"))}


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


# -- read_document: the one document of `cleaner clean` ------------------------------------


def test_read_document_reads_a_file_whole_with_the_kind_it_was_told(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>A page.</p>")
    doc = read_document(str(path), DEFAULTS, None)
    assert (doc.source, doc.data, doc.kind_hint, doc.url) == (
        str(path),
        b"<p>A page.</p>",
        None,
        None,
    )
    assert read_document(str(path), DEFAULTS, "text").kind_hint == "text"


def test_read_document_gunzips_as_iter_documents_does(tmp_path: Path) -> None:
    packed = gzip.compress(b"<p>Zipped page.</p>")
    (tmp_path / "page.html.gz").write_bytes(packed)
    (tmp_path / "saved-by-curl.html").write_bytes(packed)
    for name in ("page.html.gz", "saved-by-curl.html"):
        assert read_document(str(tmp_path / name), DEFAULTS, None).data == b"<p>Zipped page.</p>"


def test_read_document_never_splits_records(tmp_path: Path) -> None:
    # `cleaner clean` cleans what it is given: a .jsonl file is one document, as before.
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "a"}) + "\n" + json.dumps({"text": "b"}) + "\n")
    assert read_document(str(path), DEFAULTS, None).data == path.read_bytes()


def _read_error(path: Path | str, **options: int) -> str:
    with pytest.raises(InputError) as raised:
        read_document(str(path), ReaderOptions(**options), None)  # type: ignore[arg-type]
    return str(raised.value)


def test_read_document_gives_the_readers_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.txt").write_bytes(b"  \n")
    (tmp_path / "big.txt").write_bytes(b"word " * 300)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(bytes(5_000)))
    (tmp_path / "plain.txt.gz").write_bytes(b"not compressed\n")
    (tmp_path / "long.txt").write_bytes(b"x" * 2000)
    assert _read_error(tmp_path / "empty.txt") == "empty file"
    assert _read_error(tmp_path / "spaces.txt") == "contains only whitespace"
    assert _read_error(tmp_path / "big.txt", max_file_bytes=1000) == (
        "file is larger than the 1,000 bytes limit"
    )
    assert _read_error(tmp_path / "bomb.txt.gz", max_decompressed_bytes=1000).startswith(
        "decompresses to more than the 1,000 bytes limit"
    )
    assert _read_error(tmp_path / "plain.txt.gz") == "not gzip data although the name ends in .gz"
    assert _read_error(tmp_path / "long.txt", max_line_chars=1000) == (
        "line 1 is longer than the 1,000-character limit"
    )
    assert _read_error(tmp_path / "nope.txt") == "no such file or directory"
    assert _read_error(tmp_path) == (
        "is a folder (clean takes one document; use `cleaner ingest` for many)"
    )


def test_read_document_reads_a_named_pipe_but_not_a_socket(tmp_path: Path) -> None:
    # A pipe the user names (`cleaner clean <(zcat page.gz)`) is waited for, as asked.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(gzip.compress(b"Piped text.\n")))
    writer.start()
    try:
        assert read_document(str(fifo), DEFAULTS, None).data == b"Piped text.\n"
    finally:
        writer.join(timeout=10)
    sock_path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock_path))
        assert _read_error(sock_path) == "not a regular file (a socket)"
    assert _read_error("/dev/null") == "not a regular file (a device)"
