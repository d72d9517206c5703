"""The headline of a page, chosen by agreement between the titles it declares.

A page names its headline several times: the `<h1>`, `og:title`, the JSON-LD `headline` and the
`<title>`, the last two often with the site's name appended (`… | The Japan Times`,
`… - La Stampa`, `NEWS WEB EASY|…`, `… | DW | 19.01.2020`). Each candidate loses the parts
that name the site (known from `og:site_name`, the JSON-LD publisher and the host) or are only
a date; the headline is the candidate the most others agree with, and a candidate cut short
(`Senador republicano califica a Biden de`) gives way to one that holds it whole.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner.metadata.dates import written_date

# Separators between a headline and the site name: spaced dashes, bars, bullets, colons, `::`,
# and a bare `|`, which never occurs inside a headline.
_SEPARATOR = re.compile(r"\s+(?:[-–—|•·»~/:]|::|--)\s+|\s*\|\s*")
_BAR = re.compile(r"\s*\|\s*")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Host labels that say nothing about the site: `www`, `www3`, `m`, second-level suffixes.
_GENERIC_LABELS = frozenset({"www", "m", "amp", "co", "com", "or", "ne", "ac", "gov", "org"})
_MIN_PREFIX_CHARS = 4
# A part after a spaced dash that reads as a name (`… – Artlyst`, `… - The Japan Times`,
# `… - Emily Henderson`): a few words, each capitalised, no clause or sentence punctuation,
# after a headline of at least a few words.
_DASH = re.compile(r"\s+[-–—]\s+")
_NAME_PART_MAX_WORDS = 5
_NAME_PART_AFTER_WORDS = 3
_MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class SiteNames:
    """What a site calls itself, as comparison keys: declared names and host labels."""

    keys: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[str | None], host: str | None) -> SiteNames:
        keys = {key for name in names if name and (key := compact(name))}
        if host:
            labels = host.lower().split(".")
            keys.add(compact(host))
            keys.update(
                label
                for label in labels[:-1]
                if len(label) > 1 and label not in _GENERIC_LABELS and label[:3] != "www"
            )
        return cls(frozenset(keys))

    def names(self, text: str, *, abbreviated: bool = False) -> bool:
        """True when `text` is (a form of) the site's name; `abbreviated`: also when one of
        the two starts with the other (`Pastore` for "Pastore - A leader in law", "Cornell
        Garden-Based Learning" on gardening.cornell.edu), for a part split off a title."""
        key = compact(text)
        if not key:
            return False
        for site in self.keys:
            if key.removeprefix("the") == site or key == site:
                return True
            shorter, longer = sorted((key, site), key=len)
            if abbreviated and len(shorter) >= _MIN_PREFIX_CHARS and longer.startswith(shorter):
                return True
        return False


def compact(text: str) -> str:
    """Letters and digits only, casefolded: the key site names are compared by."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def title_key(text: str) -> str:
    """Casefolded words without punctuation: the key headlines are compared by."""
    kept = (c if c.isalnum() else " " for c in unicodedata.normalize("NFKC", text).casefold())
    return " ".join("".join(kept).split())


def clean_title(text: str | None) -> str | None:
    """Entities decoded (JSON-LD often holds `&#8211;`), invisible characters dropped,
    whitespace collapsed."""
    if not text:
        return None
    cleaned = " ".join(_INVISIBLE.sub("", html.unescape(text)).split())
    return cleaned or None


def without_site_name(title: str, site: SiteNames) -> str:
    """The title without leading or trailing parts that name the site or are only a date."""
    parts = [part for part in _SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    while len(parts) > 1 and _is_site_part(parts[-1], site):
        parts.pop()
    while len(parts) > 1 and _is_site_part(parts[0], site):
        parts.pop(0)
    if len(parts) == len(_SEPARATOR.split(title)):
        return title  # nothing removed: keep the original separators
    kept_start = title.find(parts[0])
    kept_end = title.rfind(parts[-1]) + len(parts[-1])
    return title[kept_start:kept_end].strip()


def _is_site_part(part: str, site: SiteNames) -> bool:
    return not _HAS_LETTER.search(part) or site.names(part, abbreviated=True)


def title_parts(title: str) -> list[str]:
    """The separator-delimited parts of a title, as comparison keys."""
    return [key for part in _SEPARATOR.split(title) if (key := title_key(part))]


def choose_headline(candidates: Sequence[str | None], site: SiteNames) -> str | None:
    """The headline among `candidates` — the page's `<h1>` first, then the titles it declares
    (`og:title`, JSON-LD `headline`, `<title>`), in order of preference when support is
    equal: the one that most agree with, exactly or as a separator-delimited part of theirs.
    The declared titles are one voice however many agree: they are mostly one SEO field
    printed three times, while the `<h1>` is the headline the reader sees."""
    raw = [(index, title) for index, text in enumerate(candidates) if (title := clean_title(text))]
    options: list[tuple[int, str]] = []
    for index, title in raw:
        option = without_site_name(title, site)
        if (
            len(option) <= _MAX_TITLE_CHARS
            and _HAS_LETTER.search(option)
            and not site.names(option)
        ):
            options.append((index, option))
    if not options:
        return None
    parts = [title_parts(title) for _, title in raw]
    keys = [title_key(option) for _, option in options]
    visible = {key for (index, _), key in zip(options, keys, strict=True) if index == 0}
    declared = {key for (index, _), key in zip(options, keys, strict=True) if index > 0}

    def support(key: str) -> float:
        exact = (key in visible) + (key in declared)
        partial = sum(key in other_parts for other_parts in parts)
        return exact + 0.5 * partial

    best = max(range(len(options)), key=lambda index: (support(keys[index]), -index))
    return headline_part(_whole([option for _, option in options], keys, best))


def headline_part(title: str) -> str:
    """The headline without what follows a bar (`… | Opinion`, `… | Python, SQL & AI`): a
    section, a subtitle or a site name not known as one. Headlines hold no bar (wcxb-dev: 4
    of 696 article titles); dashes they do."""
    head = _BAR.split(title, maxsplit=1)[0].strip()
    return head if _HAS_LETTER.search(head) else title


def without_trailing_name(title: str) -> str:
    """A headline of plain text without a trailing dash-separated part that reads as a name
    (the site's or the author's), as a scraper that stored the `<title>` leaves it; a subtitle
    in lower case (`… – tips and tricks`) or with punctuation (`… – My Favorites!`) stays."""
    dashes = list(_DASH.finditer(title))
    if not dashes:
        return title
    head, last = title[: dashes[-1].start()].strip(), title[dashes[-1].end() :].strip()
    if _reads_as_name(last) and len(head.split()) >= _NAME_PART_AFTER_WORDS:
        return head
    return title


def _reads_as_name(part: str) -> bool:
    words = part.split()
    return (
        1 <= len(words) <= _NAME_PART_MAX_WORDS
        and not any(mark in part for mark in ",;:!?.")
        and all(word[0].isupper() or not word[0].isalpha() for word in words)
        and _HAS_LETTER.search(part) is not None
    )


def _whole(options: list[str], keys: list[str], best: int) -> str:
    """The chosen headline, or a longer candidate that starts with it (the chosen one was cut
    short, as some `og:title`s and `<h1>`s are) — unless what the longer one adds is a
    dateline (`… Security Posted on July 1, 2024 by infuy`)."""
    key = keys[best]
    longer = [
        index
        for index, option in enumerate(options)
        if (first := title_parts(option)[:1])
        and first[0].startswith(key + " ")
        and written_date(first[0][len(key) :]) is None
    ]
    if longer:
        return options[max(longer, key=lambda index: len(keys[index]))]
    return options[best]


def headline_variants(
    headline: str, candidates: Sequence[str | None], site: SiteNames
) -> frozenset[str]:
    """Comparison keys (`title_key`) of the lines that repeat the headline at the top of the
    body: the headline and every candidate, whole and without the site name."""
    variants = {title_key(headline)}
    for text in candidates:
        if title := clean_title(text):
            variants.update((title_key(title), title_key(without_site_name(title, site))))
    variants.discard("")
    return frozenset(variants)
