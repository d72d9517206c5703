"""Dates as ISO 8601: declared timestamps kept with their time and UTC offset, dates written
in text (`Published 14 March 2024`, `23. Mai 2018`, `Publié le 23 mai 2018`, `23 de mayo de
2018`, `2024年3月12日`) as `YYYY-MM-DD`.

Written dates are read by htmldate's date-expression parser (fast, many formats, several
languages), on the text lower-cased and with the dots of abbreviations spaced out (htmldate
passes over `Nov. 19, 2025` and anything with three capitals in a row: `DECEMBER 19 2025`,
`4:12 PM EST`). What it leaves is read by dateparser, limited to the text's languages
(guessing among all of them costs seconds), on the few short spans around a year that name a
month or are a numeric date (`19 de diciembre de 2025`, `09/25/2025`): dateparser reads a span,
not a sentence, and a few calls cost about a millisecond each.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from htmldate.extractors import month_words, try_date_expr

EARLIEST = datetime(1990, 1, 1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_OFFSET_WITHOUT_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_YEAR = re.compile(r"(?<!\d)(?:19[9]\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_]{3,}")
_DAY_MONTH_NUMBERS = re.compile(r"(?<![\d.-/])(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}(?!\d)")
_MONTHS = 12
_NUMERIC_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{4}$")
# `Nov.` → `Nov`, `25.Jun.2019` → `25. Jun 2019`: the forms htmldate's patterns know
_ABBREVIATION_DOT = re.compile(r"(?<=[^\W\d_])\.")
_DOT_BEFORE_WORD = re.compile(r"(?<=\d)\.(?=[^\W\d_])")
_SPAN_PUNCTUATION = "()[]{},;:|·•–—-"
# dateparser spans: up to this many words before the year (`19 de mayo de 2018`), or after
# it when the year comes first (`2025. december 19.`)
_SPAN_WORDS = 4
_MAX_DATE_TEXT = 80
# A date as Chinese, Japanese and Korean write it: `2024年3月12日`, `2024년 3월 12일`
_CJK_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일号]"
)
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


def has_year(text: str) -> bool:
    """Whether the text writes a year that a publication date may have (1990-2099): a date
    without one is no publication date."""
    return _YEAR.search(text) is not None


def written_date(text: str, languages: Sequence[str] = ()) -> str | None:
    """The date written in a short text, as `YYYY-MM-DD`, or None. `languages` (ISO 639-1)
    lets dateparser try the formats htmldate does not know."""
    text = " ".join(text.split())[:_MAX_DATE_TEXT]
    if not has_year(text):
        return None
    if cjk := _CJK_DATE.search(text):
        return _cjk_date(*cjk.groups())
    found = try_date_expr(_for_htmldate(text), "%Y-%m-%d", False, EARLIEST, latest_allowed())
    if found or not languages:
        return found or None
    spans = (span for span in _spans_around_years(text) if _may_be_date(span))
    return next((found for span in spans if (found := _dateparser_date(span, languages))), None)


def _cjk_date(year: str, month: str, day: str) -> str | None:
    try:
        found = datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    return found.date().isoformat() if _plausible(found) else None


def ambiguous_numeric_date(text: str) -> bool:
    """The text writes a date as numbers that could be day-month or month-day (`8/1/2025`)."""
    return any(
        first != second and int(first) <= _MONTHS and int(second) <= _MONTHS
        for first, second in _DAY_MONTH_NUMBERS.findall(text)
    )


def _for_htmldate(text: str) -> str:
    spaced = _DOT_BEFORE_WORD.sub(". ", _ABBREVIATION_DOT.sub(" ", text.lower()))
    return " ".join(spaced.split())


def _spans_around_years(text: str) -> Iterator[str]:
    """Runs of words ending with a year, longest first, then runs starting with one."""
    words = text.split()
    for index, word in enumerate(words):
        if not has_year(word):
            continue
        for start in range(max(0, index - _SPAN_WORDS), index + 1):
            yield " ".join(words[start : index + 1]).strip(_SPAN_PUNCTUATION)
        for end in range(min(len(words), index + _SPAN_WORDS + 1), index + 1, -1):
            yield " ".join(words[index:end]).strip(_SPAN_PUNCTUATION)


def _may_be_date(span: str) -> bool:
    """A span worth dateparser's time: it names a month, or is a numeric date."""
    return _NUMERIC_DATE.match(span) is not None or _names_a_month(span)


def _names_a_month(text: str) -> bool:
    months = month_words()  # dateparser's month names of every language, folded
    return any(word in months for word in _WORD.findall(text.casefold()))


def _dateparser_date(text: str, languages: Sequence[str]) -> str | None:
    try:
        parsed = _date_parser(tuple(languages)).get_date_data(text).date_obj
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed is None or not _plausible(parsed):
        return None
    return parsed.date().isoformat()


@functools.lru_cache(maxsize=64)
def _date_parser(languages: tuple[str, ...]) -> DateDataParser:
    """dateparser's parser for these languages, made once per process: `dateparser.parse` makes
    a new one per call, which compiles its locales' patterns again (a third of its time)."""
    return DateDataParser(languages=list(languages), settings=_DATEPARSER_SETTINGS)
