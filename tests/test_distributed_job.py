"""Jobs on a real Dask `LocalCluster` (two worker processes, one thread each), merged into an
archive that must equal a plain `cleaner ingest` of the same inputs: on the seeds, on a
generated WARC corpus, after a worker was killed mid-job, after the driver was killed mid-job
(`cleaner distributed clean --scheduler`, run again), and through `clean_partition` on a
`dask.bag`. One cluster serves the module: starting one costs seconds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import dask.bag
import pyarrow.parquet as pq
import pytest
from distributed import Client
from distributed_support import SEEDS, assert_same_archive, snapshot, write_warc_corpus
from hostile_corpus import article_text

from cleaner.distributed import clean_partition, write_shard
from cleaner.distributed.cluster import EXECUTOR, CleaningProcesses, cluster_client
from cleaner.distributed.job import JobOptions, plan_job, run_job
from cleaner.distributed.merge import merge
from cleaner.distributed.shards import shard_files, temp_files
from cleaner.distributed.worker import ShardSummary
from cleaner.ingest import ingest
from cleaner.ingest.options import IngestOptions

CLEANER = str(Path(sys.executable).parent / "cleaner")
TIMEOUT = 120


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with cluster_client(None, workers=2) as client:
        yield client


def _ingest(paths: list[str], db: Path) -> None:
    ingest(IngestOptions(paths=tuple(paths), db_path=str(db)))


def _merge(folder: Path, db: Path) -> None:
    merge(IngestOptions(paths=(str(folder),), db_path=str(db)))


def _text_files(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    for index in range(count):
        (folder / f"{index:03d}.txt").write_text(article_text(3000 + index, f"Kill {index}."))
    return [str(folder)]


def test_seeds_and_a_warc_corpus_cleaned_on_the_cluster_merge_like_an_ingest(
    tmp_path: Path, client: Client
) -> None:
    for name, paths in (
        ("seeds", [str(SEEDS)]),
        ("warc", [str(p) for p in write_warc_corpus(tmp_path / "corpus")]),
    ):
        out = tmp_path / f"{name}-shards"
        report = run_job(
            plan_job(JobOptions(paths=tuple(paths), out=str(out), files_per_shard=2)), client
        )
        assert report.failed == [] and report.written == report.shards > 1, report.summary()
        _merge(out, tmp_path / f"{name}-merged.db")
        _ingest(paths, tmp_path / f"{name}-plain.db")
        assert_same_archive(tmp_path / f"{name}-merged.db", tmp_path / f"{name}-plain.db")
        again = run_job(
            plan_job(JobOptions(paths=tuple(paths), out=str(out), files_per_shard=2)), None
        )
        assert again.skipped == again.shards and again.documents == 0


def test_the_time_limit_holds_in_the_cleaning_processes(tmp_path: Path, client: Client) -> None:
    page = tmp_path / "in" / "endless.txt"
    page.parent.mkdir()
    page.write_text("".join(f"Line {i} of a text far too long to clean.\n\n" for i in range(60000)))
    options = JobOptions(paths=(str(page.parent),), out=str(tmp_path / "shards"), time_limit=0.1)
    report = run_job(plan_job(options), client)
    assert report.errors == 1 and report.failed == []
    row = pq.read_table(shard_files(tmp_path / "shards")[0]).to_pylist()[0]
    assert row["error"] == "took longer than the 0.1 s time limit; skipped"


def test_a_worker_killed_mid_job_then_the_job_rerun_loses_and_doubles_nothing(
    tmp_path: Path, client: Client
) -> None:
    paths = _text_files(tmp_path / "in", 40)
    options = JobOptions(paths=tuple(paths), out=str(tmp_path / "shards"), files_per_shard=1)
    victim, victim_pid = next(iter(client.run(os.getpid).items()))
    client.register_plugin(CleaningProcesses())
    with dask.annotate(executor=EXECUTOR):
        cleaning = [client.submit(os.getpid, workers=[victim], pure=False).result()]
    done: list[ShardSummary | None] = []

    def kill_once(summary: ShardSummary | None) -> None:
        done.append(summary)
        if len(done) == 3:
            os.kill(victim_pid, signal.SIGKILL)

    first = run_job(plan_job(options), client, on_shard=kill_once)
    assert len(done) == first.shards == 40
    _wait_gone(cleaning)  # the killed worker's cleaning processes left with it
    rerun = run_job(plan_job(options), client)
    assert rerun.failed == [] and rerun.skipped + rerun.written == rerun.shards
    assert len(shard_files(tmp_path / "shards")) == 40 and not temp_files(tmp_path / "shards")
    _merge(tmp_path / "shards", tmp_path / "merged.db")
    _ingest(paths, tmp_path / "plain.db")
    assert_same_archive(tmp_path / "merged.db", tmp_path / "plain.db")


def _wait_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"cleaning processes {pids} outlived their worker"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie waits only for its parent's wait()
        return fh.read().split()[2] != "Z"


def test_the_driver_killed_mid_job_then_run_again_finishes_the_job(
    tmp_path: Path, client: Client
) -> None:
    paths = _text_files(tmp_path / "in", 20)
    out = tmp_path / "shards"
    command = [CLEANER, "distributed", "clean", *paths, "--out", str(out), "--quiet",
               "--scheduler", client.scheduler.address, "--files-per-shard", "1"]  # fmt: skip
    driver = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIMEOUT
    while len(shard_files(out) if out.exists() else []) < 2 and driver.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    driver.kill()
    driver.wait()
    assert len(shard_files(out)) < 20, "the job ended before the driver was killed"
    finished = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert finished.returncode == 0, finished.stderr
    assert "20 shards:" in finished.stdout and "0 failed" in finished.stdout
    _merge(out, tmp_path / "merged.db")
    _ingest(paths, tmp_path / "plain.db")
    assert_same_archive(tmp_path / "merged.db", tmp_path / "plain.db")


def test_clean_partition_maps_a_bag_of_records_to_shard_rows(
    tmp_path: Path, client: Client
) -> None:
    records = [
        {"url": f"https://bag.example.com/{i}", "text": article_text(4000 + i, f"Bag {i}.")}
        for i in range(6)
    ] + [{"url": "https://bag.example.com/bad", "text": 7}]
    parts = dask.bag.from_sequence(records, npartitions=3).map_partitions(clean_partition)
    shards = tmp_path / "shards"
    writes = [dask.delayed(write_shard)(part, shards / f"part.{index}.parquet")
              for index, part in enumerate(parts.to_delayed())]  # fmt: skip
    dask.compute(*writes)  # on the cluster: its client is the default scheduler
    _merge(shards, tmp_path / "merged.db")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(record) + "\n" for record in records))
    _ingest([str(feed)], tmp_path / "plain.db")
    merged, plain = snapshot(tmp_path / "merged.db"), snapshot(tmp_path / "plain.db")
    assert _articles(merged) == _articles(plain) and len(_articles(plain)) == 6
    assert [reason for _, reason in merged["errors"]] == [r for _, r in plain["errors"]]


def _articles(state: dict[str, list[tuple[object, ...]]]) -> list[tuple[object, ...]]:
    """url, title, text, text hash, language: what does not depend on the record's name."""
    return sorted((row[4], row[7], row[12], row[16], row[10]) for row in state["articles"])
