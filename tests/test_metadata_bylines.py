"""Bylines and author bios as one line states them."""

from __future__ import annotations

import pytest

from cleaner.metadata.bylines import (
    bio_author,
    box_author,
    byline_authors,
    credit_authors,
    role_byline,
)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Maria Lopez, Staff Writer", ("Maria Lopez",)),
        ("Von Hans Müller", ("Hans Müller",)),
        ("Par Jean Dupont", ("Jean Dupont",)),
        ("Por María García", ("María García",)),
        ("di Marco Rossi", ("Marco Rossi",)),
        ("Door Pieter de Vries", ("Pieter de Vries",)),
        ("Di Maio ha detto che il governo resterà in carica.", ()),
        ("Il sindaco di Roma ha firmato il decreto", ()),
        ("By Jane Doe and John Smith | May 3, 2024", ("Jane Doe", "John Smith")),
        ("Published August 7, 2023 by Nicole Burke", ("Nicole Burke",)),
        ("By: FlowGuard EMEA on 04-ago-2021 5:11:10", ("FlowGuard EMEA",)),
        ("Author: Jane Doe", ("Jane Doe",)),
        ("Contributors: Janet Loughrey", ("Janet Loughrey",)),
        ("By Adelle Nazarian, Breitbart News", ("Adelle Nazarian",)),
        (
            "Published: Mar 8, 2024 · Modified: May 19, 2025 by Jessica Robinson · This post may "
            "contain affiliate links",
            ("Jessica Robinson",),
        ),
        ("by Natalia Keogan in Festivals & Events on Dec 17, 2025", ("Natalia Keogan",)),
        ("By the time the vote came, the hall was empty.", ()),
        ("BY USE CASE", ()),  # a menu in capitals
        ("By the Lavazza Team", ("the Lavazza Team",)),  # a desk
        (
            "By clicking Continue to join or sign in, you agree to the User Agreement, Privacy "
            "Policy, and Cookie Policy.",
            (),
        ),
        ("Article by: RN, BSN", ()),  # credentials, the name is elsewhere
        ("Author Venue", ()),  # a table's headings: no colon, no label
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
        (
            "Rebecca Norris is a full-time freelance writer living in the Washington, D.C. area.",
            "Rebecca Norris",
        ),
        ("Nicoletta Richardson is Trending Editor for TODAY.com.", "Nicoletta Richardson"),
        ("Christian Eilers is a career expert specializing in resumes.", "Christian Eilers"),
        ("US-based Printfresh was founded in 2016 by textile designer Amy Voloshin.", None),
        ("Lee Miller was a courageous, complex figure who witnessed immense horror.", None),
    ],
)
def test_author_bios_give_the_name(line: str, name: str | None) -> None:
    assert bio_author(line) == name


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Read more from Kelia Losa Reinoso", "Kelia Losa Reinoso"),
        ("More articles by Jeffrey Zeldman", "Jeffrey Zeldman"),
        ("Hi, I’m Ashley Biancuzzo , and I oversee all laptop coverage.", "Ashley Biancuzzo"),
        ("Welcome to my blog! I’m Gabby Boucher.", "Gabby Boucher"),
        ("More from our partners", None),
        ("I'm Not Sure What Happened Next", None),
        ("Read more from The Guardian's Climate Desk team this week", None),
    ],
)
def test_an_author_box_names_the_author(line: str, name: str | None) -> None:
    assert box_author(line) == name


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Reporting by Ann Saphir; Editing by Andrea Ricci", ("Ann Saphir",)),
        (
            "Reporting by Jane Doe and John Smith in London; Editing by Sam Holmes",
            ("Jane Doe", "John Smith"),
        ),
        ("Additional reporting by Jane Doe", ()),  # a contributor, not the author
        ("With reporting by AP, AFP, and Reuters", ()),
        ("Reporting by the BBC prompted an inquiry into the deaths in 2017.", ()),
    ],
)
def test_a_wire_credit_names_its_reporters(line: str, names: tuple[str, ...]) -> None:
    assert credit_authors(line) == names


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Maria Lopez | Staff Writer", "Maria Lopez"),
        ("Maria Lopez, Senior Politics Reporter", "Maria Lopez"),
        ("Hans Müller – Redakteur", "Hans Müller"),
        ("Garden Diary | Recipes", None),  # a section beside a section
        ("Maria Lopez, Reuters", None),  # an agency is no role
        ("Staff Writer | Maria Lopez", None),
        ("MARIA LOPEZ | STAFF WRITER", None),
        ("The report was written by a staff writer, one of many", None),
    ],
)
def test_a_name_beside_a_role_is_a_byline(line: str, name: str | None) -> None:
    assert role_byline(line) == name
