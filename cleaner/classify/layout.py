"""Where the body is (the anchors), the comment-section cut, repeated lines and the headline."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cleaner.classify.lines import ClassifierConfig, Line
from cleaner.rules import Rule
from cleaner.rules.stopwords import has_stopword
from cleaner.text import normalise_line

_LETTER = re.compile(r"[^\W\d_]")
# A full stop that ends a sentence: after a word of four or more letters or a number, not
# after an abbreviation ("vs. Desktop", "Dr. Who", "U.S. Army").
_SENTENCE_BREAK = re.compile(r"(?:[^\W\d_]{4,}|\d)\.\s+\S")
# A headline may end in an initialism's full stop ("… Markets in the U.S."), not a sentence's.
_FINAL_INITIALISM = re.compile(r"\b(?:[^\W\d_]\.){2,}$")
# A byline or dateline this many lines into the body, after at most this many prose lines,
# still belongs to the head: a standfirst printed above the byline ("Rescue teams worked
# through the night.") is prose of the head.
HEAD_BYLINE_LINES = 4
STANDFIRST_LINES = 2
# The most lines a lead-in ("The costs are split as follows:") introduces as its list or table.
MAX_LISTED = 40


@dataclass(frozen=True)
class Layout:
    """Where the body is, and which lines are special."""

    first_anchor: int | None
    last_anchor: int | None
    cut: int | None  # index of the comment marker that ends the article
    title_index: int | None
    title_from_metadata: bool
    repeats: Mapping[int, str]
    listed: frozenset[int] = frozenset()  # items of a list or table a lead-in introduces

    def in_head(self, index: int) -> bool:
        return self.first_anchor is None or index < self.first_anchor

    def in_tail(self, index: int) -> bool:
        return self.last_anchor is None or index > self.last_anchor

    def in_body(self, index: int) -> bool:
        return not (self.in_head(index) or self.in_tail(index))

    def has_body(self) -> bool:
        return self.first_anchor is not None

    def allows(self, rule: Rule, index: int) -> bool:
        if rule.position == "any":
            return True
        if rule.position == "head":
            return self.in_head(index)
        if rule.position == "tail":
            return self.in_tail(index)
        return self.in_head(index) or self.in_tail(index)


def layout_of(present: list[Line], known_title: str | None, config: ClassifierConfig) -> Layout:
    repeats = _repeats(present, config)
    title_key = normalise_line(known_title) if known_title else None
    candidates = [
        line
        for line in present
        if line.prose
        and not line.hits
        and line.template is None
        and line.index not in repeats
        and (title_key is None or normalise_line(line.text) != title_key)
    ]
    cut = _comment_cut(present, candidates, config)
    anchors = _past_the_byline(
        present, [line.index for line in candidates if cut is None or line.index < cut]
    )
    first = anchors[0] if anchors else None
    if title_key is not None:
        title_index = next(
            (
                line.index
                for line in present
                if normalise_line(line.text) == title_key and (first is None or line.index < first)
            ),
            None,
        )
    else:
        title_index = _guess_headline(present, first, anchors, repeats, config)
        anchors = [index for index in anchors if index != title_index]
    return Layout(
        first_anchor=anchors[0] if anchors else None,
        last_anchor=anchors[-1] if anchors else None,
        cut=cut,
        title_index=title_index,
        title_from_metadata=title_key is not None,
        repeats=repeats,
        listed=_listed(present, config),
    )


def _past_the_byline(present: list[Line], anchors: list[int]) -> list[int]:
    """The anchors, without those before a byline or dateline standing in the first lines of
    the body (`HEAD_BYLINE_LINES`) after a standfirst of a line or two: the article begins after
    its byline, so that the edge rules take the byline and the standfirst is the head's."""
    if not anchors:
        return anchors
    start = next(k for k, line in enumerate(present) if line.index == anchors[0])
    bylines = [
        line.index
        for line in present[start + 1 : start + 1 + HEAD_BYLINE_LINES]
        if any(
            rule.category == "byline" and rule.position in ("edge", "head") for rule in line.hits
        )
    ]
    if not bylines:
        return anchors
    after = [index for index in anchors if index > bylines[-1]]
    if not after or len(anchors) - len(after) > STANDFIRST_LINES:
        return anchors
    return after


def is_lead_in(line: Line, config: ClassifierConfig) -> bool:
    """A sentence that leads in to what follows: it ends with a colon."""
    return (
        line.text.endswith(":")
        and line.words >= config.prose_min_words + 1
        and has_stopword(line.text.split())
    )


def _listed(present: list[Line], config: ClassifierConfig) -> frozenset[int]:
    """The lines of the list or table that a lead-in no rule claims introduces: the short
    lines after it, up to the first one a rule or the site template claims, or the next
    prose paragraph (`The costs are split as follows:` / `Trams: 500 million` / ...)."""
    listed: set[int] = set()
    for position, line in enumerate(present):
        if line.hits or not is_lead_in(line, config):
            continue
        for item in present[position + 1 : position + 1 + MAX_LISTED]:
            if item.hits or item.template is not None or item.prose:
                break
            listed.add(item.index)
    return frozenset(listed)


def _repeats(present: list[Line], config: ClassifierConfig) -> dict[int, str]:
    """Lines printed twice in a row (blank lines between them do not count): both copies of a
    short one ("short": a caption or byline printed twice), the second copy of a prose
    paragraph ("prose"). Short pairs that follow one another (A A B B) are a list whose items
    are each printed twice (a product's image link and its name): only the second copies go
    ("copy"), the list stays."""
    marks: dict[int, str] = {}
    pairs: list[int] = []  # positions in `present` of the first copy of each short pair
    for k, (before, after) in enumerate(itertools.pairwise(present)):
        if before.text.casefold() != after.text.casefold():
            continue
        if after.prose and (after.punctuated or after.words > config.repeat_max_words):
            marks[after.index] = "prose"
        else:
            pairs.append(k)
    starts = set(pairs)
    for k in pairs:
        if k - 2 in starts or k + 2 in starts:
            marks[present[k + 1].index] = "copy"
        else:
            marks.setdefault(present[k].index, "short")
            marks[present[k + 1].index] = "short"
    return marks


def _comment_cut(
    present: list[Line], candidates: list[Line], config: ClassifierConfig
) -> int | None:
    """Index of a comment-section marker that ends the article, if one follows enough prose."""
    total_words = sum(line.words for line in candidates) or 1
    prose_indexes = {line.index for line in candidates}
    seen = seen_words = 0
    for line in present:
        if line.index in prose_indexes:
            seen += 1
            seen_words += line.words
        elif (
            any(rule.ends_article for rule in line.hits)
            and seen >= config.comments_min_prose
            and seen_words / total_words >= config.comments_min_share
        ):
            return line.index
    return None


def _guess_headline(
    present: list[Line],
    first_anchor: int | None,
    anchors: list[int],
    repeats: Mapping[int, str],
    config: ClassifierConfig,
) -> int | None:
    """The headline of plain text: the first title-like line of the head that no rule claims,
    or a title-like first line directly followed by the body."""
    head = [
        line
        for line in present
        if (first_anchor is None or line.index < first_anchor)
        and not line.hits
        and line.template is None
        and line.index not in repeats
        and title_like(line, config)
    ]
    for line in head:
        if line.words >= config.headline_min_words:
            return line.index
    if head and head[0] is present[0]:
        return head[0].index
    opening = present[0] if present else None
    if (
        opening is not None
        and opening.index == first_anchor
        and len(anchors) > 1
        and title_like(opening, config)
        and opening.words >= config.headline_min_words
        and _SENTENCE_BREAK.search(opening.text) is None
    ):
        return opening.index
    return None


def title_like(line: Line, config: ClassifierConfig) -> bool:
    """Short enough for a headline, not a list item, no sentence or clause end."""
    return (
        1 <= line.words <= config.headline_max_words
        and len(line.text) <= 300
        and not line.bullet
        and (line.text[-1] not in ".,;:" or _FINAL_INITIALISM.search(line.text) is not None)
        and _LETTER.search(line.text) is not None
    )


def title_text(present: list[Line], title_index: int | None, known_title: str | None) -> str | None:
    if known_title:
        return " ".join(known_title.split())
    for line in present:
        if line.index == title_index:
            return line.text
    return None
