"""The feeder: inputs → cleaning tasks. It reads documents (or, for reclean, the archive's
stored inputs), resolves raw bytes already archived so they are never cleaned again, and
attaches each document's site-template lines, so the workers never need the archive."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping

import cleaner
from cleaner.archive import Archive, Versions
from cleaner.archive.records import StoredInput, raw_hash
from cleaner.ingest.options import IngestOptions
from cleaner.ingest.worker import Task
from cleaner.model import RawDocument
from cleaner.readers import ReadError, iter_documents
from cleaner.sites import template_site
from cleaner.templates import SiteTemplates

SiteLines = Mapping[str, str]  # normalised template line → evidence


def document_key(doc: RawDocument) -> str:
    return doc.url or doc.source


def ingest_tasks(
    options: IngestOptions, archive: Archive, templates: SiteTemplates
) -> Iterator[Task]:
    """One task per input; only new bytes carry their document to be cleaned."""
    for item in iter_documents(list(options.paths), options.reader):
        if isinstance(item, ReadError):
            yield error_task(item)
            continue
        digest = raw_hash(item.data)
        key = document_key(item)
        known = archive.resolve_raw(digest, key)
        if known is not None:
            yield Task(item.source, item.url, key, digest, known=known)
            continue
        yield new_task(item, digest, templates.mapping_for)


def error_task(error: ReadError) -> Task:
    """An input that yielded no document (an empty one is `empty`, not an error)."""
    return Task(source=error.source, error=error.reason, empty=error.holds_nothing)


def new_task(doc: RawDocument, digest: str, lines_of: Callable[[str | None], SiteLines]) -> Task:
    """A document whose bytes (`digest`) the archive does not hold yet, with the learned
    template lines of its site (`lines_of(site)`), to be cleaned."""
    site = template_site(doc.url, doc.hints)
    key = document_key(doc)
    return Task(doc.source, doc.url, key, digest, doc=doc, site=site, site_template=lines_of(site))


def reclean_tasks(
    archive: Archive,
    sites: tuple[str, ...],
    templates: SiteTemplates,
    outdated: Versions | None = None,
) -> Iterator[Task]:
    """One task per stored article (of `sites`; all when empty; with `outdated`, only those
    that other versions cleaned), to update in place."""
    for site in sites or (None,):
        for stored in archive.stored_inputs(site, outdated):
            yield _reclean_task(stored, templates)


def current_versions() -> Versions:
    """The versions that clean today: this cleaner and its shipped line model."""
    from cleaner.linemodel.model import shipped_line_model  # lightgbm: only when asked

    model = shipped_line_model()
    return Versions(cleaner.__version__, model.version if model is not None else None)


def _reclean_task(stored: StoredInput, templates: SiteTemplates) -> Task:
    doc = RawDocument(
        source=stored.source,
        data=stored.data,
        url=stored.url,
        kind_hint=stored.kind,
        hints=json.loads(stored.hints or "{}"),
    )
    site = template_site(doc.url, doc.hints)
    return Task(
        stored.source,
        stored.url,
        stored.doc_key,
        stored.raw_hash,
        doc=doc,
        target_id=stored.article_id,
        site=site,
        site_template=templates.mapping_for(site),
    )
