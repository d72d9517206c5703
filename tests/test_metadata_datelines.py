"""Datelines: published and modified dates as one line states them, and no date of a sentence."""

from __future__ import annotations

import pytest

from cleaner.metadata.datelines import Dateline, dateline_dates


@pytest.mark.parametrize(
    ("line", "dates"),
    [
        ("Published 14 March 2024", Dateline("2024-03-14", None)),
        ("Updated: 23 May 2018 14:05 BST", Dateline(None, "2018-05-23")),
        ("Published 14 March 2024 | Updated 15 March 2024", Dateline("2024-03-14", "2024-03-15")),
        ("Actualizado el 23/05/2018", Dateline(None, "2018-05-23")),
        ("Sep 26, 2022 · 2 min read", Dateline("2022-09-26", None)),
        ("Page last modified Jan. 17, 2025 @ 01:39 PM EST", Dateline(None, "2025-01-17")),
        (
            "by Daniel Gibson | Mar 11, 2023 | All About Brakes and Brake Repair, Learn About "
            "Brakes | 0 comments",
            Dateline("2023-03-11", None),
        ),
        ("by Jill Barshay, The Hechinger Report August 25, 2025", Dateline("2025-08-25", None)),
        ("Published March 1, 2024, updated March 2, 2024", Dateline("2024-03-01", "2024-03-02")),
        (
            "Publié le 16 mars 2023 à 15h12, modifié le 17 mars 2023 à 08h05",
            Dateline("2023-03-16", "2023-03-17"),
        ),
        (
            "Veröffentlicht am 23.05.2018, aktualisiert am 24.05.2018",
            Dateline("2018-05-23", "2018-05-24"),
        ),
    ],
)
def test_datelines_keep_published_and_modified_apart(line: str, dates: Dateline) -> None:
    assert dateline_dates(line, ["en", "es", "fr", "de"]) == dates


def test_a_wire_story_opens_with_its_dateline() -> None:
    line = (
        "RAJSHAHI, Dec 20, 2025 (BSS) - Homestead gardening has been contributing significantly "
        "to making rural communities more self-reliant while enhancing their food security."
    )
    assert dateline_dates(line, ["en"]) == Dateline("2025-12-20", None)


@pytest.mark.parametrize(
    "line",
    [
        "Sign up now for our next London to Brighton Bike Ride on 21 June 2026",
        "SBP customers (solar installed after April 15, 2023) can sell power back to the grid",
        "Published reports say the storm hit the coast on March 3, 2024",
        "The council met on 3 March 2024 - and again, after a long and bitter dispute over the "
        "budget, on 5 March 2024 - to settle the matter before the summer recess began.",
    ],
)
def test_a_date_inside_a_sentence_is_no_dateline(line: str) -> None:
    assert dateline_dates(line, ["en"]) == Dateline()
