"""Features of every line of a document, for the line model.

A line is described by its shape (words, punctuation, capitals, digits, function words,
separators, links), its position (relative index, distance to the first and last long prose
line), the document around it (the same shape of the neighbours ±2, repeats, likeness to the
first line, length against the document's median) and the rules' evidence (which rule packs
hit it, and the rule classifier's own verdict). The second pass adds the first pass's scores of
the neighbours. Every feature has a name and a phrase, so that a decision can be told in words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleaner.linemodel.lexicon import LEXICON_FEATURES, Lexicon
from cleaner.rules.stopwords import STOPWORDS
from cleaner.text import normalise_line

RULE_CATEGORIES = (
    "accessibility",
    "advertising",
    "byline",
    "caption",
    "comments",
    "cookie",
    "legal",
    "navigation",
    "newsletter",
    "paywall",
    "promo",
    "related",
    "share",
    "widget",
    "site-template",
)
# The rule classifier's structural verdicts worth telling apart.
STRUCTURE_IDS = (
    "structure.headline",
    "structure.head-chrome",
    "structure.tail-chrome",
    "structure.before-headline",
    "structure.after-comments",
    "structure.repeated-line",
    "structure.repeated-paragraph",
    "structure.bullet-fragment",
    "context.between-removed",
)
LONG_PROSE_WORDS = 12
BLOCK_GAP = 3  # prose lines at most this many lines apart belong to one block
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
# Wider context: the lines within ±width, averaged (chrome comes in runs: menus, footers).
WINDOWS = (5, 12)
WINDOW_FEATURES = ("prose", "words", "rule_drop", "sentence_end")

_DOMAIN = re.compile(r"\w\.(?:com|org|net|de|fr|es|co\.uk)\b")
_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[^\w\s]")
_WORD_EDGES = ".,;:!?\"'“”‘’«»()[]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_HANDLE = re.compile(r"(?:^|\s)@\w{2,}")
_SEPARATORS = tuple("|»›·/•>")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LineFacts:
    """What the rule classifier knows of one non-blank line."""

    text: str
    words: int
    punctuated: bool
    prose: bool
    bullet: bool
    categories: frozenset[str]  # categories of the rule packs that hit it, wherever it is
    rule_keep: bool  # the rule classifier's verdict
    rule_id: str


# --- feature names, in column order ---------------------------------------------------------

OWN_FEATURES = (
    "words",
    "chars",
    "sentence_end",
    "colon_end",
    "prose",
    "capital_share",
    "digit_share",
    "function_word_share",
    "punctuation_share",
    "separators",
    "bullet",
    "copyright",
    "url",
    "email",
    "handle",
    "all_caps",
    "title_case",
    "starts_lowercase",
    "starts_digit",
    "commas",
)
NEIGHBOUR_FEATURES = ("words", "sentence_end", "prose", "rule_drop")
DOC_FEATURES = (
    "relative_position",
    "from_first_prose",
    "from_last_prose",
    "inside_prose_span",
    "lines_in_document",
    "repeated_in_document",
    "like_first_line",
    "length_vs_median",
    "prose_share_of_document",
    "rule_drop",
    "prose_words_before",
    "inside_main_block",
    "from_main_block",
)
LINE_FEATURES = (  # what `line_matrix` computes from the rule evidence alone
    OWN_FEATURES
    + DOC_FEATURES
    + tuple(f"rule:{category}" for category in RULE_CATEGORIES)
    + tuple(f"verdict:{rule_id}" for rule_id in STRUCTURE_IDS)
    + tuple(f"{name}@{offset:+d}" for offset in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_FEATURES)
    + tuple(f"{name}~{width}" for width in WINDOWS for name in WINDOW_FEATURES)
)
FIRST_PASS_FEATURES = LINE_FEATURES + LEXICON_FEATURES
SECOND_PASS_FEATURES = (
    "score",
    *(f"score@{offset:+d}" for offset in NEIGHBOUR_OFFSETS),
    "score_window",
    "score_before",
    "score_after",
    *(f"score~{width}" for width in WINDOWS),
    "inside_body_run",
    "from_body_run",
)
MISSING = -1.0  # a neighbour beyond the document's edge


SHAPE_CHARS = 2000  # a line's shape is clear long before this; a 1 MB line costs no more


def _own(line: LineFacts) -> list[float]:
    text = line.text[:SHAPE_CHARS]
    tokens = text.split()
    count = len(tokens) or 1
    chars = len(text) or 1
    capitals = function_words = long_words = long_capitalised = 0
    for token in tokens:
        upper = token[:1].isupper()
        capitals += upper
        function_words += token.strip(_WORD_EDGES).casefold() in STOPWORDS
        if len(token) > 3 and token[:1].isalpha():
            long_words += 1
            long_capitalised += upper
    lowered = text.casefold()
    has_at = "@" in text
    return [
        math.log1p(line.words),
        math.log1p(len(text)),
        float(line.punctuated),
        float(text.endswith(":")),
        float(line.prose),
        capitals / count,
        len(_DIGIT.findall(text)) / chars,
        function_words / count,
        len(_PUNCTUATION.findall(text)) / chars,
        float(sum(map(text.count, _SEPARATORS))),
        float(line.bullet),
        float("©" in text or "copyright" in lowered or "rights reserved" in lowered),
        float(("://" in text or "www." in lowered) or _DOMAIN.search(lowered) is not None),
        float(has_at and _EMAIL.search(text) is not None),
        float(has_at and _HANDLE.search(text) is not None),
        float(len(text) > 3 and text.isupper()),
        float(long_words > 0 and long_words == long_capitalised),
        float(text[:1].islower()),
        float(text[:1].isdigit()),
        float(text.count(",")),
    ]


def _neighbour(line: LineFacts) -> list[float]:
    return [
        math.log1p(line.words),
        float(line.punctuated),
        float(line.prose),
        float(not line.rule_keep),
    ]


def _prose_span(lines: Sequence[LineFacts]) -> tuple[int | None, int | None]:
    long_prose = [
        i for i, line in enumerate(lines) if line.prose and line.words >= LONG_PROSE_WORDS
    ]
    if not long_prose:
        return None, None
    return long_prose[0], long_prose[-1]


def _main_block(lines: Sequence[LineFacts]) -> tuple[int, int] | None:
    """The span of the densest run of prose (most prose words, gaps of at most BLOCK_GAP
    lines): where the article's text is, as jusText's densest block."""
    best: tuple[int, int] | None = None
    best_words = start = last = words = 0
    for i, line in enumerate(lines):
        if not line.prose:
            continue
        if words and i - last > BLOCK_GAP:
            if words > best_words:
                best, best_words = (start, last), words
            words = 0
        if not words:
            start = i
        words += line.words
        last = i
    if words > best_words:
        best = (start, last)
    return best


def _block_distance(i: int, block: tuple[int, int] | None, n: int) -> float:
    if block is None:
        return MISSING
    if i < block[0]:
        return (i - block[0]) / n
    return (i - block[1]) / n if i > block[1] else 0.0


def _overlap(tokens: set[str], other: set[str]) -> float:
    if not tokens or not other:
        return 0.0
    return len(tokens & other) / len(tokens | other)


def first_pass_matrix(lines: Sequence[LineFacts], lexicon: Lexicon) -> np.ndarray:
    """One row of `FIRST_PASS_FEATURES` per line: `line_matrix` and the lexicon's evidence."""
    return with_lexicon(line_matrix(lines), lines, lexicon)


def with_lexicon(
    rows: np.ndarray, lines: Sequence[LineFacts], lexicon: Lexicon, off: bool = False
) -> np.ndarray:
    """`line_matrix` rows with the lexicon's columns added (training computes the rows once
    and the columns once per fold's lexicon, `off` for some pages: see `Lexicon.columns`)."""
    return np.hstack([rows, lexicon.columns([line.text for line in lines], off)])


def line_matrix(lines: Sequence[LineFacts]) -> np.ndarray:
    """One row of `LINE_FEATURES` per line."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(LINE_FEATURES)))
    first, last = _prose_span(lines)
    keys = [normalise_line(line.text) for line in lines]
    repeats = Counter(keys)
    median = float(np.median([line.words for line in lines])) or 1.0
    prose_share = sum(line.prose for line in lines) / n
    first_tokens = set(_WORD.findall(keys[0]))
    block = _main_block(lines)
    prose_words = np.cumsum([0, *(line.words if line.prose else 0 for line in lines)])
    total_prose = float(prose_words[-1]) or 1.0
    own = [_own(line) for line in lines]
    near = [_neighbour(line) for line in lines]
    missing = [MISSING] * len(NEIGHBOUR_FEATURES)
    rows = []
    for i, line in enumerate(lines):
        row = own[i]
        row += [
            i / n,
            (i - first) / n if first is not None else MISSING,
            (i - last) / n if last is not None else MISSING,
            float(first is not None and last is not None and first <= i <= last),
            math.log1p(n),
            math.log1p(repeats[keys[i]] - 1),
            _overlap(set(_WORD.findall(keys[i])), first_tokens) if i else 1.0,
            line.words / median,
            prose_share,
            float(not line.rule_keep),
            prose_words[i] / total_prose,
            float(block is not None and block[0] <= i <= block[1]),
            _block_distance(i, block, n),
        ]
        row += [float(category in line.categories) for category in RULE_CATEGORIES]
        row += [float(line.rule_id == rule_id) for rule_id in STRUCTURE_IDS]
        for offset in NEIGHBOUR_OFFSETS:
            j = i + offset
            row += near[j] if 0 <= j < n else missing
        rows.append(row)
    own_rows = np.asarray(rows, dtype=np.float64)
    return np.hstack([own_rows, _window_columns(lines)])


def _window_means(values: np.ndarray, width: int) -> np.ndarray:
    """The mean of `values` over the lines within ±width of each line (cut at the edges)."""
    n = len(values)
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(n)
    low, high = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
    return (cumulative[high] - cumulative[low]) / (high - low)


def _window_columns(lines: Sequence[LineFacts]) -> np.ndarray:
    values = [
        np.array([float(line.prose) for line in lines]),
        np.array([math.log1p(line.words) for line in lines]),
        np.array([float(not line.rule_keep) for line in lines]),
        np.array([float(line.punctuated) for line in lines]),
    ]
    return np.column_stack([_window_means(v, width) for width in WINDOWS for v in values])


def second_pass_matrix(first: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The first-pass features plus the first pass's scores around each line."""
    n = len(scores)
    if not n:
        return np.zeros((0, first.shape[1] + len(SECOND_PASS_FEATURES)))
    padded = np.concatenate([np.full(2, MISSING), scores, np.full(2, MISSING)])
    columns = [scores]
    columns += [padded[2 + offset : 2 + offset + n] for offset in NEIGHBOUR_OFFSETS]
    cumulative = np.concatenate([[0.0], np.cumsum(scores)])
    index = np.arange(n)
    low, high = np.maximum(index - 3, 0), np.minimum(index + 4, n)
    columns.append((cumulative[high] - cumulative[low]) / (high - low))
    before = np.where(index > 0, cumulative[index] / np.maximum(index, 1), MISSING)
    after_count = n - index - 1
    after = np.where(
        after_count > 0,
        (cumulative[n] - cumulative[index + 1]) / np.maximum(after_count, 1),
        MISSING,
    )
    columns += [before, after]
    columns += [_window_means(scores, width) for width in WINDOWS]
    run = _body_run(scores, np.expm1(first[:, _WORDS_COLUMN]))
    inside = (index >= run[0]) & (index <= run[1]) if run else np.zeros(n, dtype=bool)
    columns.append(inside.astype(np.float64))
    columns.append(np.array([_block_distance(i, run, n) for i in range(n)]))
    return np.hstack([first, np.column_stack(columns)])


_WORDS_COLUMN = 0  # OWN_FEATURES[0]: log1p(words)


def _body_run(scores: np.ndarray, words: np.ndarray) -> tuple[int, int] | None:
    """The run of consecutive lines with the most body evidence: the maximum-sum segment of
    (0.5 - score) x words (Kadane), as body-text-extraction finds the densest text region."""
    best, best_sum = None, 0.0
    start, running = 0, 0.0
    for i, gain in enumerate((0.5 - scores) * np.maximum(words, 1.0)):
        if running <= 0.0:
            start, running = i, 0.0
        running += gain
        if running > best_sum:
            best, best_sum = (start, i), running
    return best


ALL_SECOND_PASS = FIRST_PASS_FEATURES + SECOND_PASS_FEATURES
