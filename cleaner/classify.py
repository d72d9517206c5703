"""Line classifier. (Stub.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.model import Removal
from cleaner.rules import RuleSet


@dataclass(frozen=True)
class Classification:
    paragraphs: tuple[str, ...]
    title: str | None
    removed: tuple[Removal, ...]


def classify(
    lines: Sequence[str], ruleset: RuleSet, *, known_title: str | None = None
) -> Classification:
    kept = tuple(line.strip() for line in lines if line.strip())
    return Classification(paragraphs=kept, title=None, removed=())
