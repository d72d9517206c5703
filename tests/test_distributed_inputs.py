"""Planning a job's shards (cleaner.distributed.inputs): the inputs come in the order and with
the names `ingest`'s readers give them, each file once; globs expand; tasks group several
files up to a count or a size; names are stable for the same inputs and differ for others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner.distributed.inputs import input_entries, plan_shards
from cleaner.errors import CleanerError
from cleaner.readers import ReaderOptions, iter_documents

OPTIONS = ReaderOptions()


def _tree(root: Path) -> Path:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("Alpha story text.\n")
    (root / "b" / "c.html").write_text("<p>Gamma</p>")
    (root / "b" / "d.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n')
    (root / "b" / "skipped.png").write_bytes(b"\x89PNG")
    os.link(root / "a.txt", root / "b" / "hardlink.txt")
    (root / "b" / "out").symlink_to("/")  # leads outside the folder: an error in its place
    return root


def _reader_sources(paths: list[str]) -> list[str]:
    """The file-level names `ingest` reports: a document's source without :LINE or #N."""
    names = []
    for item in iter_documents(paths, OPTIONS):
        name = item.source.rsplit(":", 1)[0] if ".jsonl:" in item.source else item.source
        if name not in names:
            names.append(name)
    return names


def test_entries_follow_the_readers_order_names_and_errors(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    paths = [str(root), str(root / "a.txt"), str(tmp_path / "missing.txt")]
    entries = list(input_entries(paths, OPTIONS))
    assert [e.source for e in entries] == _reader_sources(paths)
    errors = {e.source: e.error for e in entries if e.error}
    assert errors[str(root / "b" / "out")].startswith("symbolic link leads outside")
    assert errors[str(tmp_path / "missing.txt")] == "no such file or directory"
    assert all(e.path for e in entries if not e.error)
    assert sum(e.source.endswith("a.txt") for e in entries) == 1  # hard link and repeat: once


def test_a_glob_expands_in_byte_order_and_standard_input_is_refused(tmp_path: Path) -> None:
    for name in ("b.warc.gz", "a.warc.gz", "c.txt"):
        (tmp_path / name).write_bytes(b"x")
    entries = list(input_entries([str(tmp_path / "*.warc.gz")], OPTIONS))
    assert [Path(e.source).name for e in entries] == ["a.warc.gz", "b.warc.gz"]
    nothing = list(input_entries([str(tmp_path / "*.none")], OPTIONS))
    assert len(nothing) == 1 and nothing[0].error
    with pytest.raises(CleanerError, match="standard input cannot be cleaned on a cluster"):
        list(input_entries(["-"], OPTIONS))


def test_tasks_group_files_by_count_and_by_size(tmp_path: Path) -> None:
    for index in range(7):
        (tmp_path / f"{index}.txt").write_bytes(b"x" * (1000 if index == 3 else 10))
    by_count = plan_shards([str(tmp_path)], OPTIONS, files_per_shard=3)
    assert [len(task.entries) for task in by_count] == [3, 3, 1]
    by_size = plan_shards([str(tmp_path)], OPTIONS, files_per_shard=100, shard_bytes=500)
    assert [len(task.entries) for task in by_size] == [3, 1, 3]  # the big file: a task alone
    assert [task.size for task in by_size] == [30, 1000, 30]  # the cluster runs big ones first
    names = [task.name for task in by_count]
    assert names == sorted(names) and names[0].startswith("part-000000-")
    assert names == [task.name for task in plan_shards([str(tmp_path)], OPTIONS, 3)]
    (tmp_path / "7.txt").write_bytes(b"new")
    changed = [task.name for task in plan_shards([str(tmp_path)], OPTIONS, 3)]
    assert changed[:2] == names[:2] and changed[2] != names[2]
