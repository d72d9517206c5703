"""Bylines, author bios and datelines: who wrote an article and when, as one line states it.

Shared by the plain-text path (the lines the classifier removed as bylines) and the HTML path
(byline elements of the page): `By Maria Lopez, Staff Writer`, `Von Hans Müller`, `Par Jean
Dupont`, `Por María García`, `Published August 7, 2023 by Nicole Burke`, `Adelle Nazarian is a
politics and national security reporter for Breitbart News.`, `Veröffentlicht am 23.05.2018`,
`Updated: 23 May 2018 14:05 BST`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.metadata.authors import split_authors
from cleaner.metadata.dates import written_date

_BY = re.compile(
    r"(?:^|(?<=[\s|•·,–—-]))(?:(?:written|posted|published|text|article|story|words|"
    r"reported|geschrieben|verfasst|écrit|escrito)\s+)?(?:by|von|par|por)\b\s*:?\s*",
    re.I,
)
_AUTHOR_LABEL = re.compile(r"^(?:authors?|autor(?:in|en)?|auteur(?:e|s)?|autora?)\b\s*:?\s*", re.I)
# Where the names of a byline end: a separator, a digit (a date or time), "on"/"am"/"le"…
_NAMES_END = re.compile(
    r"\s+[|•·—–-]\s+|\s*[|•·]\s*|\s+(?:on|am|le|el|at|um|à)\s+|\s*\d|\s+(?=\()"
    r"|\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.I,
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "dos", "y"}
)
_ROLE_WORDS = (
    r"reporter|correspondent|writer|editor|journalist|columnist|contributor|producer|analyst|"
    r"author|blogger|redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in)?|autor(?:in)?|"
    r"rédacteur|rédactrice|journaliste|correspondant(?:e)?|periodista|corresponsal|"
    r"redactor(?:a)?|escritor(?:a)?"
)
_BIO = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w.'’-]{1,30}(?: (?:[a-z]{1,4} )?[A-ZÀ-ÖØ-Þ][\w.'’-]{0,30}){1,3})"
    rf" (?:is|was|has been|ist|war|est|était|es|fue)\b[^.]{{0,160}}\b(?:{_ROLE_WORDS})",
    re.I,
)
_NOT_NAMES = frozenset(
    {"share", "comments", "comment", "follow", "read", "min", "minutes", "updated", "published",
     "posted", "views", "menu", "home", "news", "more", "about", "contact", "subscribe", "sign",
     "login", "print", "email", "the", "staff", "writer", "reporter", "editor", "and", "or",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
     "yesterday", "advertisement", "sponsored", "photo", "image", "video", "source", "posts",
     "articles", "profile", "bio", "author", "authors",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "january", "february", "march", "september", "october", "november", "december",
     "mon", "tue", "wed", "thu", "fri", "sat", "sun", "facebook", "twitter", "linkedin",
     "reddit", "whatsapp", "flipboard", "pinterest", "telegram", "instagram", "youtube"}
)  # fmt: skip
_MODIFIED = re.compile(
    r"(?i)\b(?:updated|last updated|modified|last modified|aktualisiert|geändert|stand|"
    r"mis à jour|modifié|actualizado|actualizada|modificado)\b"
)
_DATE_SEPARATORS = re.compile(r"\s+[|•·—–-]\s+|\s*[|•·]\s*")
_MAX_BYLINE_WORDS = 20


@dataclass(frozen=True)
class Dateline:
    """The dates one line states: published and last modified, as `YYYY-MM-DD`."""

    published: str | None = None
    modified: str | None = None


def byline_authors(line: str) -> tuple[str, ...]:
    """The names a byline gives (`By Jane Doe and John Smith | May 3, 2024`), or ()."""
    text = " ".join(line.split())
    if not text or len(text.split()) > _MAX_BYLINE_WORDS:
        return ()
    label = _AUTHOR_LABEL.match(text)
    if label:
        rest = text[label.end() :]
    else:
        found = _BY.search(text)
        if found is None or not _plausible_lead(text[: found.start()]):
            return ()
        rest = text[found.end() :]
    names = _NAMES_END.split(rest, maxsplit=1)[0]
    return tuple(name for name in split_authors(names) if looks_like_name(name))


def _plausible_lead(lead: str) -> bool:
    """What may precede "by" in a byline: nothing or a date (`Published May 3, 2024`); not a
    sentence, nor a credit (`With reporting by`)."""
    words = lead.split()
    return not words or (len(words) <= 8 and written_date(lead) is not None)


def leading_name(text: str) -> tuple[str, ...]:
    """The name a byline element's text starts with (`Luke Kim December 17, 2025`,
    `Jane Doe | 5 min read`), as a one-name tuple, or ()."""
    name = _NAMES_END.split(" ".join(text.split()), maxsplit=1)[0].strip(" ,;:")
    return (name,) if name and looks_like_name(name) else ()


def bio_author(line: str) -> str | None:
    """The name of an author bio line (`Jane Doe is a correspondent for …`), or None."""
    found = _BIO.match(" ".join(line.split()))
    if found is None or not looks_like_name(found.group("name")):
        return None
    return found.group("name")


def looks_like_name(name: str) -> bool:
    """One to six words of a person's name: capitalised words (particles such as `van der`
    aside), initials, no digits, none of the words bylines are mixed with."""
    words = name.split(",")[0].split()
    if not 1 <= len(words) <= 6 or not words[0][0].isupper():
        return False
    for word in words:
        if not _NAME_WORD.match(word) or word.casefold().strip(".") in _NOT_NAMES:
            return False
        if not word[0].isupper() and word.casefold() not in _PARTICLES:
            return False
    return True


def dateline_dates(line: str, languages: Sequence[str] = ()) -> Dateline:
    """The dates a dateline states (`Published 14 March 2024 | Updated 15 March 2024`): a part
    labelled as an update is the modified date, any other the published date."""
    published = modified = None
    for part in _DATE_SEPARATORS.split(" ".join(line.split())):
        found = written_date(part, languages)
        if found is None:
            continue
        if _MODIFIED.search(part):
            modified = modified or found
        else:
            published = published or found
    return Dateline(published, modified)
