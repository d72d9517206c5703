"""What the archive stores, as typed records, and the pure functions that key and pack them:
content hashes, stable article ids, raw-input compression. No database here, so cleaning
workers can prepare records without a connection."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

from cleaner.model import Article, InputKind

RAW_COMPRESSION_LEVEL = 6


def raw_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """Exact-duplicate key: sha256 of the text with whitespace collapsed and case folded."""
    normalised = " ".join(text.casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_id(doc_key: str, raw_digest: str) -> str:
    """Stable id: the same input bytes under the same key always get the same id."""
    return hashlib.sha256(f"{doc_key}\n{raw_digest}".encode()).hexdigest()[:20]


def compress(data: bytes) -> bytes:
    return zlib.compress(data, RAW_COMPRESSION_LEVEL)


def decompress(content: bytes) -> bytes:
    return zlib.decompress(content)


@dataclass(frozen=True)
class RawRecord:
    """A raw input as stored: `content` is already zlib-compressed."""

    hash: str
    content: bytes
    size: int
    kind: str
    source: str
    url: str | None
    hints: str  # JSON object


@dataclass(frozen=True)
class ArticleRecord:
    """Everything `store_article` writes for one cleaned document."""

    id: str
    doc_key: str
    version: int
    article: Article
    source: str
    raw_hash: str
    text_hash: str
    seen_at: str
    cleaner_version: str
    duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class Sighting:
    article_id: str
    url: str | None
    source: str
    seen_at: str
    run_id: int
    doc_key: str
    raw_hash: str


@dataclass(frozen=True)
class RawResolution:
    """What a known raw hash leads to: `same_document` when this key already stored it."""

    article_id: str | None
    same_document: bool


@dataclass(frozen=True)
class StoredInput:
    """An article's raw input as the archive keeps it, for re-cleaning (`data` unpacked)."""

    article_id: str
    doc_key: str
    source: str
    url: str | None
    kind: InputKind | None  # None: not recorded as html or text
    hints: str | None  # JSON object
    data: bytes
    raw_hash: str
