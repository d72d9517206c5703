"""What a finished `ingest` or `reclean` reports: its outcome counts, as one summary line or
a JSON-ready dict (the counters' names come from `cleaner.outcomes`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cleaner.outcomes import RECLEAN_KINDS, SEEN_COUNTER, OutcomeCounts, OutcomeKind


@dataclass(frozen=True)
class IngestReport:
    run_id: int
    counts: OutcomeCounts
    seconds: float
    status: str = "done"

    @property
    def failed(self) -> int:
        return self.counts[OutcomeKind.ERROR]

    def summary(self) -> str:
        return (
            f"{self.counts.seen} seen: {self.counts.phrase()} "
            f"({self.seconds:.1f} s, run {self.run_id})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            SEEN_COUNTER: self.counts.seen,
            **self.counts.by_counter(),
        }


@dataclass
class RecleanReport:
    counts: OutcomeCounts = field(default_factory=lambda: OutcomeCounts(RECLEAN_KINDS))
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return self.counts[OutcomeKind.ERROR]

    def summary(self) -> str:
        return (
            f"{self.counts.seen} articles re-cleaned: {self.counts.phrase()} ({self.seconds:.1f} s)"
        )

    def as_dict(self) -> dict[str, Any]:
        return {"seen": self.counts.seen, **self.counts.by_counter(), "seconds": self.seconds}
