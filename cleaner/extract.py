"""HTML → article lines and metadata. The only module that imports trafilatura. (Stub.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.errors import ExtractionError
from cleaner.model import Removal
from cleaner.widgets import WidgetSignals


@dataclass(frozen=True)
class Extraction:
    lines: list[str]
    title: str | None
    metadata: dict[str, str | None] = field(default_factory=dict)
    stripped: tuple[Removal, ...] = ()


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def extract_html(html: str, *, url: str | None, signals: WidgetSignals) -> Extraction:
    raise ExtractionError("HTML input is not supported yet")
