"""A shard row: one prepared document (`cleaner.ingest.worker.Prepared`) as Arrow values,
and back. The columns are everything the archive's writer needs, so merging never cleans
again: the raw input (hash, zlib bytes, size, kind, the record's own fields), the cleaned
article (text, title, metadata, removals, language), its text hash, MinHash fingerprint
(signature and LSH buckets) and keyed template lines, the error if there was one, and what
produced it (cleaner, models, rule packs, signature scheme and bands)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyarrow as pa

import cleaner
from cleaner.archive.records import RawRecord
from cleaner.dedup.minhash import (
    SCHEME,
    DedupConfig,
    Fingerprint,
    Layout,
    band_buckets,
    signature_bytes,
    signature_from_bytes,
)
from cleaner.ingest.worker import Prepared, Task
from cleaner.model import Article, Removal
from cleaner.templates import KeyedLine

_TEXT = pa.string()
REMOVAL = pa.struct(
    [("line", pa.int32()), ("text", _TEXT), ("category", _TEXT), ("rule_id", _TEXT),
     ("reason", _TEXT)]
)  # fmt: skip
_ARTICLE_FIELDS = ("title", "author", "published", "site", "canonical_url", "description",
                   "language")  # fmt: skip
_PROVENANCE = ("cleaner_version", "language_model", "rules", "signature_scheme", "lsh_layout")
KEYED_LINE = pa.struct([("digest", _TEXT), ("line", _TEXT), ("prose", pa.bool_())])
_DICTIONARY = pa.dictionary(pa.int32(), _TEXT)  # a few distinct values per shard
SCHEMA = pa.schema(
    [
        pa.field("source", _TEXT, nullable=False),
        ("url", _TEXT),
        ("doc_key", _TEXT),
        ("template_site", _TEXT),
        ("raw_hash", _TEXT),
        ("raw", pa.large_binary()),
        ("raw_size", pa.int64()),
        ("raw_kind", _TEXT),
        ("hints", _TEXT),
        ("error", _TEXT),
        ("empty", pa.bool_()),
        ("text", pa.large_string()),
        *((name, _TEXT) for name in _ARTICLE_FIELDS),
        ("article_url", _TEXT),
        ("input_kind", _TEXT),
        ("model_version", _DICTIONARY),
        ("removed", pa.list_(REMOVAL)),
        ("text_hash", _TEXT),
        ("signature", pa.binary()),
        ("buckets", pa.list_(pa.int64())),
        ("lines", pa.list_(KEYED_LINE)),
        *((name, _DICTIONARY) for name in _PROVENANCE),
    ]
)


@dataclass(frozen=True)
class Provenance:
    """What produced a row (with the article's own `model_version`, the line model's); the
    merge refuses rows another cleaner or other rule packs made."""

    cleaner_version: str
    language_model: str
    rules: str  # digest of the extra rule packs' bytes
    signature_scheme: str
    lsh_layout: str  # the bands the buckets were cut for

    @classmethod
    def current(cls, rule_files: Sequence[str], dedup: DedupConfig, layout: Layout) -> Provenance:
        return cls(
            cleaner.__version__,
            f"py3langid {version('py3langid')}",
            rules_digest(rule_files),
            signature_scheme(dedup),
            layout.to_json(),
        )


def rules_digest(rule_files: Sequence[str]) -> str:
    """The extra rule packs by content (their names do not matter), in order."""
    digest = hashlib.sha256()
    for path in rule_files:
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()[:16] if rule_files else "built-in"


def signature_scheme(config: DedupConfig) -> str:
    """Everything a stored signature depends on: equal schemes give comparable signatures."""
    return f"{SCHEME}/perm{config.num_perm}/shingle{config.shingle_words}/min{config.min_words}"


def prepared_row(item: Prepared, provenance: Provenance) -> dict[str, Any]:
    """The shard row of one prepared document."""
    task, raw, article, fingerprint = item.task, item.raw, item.article, item.fingerprint
    row: dict[str, Any] = {
        "source": task.source,
        "url": task.url,
        "doc_key": task.doc_key,
        "template_site": task.site,
        "raw_hash": task.digest or None,
        "raw": raw.content if raw else None,
        "raw_size": raw.size if raw else None,
        "raw_kind": raw.kind if raw else None,
        "hints": raw.hints if raw else None,
        "error": item.error,
        "empty": task.empty,
        "text_hash": item.text_hash or None,
        "signature": signature_bytes(fingerprint.signature) if fingerprint else None,
        "buckets": [bucket for _, bucket in fingerprint.buckets] if fingerprint else None,
        "lines": [line._asdict() for line in item.lines],
        **{name: getattr(provenance, name) for name in _PROVENANCE},
    }
    row.update(_article_columns(article))
    return row


def _article_columns(article: Article | None) -> dict[str, Any]:
    if article is None:
        return {}
    return {
        "text": article.text,
        **{name: getattr(article, name) for name in _ARTICLE_FIELDS},
        "article_url": article.url,
        "input_kind": article.input_kind,
        "model_version": article.model_version,
        "removed": [
            {"line": r.line, "text": r.text, "category": r.category, "rule_id": r.rule_id,
             "reason": r.reason}
            for r in article.removed
        ],
    }  # fmt: skip


def rows_table(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows (as `prepared_row` or `cleaner.distributed.clean_partition` give them) as a table
    of the shard schema."""
    return pa.Table.from_pylist(list(rows), schema=SCHEMA)


@dataclass(frozen=True)
class Fingerprints:
    """How a batch's stored signatures and buckets serve the archive: `signatures` when the
    scheme is the archive's, `layout` to cut buckets again when the bands differ."""

    signatures: bool
    layout: Layout | None  # None: the stored buckets are the archive's


def batch_prepared(batch: pa.RecordBatch, fingerprints: Fingerprints) -> Iterator[Prepared]:
    """The prepared documents of a batch of shard rows."""
    columns = {name: batch.column(name).to_pylist() for name in SCHEMA.names}
    for index in range(batch.num_rows):
        yield _row_prepared({name: values[index] for name, values in columns.items()}, fingerprints)


def _row_prepared(row: Mapping[str, Any], fingerprints: Fingerprints) -> Prepared:
    task = Task(
        row["source"], row["url"], row["doc_key"] or "", row["raw_hash"] or "",
        empty=bool(row["empty"]), site=row["template_site"],
    )  # fmt: skip
    raw = None
    if row["raw"] is not None:
        raw = RawRecord(
            row["raw_hash"], row["raw"], row["raw_size"], row["raw_kind"], task.source,
            task.url, row["hints"],
        )  # fmt: skip
    return Prepared(
        task,
        article=_row_article(row),
        raw=raw,
        text_hash=row["text_hash"] or "",
        error=row["error"],
        fingerprint=_fingerprint(row, fingerprints),
        lines=tuple(KeyedLine(k["digest"], k["line"], k["prose"]) for k in row["lines"] or ()),
    )


def _fingerprint(row: Mapping[str, Any], fingerprints: Fingerprints) -> Fingerprint | None:
    """The stored fingerprint, or None for the writer to compute from the text."""
    if row["signature"] is None or not fingerprints.signatures:
        return None
    signature = signature_from_bytes(row["signature"])
    if fingerprints.layout is not None:
        return Fingerprint(signature, tuple(band_buckets(signature, fingerprints.layout)))
    return Fingerprint(signature, tuple(enumerate(row["buckets"])))


def _row_article(row: Mapping[str, Any]) -> Article | None:
    if row["text"] is None:
        return None
    return Article(
        text=row["text"],
        removed=tuple(Removal(**removal) for removal in row["removed"] or ()),
        url=row["article_url"],
        input_kind=row["input_kind"],
        model_version=row["model_version"],
        **{name: row[name] for name in _ARTICLE_FIELDS},
    )
