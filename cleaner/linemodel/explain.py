"""A line model's decision in words: the three features that pushed the score most."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

_PLAIN: dict[str, tuple[str, str]] = {  # 0/1 features: (phrase when 1, phrase when 0)
    "sentence_end": ("ends a sentence", "no sentence end"),
    "colon_end": ("ends with a colon", "no colon at the end"),
    "prose": ("reads as prose", "does not read as prose"),
    "bullet": ("bulleted", "not bulleted"),
    "copyright": ("copyright notice", "no copyright notice"),
    "url": ("contains a web address", "no web address"),
    "email": ("contains an e-mail address", "no e-mail address"),
    "handle": ("contains a @handle", "no @handle"),
    "all_caps": ("all in capitals", "not all capitals"),
    "title_case": ("every word capitalised", "not title case"),
    "starts_lowercase": ("starts in lowercase", "starts in uppercase"),
    "starts_digit": ("starts with a digit", "does not start with a digit"),
    "inside_prose_span": ("inside the prose of the article", "outside the article's prose"),
    "inside_main_block": ("inside the main block of text", "outside the main block of text"),
    "lex_off": (
        "the lexicon knows too few of the document's words",
        "the lexicon knows the document's words",
    ),
    "inside_body_run": (
        "inside the run of lines the first pass calls body",
        "outside the run of lines the first pass calls body",
    ),
    "rule_drop": ("the rules remove it", "the rules keep it"),
}
_WHERE = {-2: "two lines before", -1: "the line before", 1: "the line after", 2: "two lines after"}


def _count(value: float) -> int:
    return round(math.expm1(value))


def _position(value: float, first: bool) -> str:
    if value < -0.99:
        return "no long prose line in the document"
    if first:
        return "before the first prose paragraph" if value < 0 else "after the first prose line"
    return "after the last prose paragraph" if value > 0 else "before the last prose line"


def _score(where: str, value: float) -> str:
    if value < 0:
        return f"no line {where}"
    look = "boilerplate" if value >= 0.5 else "body"
    return f"{where} looks like {look} ({value:.2f})"


def _lexicon(what: str, value: float) -> str:
    if value == 0:
        return f"{what}: no known words"
    kind = "boilerplate" if value > 0 else "the article"
    return f"{what} found more in {kind} ({value:+.1f})"


_WINDOW = {  # window features: the mean over the lines within ±width
    "prose": "read as prose",
    "rule_drop": "are removed by the rules",
    "sentence_end": "end a sentence",
}


def _window(name: str, value: float) -> str:
    base, width = name.split("~")
    if base == "words":
        return f"the lines within {width} have {_count(value)} words on average"
    if base == "score":
        return f"the lines within {width} score {value:.2f}"
    return f"{value:.0%} of the lines within {width} {_WINDOW[base]}"


_PHRASES: dict[str, Callable[[float], str]] = {
    "words": lambda v: f"{_count(v)} words",
    "chars": lambda v: f"{_count(v)} characters",
    "from_first_prose": lambda v: _position(v, first=True),
    "from_last_prose": lambda v: _position(v, first=False),
    "relative_position": lambda v: f"at {v:.0%} of the document",
    "repeated_in_document": lambda v: (
        f"appears {_count(v) + 1} times in the document" if v > 0 else "appears once"
    ),
    "like_first_line": lambda v: f"{v:.0%} like the first line",
    "length_vs_median": lambda v: f"{v:.1f}× the document's median length",
    "function_word_share": lambda v: f"{v:.0%} function words",
    "capital_share": lambda v: f"{v:.0%} capitalised words",
    "score": lambda v: f"first pass {v:.2f}",
    "prose_words_before": lambda v: f"{v:.0%} of the prose before it",
    "from_main_block": lambda v: (
        "no block of prose"
        if v < -0.99
        else "before the main block of text"
        if v < 0
        else "after the main block of text"
        if v > 0
        else "in the main block of text"
    ),
    "score_window": lambda v: f"the lines around it score {v:.2f}",
    "from_body_run": lambda v: (
        "no run of body lines"
        if v < -0.99
        else "before the run of body lines"
        if v < 0
        else "after the run of body lines"
        if v > 0
        else "in the run of body lines"
    ),
    "digit_share": lambda v: f"{v:.0%} digits",
    "punctuation_share": lambda v: f"{v:.0%} punctuation",
    "separators": lambda v: f"{round(v)} separators (| » / • ...)",
    "commas": lambda v: f"{round(v)} commas",
    "lines_in_document": lambda v: f"{_count(v)} lines in the document",
    "prose_share_of_document": lambda v: f"{v:.0%} of the document reads as prose",
    "lex_mean": lambda v: _lexicon("its words", v),
    "lex_max": lambda v: _lexicon("its most boilerplate-like word", v),
    "lex_min": lambda v: _lexicon("its most article-like word", v),
    "lex_known": lambda v: f"{v:.0%} of its words known to the lexicon",
    "lex_first": lambda v: _lexicon("its first word", v),
    "lex_pair_mean": lambda v: _lexicon("its word pairs", v),
    "lex_pair_max": lambda v: _lexicon("its most boilerplate-like word pair", v),
    "lex_pair_known": lambda v: f"{v:.0%} of its word pairs known to the lexicon",
    "score_before": lambda v: _score("everything before", v),
    "score_after": lambda v: _score("everything after", v),
}


def phrase(name: str, value: float) -> str:
    """One feature's value in words."""
    if name in _PLAIN:
        yes, no = _PLAIN[name]
        return yes if value >= 0.5 else no
    if name in _PHRASES:
        return _PHRASES[name](value)
    if name.startswith("rule:"):
        category = name.removeprefix("rule:")
        return f"a {category} rule matches" if value >= 0.5 else f"no {category} rule matches"
    if name.startswith("verdict:"):
        rule_id = name.removeprefix("verdict:")
        return f"the rules say {rule_id}" if value >= 0.5 else f"the rules do not say {rule_id}"
    if "~" in name:
        return _window(name, value)
    if name.startswith("score@"):
        return _score(_WHERE[int(name.removeprefix("score@"))], value)
    if "@" in name:
        base, offset = name.split("@")
        return (
            f"{_WHERE[int(offset)]}: {phrase(base, value)}"
            if value >= 0
            else (f"no line {_WHERE[int(offset)]}")
        )
    return f"{name}={value:.2f}"


def top_reasons(
    probability: float,
    row: np.ndarray,
    contributions: np.ndarray,
    names: Sequence[str],
    count: int = 3,
    told: Mapping[str, str] | None = None,
) -> str:
    """`p=0.97: no sentence end, 2 words, after the last prose paragraph`: the features that
    pushed the score the way it went, strongest first. `told`: phrases that say more than the
    value can (the words behind a lexicon feature)."""
    sign = 1.0 if probability >= 0.5 else -1.0
    order = np.argsort(-sign * contributions, kind="stable")
    strongest = [i for i in order[:count] if sign * contributions[i] > 0]
    told = told or {}
    words = ", ".join(told.get(names[i]) or phrase(names[i], float(row[i])) for i in strongest)
    return f"p={probability:.2f}: {words}" if words else f"p={probability:.2f}"
