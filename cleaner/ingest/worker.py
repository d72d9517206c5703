"""Cleaning one document, as a worker process does it: everything an input needs before the
writer stores it, none of which needs the archive — cleaning under the time limit, the record's
own metadata, raw-input compression, the text hash, the MinHash fingerprint (signature and LSH
buckets) and the keyed lines that site templates count. The writer only writes."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cleaner.archive.records import RawRecord, RawResolution, compress, text_hash
from cleaner.dedup.minhash import DedupConfig, Fingerprint, Layout, Signer, optimal_layout
from cleaner.errors import CleanerError
from cleaner.ingest.options import DEFAULT_TIME_LIMIT, CleanFn
from cleaner.model import Article, RawDocument
from cleaner.templates import KeyedLine, TemplateConfig, key_lines, observable_lines
from cleaner.timelimit import time_limit

if TYPE_CHECKING:
    from cleaner.pipeline import Cleaner

HINT_FIELDS = ("title", "author", "published", "language", "description", "canonical_url", "site")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class CleaningSettings:
    """What a cleaning worker needs to build itself (must pickle: it goes to the workers)."""

    rule_files: tuple[str, ...] = ()
    time_limit: float = DEFAULT_TIME_LIMIT
    dedup: DedupConfig = field(default_factory=DedupConfig)  # as the archive resolved it
    layout: Layout | None = None  # the index's band layout; None: the optimal one for `dedup`
    templates: TemplateConfig = field(default_factory=TemplateConfig)
    clean_fn: CleanFn | None = None  # None: the Cleaner with `rule_files`


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
    empty: bool = False  # the input holds nothing (`error` says how): empty, not an error
    target_id: str | None = None  # reclean: the article to update
    site: str | None = None  # whose templates apply (cleaner.sites.template_site)
    site_template: Mapping[str, str] = field(default_factory=dict)  # the site's learned lines


@dataclass(frozen=True)
class Prepared:
    """A task after cleaning: ready for the writer."""

    task: Task
    article: Article | None = None
    raw: RawRecord | None = None
    text_hash: str = ""
    error: str | None = None
    fingerprint: Fingerprint | None = None  # None: too short to compare
    lines: tuple[KeyedLine, ...] = ()  # for the site's template counts (ingest only)


class CleaningWorker:
    """Cleans tasks; one per worker process. Holds only loaded, immutable state."""

    def __init__(self, settings: CleaningSettings) -> None:
        self.settings = settings
        layout = settings.layout or optimal_layout(settings.dedup)
        self.signer = Signer(settings.dedup, layout)
        if settings.clean_fn is not None:
            self.clean_fn: CleanFn = settings.clean_fn
        else:
            # The time limit is armed here, around the whole per-document work, not in Cleaner.
            # loads the shared state (cleaner.loaded) at start-up, not inside the first
            # document's time limit
            from cleaner.pipeline import Cleaner  # trafilatura: only where documents are cleaned

            cleaner = Cleaner(settings.rule_files, time_limit=None)
            self.clean_fn = _cleaning_with(cleaner)

    def process(self, task: Task) -> Prepared:
        doc = task.doc
        if doc is None:
            return Prepared(task, error=task.error)
        try:
            with time_limit(self.settings.time_limit):
                cleaned = self.clean_fn(doc, task.site_template)
            article = apply_hints(cleaned, doc.hints)
        except CleanerError as exc:
            return Prepared(task, error=str(exc) or type(exc).__name__)
        except Exception as exc:  # a bug on one document must not stop the run
            return Prepared(task, error=f"unexpected {type(exc).__name__}: {exc}")
        # The bytes travel back once, compressed in `raw`; the template lines are used up.
        thin = dataclasses.replace(task, doc=None, site_template={})
        fingerprint = self.signer.fingerprint(article.text)
        _ = article.word_count  # counted here, in the worker: it travels with the article
        if task.target_id is not None:  # reclean: the raw input is stored, no template counts
            return Prepared(thin, article, None, text_hash(article.text), fingerprint=fingerprint)
        lines = key_lines(observable_lines(article), self.settings.templates)
        raw = _raw_record(task, doc, article)
        return Prepared(thin, article, raw, text_hash(article.text), None, fingerprint, lines)


def check_settings(settings: CleaningSettings) -> None:
    """Fail early, in the caller's process, on what would fail every worker: a bad rule pack."""
    if settings.clean_fn is None:
        from cleaner.pipeline import Cleaner  # trafilatura: only where documents are cleaned

        Cleaner(settings.rule_files, time_limit=None)


def _cleaning_with(cleaner: Cleaner) -> CleanFn:
    def clean(doc: RawDocument, site_template: Mapping[str, str]) -> Article:
        return cleaner.clean(doc.data, url=doc.url, kind=doc.kind_hint, site_template=site_template)

    return clean


def _raw_record(task: Task, doc: RawDocument, article: Article) -> RawRecord:
    return RawRecord(
        hash=task.digest,
        content=compress(doc.data),
        size=len(doc.data),
        kind=article.input_kind,
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
