"""Author strings as pages and scrapers give them → the names of the people who wrote the article.

Sources join several authors in one string (`Jane Doe, John Smith and Ann Lee`, `A; B; C`),
add credentials (`Dylan Bailey, MS, RD`), prefixes (`By`, `Written by`, `Von`) and
non-authors: placeholders (`No Author`, `Admin`) and organisations — the publisher itself
(`Frankfurter Allgemeine Zeitung GmbH; Benjamin Fischer; Marcus Theurer`), companies. This
module splits, trims and filters them (credentials stay with the name they follow), and tells
people's names from the site's own name, organisations and user handles.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from cleaner.metadata.dates import written_date
from cleaner.metadata.title import SiteNames

# Between authors: `;`, `|`, ` / `, and the conjunctions of the four supported languages.
_AUTHOR_SPLIT = re.compile(r"\s*[;|]\s*|\s+/\s+|\s*,?\s+(?:and|AND|und|et|y)\s+|\s*&\s*")
_LEADING_LABEL = re.compile(
    r"^(?:(?:written|posted|published|text|article|story|words|report(?:ed)?|"
    r"geschrieben|verfasst|écrit|escrito)\s+)?(?:by|von|par|por)\b\s*:?\s*"
    r"|^(?:authors?|contributors?|autor(?:in|en)?|auteur(?:e|s)?|autore)\s*:\s*",
    re.I,
)
_COMPANY = re.compile(
    r"\b(?:GmbH|AG|KG|Inc|LLC|LLP|Ltd|Limited|PLC|Corp|Corporation|S\.?A|S\.?L|B\.?V|N\.?V|"
    r"S\.?p\.?A|Pty|e\.\s?V)\.?$",
    re.I,
)
_PLACEHOLDER_WORDS = frozenset(
    {"no", "author", "authors", "admin", "administrator", "site", "web", "webmaster", "unknown",
     "none", "null", "n/a", "user", "default", "the", "posted", "written", "by", "root",
     "undefined", "category", "uncategorized", "guest"}
)  # fmt: skip
_DESK_WORDS = frozenset({"staff", "team", "desk", "editors", "redaktion", "rédaction", "redacción"})
_ADMIN = frozenset({"admin", "administrator", "webmaster"})
_URL_OR_MAIL = re.compile(r"^(?:https?:|www\.)|^[\w.+-]+@[\w-]+\.[\w.]+$", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_TRAILING = " ,;:|-–—·•/"
_MAX_NAME_CHARS = 80
_MAX_NAME_WORDS = 8
_MAX_AUTHORS = 12


def clean_authors(raw: Iterable[str | None]) -> tuple[str, ...]:
    """The names in the author strings `raw`: split, trimmed, placeholders, companies, dates
    and addresses left out; the fullest form of each name once, in order. User names stay:
    on a forum they are the authors."""
    names = [
        name
        for text in raw
        for name in split_authors(text or "")
        if not (is_placeholder(name) or is_company(name) or written_date(name))
    ]
    return _fullest(names)[:_MAX_AUTHORS]


def people_among(
    names: Iterable[str], *, site: SiteNames, organisations: Iterable[str] = ()
) -> tuple[str, ...]:
    """The names that are people's: not the site's own name, not one of the `organisations`
    (a JSON-LD publisher, authors typed as organisations), not a desk (`Podium Staff`), not
    a user handle."""
    skip = {name.casefold() for name in organisations}
    return tuple(
        name
        for name in names
        if name.casefold() not in skip
        and not site.names(name)
        and not is_desk(name)
        and not _is_handle(name)
    )


def is_desk(name: str) -> bool:
    """`Podium Staff`, `The Upwork Team`, `News Desk`: a newsroom's signature, no person."""
    words = name.split()
    return len(words) >= 2 and words[-1].casefold() in _DESK_WORDS


def _is_handle(name: str) -> bool:
    """`andrew.keaveney`, `q_admin`, `jsmith`: a user name, not a name."""
    return " " not in name and (name.islower() or "_" in name or "." in name.strip("."))


def split_authors(text: str) -> list[str]:
    """Names in one author string. A comma part that does not look like a name (`MS`, `RD`,
    `Ph.D.`, `Sr. Director of Operations`) is a credential of the name before it, as long as
    the two stay short enough for a name; a name in capitals after `and`, `;`, `|` … is a name
    of its own (`MARIA LOPEZ AND JOHN SMITH`). A part in lower case ends the names: prose or
    a dateline follows (`Jean Dupont, publié le 3 mars 2024`, `Jane Doe and others`). HTML
    entities left in the string are decoded (`Maria &amp; Katerina`)."""
    text = " ".join(html.unescape(text).split())
    if not text or _URL_OR_MAIL.search(text):
        return []
    names: list[str] = []
    for chunk in _AUTHOR_SPLIT.split(text):
        for position, part in enumerate(chunk.split(",")):
            part = _trim(part)
            if not part:
                continue
            if names and part[0].islower():
                return [name for name in names if _acceptable(name)]
            if not names or _is_name_part(part) or (position == 0 and _is_capitals_name(part)):
                names.append(part)
            elif _acceptable(credited := f"{names[-1]}, {part}"):
                names[-1] = credited
    return [name for name in names if _acceptable(name)]


def joined_names(text: str) -> list[str]:
    """The parts of `text` between its conjunctions and separators (`Jane Doe and John
    Smith`), commas left alone."""
    return [part.strip() for part in _AUTHOR_SPLIT.split(" ".join(text.split())) if part.strip()]


def _trim(part: str) -> str:
    part = _LEADING_LABEL.sub("", part.strip()).strip(_TRAILING)
    last = part.rsplit(" ", 1)[-1]
    # a full stop after a name ("Demaine."), not an abbreviation ("Jr.", "Ph.D.")
    return part[:-1] if len(last) > 3 and last.endswith(".") and "." not in last[:-1] else part


def _is_name_part(part: str) -> bool:
    """Two to four capitalised words, none all capitals: a person's name, not a credential."""
    words = part.split()
    return 2 <= len(words) <= 4 and all(
        word[0].isupper() and not word.isupper() and not any(c.isdigit() for c in word)
        for word in words
        if word.casefold() not in {"van", "von", "der", "de", "la", "le", "di", "da", "del"}
    )


def _is_capitals_name(part: str) -> bool:
    """`JOHN SMITH`: two to four words in capitals, longer than credentials (`MS RD`)."""
    words = part.split()
    return (
        2 <= len(words) <= 4
        and all(word.isupper() and word.isalpha() and len(word) > 1 for word in words)
        and len(part) > 8
    )


def _acceptable(name: str) -> bool:
    return (
        len(name) <= _MAX_NAME_CHARS
        and len(name.split()) <= _MAX_NAME_WORDS
        and _LETTER.search(name) is not None
        and not _URL_OR_MAIL.search(name)
    )


def is_placeholder(name: str) -> bool:
    """`No Author`, `Admin`, `Site Administrator`, `Unknown` ...: no person's name."""
    words = {word.strip(".:").casefold() for word in re.split(r"[\s_]+", name) if word}
    return bool(words) and (words <= _PLACEHOLDER_WORDS or not words.isdisjoint(_ADMIN))


def is_company(name: str) -> bool:
    """A name that ends in a legal form (GmbH, Inc., Ltd ...) is a company's."""
    return _COMPANY.search(name.split(",")[0].strip()) is not None


def _fullest(names: list[str]) -> tuple[str, ...]:
    """Each name once, in order, a name contained in another one dropped (`Jane Doe` beside
    `Jane Doe, MS`)."""
    keys = [name.casefold() for name in names]
    kept: list[str] = []
    seen: set[str] = set()
    for name, key in zip(names, keys, strict=True):
        if key in seen or any(key != other and _contains(other, key) for other in keys):
            continue
        seen.add(key)
        kept.append(name)
    return tuple(kept)


def _contains(longer: str, shorter: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(shorter)}(?!\w)", longer) is not None
