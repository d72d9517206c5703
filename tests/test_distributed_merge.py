"""Merging shards into the archive (cleaner.distributed.merge), with shards cleaned in this
process as a worker cleans them: the merged archive equals a plain `ingest` of the same
inputs, table by table; merging again changes nothing; a merge stopped halfway and run again
ends in the same archive; bad shards are refused before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed_support import (
    SEEDS,
    SITE_FOOTER,
    assert_same_archive,
    local_job,
    snapshot,
    write_warc_corpus,
)

from cleaner.archive import open_archive
from cleaner.distributed.merge import merge
from cleaner.errors import CleanerError
from cleaner.ingest import ingest, reclean
from cleaner.ingest.options import Batching, IngestOptions, RecleanOptions
from cleaner.outcomes import Outcome, OutcomeKind

RULE_PACK = """
category = "promo"

[[rules]]
id = "promo.test-marker"
reason = "the test's own pack"
pattern = '''^Marker 4\\.$'''
max_words = 3
"""


def _ingest(paths: list[str], db: Path, **options: object) -> None:
    ingest(IngestOptions(paths=tuple(paths), db_path=str(db), **options))  # type: ignore[arg-type]


def _merge(folders: list[Path], db: Path, **options: object):
    return merge(IngestOptions(paths=tuple(map(str, folders)), db_path=str(db), **options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    return [str(path) for path in write_warc_corpus(folder)]


@pytest.fixture(scope="module")
def corpus_shards(tmp_path_factory: pytest.TempPathFactory, corpus: list[str]) -> Path:
    out = tmp_path_factory.mktemp("shards")
    local_job(corpus, out)
    return out


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, corpus: list[str]) -> Path:
    db = tmp_path_factory.mktemp("plain") / "plain.db"
    _ingest(corpus, db)
    return db


def test_seeds_merged_equal_a_plain_ingest(tmp_path: Path) -> None:
    paths = [str(SEEDS)]
    local_job(paths, tmp_path / "shards")
    _ingest(paths, tmp_path / "plain.db")
    report = _merge([tmp_path / "shards"], tmp_path / "merged.db")
    assert report.counts[OutcomeKind.NEW] == 5 and report.counts[OutcomeKind.ERROR] == 1
    assert_same_archive(tmp_path / "merged.db", tmp_path / "plain.db")


def test_warc_corpus_merged_equals_a_plain_ingest(
    tmp_path: Path, corpus_shards: Path, ingested: Path
) -> None:
    db = tmp_path / "merged.db"
    report = _merge([corpus_shards], db)
    counts = report.counts
    assert counts[OutcomeKind.DUPLICATE] >= 1 and counts[OutcomeKind.NEAR_DUPLICATE] == 1
    assert counts[OutcomeKind.ERROR] == 1 and counts[OutcomeKind.EMPTY] == 1  # bad line, empty file
    assert_same_archive(db, ingested)
    state = snapshot(db)
    assert ("harbour.example.com", SITE_FOOTER) in [row[:2] for row in state["site_templates"]]
    harbour = [row for row in state["articles"] if row[6] == "harbour.example.com"]
    assert harbour and not any(SITE_FOOTER in row[12] for row in harbour)  # re-cleaned
    assert any(row[2] == 2 for row in harbour)  # a new version of a page


def test_a_job_for_an_existing_archive_cleans_with_its_learned_templates(
    tmp_path: Path, corpus: list[str]
) -> None:
    first, later = [p for p in corpus if "crawl-1" in p], [p for p in corpus if "crawl-2" in p]
    plain, merged = tmp_path / "plain.db", tmp_path / "merged.db"
    for db in (plain, merged):
        _ingest(first, db)  # both archives learn the harbour site's footer
    assert ("harbour.example.com", SITE_FOOTER) in [
        r[:2] for r in snapshot(merged)["site_templates"]
    ]
    _ingest(later, plain)
    local_job(later, tmp_path / "shards", db=merged)
    _merge([tmp_path / "shards"], merged)
    assert_same_archive(merged, plain, template_counts=False)
    state = snapshot(merged)
    assert not any(SITE_FOOTER in row[12] for row in state["articles"])
    reasons = {row[5] for row in state["removals"] if row[3] == "site-template"}
    assert reasons == {"seen in 8 articles of harbour.example.com"}  # when the job started


def test_merging_again_changes_nothing(tmp_path: Path, corpus_shards: Path) -> None:
    db = tmp_path / "merged.db"
    first = _merge([corpus_shards], db)
    before = snapshot(db)
    again = _merge([corpus_shards], db)
    assert again.counts[OutcomeKind.NEW] == again.counts[OutcomeKind.NEAR_DUPLICATE] == 0
    assert again.counts.seen == first.counts.seen
    after = snapshot(db)
    for table in ("articles", "removals", "sightings", "raw_inputs", "minhashes"):
        assert after[table] == before[table]


def test_a_merge_stopped_halfway_and_run_again_loses_and_doubles_nothing(
    tmp_path: Path, corpus_shards: Path, ingested: Path
) -> None:
    db = tmp_path / "merged.db"
    seen: list[Outcome] = []

    def stop_after_ten(outcome: Outcome) -> None:
        seen.append(outcome)
        if len(seen) == 10:
            raise KeyboardInterrupt

    options = IngestOptions(paths=(str(corpus_shards),), db_path=str(db), batching=Batching(4))
    with pytest.raises(KeyboardInterrupt):
        merge(options, on_outcome=stop_after_ten)
    assert 0 < len(snapshot(db)["articles"]) < len(snapshot(ingested)["articles"])
    merge(options)
    # As after a stopped ingest: the template the stopped run learned reaches the articles
    # it had stored before learning it once the site is re-cleaned.
    reclean(RecleanOptions(db_path=str(db), sites=("harbour.example.com",)))
    left, right = snapshot(db), snapshot(ingested)
    for table in left:
        if table not in ("runs", "errors"):  # the stopped run's rows are its own
            assert left[table] == right[table], table
    assert set(left["errors"]) == set(right["errors"])


def test_the_job_rule_packs_are_used_and_checked(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    (inputs / "marked.txt").write_text(
        "Title of the marked story\n\n" + "A sentence of the body that is long enough. " * 8
        + "\n\nMarker 4.\n"
    )  # fmt: skip
    pack = tmp_path / "pack.toml"
    pack.write_text(RULE_PACK)
    local_job([str(inputs)], tmp_path / "shards", rules=(str(pack),))
    _ingest([str(inputs)], tmp_path / "plain.db", rule_files=(str(pack),))
    _merge([tmp_path / "shards"], tmp_path / "merged.db")  # the job's packs, from _job.json
    assert_same_archive(tmp_path / "merged.db", tmp_path / "plain.db")
    removed = {row[4] for row in snapshot(tmp_path / "merged.db")["removals"]}
    assert "promo.test-marker" in removed
    other = tmp_path / "other.toml"
    other.write_text(RULE_PACK.replace("the test's own pack", "another pack"))
    with pytest.raises(CleanerError, match=r"part-\d+-\w+\.parquet: cleaned with other rule packs"):
        _merge([tmp_path / "shards"], tmp_path / "other.db", rule_files=(str(other),))


def test_a_missing_shard_is_named_and_nothing_is_merged(tmp_path: Path) -> None:
    names = local_job([str(SEEDS)], tmp_path / "shards")
    (tmp_path / "shards" / names[1]).unlink()
    with pytest.raises(CleanerError, match=r"1 of the job's 3 shards are missing .*run the same"):
        _merge([tmp_path / "shards"], tmp_path / "merged.db")
    assert not (tmp_path / "merged.db").exists()


def test_bad_shards_are_refused_with_the_file_and_the_reason(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    names = local_job([str(SEEDS)], shards)
    first = shards / names[0]
    table = pq.read_table(first)
    version = pa.array(["0.0.1"] * len(table)).dictionary_encode()
    index = table.schema.get_field_index("cleaner_version")
    pq.write_table(table.set_column(index, "cleaner_version", version), first)
    with pytest.raises(CleanerError, match=rf"{names[0]}: cleaned by cleaner 0.0.1, this is"):
        _merge([shards], tmp_path / "a.db")
    pq.write_table(table.drop_columns(["text_hash", "signature"]), first)
    with pytest.raises(CleanerError, match=r"not a cleaner shard: no column text_hash, signature"):
        _merge([shards], tmp_path / "b.db")
    first.write_bytes(b"PAR1 not really")
    with pytest.raises(CleanerError, match=rf"{names[0]}: not a readable shard"):
        _merge([shards], tmp_path / "c.db")
    with pytest.raises(CleanerError, match="not a folder of shards"):
        _merge([tmp_path / "nowhere"], tmp_path / "d.db")
    with open_archive(tmp_path / "e.db"):
        pass  # an archive exists, yet an empty folder holds nothing to merge
    (tmp_path / "empty").mkdir()
    with pytest.raises(CleanerError, match=r"empty: no shards \(\*\.parquet\)"):
        _merge([tmp_path / "empty"], tmp_path / "e.db")


def test_shards_written_by_another_tool_are_read_in_natural_order(
    tmp_path: Path, corpus_shards: Path, ingested: Path
) -> None:
    """Plain strings instead of dictionaries and large strings, part.N names as Dask's
    to_parquet writes them (part.10 after part.9), no _job.json."""
    folder = tmp_path / "other"
    folder.mkdir()
    names = sorted(p.name for p in corpus_shards.glob("part-*.parquet"))
    for index, name in enumerate(names):
        table = pq.read_table(corpus_shards / name)
        plain = table.cast(pa.schema([f.with_type(_plain(f.type)) for f in table.schema]))
        pq.write_table(plain, folder / f"part.{index}.parquet")
    _merge([folder], tmp_path / "merged.db")
    assert_same_archive(tmp_path / "merged.db", ingested)


def _plain(type_: pa.DataType) -> pa.DataType:
    if pa.types.is_dictionary(type_) or pa.types.is_large_string(type_):
        return pa.string()
    return pa.binary() if pa.types.is_large_binary(type_) else type_
