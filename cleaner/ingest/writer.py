"""The single writer: prepared documents → rows, in batch transactions, each outcome counted
once as its batch is written.

For ingest, a document becomes: an error row; nothing at all (an empty input); nothing new
(bytes already stored: unchanged, or a sighting of a duplicate); a stored raw input without
article (no text left); or a new article (version n+1 of its document key) with removals, FTS
rows (triggers), near-duplicate and template rows. For reclean, the article is updated in place.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator

import cleaner
from cleaner.archive import Archive
from cleaner.archive.records import ArticleRecord, RawResolution, Sighting, article_id
from cleaner.clock import utc_now
from cleaner.dedup.index import NearDuplicateIndex
from cleaner.errors import CleanerError
from cleaner.fulltext.layout import indexed_at_end
from cleaner.ingest.options import Batching
from cleaner.ingest.worker import Prepared, Task
from cleaner.model import Article
from cleaner.outcomes import Outcome, OutcomeCounts, OutcomeKind
from cleaner.templates import SiteTemplates

Handler = Callable[[Prepared], Outcome]


class IngestWriter:
    """Turns each prepared input into rows and says what became of it."""

    def __init__(
        self, archive: Archive, run: int, near: NearDuplicateIndex, templates: SiteTemplates
    ) -> None:
        self.archive = archive
        self.run = run
        self.near = near
        self.templates = templates
        self.learned_sites: set[str] = set()  # sites that learned templates in this run

    def handle(self, item: Prepared) -> Outcome:
        task = item.task
        if item.error is not None and task.empty:
            return Outcome(OutcomeKind.EMPTY, task.source, reason=item.error)
        if item.error is not None:
            return self._error(task.source, item.error)
        if task.known is not None:
            return self._known(task, task.known)
        if item.article is None or item.raw is None:
            return self._error(task.source, "nothing to store")
        now = utc_now()
        if not self.archive.writes.store_raw(item.raw, now):
            # Stored since the feeder looked (earlier in this batch, or by another run).
            known = self.archive.resolve_raw(task.digest, task.doc_key)
            assert known is not None  # the insert was ignored: the bytes are there
            return self._known(task, known)
        return self._store(item, item.article, now)

    def _error(self, source: str, reason: str) -> Outcome:
        self.archive.runs.record_error(self.run, source, reason)
        return Outcome(OutcomeKind.ERROR, source, reason=reason)

    def _known(self, task: Task, known: RawResolution) -> Outcome:
        now = utc_now()
        if known.article_id is None or known.same_document:
            if known.article_id:
                self.archive.writes.touch_article(known.article_id, now)
            return Outcome(OutcomeKind.UNCHANGED, task.source, known.article_id)
        return self._sighting(task, known.article_id, now)

    def _sighting(self, task: Task, existing: str, now: str) -> Outcome:
        self.archive.writes.add_sighting(
            Sighting(existing, task.url, task.source, now, self.run, task.doc_key, task.digest)
        )
        self.archive.writes.touch_article(existing, now)
        return Outcome(OutcomeKind.DUPLICATE, task.source, existing)

    def _store(self, item: Prepared, article: Article, now: str) -> Outcome:
        """New raw bytes, stored: an article unless nothing was left or its text is known."""
        task = item.task
        if not article.text.strip():
            reason = "no article text left after cleaning"
            return Outcome(OutcomeKind.EMPTY, task.source, reason=reason)
        existing = self.archive.article_by_text_hash(item.text_hash)
        if existing is not None:
            return self._sighting(task, existing, now)
        match = self.near.find(article.text, fingerprint=item.fingerprint)
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
        self.archive.writes.store_article(record)
        # Its id comes from raw bytes new to the archive: never indexed, never observed.
        self.near.add(record.id, article.text, fingerprint=item.fingerprint, new=True)
        if match:  # a syndicated copy is no independent evidence of a template
            return Outcome(OutcomeKind.NEAR_DUPLICATE, task.source, record.id)
        if self.templates.observe_new(task.site, record.id, item.lines):
            self.learned_sites.add(task.site or "")
        return Outcome(OutcomeKind.NEW, task.source, record.id)


class RecleanWriter:
    """Updates each re-cleaned article in place: text, removals, FTS (triggers), near-dup index."""

    def __init__(self, archive: Archive, near: NearDuplicateIndex) -> None:
        self.archive = archive
        self.near = near

    def handle(self, item: Prepared) -> Outcome:
        source, target = item.task.source, item.task.target_id or ""
        if item.error is not None or item.article is None:
            return Outcome(OutcomeKind.ERROR, source, target, item.error or "nothing to store")
        before = self.archive.get_article(target) or {}
        article = item.article
        changed = (before.get("text"), before.get("title")) != (article.text, article.title)
        self.archive.writes.update_cleaned(target, article, item.text_hash, cleaner.__version__)
        if not changed:
            return Outcome(OutcomeKind.UNCHANGED, source, target)
        self.near.add(target, article.text, fingerprint=item.fingerprint)
        return Outcome(OutcomeKind.CHANGED, source, target)


def write_batches(
    archive: Archive,
    results: Iterator[Prepared],
    handle: Handler,
    batching: Batching,
    counts: OutcomeCounts,
    after_batch: Callable[[], None] = lambda: None,
) -> Iterator[Outcome]:
    """Commit every `batching.size` documents or `batching.max_seconds`, whichever comes first;
    count each outcome in `counts` inside its batch, and yield it once the batch is committed."""
    exhausted = False
    while not exhausted:
        exhausted = True
        outcomes: list[Outcome] = []
        with archive.batch(), indexed_at_end(archive.conn):
            started = time.monotonic()
            for prepared in results:
                outcome = handle(prepared)
                counts.add(outcome.kind)
                outcomes.append(outcome)
                if (
                    len(outcomes) >= batching.size
                    or time.monotonic() - started > batching.max_seconds
                ):
                    exhausted = False
                    break
            after_batch()
        yield from outcomes


def write_all(
    archive: Archive,
    results: Iterator[Prepared],
    handle: Handler,
    batching: Batching,
    counts: OutcomeCounts,
    on_outcome: Callable[[Outcome], None] | None,
    after_batch: Callable[[], None] = lambda: None,
) -> None:
    """Write every prepared document in batches, reporting each outcome once committed;
    a database failure becomes one clear CleanerError naming the archive."""
    try:
        for outcome in write_batches(archive, results, handle, batching, counts, after_batch):
            if on_outcome:
                on_outcome(outcome)
    except sqlite3.DatabaseError as exc:
        raise CleanerError(f"writing to archive {archive.path} failed: {exc}") from exc
