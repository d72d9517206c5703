"""Words as evidence: how often each word is found in boilerplate lines rather than in body
lines, counted in sites, not lines (so one site's menu repeated on every page counts once).

The rule packs name phrases that someone wrote down; the lexicon is learned from the labelled
pages and catches the words of chrome that no rule names ("Reply", "demo", "subscribers" in a
short line), while the model weighs it against the shape and the neighbours of the line. It is
part of the model file: immutable, loaded once with the model.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

MIN_SITES = 5  # a word seen on fewer sites says nothing general
SMOOTHING = 2.0  # added to both counts: a word seen on few sites stays near zero
MAX_TOKENS_PER_LINE = 64  # a line's words are clear long before this
LEXICON_FEATURES = (
    "lex_mean",
    "lex_max",
    "lex_min",
    "lex_known",
    "lex_first",
    "lex_pair_mean",
    "lex_pair_max",
    "lex_pair_known",
    "lex_off",
)
# The lexicon speaks for a document only when it knows most of its words: learned from one
# language's pages, it says nothing of another's, and a model must not read "no known word"
# as chrome there. (wcxb-dev's pages: 95% above 0.87; German pages: about 0.3.)
MIN_COVERAGE = 0.6
_WORD = re.compile(r"\w+")


def line_words(text: str) -> list[str]:
    return _WORD.findall(text[:2000].casefold())[:MAX_TOKENS_PER_LINE]


def _terms(words: Sequence[str]) -> list[str]:
    """A line's words and its word pairs ("get a", "a demo"): a pair is told from a word by
    the space inside it."""
    return [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]


@dataclass(frozen=True)
class Lexicon:
    """Word → log-odds that a line holding it is boilerplate, against the base rate."""

    weights: dict[str, float]

    @classmethod
    def learn(cls, sites: Iterable[tuple[str, Sequence[str], Sequence[bool]]]) -> Lexicon:
        """From (site, lines, body labels) triples: per word, the number of sites where it is
        in a boilerplate line and the number where it is in a body line."""
        chrome_words: dict[str, set[str]] = {}
        body_words: dict[str, set[str]] = {}
        for site, lines, body in sites:
            chrome = chrome_words.setdefault(site, set())
            kept = body_words.setdefault(site, set())
            for line, is_body in zip(lines, body, strict=True):
                (kept if is_body else chrome).update(_terms(line_words(line)))
        in_chrome = Counter(word for words in chrome_words.values() for word in words)
        in_body = Counter(word for words in body_words.values() for word in words)
        on_sites = Counter(
            word for site in chrome_words for word in chrome_words[site] | body_words[site]
        )
        base = math.log((sum(in_chrome.values()) + SMOOTHING) / (sum(in_body.values()) + SMOOTHING))
        weights = {
            word: round(
                math.log((in_chrome[word] + SMOOTHING) / (in_body[word] + SMOOTHING)) - base, 3
            )
            for word, sites in on_sites.items()
            if sites >= MIN_SITES
        }
        return cls(weights)

    def columns(self, texts: Sequence[str], off: bool = False) -> np.ndarray:
        """`LEXICON_FEATURES` per line: the mean, largest and smallest weight of its known
        words, the share of its words that are known, the weight of its first word, the same
        for its word pairs; all zero and `lex_off` set when the lexicon does not know enough
        of the document's words (or `off`: training teaches the model that case too)."""
        rows = np.zeros((len(texts), len(LEXICON_FEATURES)))
        weights = self.weights
        words_of = [line_words(text) for text in texts]
        total = sum(map(len, words_of))
        known_count = sum(word in weights for words in words_of for word in words)
        if off or not total or known_count / total < MIN_COVERAGE:
            rows[:, -1] = 1.0
            return rows
        for i, words in enumerate(words_of):
            known = [weights[word] for word in words if word in weights]
            if not known:
                continue
            pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
            known_pairs = [weights[pair] for pair in pairs if pair in weights]
            rows[i, :-1] = (
                sum(known) / len(known),
                max(known),
                min(known),
                len(known) / len(words),
                weights.get(words[0], 0.0),
                sum(known_pairs) / len(known_pairs) if known_pairs else 0.0,
                max(known_pairs, default=0.0),
                len(known_pairs) / len(pairs) if pairs else 0.0,
            )
        return rows

    def named(self, text: str) -> dict[str, str]:
        """The lexicon features of one line told with the words behind them: `lex_max` as
        `"newsletter" is a word of boilerplate (+3.4)`, for explanations."""
        words = line_words(text)
        weights = self.weights
        known = [word for word in words if word in weights]
        pairs = [pair for pair in map(" ".join, itertools.pairwise(words)) if pair in weights]
        named: dict[str, str] = {}
        for name, candidates, pick in (
            ("lex_max", known, max),
            ("lex_min", known, min),
            ("lex_first", known[:1] if words[:1] == known[:1] else [], max),
            ("lex_pair_max", pairs, max),
        ):
            if candidates:
                word = pick(candidates, key=weights.__getitem__)
                named[name] = _told(word, weights[word])
        return named


def _told(word: str, weight: float) -> str:
    kind = "boilerplate" if weight > 0 else "article text"
    return f"“{word}” is found more in {kind} ({weight:+.1f})"
