"""Bylines, author bios and datelines as one line states them."""

from __future__ import annotations

import pytest

from cleaner.metadata.bylines import Dateline, bio_author, byline_authors, dateline_dates


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Maria Lopez, Staff Writer", ("Maria Lopez",)),
        ("Von Hans Müller", ("Hans Müller",)),
        ("Par Jean Dupont", ("Jean Dupont",)),
        ("Por María García", ("María García",)),
        ("By Jane Doe and John Smith | May 3, 2024", ("Jane Doe", "John Smith")),
        ("Published August 7, 2023 by Nicole Burke", ("Nicole Burke",)),
        ("By: FlowGuard EMEA on 04-ago-2021 5:11:10", ("FlowGuard EMEA",)),
        ("Author: Jane Doe", ("Jane Doe",)),
        ("By Adelle Nazarian, Breitbart News", ("Adelle Nazarian",)),
        ("By Tuesday, the troops had left the city.", ()),
        ("With reporting by AP, AFP, and Reuters", ()),
        ("The report was written by a committee of experts last year.", ()),
    ],
)
def test_bylines_give_their_names(line: str, names: tuple[str, ...]) -> None:
    assert byline_authors(line) == names


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (
            "Adelle Nazarian is a politics and national security reporter for Breitbart News. "
            "Follow her on Facebook and Twitter.",
            "Adelle Nazarian",
        ),
        ("Hans Müller ist Redakteur im Ressort Politik.", "Hans Müller"),
        ("Marie Dupont est journaliste au service international.", "Marie Dupont"),
        ("María García es periodista y corresponsal en Bruselas.", "María García"),
        ("Smith said the journalists had been detained for a week.", None),
    ],
)
def test_author_bios_give_the_name(line: str, name: str | None) -> None:
    assert bio_author(line) == name


@pytest.mark.parametrize(
    ("line", "dates"),
    [
        ("Published 14 March 2024", Dateline("2024-03-14", None)),
        ("Updated: 23 May 2018 14:05 BST", Dateline(None, "2018-05-23")),
        ("Published 14 March 2024 | Updated 15 March 2024", Dateline("2024-03-14", "2024-03-15")),
        ("Actualizado el 23/05/2018", Dateline(None, "2018-05-23")),
        ("Sep 26, 2022 · 2 min read", Dateline("2022-09-26", None)),
    ],
)
def test_datelines_keep_published_and_modified_apart(line: str, dates: Dateline) -> None:
    assert dateline_dates(line, ["en", "es"]) == dates
