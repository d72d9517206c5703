"""`cleaner.readers.files`: opening files (special files, permissions), the size cap, gzip and the
decompressed-size cap."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from article_corpus import article_text
from hostile_corpus import permission_enforcing_prefix
from readers_support import docs, errors, only_error, read


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


def test_max_file_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 300)
    (tmp_path / "ok.txt").write_bytes(b"small\n")
    items = read([tmp_path], max_file_bytes=1000)
    assert [Path(d.source).name for d in docs(items)] == ["ok.txt"]
    assert errors(items)[0].reason == "file is larger than the 1,000 bytes limit"


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
