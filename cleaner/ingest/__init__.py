"""Archive-level orchestration: readers → cleaning workers → exact dedup → near-dup/templates →
archive, for `ingest` and `reclean`.

Flow of one document:
1. the feeder (`feeder`, in its own thread) reads it and hashes the raw bytes; bytes already in
   the archive are resolved without cleaning ("unchanged" for the same document key, else a
   sighting of a duplicate); new bytes get their site's learned template lines;
2. a supervised worker process (`pool`, running `worker`) cleans it under the per-document time
   limit and prepares everything that needs no database: raw compression, text hash, MinHash
   fingerprint, keyed template lines; a stuck or dead worker makes it an error;
3. the single writer (`writer`) stores it in a batch transaction, in input order, and counts
   its outcome.

A crash loses at most the open batch; the next run skips every input already stored by hash.
Every document ends in exactly one outcome kind (`cleaner.outcomes`), so the counts of a run
add up to the inputs it saw. A run that grew the archive by a tenth or more ends with FTS5's
'optimize' of the full-text indexes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import cleaner
from cleaner.archive import Archive, open_archive
from cleaner.archive.runs import DONE, FAILED
from cleaner.dedup.index import NearDuplicateIndex
from cleaner.fulltext.layout import optimize
from cleaner.ingest.feeder import current_versions, ingest_tasks, reclean_tasks
from cleaner.ingest.options import IngestOptions, RecleanOptions, RunOptions
from cleaner.ingest.pool import cleaned
from cleaner.ingest.reports import IngestReport, RecleanReport
from cleaner.ingest.worker import CleaningSettings, Prepared
from cleaner.ingest.writer import IngestWriter, RecleanWriter, write_all
from cleaner.outcomes import Outcome, OutcomeCounts, OutcomeKind
from cleaner.templates import SiteTemplates, TemplateConfig

# 'optimize' rewrites every full-text index (its time grows with the archive): only after a run
# that added this share of the archive's articles, and at least this many. Automerge keeps the
# indexes usable meanwhile; one segment per index makes a common word's lookup cheapest.
OPTIMIZE_SHARE = 0.1
OPTIMIZE_MIN_ARTICLES = 1000

OnOutcome = Callable[[Outcome], None]
# Where a run's prepared documents come from, given the writer's archive and near-dup index.
PreparedSource = Callable[
    [Archive, IngestOptions, NearDuplicateIndex], AbstractContextManager[Iterator[Prepared]]
]


def ingest(
    options: IngestOptions,
    on_outcome: OnOutcome | None = None,
    prepared: PreparedSource | None = None,
) -> IngestReport:
    """Ingest every document under `options.paths` into the archive at `options.db_path`.
    `prepared`: documents cleaned elsewhere (`cleaner.distributed`'s Parquet shards) instead
    of `options.paths` read and cleaned here."""
    started = time.monotonic()
    archive = open_archive(options.db_path, fts_tokenizer=options.fts_tokenizer)
    try:
        with archive.batch():
            run = archive.runs.start(options.argv, cleaner.__version__)
        counts = OutcomeCounts()
        near = NearDuplicateIndex(archive.db, options.dedup)
        writer = IngestWriter(archive, run, near, SiteTemplates(archive.db, options.templates))
        status = FAILED
        try:
            _write_ingest(archive, writer, options, counts, on_outcome, prepared or _cleaned)
            status = DONE
        finally:
            _finish_run(archive, run, counts, status)
        _optimize_after_growth(archive, counts)
        _reclean_learned(options, writer.learned_sites)
        return IngestReport(run, counts, time.monotonic() - started, status)
    finally:
        archive.close()


def _write_ingest(
    archive: Archive,
    writer: IngestWriter,
    options: IngestOptions,
    counts: OutcomeCounts,
    on_outcome: OnOutcome | None,
    prepared: PreparedSource,
) -> None:
    with prepared(archive, options, writer.near) as results:
        after = lambda: archive.runs.update(writer.run, counts)  # noqa: E731
        write_all(archive, results, writer.handle, options.batching, counts, on_outcome, after)


@contextmanager
def _cleaned(
    archive: Archive, options: IngestOptions, near: NearDuplicateIndex
) -> Iterator[Iterator[Prepared]]:
    """The inputs read and cleaned here."""
    with _feeder_archive(archive) as feeder:
        tasks = ingest_tasks(options, feeder, SiteTemplates(feeder.db, options.templates))
        with cleaned(tasks, _cleaning(options, near), options.jobs) as results:
            yield results


def _cleaning(options: RunOptions, near: NearDuplicateIndex) -> CleaningSettings:
    return CleaningSettings(
        rule_files=options.rule_files,
        time_limit=options.time_limit,
        dedup=near.config,
        layout=near.layout,
        templates=options.templates or TemplateConfig(),
        clean_fn=options.clean_fn,
    )


def _feeder_archive(archive: Archive) -> Archive:
    """The feeder's own connection to the archive: it reads in its own thread."""
    return open_archive(archive.path, create=False, any_thread=True)


def _finish_run(archive: Archive, run: int, counts: OutcomeCounts, status: str) -> None:
    try:
        with archive.batch():
            archive.runs.update(run, counts, status)
    except Exception:  # the run row stays 'running'; the next run marks it failed
        if status == DONE:
            raise


def _optimize_after_growth(archive: Archive, counts: OutcomeCounts) -> None:
    added = counts[OutcomeKind.NEW] + counts[OutcomeKind.NEAR_DUPLICATE]
    if added >= OPTIMIZE_MIN_ARTICLES and added >= OPTIMIZE_SHARE * archive.stored_input_count():
        with archive.batch():
            optimize(archive.conn)


def _reclean_learned(options: IngestOptions, sites: set[str]) -> None:
    """Templates learned in this run apply to the sites' earlier articles too, re-cleaned in one
    pass. Archive-wide templates ('': text without URL) would mean re-cleaning everything:
    `cleaner reclean`."""
    wanted = tuple(sorted(site for site in sites if site))
    if wanted:
        reclean(RecleanOptions(**options.shared(), sites=wanted))


def reclean(options: RecleanOptions, on_outcome: OnOutcome | None = None) -> RecleanReport:
    """Re-run the current rules over the stored raw input of every article (of some sites) and
    update the articles, their removals, the FTS index (triggers) and the near-dup index."""
    started = time.monotonic()
    report = RecleanReport()
    archive = open_archive(options.db_path)
    try:
        near = NearDuplicateIndex(archive.db)
        writer = RecleanWriter(archive, near)
        with _feeder_archive(archive) as feeder:
            templates = SiteTemplates(feeder.db, options.templates)
            outdated = current_versions() if options.outdated_only else None
            tasks = reclean_tasks(feeder, options.sites, templates, outdated)
            with cleaned(tasks, _cleaning(options, near), options.jobs) as results:
                write_all(
                    archive, results, writer.handle, options.batching, report.counts, on_outcome
                )
    finally:
        archive.close()
    report.seconds = time.monotonic() - started
    return report
