"""Dates as ISO 8601: declared timestamps kept with their time and UTC offset, dates written
in text (`Published 14 March 2024`, `23. Mai 2018`, `Publié le 23 mai 2018`, `23 de mayo de
2018`) as `YYYY-MM-DD`.

Written dates are read by htmldate's date-expression parser (fast, many formats, several
languages), then by dateparser limited to the text's language for what htmldate leaves
(dateparser guessing among all its languages costs seconds).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import dateparser
from htmldate.extractors import month_words, try_date_expr

EARLIEST = datetime(1990, 1, 1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_OFFSET_WITHOUT_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_YEAR = re.compile(r"(?<!\d)(?:19[9]\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_]{3,}")
_MAX_DATE_TEXT = 80
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}


def latest_allowed() -> datetime:
    """Dates after tomorrow are not publication dates (a copyright year, an event)."""
    return datetime.combine(date.today() + timedelta(days=1), datetime.min.time())


def iso_timestamp(value: str | None) -> str | None:
    """A declared date or timestamp (meta tag, JSON-LD, `<time datetime>`) as ISO 8601:
    `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with the UTC offset when one is declared. Other
    forms are read as written dates; None when no plausible date is found."""
    text = (value or "").strip()
    if not text:
        return None
    if _ISO_DATE.match(text):
        return text if _plausible(datetime.fromisoformat(text)) else None
    if _ISO_TIMESTAMP.match(text):
        stamp = _OFFSET_WITHOUT_COLON.sub(r"\1:\2", text.replace("Z", "+00:00"))
        try:
            parsed = datetime.fromisoformat(stamp)
        except ValueError:
            return written_date(text[:10])
        if not _plausible(parsed):
            return None
        return parsed.replace(microsecond=0).isoformat()
    return written_date(text)


def _plausible(moment: datetime) -> bool:
    naive = moment.replace(tzinfo=None)
    return EARLIEST <= naive <= latest_allowed()


def written_date(text: str, languages: Sequence[str] = ()) -> str | None:
    """The date written in a short text, as `YYYY-MM-DD`, or None. `languages` (ISO 639-1)
    lets dateparser try the formats htmldate does not know."""
    text = " ".join(text.split())[:_MAX_DATE_TEXT]
    if not _YEAR.search(text):
        return None  # a date without a year is no publication date
    found = try_date_expr(text, "%Y-%m-%d", False, EARLIEST, latest_allowed())
    if found or not languages or not _names_a_month(text):
        return found or None  # what dateparser adds is month names htmldate does not know
    return _dateparser_date(text, languages)


def _names_a_month(text: str) -> bool:
    months = month_words()  # dateparser's month names of every language, folded
    return any(word in months for word in _WORD.findall(text.casefold()))


def _dateparser_date(text: str, languages: Sequence[str]) -> str | None:
    try:
        parsed = dateparser.parse(text, languages=list(languages), settings=_DATEPARSER_SETTINGS)
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed is None or not _plausible(parsed):
        return None
    return parsed.date().isoformat()
