"""What can happen to one input of `cleaner ingest` or one article of `cleaner reclean`.

`OutcomeKind` is the one list of outcome kinds. Everything that counts outcomes is derived
from it: the run counters (`OutcomeCounts`), the counter columns of `ingest_runs`
(`cleaner.schema`), the ingest summary line and the reclean report. Each input ends in exactly
one kind, so the counts of a run's kinds add up to the inputs it saw.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

SEEN_COUNTER = "files_seen"  # the ingest_runs column of the total


class OutcomeKind(str, Enum):
    """One kind of outcome; its `counter` names the count (and its ingest_runs column)."""

    NEW = "new"
    NEAR_DUPLICATE = "near_duplicate"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    EMPTY = "empty"
    ERROR = "error"
    CHANGED = "changed"  # reclean: the article's text or title changed

    @property
    def counter(self) -> str:
        """The plural the counts are known by: `near_duplicates`, `errors`, `new` ..."""
        return _PLURALS.get(self.value, self.value)

    @property
    def label(self) -> str:
        """The counter as words, for summary lines: `near duplicates`."""
        return self.counter.replace("_", " ")


_PLURALS = MappingProxyType(
    {"near_duplicate": "near_duplicates", "duplicate": "duplicates", "error": "errors"}
)

# The kinds each command can end in, in the order summaries list them.
INGEST_KINDS = (
    OutcomeKind.NEW,
    OutcomeKind.NEAR_DUPLICATE,
    OutcomeKind.UNCHANGED,
    OutcomeKind.DUPLICATE,
    OutcomeKind.EMPTY,
    OutcomeKind.ERROR,
)
RECLEAN_KINDS = (OutcomeKind.CHANGED, OutcomeKind.UNCHANGED, OutcomeKind.ERROR)


@dataclass(frozen=True)
class Outcome:
    """What happened to one input; `on_outcome` callbacks get one per document."""

    kind: OutcomeKind
    source: str
    article_id: str | None = None
    reason: str | None = None


@dataclass
class OutcomeCounts:
    """How many inputs of one run ended in each of the `kinds` it can end in."""

    kinds: tuple[OutcomeKind, ...] = INGEST_KINDS
    counts: Counter[OutcomeKind] = field(default_factory=Counter)

    def add(self, kind: OutcomeKind) -> None:
        if kind not in self.kinds:
            raise ValueError(f"{kind.value!r} is not an outcome of this run")
        self.counts[kind] += 1

    def __getitem__(self, kind: OutcomeKind) -> int:
        return self.counts[kind]

    @property
    def seen(self) -> int:
        return sum(self.counts.values())

    def by_counter(self) -> dict[str, int]:
        """Counter name → count, every kind of the run included (zeros too)."""
        return {kind.counter: self.counts[kind] for kind in self.kinds}

    def phrase(self) -> str:
        """`5 new, 0 near duplicates, ...`: the counts in summary order."""
        return ", ".join(f"{self.counts[kind]} {kind.label}" for kind in self.kinds)
