"""What a reader found → a shard row, on a worker: the task `ingest`'s feeder would make (raw
hash, document key, the site's template lines), cleaned by `ingest`'s own `CleaningWorker`
(time limit, record hints, raw compression, text hash, MinHash signature). Nothing here needs
the archive: the writer resolves known inputs and duplicates when the shards are merged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cleaner.archive.records import raw_hash
from cleaner.distributed.manifest import SiteLines
from cleaner.distributed.rows import Provenance, prepared_row
from cleaner.ingest.feeder import error_task, new_task
from cleaner.ingest.worker import CleaningSettings, CleaningWorker, Prepared
from cleaner.model import RawDocument
from cleaner.readers import ReadError
from cleaner.templates import site_key


@dataclass(frozen=True)
class DocumentPreparer:
    """Loaded, immutable state: one per process and settings."""

    worker: CleaningWorker
    provenance: Provenance
    templates: SiteLines = field(default_factory=dict)

    @classmethod
    def build(
        cls, settings: CleaningSettings, templates: SiteLines | None = None
    ) -> DocumentPreparer:
        worker = CleaningWorker(settings)
        layout = worker.signer.layout
        return cls(worker, Provenance.current(settings.rule_files, settings.dedup, layout),
                   templates or {})  # fmt: skip

    def prepared(self, item: RawDocument | ReadError) -> Prepared:
        if isinstance(item, ReadError):
            return self.worker.process(error_task(item))
        return self.worker.process(new_task(item, raw_hash(item.data), self._template_lines))

    def row(self, item: RawDocument | ReadError) -> dict[str, Any]:
        return prepared_row(self.prepared(item), self.provenance)

    def _template_lines(self, site: str | None) -> Mapping[str, str]:
        return self.templates.get(site_key(site), {})
