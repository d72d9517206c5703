"""Label rendered lines body or boilerplate by aligning them with a page's gold main text.

A line is body when most of its word 3-grams occur in the gold text; a line too short for a
3-gram is body when it is a whole line of the gold (a subheading, a list item, a table cell).
Words are the benchmark's: lowercase `\\w+` tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
BODY_SHARE = 0.5  # share of a line's 3-grams found in the gold that makes it body


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _trigrams(words: Sequence[str]) -> list[tuple[str, str, str]]:
    return list(zip(words, words[1:], words[2:], strict=False))


@dataclass(frozen=True)
class Gold:
    """The gold main text of one page, indexed for alignment."""

    trigrams: frozenset[tuple[str, str, str]]
    short_lines: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, main_content: str) -> Gold:
        lines = [tokens(line) for line in main_content.splitlines()]
        grams = {gram for words in lines for gram in _trigrams(words)}
        # 3-grams across line ends too: a scrape may join what the gold splits
        grams.update(_trigrams(tokens(main_content)))
        return cls(frozenset(grams), frozenset(tuple(w) for w in lines if 0 < len(w) < 3))

    def body_share(self, line: str) -> float:
        words = tokens(line)
        if not words:
            return 0.0
        if len(words) < 3:
            return 1.0 if tuple(words) in self.short_lines else 0.0
        grams = _trigrams(words)
        return sum(gram in self.trigrams for gram in grams) / len(grams)


def label_lines(lines: Iterable[str], main_content: str) -> list[bool]:
    """True for each line that is body."""
    gold = Gold.of(main_content)
    return [gold.body_share(line) >= BODY_SHARE for line in lines]
