"""Archive-level orchestration: readers → Cleaner → exact dedup → near-dup/templates → archive.

Flow of one document:
1. the feeder reads it and hashes the raw bytes; bytes already in the archive are resolved
   without cleaning ("unchanged" for the same document key, else a sighting of a duplicate);
2. new bytes are cleaned — in the main thread for `jobs=1`, in a process pool otherwise — under
   a per-document time limit; workers also compress the raw bytes and hash the clean text;
3. the single writer stores it in a batch transaction: raw input, then either a sighting (exact
   duplicate text), nothing more (no text left) or a new article (version n+1 of its document
   key), its removals, FTS rows (triggers), near-duplicate and template rows.

A crash loses at most the open batch; the next run skips every input already stored by hash.
Every document ends in exactly one counter: new + near_duplicates + unchanged + duplicates +
empty + errors == files_seen.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

import cleaner
from cleaner.archive import (
    Archive,
    ArticleRecord,
    RawRecord,
    RawResolution,
    RunCounters,
    Sighting,
    article_id,
    compress,
    decompress,
    open_archive,
    raw_hash,
    text_hash,
)
from cleaner.clock import utc_now
from cleaner.dedup import DedupConfig, NearDuplicateIndex
from cleaner.errors import CleanerError
from cleaner.model import Article, RawDocument
from cleaner.pipeline import Cleaner
from cleaner.readers import ReaderOptions, ReadError, iter_documents
from cleaner.sites import template_site
from cleaner.templates import SiteTemplates, TemplateConfig, observable_lines
from cleaner.timelimit import time_limit

OutcomeKind = Literal["new", "near_duplicate", "unchanged", "duplicate", "empty", "error"]
HINT_FIELDS = ("title", "author", "published", "language", "description", "canonical_url", "site")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class CleaningSettings:
    """What a cleaning worker needs to rebuild its Cleaner (must pickle)."""

    rule_files: tuple[str, ...] = ()
    time_limit: float = 20.0
    db_path: str | None = None  # for site templates; None: no templates
    template_config: TemplateConfig | None = None
    dedup_config: DedupConfig | None = None


@dataclass(frozen=True)
class IngestOptions:
    paths: tuple[str, ...]
    db_path: str = "archive.db"
    jobs: int = 1
    batch_size: int = 200
    max_batch_seconds: float = 2.0
    rule_files: tuple[str, ...] = ()
    time_limit: float = 20.0  # seconds per document
    follow_symlinks: bool = False
    fts_tokenizer: str | None = None
    dedup: DedupConfig | None = None
    templates: TemplateConfig | None = None
    reader: ReaderOptions | None = None
    argv: str = ""

    def cleaning(self) -> CleaningSettings:
        return CleaningSettings(
            self.rule_files, self.time_limit, self.db_path, self.templates, self.dedup
        )

    def reader_options(self) -> ReaderOptions:
        return self.reader or ReaderOptions(follow_symlinks=self.follow_symlinks)

    def batching(self) -> Batching:
        return Batching(self.batch_size, self.max_batch_seconds)


@dataclass(frozen=True)
class Outcome:
    """What happened to one input; `on_outcome` callbacks get one per document."""

    kind: OutcomeKind
    source: str
    article_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class IngestReport:
    run_id: int
    counters: RunCounters
    seconds: float
    status: str = "done"

    def summary(self) -> str:
        c = self.counters
        return (
            f"{c.files_seen} seen: {c.new} new, {c.near_duplicates} near duplicates, "
            f"{c.unchanged} unchanged, {c.duplicates} duplicates, {c.empty} empty, "
            f"{c.errors} errors ({self.seconds:.1f} s, run {self.run_id})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            **self.counters.as_dict(),
        }


@dataclass(frozen=True)
class Task:
    """One input on its way through cleaning. `doc` is None when nothing needs cleaning
    (a read error, or raw bytes already in the archive)."""

    source: str
    url: str | None = None
    doc_key: str = ""
    digest: str = ""
    doc: RawDocument | None = None
    known: RawResolution | None = None
    error: str | None = None
    target_id: str | None = None  # reclean: the article to update


@dataclass(frozen=True)
class Prepared:
    """A task after cleaning: ready for the writer."""

    task: Task
    article: Article | None = None
    raw: RawRecord | None = None
    text_hash: str = ""
    error: str | None = None
    signature: np.ndarray | None = None  # MinHash, computed here rather than by the writer


@dataclass
class _Hooks:
    near: NearDuplicateIndex
    templates: SiteTemplates


# -- cleaning (runs in worker processes for jobs > 1) -----------------------------------------


class CleaningWorker:
    """Cleans tasks; one per process (the pool initializer builds it)."""

    def __init__(self, settings: CleaningSettings, archive: Archive | None = None) -> None:
        self.settings = settings
        # The time limit is armed here, around the whole per-document work, not in Cleaner.
        self.cleaner = Cleaner(settings.rule_files, time_limit=None)
        self._owned = archive is None and settings.db_path is not None
        if archive is None and settings.db_path is not None:
            archive = open_archive(settings.db_path, create=False)
        self.archive = archive
        self.templates = (
            SiteTemplates(self.archive.db, settings.template_config) if self.archive else None
        )
        self.near = (
            NearDuplicateIndex(self.archive.db, settings.dedup_config) if self.archive else None
        )

    def close(self) -> None:
        if self._owned and self.archive is not None:
            self.archive.close()

    def process(self, task: Task, *, keep_raw: bool = True) -> Prepared:
        doc = task.doc
        if doc is None:
            return Prepared(task, error=task.error)
        raw = _raw_record(task, doc) if keep_raw else None
        try:
            article = self._clean(doc)
        except CleanerError as exc:
            return Prepared(task, raw=raw, error=str(exc) or type(exc).__name__)
        except Exception as exc:  # a bug on one document must not stop the run
            return Prepared(task, raw=raw, error=f"unexpected {type(exc).__name__}: {exc}")
        thin = dataclasses.replace(task, doc=None)  # the bytes travel once, compressed in raw
        signature = self.near.signature(article.text) if self.near else None
        return Prepared(thin, article, raw, text_hash(article.text), signature=signature)

    def _clean(self, doc: RawDocument) -> Article:
        site = template_site(doc.url, doc.hints)
        mapping: Mapping[str, str] = self.templates.mapping_for(site) if self.templates else {}
        with time_limit(self.settings.time_limit):
            article = self.cleaner.clean(
                doc.data, url=doc.url, kind=doc.kind_hint, site_template=mapping
            )
        return apply_hints(article, doc.hints)


def _raw_record(task: Task, doc: RawDocument) -> RawRecord:
    return RawRecord(
        hash=task.digest,
        content=compress(doc.data),
        size=len(doc.data),
        kind=doc.kind_hint or "text",
        source=doc.source,
        url=doc.url,
        hints=json.dumps(doc.hints, sort_keys=True, ensure_ascii=False),
    )


def apply_hints(article: Article, hints: Mapping[str, str]) -> Article:
    """Fields a record supplied itself win over extracted metadata."""
    updates: dict[str, Any] = {}
    for name in HINT_FIELDS:
        value = hints.get(name)
        if isinstance(value, str) and value.strip():
            updates[name] = value.strip()
    published = updates.get("published")
    if published and _DATE.match(published):
        updates["published"] = published[:10]
    if "site" in updates:
        updates["site"] = updates["site"].lower().removeprefix("www.")
    return dataclasses.replace(article, **updates) if updates else article


# Pool workers keep their CleaningWorker here: the pool initializer can only hand state to the
# task function through the worker process's module globals.
_POOL_WORKER: list[CleaningWorker | str] = []


def _init_pool_worker(settings: CleaningSettings) -> None:
    # Never raise here: multiprocessing.Pool would replace the dead worker forever.
    try:
        _POOL_WORKER.append(CleaningWorker(settings))
    except Exception as exc:
        _POOL_WORKER.append(f"cleaning worker failed to start: {exc}")


def _pool_process(task: Task) -> Prepared:
    worker = _POOL_WORKER[0]
    if isinstance(worker, str):
        return Prepared(task, error=worker)
    return worker.process(task, keep_raw=task.target_id is None)


@contextmanager
def cleaned(
    tasks: Iterable[Task], settings: CleaningSettings, jobs: int, archive: Archive
) -> Iterator[Iterator[Prepared]]:
    """Tasks → Prepared, in input order: inline for one job (SIGALRM time limits need the main
    thread), else through a process pool fed lazily with bounded look-ahead."""
    worker = CleaningWorker(settings, archive)  # bad rule packs fail here, before any pool
    if jobs <= 1:
        yield (worker.process(task, keep_raw=task.target_id is None) for task in tasks)
        return
    chunksize = 8
    in_flight = threading.BoundedSemaphore(max(64, chunksize * jobs * 4))

    def throttled() -> Iterator[Task]:
        for task in tasks:
            in_flight.acquire()
            yield task

    # forkserver: workers never inherit the parent's open SQLite connection.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cleaner.ingest"])
    with context.Pool(jobs, initializer=_init_pool_worker, initargs=(settings,)) as pool:
        results = pool.imap(_pool_process, throttled(), chunksize)

        def released() -> Iterator[Prepared]:
            for prepared in results:
                in_flight.release()
                yield prepared

        yield released()


# -- feeding ----------------------------------------------------------------------------------


def document_key(doc: RawDocument) -> str:
    return doc.url or doc.source


def ingest_tasks(options: IngestOptions, archive: Archive) -> Iterator[Task]:
    """Read inputs and resolve bytes already archived, so they are never cleaned again."""
    for item in iter_documents(list(options.paths), options.reader_options()):
        if isinstance(item, ReadError):
            yield Task(source=item.source, error=item.reason)
            continue
        digest = raw_hash(item.data)
        key = document_key(item)
        known = archive.resolve_raw(digest, key)
        yield Task(
            source=item.source,
            url=item.url,
            doc_key=key,
            digest=digest,
            doc=None if known else item,
            known=known,
        )


# -- writing ----------------------------------------------------------------------------------


class Writer:
    """The single writer: turns each Prepared into rows and counts the outcome."""

    def __init__(self, archive: Archive, run: int, hooks: _Hooks) -> None:
        self.archive = archive
        self.run = run
        self.hooks = hooks
        self.counters = RunCounters()
        self.learned_sites: set[str] = set()  # sites that learned templates in this run

    def handle(self, item: Prepared) -> Outcome:
        self.counters.files_seen += 1
        task = item.task
        if item.error is not None:
            return self._error(task.source, item.error)
        # Re-checked here: the feeder may not have seen bytes stored earlier in this batch.
        known = task.known or self.archive.resolve_raw(task.digest, task.doc_key)
        if known is not None:
            return self._known(task, known)
        if item.article is None or item.raw is None:
            return self._error(task.source, "nothing to store")
        return self._store(item, item.article, item.raw)

    def _error(self, source: str, reason: str) -> Outcome:
        self.counters.errors += 1
        self.archive.record_error(self.run, source, reason)
        return Outcome("error", source, reason=reason)

    def _known(self, task: Task, known: RawResolution) -> Outcome:
        now = utc_now()
        if known.article_id is None or known.same_document:
            self.counters.unchanged += 1
            if known.article_id:
                self.archive.touch_article(known.article_id, now)
            return Outcome("unchanged", task.source, known.article_id)
        return self._sighting(task, known.article_id, now)

    def _sighting(self, task: Task, existing: str, now: str) -> Outcome:
        self.counters.duplicates += 1
        self.archive.add_sighting(
            Sighting(existing, task.url, task.source, now, self.run, task.doc_key, task.digest)
        )
        self.archive.touch_article(existing, now)
        return Outcome("duplicate", task.source, existing)

    def _store(self, item: Prepared, article: Article, raw: RawRecord) -> Outcome:
        task, now = item.task, utc_now()
        raw = dataclasses.replace(raw, kind=article.input_kind)
        self.archive.store_raw(raw, now)
        if not article.text.strip():
            self.counters.empty += 1
            return Outcome("empty", task.source, reason="no article text left after cleaning")
        existing = self.archive.article_by_text_hash(item.text_hash)
        if existing is not None:
            return self._sighting(task, existing, now)
        match = self.hooks.near.find(article.text, signature=item.signature)
        if match and self.archive.doc_key_of(match.article_id) == task.doc_key:
            match = None  # an earlier version of this document: a new version, not a copy
        record = ArticleRecord(
            id=article_id(task.doc_key, task.digest),
            doc_key=task.doc_key,
            version=self.archive.latest_version(task.doc_key) + 1,
            article=article,
            source=task.source,
            raw_hash=task.digest,
            text_hash=item.text_hash,
            seen_at=now,
            cleaner_version=cleaner.__version__,
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
        )
        self.archive.store_article(record)
        self.hooks.near.add(record.id, article.text, signature=item.signature)
        site = template_site(raw.url, json.loads(raw.hints or "{}"))
        if self.hooks.templates.observe(site, record.id, observable_lines(article)):
            self.learned_sites.add(site or "")
        if match:
            self.counters.near_duplicates += 1
            return Outcome("near_duplicate", task.source, record.id)
        self.counters.new += 1
        return Outcome("new", task.source, record.id)


@dataclass(frozen=True)
class Batching:
    """When the writer commits: every `size` documents or `max_seconds`, whichever first."""

    size: int = 200
    max_seconds: float = 2.0


def write_batches(
    archive: Archive,
    results: Iterator[Prepared],
    handle: Callable[[Prepared], Outcome],
    batching: Batching,
    after_batch: Callable[[], None] = lambda: None,
) -> Iterator[Outcome]:
    """Commit every `batching.size` documents or `batching.max_seconds`, whichever comes first."""
    exhausted = False
    while not exhausted:
        exhausted = True
        outcomes: list[Outcome] = []
        with archive.batch():
            started = time.monotonic()
            for prepared in results:
                outcomes.append(handle(prepared))
                if (
                    len(outcomes) >= batching.size
                    or time.monotonic() - started > batching.max_seconds
                ):
                    exhausted = False
                    break
            after_batch()
        yield from outcomes  # reported only once committed


def write_all(
    archive: Archive,
    results: Iterator[Prepared],
    handle: Callable[[Prepared], Outcome],
    batching: Batching,
    on_outcome: Callable[[Outcome], None] | None,
    after_batch: Callable[[], None] = lambda: None,
) -> None:
    """Write every prepared document in batches, reporting each outcome once committed;
    a database failure becomes one clear CleanerError naming the archive."""
    try:
        for outcome in write_batches(archive, results, handle, batching, after_batch):
            if on_outcome:
                on_outcome(outcome)
    except sqlite3.DatabaseError as exc:
        raise CleanerError(f"writing to archive {archive.path} failed: {exc}") from exc


def ingest(
    options: IngestOptions, on_outcome: Callable[[Outcome], None] | None = None
) -> IngestReport:
    """Ingest every document under `options.paths` into the archive at `options.db_path`."""
    started = time.monotonic()
    archive = open_archive(options.db_path, fts_tokenizer=options.fts_tokenizer)
    try:
        run = archive.start_run(options.argv, cleaner.__version__)
        writer = Writer(archive, run, _hooks(archive, options))
        status = "failed"
        try:
            _run(archive, writer, options, on_outcome)
            status = "done"
        finally:
            _finish_run(archive, run, writer.counters, status)
        _reclean_learned(options, writer.learned_sites)
        return IngestReport(run, writer.counters, time.monotonic() - started, status)
    finally:
        archive.close()


def _reclean_learned(options: IngestOptions, sites: set[str]) -> None:
    """Templates learned in this run apply to the site's earlier articles too. Archive-wide
    templates ('' : text without URL) would mean re-cleaning everything: `cleaner reclean`."""
    for site in sorted(site for site in sites if site):
        reclean(
            RecleanOptions(
                db_path=options.db_path,
                jobs=options.jobs,
                rule_files=options.rule_files,
                time_limit=options.time_limit,
                site=site,
                templates=options.templates,
            )
        )


def _hooks(archive: Archive, options: IngestOptions) -> _Hooks:
    return _Hooks(
        near=NearDuplicateIndex(archive.db, options.dedup),
        templates=SiteTemplates(archive.db, options.templates),
    )


def _run(
    archive: Archive,
    writer: Writer,
    options: IngestOptions,
    on_outcome: Callable[[Outcome], None] | None,
) -> None:
    # With a pool, tasks are generated in the pool's feeder thread: it needs its own connection.
    lookup = _feeder_archive(options.db_path) if options.jobs > 1 else archive
    try:
        tasks = ingest_tasks(options, lookup)
        with cleaned(tasks, options.cleaning(), options.jobs, archive) as results:
            after = lambda: archive.update_run(writer.run, writer.counters)  # noqa: E731
            write_all(archive, results, writer.handle, options.batching(), on_outcome, after)
    finally:
        if lookup is not archive:
            lookup.close()


def _feeder_archive(db_path: str) -> Archive:
    return open_archive(db_path, create=False, any_thread=True)


def _finish_run(archive: Archive, run: int, counters: RunCounters, status: str) -> None:
    try:
        with archive.batch():
            archive.update_run(run, counters, status)
    except Exception:  # the run row stays 'running'; the next run marks it failed
        if status == "done":
            raise


# -- reclean ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecleanOptions:
    db_path: str = "archive.db"
    jobs: int = 1
    batch_size: int = 200
    max_batch_seconds: float = 2.0
    rule_files: tuple[str, ...] = ()
    time_limit: float = 20.0
    site: str | None = None
    templates: TemplateConfig | None = None

    def batching(self) -> Batching:
        return Batching(self.batch_size, self.max_batch_seconds)


@dataclass
class RecleanReport:
    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.seen} articles re-cleaned: {self.changed} changed, {self.unchanged} "
            f"unchanged, {len(self.errors)} errors ({self.seconds:.1f} s)"
        )


def reclean(
    options: RecleanOptions, on_outcome: Callable[[Outcome], None] | None = None
) -> RecleanReport:
    """Re-run the current rules over the stored raw input of every article (of one site) and
    update the articles, their removals, the FTS index (triggers) and the near-dup index."""
    started = time.monotonic()
    report = RecleanReport()
    archive = open_archive(options.db_path)
    settings = CleaningSettings(
        options.rule_files, options.time_limit, options.db_path, options.templates
    )
    source = _feeder_archive(options.db_path) if options.jobs > 1 else archive
    near = NearDuplicateIndex(archive.db)
    try:
        tasks = reclean_tasks(source, options.site)
        with cleaned(tasks, settings, options.jobs, archive) as results:
            handle = lambda item: _recleaned(archive, near, item, report)  # noqa: E731
            write_all(archive, results, handle, options.batching(), on_outcome)
    finally:
        if source is not archive:
            source.close()
        archive.close()
    report.seconds = time.monotonic() - started
    return report


def reclean_tasks(archive: Archive, site: str | None, page: int = 500) -> Iterator[Task]:
    """Every article's raw input, a page at a time (keyset pagination on rowid)."""
    last = -1
    where = "AND a.site = ?" if site else ""
    while True:
        params: list[Any] = [last, *([site] if site else []), page]
        rows = archive.conn.execute(
            "SELECT a.rowid, a.id, a.doc_key, a.source, r.url, r.kind, r.hints, r.content, "
            "r.hash FROM articles a JOIN raw_inputs r ON r.hash = a.raw_hash "
            f"WHERE a.rowid > ? {where} ORDER BY a.rowid LIMIT ?",
            params,
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        for _, art_id, key, source, url, kind, hints, content, digest in rows:
            yield _reclean_task(art_id, key, source, url, kind, hints, content, digest)


def _reclean_task(*row: Any) -> Task:
    art_id, key, source, url, kind, hints, content, digest = row
    doc = RawDocument(
        source=source,
        data=decompress(content),
        url=url,
        kind_hint=kind if kind in ("html", "text") else None,
        hints=json.loads(hints or "{}"),
    )
    return Task(source, url, key, digest, doc=doc, target_id=art_id)


def _recleaned(
    archive: Archive, near: NearDuplicateIndex, item: Prepared, report: RecleanReport
) -> Outcome:
    report.seen += 1
    target = item.task.target_id or ""
    if item.error is not None or item.article is None:
        reason = item.error or "nothing to store"
        report.errors.append((item.task.source, reason))
        return Outcome("error", item.task.source, target, reason)
    before = archive.get_article(target) or {}
    article = item.article
    changed = (before.get("text"), before.get("title")) != (article.text, article.title)
    archive.update_cleaned(target, article, item.text_hash, cleaner.__version__)
    if changed:
        near.add(target, article.text, signature=item.signature)
        report.changed += 1
        return Outcome("new", item.task.source, target)
    report.unchanged += 1
    return Outcome("unchanged", item.task.source, target)
