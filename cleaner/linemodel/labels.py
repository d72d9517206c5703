"""Label rendered lines body or boilerplate by aligning them with a page's gold main text.

A line of three or more words is body when most of its word 3-grams occur in the gold text.
A shorter line (a subheading, a list item, a table cell) is body when it is a whole line of
the gold *at the right place*: between the gold positions of the body lines around it, and
each gold line used once — so a menu item "FAQ" at the top of the page is not body because
the article has a heading "FAQ" further down. Words are the benchmark's: lowercase `\\w+`.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
BODY_SHARE = 0.5  # share of a line's 3-grams found in the gold that makes it body
SHORT = 3  # lines with fewer words are aligned as whole gold lines

Trigram = tuple[str, str, str]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _trigrams(words: Sequence[str]) -> list[Trigram]:
    return list(zip(words, words[1:], words[2:], strict=False))


@dataclass(frozen=True)
class Gold:
    """The gold main text of one page, indexed for alignment."""

    trigram_at: dict[Trigram, int]  # first token position of each 3-gram
    short_lines: dict[tuple[str, ...], list[int]]  # short gold lines → their token positions
    length: int

    @classmethod
    def of(cls, main_content: str) -> Gold:
        trigram_at: dict[Trigram, int] = {}
        short_lines: dict[tuple[str, ...], list[int]] = defaultdict(list)
        position = 0
        stream: list[str] = []
        for line in main_content.splitlines():
            words = tokens(line)
            if 0 < len(words) < SHORT:
                short_lines[tuple(words)].append(position)
            stream.extend(words)
            position += len(words)
        # 3-grams across line ends too: a scrape may join what the gold splits
        for at, gram in enumerate(_trigrams(stream)):
            trigram_at.setdefault(gram, at)
        return cls(trigram_at, dict(short_lines), len(stream))

    def body_share(self, line: str) -> float:
        """Share of the line's 3-grams in the gold (1.0/0.0 for a short line that is/is not a
        whole gold line, wherever it is)."""
        words = tokens(line)
        if not words:
            return 0.0
        if len(words) < SHORT:
            return 1.0 if tuple(words) in self.short_lines else 0.0
        grams = _trigrams(words)
        return sum(gram in self.trigram_at for gram in grams) / len(grams)

    def position(self, line: str) -> int | None:
        """Where a long body line sits in the gold: the median position of its 3-grams."""
        found = sorted(
            self.trigram_at[gram] for gram in _trigrams(tokens(line)) if gram in self.trigram_at
        )
        return found[len(found) // 2] if found else None


def label_lines(lines: Sequence[str], main_content: str) -> list[bool]:
    """True for each line that is body."""
    gold = Gold.of(main_content)
    words = [tokens(line) for line in lines]
    labels = [
        len(w) >= SHORT and gold.body_share(line) >= BODY_SHARE
        for w, line in zip(words, lines, strict=True)
    ]
    anchors = [(i, gold.position(lines[i])) for i, body in enumerate(labels) if body]
    anchor_index = [i for i, _ in anchors]
    used: set[int] = set()
    for i, line_words in enumerate(words):
        if not 0 < len(line_words) < SHORT:
            continue
        at = bisect.bisect_left(anchor_index, i)
        low = next((p for _, p in reversed(anchors[:at]) if p is not None), -1)
        high = next((p for _, p in anchors[at:] if p is not None), gold.length + 1)
        for position in gold.short_lines.get(tuple(line_words), ()):
            if low <= position <= high and position not in used:
                used.add(position)
                labels[i] = True
                break
    return labels
