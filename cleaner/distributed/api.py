"""For those who build their own Dask graphs: a partition of raw records → a partition of shard
rows, to call with `map_partitions` (`dask.bag` directly; `dask.dataframe` through
`to_dict("records")`), then `write_shard` each partition and `cleaner distributed merge`.

A raw record is what a JSON Lines input line holds: the body in `html`, `raw_html`, `text`,
`content` or `body`, an optional `url`, any other scalar fields as the record's own metadata;
`source` names it in the archive (default: `record:` and a digest of the record).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from cleaner.distributed.prepare import DocumentPreparer
from cleaner.ingest.options import DEFAULT_TIME_LIMIT
from cleaner.ingest.worker import CleaningSettings
from cleaner.model import RawDocument
from cleaner.readers import ReaderOptions, ReadError
from cleaner.readers.messages import Skip
from cleaner.readers.records import record_document


def clean_partition(
    records: Iterable[Mapping[str, Any]],
    rules: Sequence[str] = (),
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> list[dict[str, Any]]:
    """Clean every record as `cleaner ingest` would and return the shard rows, one per record
    (a record that cannot be read becomes an error row). `rules`: extra rule packs, paths the
    workers can read. The time limit holds only in a process's main thread, not in a Dask
    worker's thread pool: `cleaner distributed clean` runs its tasks in cleaning processes."""
    preparer = _preparer(tuple(str(path) for path in rules), time_limit)
    options = ReaderOptions()
    return [preparer.row(_document(record, options)) for record in records]


@lru_cache(maxsize=4)
def _preparer(rules: tuple[str, ...], time_limit: float) -> DocumentPreparer:
    return DocumentPreparer.build(CleaningSettings(rules, time_limit))


def _document(record: object, options: ReaderOptions) -> RawDocument | ReadError:
    given = record.get("source") if isinstance(record, Mapping) else None
    source = given if isinstance(given, str) and given.strip() else _content_name(record)
    try:
        value = dict(record) if isinstance(record, Mapping) else record
        return record_document(value, source, options)
    except Skip as exc:
        return ReadError(source, str(exc))


def _content_name(record: object) -> str:
    """A stable name for a record without one: the same record gets the same name."""
    canonical = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
    return "record:" + hashlib.sha256(canonical.encode("utf-8", "replace")).hexdigest()[:16]
