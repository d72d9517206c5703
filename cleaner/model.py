"""Typed documents that walk through the pipeline's rooms.

`RawDocument` comes out of `readers`, `Article` out of `cleaner.clean()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Literal

from cleaner.text import word_count

InputKind = Literal["html", "text"]


@dataclass(frozen=True)
class Removal:
    """One removed piece of input and the rule that removed it.

    `line` is the 1-based line number in the text the classifier saw (the input text for
    plain text, the extracted text for HTML); 0 for a DOM block stripped before extraction.
    """

    line: int
    text: str
    category: str
    rule_id: str
    reason: str = ""


@dataclass(frozen=True)
class Article:
    """A cleaned article: body text, metadata and the audit trail of what was removed.

    `authors` are the people who wrote it, `author` the same names joined by "; " (one
    column in the archive). `published` and `modified` are ISO 8601: a date (`2024-03-05`) or
    a timestamp with its UTC offset when the page declares one (`2024-03-05T10:00:00+01:00`).
    """

    text: str
    title: str | None = None
    removed: tuple[Removal, ...] = ()
    author: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    site: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    language: str | None = None
    input_kind: InputKind = "text"
    model_version: str | None = None  # the line model's version, when it cleaned the text

    @cached_property
    def word_count(self) -> int:
        # Cached on the instance (its text never changes) and pickled with it: ingest's workers
        # count once, the writer reads the count.
        return word_count(self.text)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["removed"] = [asdict(r) for r in self.removed]
        data["word_count"] = self.word_count
        return data


@dataclass(frozen=True)
class RawDocument:
    """One input document as a reader found it, before any cleaning.

    `source` names where it came from (a path, `path:line` for JSONL, `path#record` for WARC,
    `-` for stdin); `hints` carries fields a record supplied itself (title, published,
    fetched_at ...), which win over extracted metadata when present.
    """

    source: str
    data: bytes
    url: str | None = None
    kind_hint: InputKind | None = None
    hints: dict[str, str] = field(default_factory=dict)
