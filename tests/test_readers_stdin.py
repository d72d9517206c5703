"""`cleaner.readers.stdin`: `-` as one document, gzip or not, or a WARC stream (a real process:
standard input is the process's own)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from hostile_corpus import WarcRecord
from hostile_corpus import write_warc as make_warc


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


def _read_document_from_stdin(data: bytes) -> str:
    code = (
        "from cleaner.errors import InputError\n"
        "from cleaner.readers import ReaderOptions, read_document\n"
        "try:\n"
        "    print(read_document('-', ReaderOptions(), None).data.decode('latin-1'), end='')\n"
        "except InputError as exc:\n"
        "    print('InputError:', exc, end='')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("latin-1")


def test_read_document_takes_stdin_whole(tmp_path: Path) -> None:
    assert _read_document_from_stdin(gzip.compress(b"<p>zipped</p>")) == "<p>zipped</p>"
    warc = make_warc(tmp_path / "s.warc", [WarcRecord("https://w.com/s", b"<p>x</p>")], False)
    assert _read_document_from_stdin(warc) == warc.decode("latin-1")  # one document, not split
    assert _read_document_from_stdin(b"") == "InputError: empty file"
