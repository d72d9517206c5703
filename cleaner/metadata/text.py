"""Author and dates of plain text, from its byline and dateline lines.

A scraper's text often keeps the byline and the dateline: `By Maria Lopez, Staff Writer`,
`Von Hans Müller`, `Published 14 March 2024`, `May 23, 2018`, a label and its value on two
lines (`Written by` / `Edzel Tabing`, `Last updated:` / `August 19, 2025`), or an author bio at
the end (`Adelle Nazarian is a politics and national security reporter for Breitbart News.`).
The classifier removes most of them (category `byline`, or as head chrome); this module reads
the author and the dates from them, so they are recorded on the Article while the lines stay
out of the body.

Where they are looked for matters more than how they are read: the article's own byline and
dateline sit in its head — between the headline and the first lines of the body — while the
tail holds the dates of related articles and comments (`March 05, 2026` three times over). So
dates come from the head (the first dateline there), else from a byline with a date further
down (`by Jill Barshay, The Hechinger Report August 25, 2025`), else from the one dateline
below the head when there is only one (`Page last modified Jan. 17, 2025`); bios from the
head and the tail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.classify import Classification, LineVerdict
from cleaner.metadata.authors import clean_authors, joined_names
from cleaner.metadata.bylines import (
    bio_author,
    box_author,
    byline_authors,
    credit_authors,
    is_full_name,
    role_byline,
)
from cleaner.metadata.datelines import Dateline, dateline_dates, dateline_parts, other_words
from cleaner.metadata.dates import written_date

BYLINE_CATEGORY = "byline"
HEADLINE_CATEGORY = "headline"
# The head ends a few lines into the body (a dateline under the lead paragraph), and never
# later than this many lines from the top.
_TOP_LINES = 40
_LINES_INTO_BODY = 10
_PROSE_WORDS = 15
_MAX_LONE_DATELINE_WORDS = 12
# The tail, where author bios stand: the last part of the lines.
_TAIL_SHARE = 0.4
# A line that is only the label of the next one: `By`, `Written by`, `Last updated:` ...
_LABEL_ONLY = re.compile(
    r"(?i)^(?:(?:written|posted|published|reviewed|text|article|story)\s+)?(?:by|von|par|por)"
    r"\s*:?$|^(?:authors?|autor(?:in)?|auteur|written by|posted|published(?: on)?|"
    r"(?:last )?updated(?: on)?|veröffentlicht(?: am)?|aktualisiert(?: am)?|publié(?: le)?|"
    r"mis à jour(?: le)?|publicado(?: el)?|actualizado(?: el)?)\s*:?$"
)
# The label of a bio: `About the author:`, `Über den Autor:` ...
_BIO_LABEL = re.compile(
    r"(?i)^(?:about the author|about|über den autor(?:in)?|à propos de l'auteur|"
    r"sobre el autor)\s*[:.–—-]\s*"
)


@dataclass(frozen=True)
class TextMetadata:
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None


@dataclass(frozen=True)
class _Line:
    text: str
    headline: bool  # the line the classifier took for the headline
    byline: bool  # removed by the classifier as a byline
    head: bool  # between the top and the first lines of the body


def text_metadata(result: Classification, languages: Sequence[str] = ()) -> TextMetadata:
    """Authors and dates stated by the text's bylines, datelines and author bios.
    `languages` (ISO 639-1) help to read written dates. A text that states only when it was
    updated has that date for published too: it is the one date it gives."""
    lines = _lines(result)
    published, modified = _dates(lines, languages)
    authors = _authors(lines, languages)
    return TextMetadata(authors, published or modified, modified if modified != published else None)


def states_metadata(line: str) -> bool:
    """The line is a byline or a dateline (`By: Paul Fenaroli`, `15 Dec, 2025`): chrome, never
    the headline."""
    if byline_authors(line):
        return True
    if other_words(line) > 1:
        return False  # more than a date and its label (`Metasploit Wrap-Up 12/19/2025`)
    dates = dateline_dates(line)
    return bool(dates.published or dates.modified)


def _dates(lines: list[_Line], languages: Sequence[str]) -> tuple[str | None, str | None]:
    """The first published and modified dates of the head's datelines; else those of the
    first byline with a date below it; else those of a lone dateline below it."""
    published = modified = None
    for line in (line for line in lines if line.head):
        dates = dateline_dates(line.text, languages)
        published, modified = published or dates.published, modified or dates.modified
    if published or modified:
        return published, modified
    for line in lines:
        if not line.head and byline_authors(line.text):
            dates = dateline_dates(line.text, languages)
            if dates.published or dates.modified:
                return dates.published, dates.modified
    return _lone_dateline([line for line in lines if not line.head], languages)


def _lone_dateline(lines: list[_Line], languages: Sequence[str]) -> tuple[str | None, str | None]:
    """The dates of the one short dateline below the head, when no other dateline there
    states other dates (two are a list: related articles, comments)."""
    found: Dateline | None = None
    for line in lines:
        if len(line.text.split()) > _MAX_LONE_DATELINE_WORDS:
            continue
        dates = dateline_dates(line.text, languages)
        if not (dates.published or dates.modified) or dates == found:
            continue
        if found is not None:
            return None, None
        found = dates
    return (found.published, found.modified) if found else (None, None)


def _authors(lines: list[_Line], languages: Sequence[str]) -> tuple[str, ...]:
    """A byline's names in the head or removed below it; else an author bio's in the tail;
    else a wire credit's reporters (`Reporting by Ann Saphir; Editing by …`); else a name
    standing in a dateline of the head (`Faith Katunga • Oct 20, 2025`) or beside a role
    (`Maria Lopez | Staff Writer`, or on two lines under the headline); else an author box's
    (`More from Jane Doe`, `Hi, I'm Jane Doe`)."""
    for line in lines:
        if (line.head or line.byline) and (authors := clean_authors(byline_authors(line.text))):
            return authors
    tail_start = int(len(lines) * (1 - _TAIL_SHARE))
    bios = (
        bio_author(_BIO_LABEL.sub("", line.text))
        for index, line in enumerate(lines)
        if line.head or line.byline or index >= tail_start
    )
    if authors := clean_authors(name for name in bios if name):
        return authors
    for line in lines:
        if authors := clean_authors(credit_authors(line.text)):
            return authors
    for index, line in enumerate(lines):
        if line.head and not line.headline and (name := _head_name(lines, index, languages)):
            return clean_authors([name])
    return clean_authors(name for line in lines if (name := box_author(line.text)))[:1]


def _head_name(lines: list[_Line], index: int, languages: Sequence[str]) -> str | None:
    """A name the head line states beside a date or a role; or a name line under the headline
    over a newsroom role (`Harry Rabinowitz` / `Tech Reporter`). Elsewhere a name line over a
    role line is as often a menu (`Lawn Care` / `Attorney`, `Custom Status` / `AI Writer`)."""
    text = lines[index].text
    if name := _name_in_dateline(text, languages) or role_byline(text):
        return name
    if 0 < index < len(lines) - 1 and lines[index - 1].headline:
        return role_byline(f"{text} | {lines[index + 1].text}", writers_only=True)
    return None


def _name_in_dateline(line: str, languages: Sequence[str]) -> str | None:
    """The names that one part of a dateline is (`Faith Katunga • Oct 20, 2025`, `Maria Lopez
    and John Smith | March 3, 2024`): each two to four name-like words, not in capitals. A
    bare name on a line of its own is no byline: as often it is a section (`Garden Diary`,
    `Marketing Strategy`)."""
    parts = dateline_parts(line)
    if len(parts) < 2 or not written_date(line, languages):
        return None
    for part in parts:
        names = joined_names(part)
        if names and all(is_full_name(name) for name in names):
            return part if not written_date(part, languages) else None
    return None


def _lines(result: Classification) -> list[_Line]:
    """The text's non-empty lines in order, a label line joined to the line after it
    (`Written by` + `Edzel Tabing`), each marked as in the head or not."""
    present = [verdict for verdict in result.verdicts if verdict.text]
    head_end = min(_body_start(present) + _LINES_INTO_BODY, _TOP_LINES)
    lines: list[_Line] = []
    pending = ""
    for index, verdict in enumerate(present):
        if _LABEL_ONLY.match(verdict.text):
            pending = verdict.text
            continue
        lines.append(
            _Line(
                text=f"{pending} {verdict.text}".strip(),
                headline=verdict.category == HEADLINE_CATEGORY,
                byline=_is_byline(verdict),
                head=index < head_end,
            )
        )
        pending = ""
    return lines


def _body_start(present: list[LineVerdict]) -> int:
    """The index of the first kept line of prose."""
    return next(
        (
            index
            for index, verdict in enumerate(present)
            if verdict.keep and len(verdict.text.split()) >= _PROSE_WORDS
        ),
        len(present),
    )


def _is_byline(verdict: LineVerdict) -> bool:
    return not verdict.keep and verdict.category == BYLINE_CATEGORY
