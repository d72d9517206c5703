"""Bylines and author bios: who wrote an article, as one line states it.

Shared by the plain-text path (the lines the classifier removed as bylines) and the HTML path
(byline elements of the page): `By Maria Lopez, Staff Writer`, `Von Hans Müller`, `Par Jean
Dupont`, `Por María García`, `Published August 7, 2023 by Nicole Burke`, `Adelle Nazarian is a
politics and national security reporter for Breitbart News.`.
"""

from __future__ import annotations

import re

from cleaner.metadata.authors import is_desk, split_authors
from cleaner.metadata.dates import written_date

_BY = re.compile(
    r"(?:^|(?<=[\s|•·,–—-]))(?:(?:written|posted|published|text|article|story|words|"
    r"reported|geschrieben|verfasst|écrit|escrito)\s+)?(?:by|von|par|por|di|door)\b\s*:?\s*",
    re.I,
)
# `Author: Jane Doe`, `Author Lisa D. Ellis`; without a colon, `Author` followed by one word is
# as often a table's headings (`Author Venue`)
_AUTHOR_LABEL = re.compile(
    r"^(?:authors?|contributors?|autor(?:in|en)?|auteur(?:e|s)?|autora?)\b\s*(?P<colon>:?)\s*",
    re.I,
)
# Between the parts of a byline or a dateline: `Jane Doe | May 3, 2024 · 5 min read`.
SEPARATORS = re.compile(r"\s+[|•·—–-]\s+|\s*[|•·]\s*")
# Where the names of a byline end: a separator, a digit (a date or time), "on"/"am"/"le"…,
# "in" (`by Natalia Keogan in Festivals & Events`)
_NAMES_END = re.compile(
    r"\s+[|•·—–-]\s+|\s*[|•·]\s*|\s+(?:on|am|le|el|at|um|à|in)\s+|\s*\d|\s+(?=\()"
    r"|\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.I,
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "dos", "y"}
)
# The roles of people who write for a newsroom …
_WRITER_ROLES = (
    r"reporter|correspondent|writer|editor|journalist|columnist|contributor|"
    r"author|blogger|redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in)?|autor(?:in)?|"
    r"rédacteur|rédactrice|journaliste|correspondant(?:e)?|periodista|corresponsal|"
    r"redactor(?:a)?|escritor(?:a)?"
)
# … and of anyone an article may be by.
_ROLE_WORDS = (
    rf"{_WRITER_ROLES}|producer|analyst|expert|specialist|consultant|founder|co-founder|director|"
    r"designer|photographer|educator|researcher|professor|scientist|engineer|strategist|"
    r"reviewer|tester|dietitian|nutritionist|physician|attorney|lawyer|coach|"
    r"experte|expertin|gründer(?:in)?|fotograf(?:in)?|fondateur|fondatrice|experto|experta|"
    r"fundador(?:a)?|fotógrafo|fotógrafa"
)
# `Jane Doe is a politics reporter for …`, `Hans Müller ist Redakteur`: the role a few words
# after the verb, none of them `by` (`Printfresh was founded in 2016 by textile designer …`).
_BIO = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w.'’-]{1,30}(?: (?:[a-z]{1,4} )?[A-ZÀ-ÖØ-Þ][\w.'’-]{0,30}){1,3})"
    r" (?:is|was|has been|ist|war|est|était|es|fue)"
    rf"(?: (?!by\b)[^\s.]+){{0,8}}? (?:{_ROLE_WORDS})s?\b",
    re.I,
)
_CAPITALISED_NAME = r"(?P<name>[A-ZÀ-Þ][\w'’.-]+(?: (?:[a-z]{1,3} )?[A-ZÀ-Þ][\w'’.-]+){1,3})"
# An author box: `Read more from Jane Doe`, `More articles by Jane Doe`
_MORE_FROM = re.compile(
    rf"^(?:read |see |view )?(?:more|all) (?:\w+ )?(?:from|by) {_CAPITALISED_NAME}$", re.I
)
# A writer introducing themselves: `Hi, I'm Jane Doe`, `Welcome to my blog! I'm Jane Doe.`
_SELF_INTRODUCTION = re.compile(
    rf"(?:^|[.!?,] )(?:I'm|I’m|I am|My name is) {_CAPITALISED_NAME}(?=\s*[,.!;])"
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
# Words of the role a byline element prints after the name (`Contributing Writer`).
_ROLE_TITLE_WORDS = frozenset(
    {"writer", "editor", "reporter", "contributor", "correspondent", "columnist", "author",
     "staff", "contributing", "senior", "associate", "managing", "freelance", "guest", "lead"}
)  # fmt: skip
_ROLE_WORD = re.compile(rf"(?:{_ROLE_WORDS}|staff)s?", re.I)
_WRITER_ROLE = re.compile(rf"(?:{_WRITER_ROLES})s?", re.I)
_MAX_ROLE_WORDS = 4
_MIN_NAME_WORDS = 2
_MAX_NAME_WORDS = 4
_MAX_BYLINE_WORDS = 20
_MAX_CREDENTIAL_CHARS = 4


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
    if not rest[:1].isupper() and not is_desk(names):
        return ()  # prose (`By clicking Continue, you agree to …`), not `By the Lavazza Team`
    words = 1 if label is None or label.group("colon") else 2
    return tuple(
        name
        for name in split_authors(names)
        if looks_like_name(name) and len(name.split()) >= words
    )


def _plausible_lead(lead: str) -> bool:
    """What may precede "by" in a byline: nothing or dates (`Published May 3, 2024`,
    `Published: Mar 8, 2024 · Modified: May 19, 2025`); not a sentence, nor a credit (`With
    reporting by`)."""
    parts = [part for part in SEPARATORS.split(lead.strip()) if part]
    return all(len(part.split()) <= 8 and written_date(part) is not None for part in parts)


def leading_name(text: str) -> tuple[str, ...]:
    """The name a byline element's text starts with (`Luke Kim December 17, 2025`,
    `Jane Doe | 5 min read`, `Rachel MacDonald Writer`), as a one-name tuple, or ()."""
    name = _NAMES_END.split(" ".join(text.split()), maxsplit=1)[0].strip(" ,;:")
    words = name.split()
    while len(words) > _MIN_NAME_WORDS and words[-1].casefold() in _ROLE_TITLE_WORDS:
        words.pop()  # the role printed after the name
    name = " ".join(words)
    return (name,) if name and looks_like_name(name) else ()


def role_byline(line: str, *, writers_only: bool = False) -> str | None:
    """The name of a line that gives a person's name and their role, apart: `Maria Lopez |
    Staff Writer`, `Maria Lopez, Senior Politics Reporter` (two to four name words; the role
    capitalised words ending in a role; with `writers_only`, a newsroom's: reporter, editor,
    writer …). A name beside anything else (`Garden Diary | Recipes`) is as often a section
    as a person."""
    text = " ".join(line.split())
    parts = [part for part in SEPARATORS.split(text) if part]
    if len(parts) != 2 and text.count(",") == 1:
        parts = text.split(",")
    if len(parts) != 2:
        return None
    name, role = (part.strip(" ,;:") for part in parts)
    if not _is_role(role, _WRITER_ROLE if writers_only else _ROLE_WORD):
        return None
    return name if is_full_name(name) else None


def is_full_name(name: str) -> bool:
    """Two to four words of a person's name, not in capitals: `Faith Katunga`, not `Staff`,
    `GARDEN DIARY` or `Share this`."""
    return (
        _MIN_NAME_WORDS <= len(name.split()) <= _MAX_NAME_WORDS
        and not name.isupper()
        and leading_name(name) == (name,)
    )


def _is_role(text: str, role_word: re.Pattern[str]) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= _MAX_ROLE_WORDS
        and all(word[0].isupper() for word in words)
        and role_word.fullmatch(words[-1]) is not None
    )


def bio_author(line: str) -> str | None:
    """The name of an author bio line (`Jane Doe is a correspondent for …`), or None."""
    found = _BIO.match(" ".join(line.split()))
    if found is None or not looks_like_name(found.group("name")):
        return None
    return found.group("name")


# A wire story's credit names its reporters: `Reporting by Ann Saphir; Editing by Andrea Ricci`
# (not `Additional reporting by …`, nor `With reporting by …`: those are contributors).
_REPORTING_CREDIT = re.compile(
    r"^(?:reporting|reported|written) by\s+(?P<names>[^;.!?]{1,120})", re.I
)


def credit_authors(line: str) -> tuple[str, ...]:
    """The reporters a credit line names (`Reporting by Ann Saphir and Jane Doe; Editing by
    …`), or ()."""
    found = _REPORTING_CREDIT.match(" ".join(line.split()))
    if found is None:
        return ()
    names = _NAMES_END.split(found.group("names"), maxsplit=1)[0]
    return tuple(name for name in split_authors(names) if looks_like_name(name))


def box_author(line: str) -> str | None:
    """The name an author box gives: `More from Kelia Losa Reinoso`, `Hi, I'm Ashley
    Biancuzzo, and I oversee …`, or None."""
    text = " ".join(line.split())
    found = _MORE_FROM.match(text) or _SELF_INTRODUCTION.search(text)
    if found is None or not looks_like_name(found.group("name")):
        return None
    return found.group("name")


def looks_like_name(name: str) -> bool:
    """One to six words of a person's name: capitalised words (particles such as `van der`
    aside), initials, no digits, none of the words bylines are mixed with, not only short
    capitals; or a desk's signature (`Podium Staff`)."""
    words = name.split(",")[0].split()
    if is_desk(name):
        return _NAME_WORD.match(words[0]) is not None  # `Podium Staff`, not `Staff`
    if not 1 <= len(words) <= 6 or not words[0][0].isupper():
        return False
    if all(word.isupper() and len(word) <= _MAX_CREDENTIAL_CHARS for word in words):
        return False  # credentials (`RN, BSN`) or a menu's capitals (`USE CASE`)
    for word in words:
        if not _NAME_WORD.match(word) or word.casefold().strip(".") in _NOT_NAMES:
            return False
        if not word[0].isupper() and word.casefold() not in _PARTICLES:
            return False
    return True
