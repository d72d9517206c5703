"""Author strings → people's names: split, credentials kept, placeholders and organisations out."""

from __future__ import annotations

import pytest

from cleaner.metadata.authors import clean_authors, is_desk, people_among, split_authors
from cleaner.metadata.bylines import leading_name, looks_like_name
from cleaner.metadata.title import SiteNames


def test_a_publisher_company_in_the_author_list_is_left_out() -> None:
    raw = "Frankfurter Allgemeine Zeitung GmbH; Benjamin Fischer; Marcus Theurer"
    assert clean_authors([raw]) == ("Benjamin Fischer", "Marcus Theurer")


@pytest.mark.parametrize(
    "placeholder",
    [
        "No Author",
        "Admin",
        "admin",
        "Site Administrator",
        "Unknown",
        "NOC Admin",
        "undefined",
        "Category",
        "Guest Author",
    ],
)
def test_placeholders_are_no_authors(placeholder: str) -> None:
    assert clean_authors([placeholder]) == ()


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Danielle DeSiato, Donna Enzmann, and Natalie Nguyen",
         ["Danielle DeSiato", "Donna Enzmann", "Natalie Nguyen"]),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Von Hans Müller und Erika Mustermann", ["Hans Müller", "Erika Mustermann"]),
        ("Dylan Bailey, MS, RD, FAND", ["Dylan Bailey, MS, RD, FAND"]),
        ("Genevieve Carlton, Ph.D.", ["Genevieve Carlton, Ph.D."]),
        ("Marna van der Merwe", ["Marna van der Merwe"]),
        ("Mark E Smith", ["Mark E Smith"]),
        ("https://www.facebook.com/jane.doe", []),
        ("MARIA LOPEZ AND JOHN SMITH", ["MARIA LOPEZ", "JOHN SMITH"]),
        ("Jean Dupont, publié le 3 mars 2024", ["Jean Dupont"]),
        ("Jane Doe and others", ["Jane Doe"]),
        ("Ann Lee, Sr. Director of Operations", ["Ann Lee, Sr. Director of Operations"]),
    ],
)  # fmt: skip
def test_author_strings_are_split_into_names(raw: str, names: list[str]) -> None:
    assert split_authors(raw) == names


def test_the_fullest_form_of_a_name_is_kept_once() -> None:
    assert clean_authors(["Jane Doe", "Jane Doe, MS", "jane doe"]) == ("Jane Doe, MS",)


def test_a_date_is_no_author() -> None:
    assert clean_authors(["Sat, 20 Dec, 2025 - 06:36"]) == ()


def test_people_are_told_from_the_site_organisations_and_handles() -> None:
    site = SiteNames.of(["USA TODAY"], "usatoday.com")
    names = ("USA TODAY", "Brian Truitt", "Gannett", "andrew.keaveney")
    assert people_among(names, site=site, organisations=["Gannett"]) == ("Brian Truitt",)


@pytest.mark.parametrize(
    ("name", "desk"),
    [("Podium Staff", True), ("The Upwork Team", True), ("News Desk", True), ("Staff", False),
     ("Jane Doe", False), ("Teamster Jones", False)],
)  # fmt: skip
def test_a_desk_is_told_from_a_person(name: str, desk: bool) -> None:
    assert is_desk(name) is desk
    site = SiteNames.of([], "example.com")
    assert people_among([name], site=site) == (() if desk else (name,))


def test_a_desk_is_a_name_a_bare_staff_label_is_not() -> None:
    assert looks_like_name("Podium Staff")
    assert not looks_like_name("Staff")
    assert not looks_like_name("Staff Writer")


@pytest.mark.parametrize(
    ("text", "names"),
    [("Rachel MacDonald Writer", ("Rachel MacDonald",)),
     ("Linda Rosencrance Contributing Writer", ("Linda Rosencrance",)),
     ("Luke Kim December 17, 2025", ("Luke Kim",)),
     ("Senior Writer", ())],
)  # fmt: skip
def test_the_role_printed_after_a_name_is_not_part_of_it(text: str, names: tuple[str, ...]) -> None:
    assert leading_name(text) == names


def test_a_user_name_is_kept_it_is_a_forum_posts_author() -> None:
    assert clean_authors(["paulb203"]) == ("paulb203",)
    site = SiteNames.of([], "forum.example")
    assert people_among(["paulb203", "Jane Doe"], site=site) == ("Jane Doe",)
