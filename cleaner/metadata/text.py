"""Author and dates of plain text, from its byline and dateline lines.

A scraper's text often keeps the byline and the dateline: `By Maria Lopez, Staff Writer`,
`Von Hans Müller`, `Published 14 March 2024`, `May 23, 2018`, a label and its value on two
lines (`Written by` / `Edzel Tabing`, `Last updated:` / `August 19, 2025`), or an author bio at
the end (`Adelle Nazarian is a politics and national security reporter for Breitbart News.`).
The classifier removes most of them (category `byline`, or as head chrome); this module reads
the author and the dates from the top of the text and from every byline removal, so they are
recorded on the Article while the lines stay out of the body.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.classify import Classification, LineVerdict
from cleaner.metadata.authors import clean_authors
from cleaner.metadata.bylines import bio_author, byline_authors, dateline_dates, leading_name
from cleaner.metadata.dates import written_date

BYLINE_CATEGORY = "byline"
_BY_WORDS = frozenset({"by", "by:", "von", "par", "por"})
HEADLINE_CATEGORY = "headline"
# Bylines and datelines sit at the top: the first lines of the text are searched.
_TOP_LINES = 40
_MAX_DATELINE_WORDS = 15
# What a bare dateline is made of: numbers, month and day names, labels.
_DATE_WORDS = re.compile(
    r"(?i)[\d\W_]+|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|"
    r"sat|sun|mär|mai|okt|dez|janv|févr|avr|juil|août|déc|ene|abr|ago|dic)[a-zäéû]*\b|"
    r"\b(?:published|updated|posted|on|at|am|um|le|el|de|à|veröffentlicht|aktualisiert|"
    r"publié|mis|jour|publicado|actualizado)\b"
)
# A line that is only the label of the next one: `By`, `Written by`, `Last updated:` ...
_LABEL_ONLY = re.compile(
    r"(?i)^(?:(?:written|posted|published|reviewed|text|article|story)\s+)?(?:by|von|par|por)"
    r"\s*:?$|^(?:authors?|autor(?:in)?|auteur|written by|posted|published(?: on)?|"
    r"(?:last )?updated(?: on)?|veröffentlicht(?: am)?|aktualisiert(?: am)?|publié(?: le)?|"
    r"mis à jour(?: le)?|publicado(?: el)?|actualizado(?: el)?)\s*:?$"
)


@dataclass(frozen=True)
class TextMetadata:
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None


def text_metadata(result: Classification, languages: Sequence[str] = ()) -> TextMetadata:
    """Authors and dates stated at the top of the text and by the byline removals.
    `languages` (ISO 639-1) help to read written dates."""
    lines = _candidate_lines(result)
    published = modified = None
    for line in lines:
        if len(line.text.split()) <= _MAX_DATELINE_WORDS:
            dates = dateline_dates(line.text, languages)
            published = published or dates.published
            modified = modified or dates.modified
    return TextMetadata(
        _authors(result, lines), published, modified if modified != published else None
    )


def states_metadata(line: str) -> bool:
    """The line is a byline or a dateline (`By: Paul Fenaroli`, `15 Dec, 2025`): chrome, never
    the headline."""
    if byline_authors(line):
        return True
    if len(_DATE_WORDS.sub(" ", line).split()) > 1:
        return False  # more than a date and its label (`Metasploit Wrap-Up 12/19/2025`)
    dates = dateline_dates(line)
    return bool(dates.published or dates.modified)


@dataclass(frozen=True)
class _Line:
    text: str
    headline: bool  # the line the classifier took for the headline


def _authors(result: Classification, lines: list[_Line]) -> tuple[str, ...]:
    """A byline's names; else an author bio's (removed as a byline); else a name standing
    beside a dateline at the top (`Taya Iv` / `August 19, 2025`)."""
    for line in lines:
        if authors := clean_authors(byline_authors(line.text)):
            return authors
    bios = (
        bio_author(removal.text)
        for removal in result.removed
        if removal.category == BYLINE_CATEGORY
    )
    if authors := clean_authors(name for name in bios if name):
        return authors
    for before, after in itertools.pairwise(lines):
        for name_line, date_line in ((before, after), (after, before)):
            if not name_line.headline and _names_beside_date(name_line.text, date_line.text):
                return clean_authors(leading_name(name_line.text))
    return ()


def _names_beside_date(name_line: str, date_line: str) -> bool:
    """A line of two to four name-like words, itself no date, next to a dateline (not one
    the label `By` was joined to: that name is missing)."""
    return (
        2 <= len(name_line.split()) <= 4
        and date_line.split()[0].casefold() not in _BY_WORDS
        and leading_name(name_line) == (name_line,)
        and not written_date(name_line)
        and written_date(date_line) is not None
    )


def _candidate_lines(result: Classification) -> list[_Line]:
    """The first lines of the text and every byline removal after them, in order, a label
    line joined to the line after it (`Written by` + `Edzel Tabing`)."""
    present = [verdict for verdict in result.verdicts if verdict.text]
    chosen = present[:_TOP_LINES] + [
        verdict for verdict in present[_TOP_LINES:] if _is_byline(verdict)
    ]
    lines: list[_Line] = []
    pending = ""
    for verdict in chosen:
        if _LABEL_ONLY.match(verdict.text):
            pending = verdict.text
            continue
        text = f"{pending} {verdict.text}".strip()
        lines.append(_Line(text, headline=verdict.category == HEADLINE_CATEGORY))
        pending = ""
    return lines


def _is_byline(verdict: LineVerdict) -> bool:
    return not verdict.keep and verdict.category == BYLINE_CATEGORY
