"""Datelines: when an article was published and last updated, as one line states it.

`Published 14 March 2024 | Updated 15 March 2024`, `Veröffentlicht am 23.05.2018`, `Sep 26,
2022 · 2 min read`, `by Daniel Gibson | Mar 11, 2023 | Brakes | 0 comments`, and the wire
dateline opening a story (`RAJSHAHI, Dec 20, 2025 (BSS) - Homestead gardening has …`). A line
is cut at its separators (` | `, ` · `, ` - ` …); a part is a dateline when it is short and
holds little besides a date: labels (`Last updated on`), a reading time, a place, a byline. A
date inside a sentence (`Sign up now for our next ride on 21 June 2026`, `solar installed
after April 15, 2023`) is none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.metadata.bylines import SEPARATORS, byline_authors
from cleaner.metadata.dates import has_year, written_date
from cleaner.text import word_count

# What a bare dateline is made of: numbers, month and day names, labels.
_DATE_WORDS = re.compile(
    r"(?i)[\d\W_]+|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|"
    r"sat|sun|mär|mai|okt|dez|janv|févr|avr|juil|août|déc|ene|abr|ago|dic)[a-zäéû]*\b|"
    r"\b(?:published|updated|posted|modified|last|on|at|am|pm|um|le|el|de|à|veröffentlicht|"
    r"aktualisiert|publié|mis|jour|publicado|actualizado|[ecmp][sd]t|bst|cet|cest|utc|gmt|min|read)\b"
    r"|[年月日時时分秒号년월일시분초]|午前|午後|오전|오후|[(（][月火水木金土日][)）]"
)
PUBLISHED_LABEL = re.compile(
    r"(?i)\b(?:published|posted|veröffentlicht|publié|publiée|publicado|publicada)\b"
)
MODIFIED_LABEL = re.compile(
    r"(?i)\b(?:updated|last updated|modified|last modified|aktualisiert|geändert|stand|"
    r"mis à jour|modifié|actualizado|actualizada|modificado)\b"
)
# Where a dateline's update begins after a comma (`Published March 1, 2024, updated March 2`,
# `Publié le 16 mars 2023 à 15h12, modifié le 17 mars 2023`): a part of its own.
_UPDATE_AFTER_COMMA = re.compile(
    r",\s+(?=" + MODIFIED_LABEL.pattern.removeprefix("(?i)") + ")", re.I
)
# A part longer than this is a sentence, not a dateline.
_MAX_PART_WORDS = 12
# Words a dateline part may hold besides its date and labels (a place, an agency, `Page`).
_MAX_OTHER_WORDS = 3
# In a longer line only the opening part may be a dateline (a wire story's: a place and an
# agency besides the date, `RAJSHAHI, Dec 20, 2025 (BSS) -`).
_MAX_LINE_WORDS = 25
_MAX_WIRE_OTHER_WORDS = 2


@dataclass(frozen=True)
class Dateline:
    """The dates one line states: published and last modified, as `YYYY-MM-DD`."""

    published: str | None = None
    modified: str | None = None


def dateline_dates(line: str, languages: Sequence[str] = ()) -> Dateline:
    """The dates a dateline states: a part labelled as an update is the modified date, any
    other the published date."""
    if not has_year(line):
        return Dateline()  # the common case, and cheap: no part of it can state a date
    parts = dateline_parts(line)
    others = _MAX_OTHER_WORDS
    if word_count(line) > _MAX_LINE_WORDS:
        parts, others = parts[:1], _MAX_WIRE_OTHER_WORDS
    published = modified = None
    for part in parts:
        found = written_date(part, languages) if _is_dateline_part(part, others) else None
        if found is None:
            continue
        if MODIFIED_LABEL.search(part):
            modified = modified or found
        else:
            published = published or found
    return Dateline(published, modified)


def dateline_parts(line: str) -> list[str]:
    """The parts of a line between its separators (` | `, ` · `, ` - ` …)."""
    parts = SEPARATORS.split(" ".join(line.split()))
    return [piece for part in parts for piece in _UPDATE_AFTER_COMMA.split(part) if piece]


def other_words(text: str) -> int:
    """How many words of `text` are neither date nor dateline label."""
    return len(_DATE_WORDS.sub(" ", text).split())


def _is_dateline_part(part: str, others: int) -> bool:
    if not part or word_count(part) > _MAX_PART_WORDS:  # CJK: a word per two characters
        return False
    return other_words(part) <= others or bool(byline_authors(part))
