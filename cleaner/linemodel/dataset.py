"""Labelled lines from a folder of pages with gold main text (../shared/dev/wcxb-dev layout).

Each page is rendered as a scraper stores it (`render`), every line is labelled body or
boilerplate against the gold (`labels`; the gold title counts as body, so that the model learns
what a headline looks like), and the rule classifier's evidence is turned into first-pass
features (all but the lexicon's, which depend on the pages a model learns from). Used by
`scripts/train_line_model.py` and `scripts/eval_text.py`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cleaner.classify import DEFAULT_CONFIG, rule_evidence
from cleaner.linemodel.features import LineFacts, line_matrix
from cleaner.linemodel.labels import Gold, label_lines
from cleaner.linemodel.render import RENDERINGS
from cleaner.rules import RuleSet

TITLE_SHARE = 0.8  # a line this much like the gold title is the headline
FOLDS = 5


def fold_of(domain: str, folds: int = FOLDS, salt: str = "") -> int:
    """A stable fold per site: whole sites stay on one side of every split."""
    digest = hashlib.sha1(f"{salt}{domain}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


@dataclass(frozen=True)
class Page:
    """One page of the labelled set."""

    page_id: str
    domain: str
    page_type: str
    html_path: Path
    gold: dict[str, str]  # main_content, title, author, publish_date, ...

    def html(self) -> str:
        return gzip.decompress(self.html_path.read_bytes()).decode("utf-8", "replace")


def iter_pages(folder: Path, limit: int | None = None) -> Iterator[Page]:
    """The pages of a wcxb-style folder, in id order."""
    index = json.loads((folder / "pages.json").read_text(encoding="utf-8"))["files"]
    for count, page_id in enumerate(sorted(index)):
        if limit is not None and count >= limit:
            return
        entry = index[page_id]
        truth = json.loads((folder / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
        yield Page(
            page_id,
            entry["domain"],
            entry["page_type"],
            folder / "html" / f"{page_id}.html.gz",
            truth["ground_truth"],
        )


@dataclass(frozen=True)
class LabelledDocument:
    """One rendering of one page: its non-blank lines, labels, rule evidence, features."""

    page: Page
    rendering: str
    lines: tuple[str, ...]
    body: np.ndarray  # bool per line
    facts: tuple[LineFacts, ...]
    features: np.ndarray  # `line_matrix`: the first-pass features but the lexicon's

    @property
    def text(self) -> str:
        """The text as a scraper stores it: one block per paragraph."""
        return "\n\n".join(self.lines)


def body_labels(page: Page, lines: Sequence[str]) -> np.ndarray:
    """Body (True) or boilerplate for each line; the headline counts as body."""
    body = label_lines(lines, page.gold.get("main_content") or "")
    title = Gold.of(page.gold.get("title") or "")
    return np.asarray(
        [b or title.body_share(line) >= TITLE_SHARE for b, line in zip(body, lines, strict=True)],
        dtype=bool,
    )


def label_document(page: Page, rendering: str, ruleset: RuleSet) -> LabelledDocument:
    lines = tuple(RENDERINGS[rendering](page.html()))
    evidence = rule_evidence(
        lines, ruleset, known_title=None, site_template=None, config=DEFAULT_CONFIG
    )
    facts = tuple(evidence.facts())
    return LabelledDocument(
        page, rendering, lines, body_labels(page, lines), facts, line_matrix(facts)
    )
