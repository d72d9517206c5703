"""The headline by agreement between <h1>, og:title, JSON-LD headline and <title>."""

from __future__ import annotations

import pytest

from cleaner.metadata.title import (
    SiteNames,
    choose_headline,
    headline_variants,
    title_key,
    without_site_name,
    without_trailing_name,
)

HEADLINE = "Floods force thousands from their homes"


@pytest.mark.parametrize(
    ("title", "site"),
    [
        (f"{HEADLINE} - La Stampa", SiteNames.of(["La Stampa"], "lastampa.it")),
        (f"{HEADLINE} | The Japan Times", SiteNames.of([], "japantimes.co.jp")),
        (f"{HEADLINE} | DW | 19.01.2020", SiteNames.of([], "dw.com")),
        (f"NEWS WEB EASY|{HEADLINE}", SiteNames.of(["NEWS WEB EASY"], "www3.nhk.or.jp")),
        (f"{HEADLINE} – Example Times", SiteNames.of(["Example Times"], None)),
        (f"{HEADLINE} :: Example Times", SiteNames.of(["Example Times"], None)),
        (f"Example Times :: {HEADLINE}", SiteNames.of([], "example-times.com")),
    ],
)
def test_site_name_parts_are_removed_whatever_the_separator(title: str, site: SiteNames) -> None:
    assert without_site_name(title, site) == HEADLINE
    assert choose_headline([None, None, None, title], site) == HEADLINE


def test_a_part_that_is_not_the_site_name_stays() -> None:
    site = SiteNames.of(["Example Times"], "example.com")
    title = "Budget 2025 – what changes for families"
    assert without_site_name(title, site) == title
    assert choose_headline([title], site) == title


def test_the_site_name_is_never_the_headline() -> None:
    site = SiteNames.of(["Example Times"], "example.com")
    assert choose_headline(["Example Times", None, None, f"{HEADLINE} | Example Times"], site) == (
        HEADLINE
    )


def test_the_candidates_agree_against_a_chrome_h1() -> None:
    site = SiteNames.of(["Example Times"], "example.com")
    chosen = choose_headline(["Blog", HEADLINE, HEADLINE, f"{HEADLINE} | Example Times"], site)
    assert chosen == HEADLINE


def test_a_title_cut_short_gives_way_to_the_whole_one() -> None:
    site = SiteNames.of(["El Nuevo Herald"], "elnuevoherald.com")
    cut = "Senador republicano califica a Biden de"
    whole = "Senador republicano califica a Biden de «incompetente» en la frontera"
    chosen = choose_headline([None, cut, cut, f"{whole} - El Nuevo Herald"], site)
    assert chosen == whole


def test_json_ld_entities_and_invisible_characters_are_cleaned() -> None:
    site = SiteNames.of([], "example.com")
    assert (
        choose_headline(["Wedding Tools &#8211; A Guide\u200b"], site) == "Wedding Tools – A Guide"
    )


def test_headline_variants_hold_every_candidate_with_and_without_site_name() -> None:
    site = SiteNames.of(["Example Times"], "example.com")
    variants = headline_variants(
        HEADLINE, ["Floods force thousands out", None, f"{HEADLINE} | Example Times"], site
    )
    assert title_key(HEADLINE) in variants
    assert title_key(f"{HEADLINE} | Example Times") in variants
    assert title_key("Floods force thousands out") in variants


def test_title_key_ignores_case_and_punctuation() -> None:
    assert title_key("What's New? – The LIST") == title_key("what s new the list")


def test_the_visible_h1_outweighs_one_seo_title_declared_three_times() -> None:
    site = SiteNames.of([], "example.com")
    declared = "Best Apps to Learn a Language in 2025 – Top 10 Picks"
    h1 = "Top 10: Best Language Learning Apps (tested by experts)"
    assert choose_headline([h1, declared, declared, declared], site) == h1


def test_what_follows_a_bar_is_no_part_of_the_headline() -> None:
    site = SiteNames.of([], "example.com")
    title = "How meditation rewires brains and improves physical health | Opinion"
    assert choose_headline([title, title, None, title], site) == (
        "How meditation rewires brains and improves physical health"
    )


def test_an_h1_with_its_dateline_run_in_is_no_fuller_headline() -> None:
    site = SiteNames.of([], "infuy.com")
    headline = "Top Strategies to Optimize Blockchain Performance and Security"
    h1 = f"{headline} Posted on July 1, 2024 by infuy"
    assert choose_headline([h1, headline, None, f"{headline} - Blockchain Company"], site) == (
        headline
    )


@pytest.mark.parametrize(
    "title",
    [
        f"{HEADLINE} – Artlyst",
        f"{HEADLINE} - The Japan Times",
        f"{HEADLINE} — Emily Henderson",
        f"{HEADLINE} - Top Local & Long-Distance Movers",
    ],
)
def test_a_trailing_name_after_a_dash_is_no_part_of_a_text_headline(title: str) -> None:
    assert without_trailing_name(title) == HEADLINE


@pytest.mark.parametrize(
    "title",
    [
        "Transitioning to a plant-based diet – tips and tricks",  # a subtitle in lower case
        "Best Bread Machines – My Favorites!",  # a subtitle with punctuation
        "Best CRM Tools – Features, Pricing, And Honest Comparison",
        "How to replace brake pads – From an ASE-Certified Mechanic",
        "Big Win – Trump Concedes",  # too short a headline before the dash
        "Floods force thousands from their homes",  # no dash at all
        "Floods force thousands - Six Hundred Words About What Comes Next Tonight",  # too long
    ],
)
def test_a_subtitle_after_a_dash_stays_in_a_text_headline(title: str) -> None:
    assert without_trailing_name(title) == title
