"""Shard rows and files (cleaner.distributed.rows, shards, manifest): a prepared document
survives the trip through Parquet whole; a shard appears whole or not at all; shards are
listed in natural order without unfinished files; a job's manifest is found again by a rerun
and another job's is refused, naming what differs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from cleaner.dedup.minhash import DedupConfig, band_buckets, optimal_layout
from cleaner.distributed.manifest import JobManifest, copy_rules, read_manifest, write_manifest
from cleaner.distributed.rows import Provenance, prepared_row, rules_digest, signature_scheme
from cleaner.distributed.shards import (
    check_shard,
    read_shard,
    shard_files,
    shard_writer,
    temp_files,
    write_shard,
)
from cleaner.errors import CleanerError
from cleaner.ingest.worker import CleaningSettings, CleaningWorker, Prepared, Task
from cleaner.model import RawDocument

TEXT = (
    "Skip to main content\n\nHarbour ferry delayed again\n\n"
    + "The morning ferry left the harbour two hours late on Monday, the operator said. " * 6
    + "\n\nSubscribe\n"
)


@pytest.fixture(scope="module")
def prepared() -> list[Prepared]:
    worker = CleaningWorker(CleaningSettings())
    doc = RawDocument(
        "in/a.txt", TEXT.encode(), hints={"title": "Ferry", "published": "2026-01-02"}
    )
    cleaned = worker.process(Task("in/a.txt", None, "in/a.txt", "d" * 64, doc=doc))
    failed = Prepared(Task("in/b.txt", error="empty file"), error="empty file")
    return [cleaned, failed]


LAYOUT = optimal_layout(DedupConfig())


def _provenance() -> Provenance:
    return Provenance.current((), DedupConfig(), LAYOUT)


def test_a_prepared_document_survives_a_shard_whole(
    tmp_path: Path, prepared: list[Prepared]
) -> None:
    target = tmp_path / "part-0.parquet"
    write_shard([prepared_row(item, _provenance()) for item in prepared], target)
    check_shard(target, _provenance().cleaner_version, "built-in")
    back = list(read_shard(target, signature_scheme(DedupConfig()), LAYOUT))
    cleaned = prepared[0]
    assert back[0].article == cleaned.article and back[0].raw == cleaned.raw
    assert back[0].article is not None and back[0].article.removed  # removals kept, in order
    assert back[0].article.title == "Ferry" and back[0].article.published == "2026-01-02"
    assert back[0].text_hash == cleaned.text_hash and back[0].task.doc_key == "in/a.txt"
    assert back[0].fingerprint is not None and cleaned.fingerprint is not None
    assert np.array_equal(back[0].fingerprint.signature, cleaned.fingerprint.signature)
    assert back[0].fingerprint.buckets == cleaned.fingerprint.buckets
    assert back[0].lines == cleaned.lines and back[0].task.site is None
    assert back[1].error == "empty file" and back[1].article is None and back[1].raw is None
    other = list(read_shard(target, "another-scheme", LAYOUT))  # the writer computes them
    assert other[0].fingerprint is None and other[0].article == cleaned.article
    bands = dataclasses.replace(LAYOUT, bands=16, rows=8)  # the archive's bands differ
    recut = next(read_shard(target, signature_scheme(DedupConfig()), bands)).fingerprint
    assert recut is not None and recut.buckets == tuple(band_buckets(recut.signature, bands))


def test_the_rule_packs_digest_follows_their_content_not_their_names(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("category = 'promo'\n")
    (tmp_path / "b.toml").write_text("category = 'promo'\n")
    (tmp_path / "c.toml").write_text("category = 'legal'\n")
    assert rules_digest([str(tmp_path / "a.toml")]) == rules_digest([str(tmp_path / "b.toml")])
    assert rules_digest([str(tmp_path / "a.toml")]) != rules_digest([str(tmp_path / "c.toml")])
    assert rules_digest([]) == "built-in"


def test_a_shard_appears_whole_or_not_at_all(tmp_path: Path, prepared: list[Prepared]) -> None:
    row = prepared_row(prepared[0], _provenance())
    with pytest.raises(RuntimeError), shard_writer(tmp_path / "part-1.parquet") as writer:
        for _ in range(300):  # more than a row group is on disk when it fails
            writer.add(row)
        assert temp_files(tmp_path)
        raise RuntimeError("the worker fails halfway")
    assert list(tmp_path.iterdir()) == []


def test_shards_are_listed_in_natural_order_without_unfinished_ones(tmp_path: Path) -> None:
    for name in ("part.10.parquet", "part.9.parquet", "part.0.parquet", ".tmp-part.1.parquet.x"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("")
    names = [path.name for path in shard_files(tmp_path)]
    assert names == ["part.0.parquet", "part.9.parquet", "part.10.parquet"]


def test_a_rerun_finds_its_manifest_and_another_job_is_refused(tmp_path: Path) -> None:
    manifest = JobManifest(shards=("part-000000-abc.parquet",), templates={"": {"menu": "x"}})
    digest = write_manifest(tmp_path, manifest)
    assert write_manifest(tmp_path, manifest) == digest
    found = read_manifest(tmp_path)
    assert found == (manifest, digest)
    other = dataclasses.replace(manifest, shards=("part-000000-def.parquet",), time_limit=5.0)
    with pytest.raises(CleanerError, match=r"another job \(inputs, time_limit differ\)"):
        write_manifest(tmp_path, other)
    (tmp_path / "_job.json").write_text('{"format": 99}')
    with pytest.raises(CleanerError, match=r"_job.json: not a cleaner job manifest"):
        read_manifest(tmp_path)


def test_rule_packs_are_copied_under_their_content(tmp_path: Path) -> None:
    """An edited pack is another job's: its copy never replaces the one a job cleaned with."""
    pack, job = tmp_path / "mine.toml", tmp_path / "job"
    job.mkdir()
    pack.write_text("category = 'promo'\n")
    first = copy_rules([str(pack)], job)
    assert copy_rules([str(pack)], job) == first
    pack.write_text("category = 'legal'\n")
    second = copy_rules([str(pack)], job)
    assert second != first and (job / first[0]).read_text() == "category = 'promo'\n"
    assert second[0].startswith("_rules/00-") and second[0].endswith("-mine.toml")
