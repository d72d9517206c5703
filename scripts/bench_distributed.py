"""Benchmark of `cleaner distributed` (not a test): documents/s of a job on a LocalCluster of 1
and of 2 workers, and the merge rate into an archive.

1. Inputs as a crawl stores them: the html-eval pages (all 990 by default) in WARC.gz files of
   25 pages (a task each), and `--articles` generated plain-text articles (the Zipf corpus of
   scripts/bench_ingest.py, 300-1200 words each) in JSONL.gz files of 500 records.
2. For 1 and 2 workers: a fresh LocalCluster (worker processes, one thread each), each
   worker's cleaning process started (it loads the rule packs and models once), then the job
   on the WARC files, timed from planning to the last shard: documents/s, and the speed-up
   of 2 workers over 1 (bar: >= 1.7x).
3. The merge, on one core, into a fresh archive: the 2-worker job's WARC shards, then the
   shards of the generated articles (cleaned on the 2-worker cluster): articles/s, wall and
   CPU (bar: >= 2,000/s); and the shards only read back, to show the writer's share.

    .venv/bin/python scripts/bench_distributed.py
    .venv/bin/python scripts/bench_distributed.py --pages 300 --articles 2000
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import dask
from bench_ingest import Corpus
from distributed import Client
from evalset import DEFAULT_DATA, iter_pages
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.dedup.minhash import DedupConfig, optimal_layout
from cleaner.distributed.cluster import EXECUTOR, CleaningProcesses, cluster_client
from cleaner.distributed.job import JobOptions, JobReport, plan_job, run_job
from cleaner.distributed.merge import merge
from cleaner.distributed.rows import signature_scheme
from cleaner.distributed.shards import read_shard, shard_files
from cleaner.ingest.options import IngestOptions

PAGES_PER_WARC = 25
RECORDS_PER_JSONL = 500


def write_warcs(data: Path, pages: int, folder: Path) -> int:
    folder.mkdir(parents=True)
    found = list(iter_pages(data, pages))
    for start in range(0, len(found), PAGES_PER_WARC):
        with (folder / f"crawl-{start // PAGES_PER_WARC:03d}.warc.gz").open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for page in found[start : start + PAGES_PER_WARC]:
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                record = writer.create_warc_record(
                    _http_url(page.url), "response", payload=io.BytesIO(page.read()),
                    http_headers=headers,
                )  # fmt: skip
                writer.write_record(record)
    return len(found)


def _http_url(key: str) -> str:
    """The eval set names some pages by an id: WARC readers parse HTTP headers of http URLs."""
    return key if key.startswith(("http://", "https://")) else f"https://eval.example/{quote(key)}"


def write_feeds(count: int, folder: Path) -> None:
    folder.mkdir(parents=True)
    corpus = Corpus()
    for start in range(0, count, RECORDS_PER_JSONL):
        with gzip.open(folder / f"feed-{start // RECORDS_PER_JSONL:04d}.jsonl.gz", "wt") as fh:
            for number in range(start, min(start + RECORDS_PER_JSONL, count)):
                record = {
                    "url": f"https://bench.example.com/{number}",
                    "text": corpus.article(number),
                }
                fh.write(json.dumps(record) + "\n")


def start_cleaning_processes(client: Client) -> None:
    """Each worker's cleaning process, started and loaded before the clock runs."""
    client.register_plugin(CleaningProcesses())
    with dask.annotate(executor=EXECUTOR):
        started = [
            client.submit(os.getpid, workers=[address], pure=False)
            for address in client.scheduler_info()["workers"]
        ]
    client.gather(started)


def timed_job(paths: list[str], out: Path, workers: int) -> JobReport:
    begun = time.perf_counter()
    with cluster_client(None, workers) as client:
        start_cleaning_processes(client)
        ready = time.perf_counter() - begun
        options = JobOptions(paths=tuple(paths), out=str(out), files_per_shard=1)
        report = run_job(plan_job(options), client)
    rate = report.documents / report.seconds
    per_doc = report.cpu_seconds / max(report.documents, 1) * 1000
    print(f"  {workers} worker(s): {report.seconds:7.1f} s, {rate:7.1f} documents/s, "
          f"{per_doc:.1f} ms of cleaning CPU per document (cluster and cleaning processes "
          f"ready in {ready:.1f} s; load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    print(f"    {report.summary()}")
    if report.failed:
        raise SystemExit(f"shards failed: {report.failed[:3]}")
    return report


def timed_read(folder: Path) -> None:
    """The merge's own share: the shards read back as prepared documents, nothing written."""
    wall, cpu = time.perf_counter(), time.process_time()
    scheme, layout = signature_scheme(DedupConfig()), optimal_layout(DedupConfig())
    rows = sum(1 for shard in shard_files(folder) for _ in read_shard(shard, scheme, layout))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"  {folder.name}, shards read only: {rows / wall:7.0f}/s wall, {rows / cpu:7.0f}/s of CPU"
    )


def timed_merge(folder: Path, db: Path) -> float:
    timed_read(folder)
    wall, cpu = time.perf_counter(), time.process_time()
    report = merge(IngestOptions(paths=(str(folder),), db_path=str(db)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    seen = report.counts.seen
    print(f"  {folder.name}: {seen} documents in {wall:.1f} s: {seen / wall:7.0f}/s wall, "
          f"{seen / cpu:7.0f}/s of CPU ({report.summary()})")  # fmt: skip
    return seen / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="html-eval folder")
    parser.add_argument("--pages", type=int, default=990)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=None, help="keep files here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        pages = write_warcs(args.data, args.pages, work / "warc")
        write_feeds(args.articles, work / "feeds")
        print(f"\n== cleaning {pages} HTML pages in WARC.gz files of {PAGES_PER_WARC}", flush=True)
        one = timed_job([str(work / "warc")], work / "shards-1", 1)
        two = timed_job([str(work / "warc")], work / "shards-2", 2)
        speedup = (two.documents / two.seconds) / (one.documents / one.seconds)
        print(f"  2 workers / 1 worker: {speedup:.2f}x (bar >= 1.7x)")
        print(f"\n== cleaning {args.articles} generated articles (2 workers)", flush=True)
        timed_job([str(work / "feeds")], work / "shards-text", 2)
        print("\n== merging into a fresh archive, one core (bar >= 2,000 articles/s)", flush=True)
        timed_merge(work / "shards-2", work / "pages.db")
        timed_merge(work / "shards-text", work / "text.db")
        print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
