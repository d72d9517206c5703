"""The html-eval development set and its segment scoring, shared by the evaluation scripts.

The set lives in `../shared/dev/html-eval` beside the checkout (override with
$CLEANER_EVAL_DATA or the scripts' `--data`). Scoring follows that folder's README: a `with`
segment found in the output is a true positive, missed a false negative; a `without` segment
found is a false positive, absent a true negative; segments match after collapsing whitespace.
"""

from __future__ import annotations

import gzip
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.text import collapse_whitespace

DEFAULT_DATA = Path(
    os.environ.get(
        "CLEANER_EVAL_DATA",
        Path(__file__).resolve().parent.parent.parent / "shared" / "dev" / "html-eval",
    )
)


def collapse(text: str) -> str:
    """Whitespace runs → one space, as the segments are matched."""
    return collapse_whitespace(text)


@dataclass(frozen=True)
class EvalPage:
    url: str
    path: Path
    keep: tuple[str, ...]
    drop: tuple[str, ...]

    def read(self) -> bytes:
        return gzip.decompress(self.path.read_bytes())


def iter_pages(folder: Path, limit: int | None = None) -> Iterator[EvalPage]:
    """The annotated pages in URL order (the first `limit` of them)."""
    annotations = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    for count, url in enumerate(sorted(annotations)):
        if limit is not None and count >= limit:
            return
        entry = annotations[url]
        path = folder / "pages" / f"{entry['file']}.gz"
        if path.exists():
            yield EvalPage(url, path, tuple(entry["with"]), tuple(entry["without"]))


@dataclass
class SegmentScore:
    """Segment counts over the corpus for one system, with the segments it got wrong."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    leaked: Counter[str] = field(default_factory=Counter)  # `without` segments kept
    lost: Counter[str] = field(default_factory=Counter)  # `with` segments missed

    def add(self, output: str, keep: tuple[str, ...], drop: tuple[str, ...]) -> None:
        text = collapse(output)
        for segment in keep:
            if collapse(segment) in text:
                self.tp += 1
            else:
                self.fn += 1
                self.lost[segment] += 1
        for segment in drop:
            if collapse(segment) in text:
                self.fp += 1
                self.leaked[segment] += 1
            else:
                self.tn += 1

    def merge(self, other: SegmentScore) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn
        self.leaked.update(other.leaked)
        self.lost.update(other.lost)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f_score(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
