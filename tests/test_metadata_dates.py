"""Dates as ISO 8601: declared timestamps with their offset, written dates in four languages."""

from __future__ import annotations

import pytest

from cleaner.metadata.dates import (
    ambiguous_numeric_date,
    has_year,
    iso_timestamp,
    written_date,
)


@pytest.mark.parametrize(
    ("declared", "iso"),
    [
        ("2024-03-05T10:00:00+01:00", "2024-03-05T10:00:00+01:00"),
        ("2024-03-05T09:00:00Z", "2024-03-05T09:00:00+00:00"),
        ("2024-03-05T10:00:00.123+0100", "2024-03-05T10:00:00+01:00"),
        ("2024-03-05 10:00:00", "2024-03-05T10:00:00"),
        ("2024-03-05", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("2099-01-01", None),  # in the future: no publication date
        ("1066-10-14", None),
        ("", None),
        ("not a date", None),
    ],
)
def test_declared_timestamps_keep_their_time_and_offset(declared: str, iso: str | None) -> None:
    assert iso_timestamp(declared) == iso


@pytest.mark.parametrize(
    ("text", "language", "iso"),
    [
        ("May 23, 2018", "en", "2018-05-23"),
        ("Published 14 March 2024", "en", "2024-03-14"),
        ("23. Mai 2018", "de", "2018-05-23"),
        ("Veröffentlicht am 23.05.2018", "de", "2018-05-23"),
        ("Publié le 23 mai 2018 à 14h05", "fr", "2018-05-23"),
        ("23 de mayo de 2018", "es", "2018-05-23"),
        ("Published: Nov. 19, 2025", "en", "2025-11-19"),  # an abbreviation's dot
        ("UPDATED 16:47 EST / DECEMBER 19 2025", "en", "2025-12-19"),  # capitals
        ("Page last modified Jan. 17, 2025 @ 01:39 PM EST", "en", "2025-01-17"),
        ("Published on 25.Jun.2019 in Vol 7", "en", "2019-06-25"),
        ("09/25/2025", "en", "2025-09-25"),  # month first, as English writes it
        ("Publicado el 19 de diciembre de 2025", "es", "2025-12-19"),
        ("2024年3月12日 14時30分", "ja", "2024-03-12"),
        ("2024年3月12日", "zh", "2024-03-12"),
        ("2024년 3월 12일 오후 2:30", "ko", "2024-03-12"),
        ("2024年13月40日", "ja", None),  # no such day
        ("May 23", "en", None),  # no year
        ("2 million people in 2018", "en", None),
        ("Published reports say 2024 was the warmest year", "en", None),
        ("By the time the vote came in March 2024, it was late", "en", None),
        ("Vol 7, No 6 (2019)", "en", None),
    ],
)
def test_written_dates_are_read_in_their_language(
    text: str, language: str, iso: str | None
) -> None:
    assert written_date(text, [language]) == iso


@pytest.mark.parametrize(
    ("text", "ambiguous"),
    [("8/1/2025", True), ("01.02.2024", True), ("25/12/2025", False), ("2025-08-01", False),
     ("1/1/2024", False), ("Aug 1, 2025", False)],
)  # fmt: skip
def test_numeric_dates_that_read_both_ways_are_ambiguous(text: str, ambiguous: bool) -> None:
    assert ambiguous_numeric_date(text) is ambiguous


@pytest.mark.parametrize(
    ("text", "found"),
    [("Published 14 March 2024", True), ("09/25/2025", True), ("© 1999 Acme", True),
     ("Shares rose 4% to 1,200 points", False), ("Call 555-20245", False),
     ("In 1989 the wall fell", False), ("May 23", False)],
)  # fmt: skip
def test_a_publication_year_is_told_apart_from_other_numbers(text: str, found: bool) -> None:
    assert has_year(text) is found


def test_the_same_date_is_read_the_same_in_every_call() -> None:
    """dateparser's parser is made once per set of languages and reused: it keeps no state
    between texts."""
    texts = ["Publicado el 19 de diciembre de 2025", "23 de mayo de 2018", "Enero 2, 2024"]
    first = [written_date(text, ["es"]) for text in texts]
    assert first == [written_date(text, ["es"]) for text in texts]
    assert first[:2] == ["2025-12-19", "2018-05-23"]
