"""Plain text: author and dates from byline and dateline lines, the lines out of the body."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.model import Article

BODY = {
    "en": [
        "The city council approved the new budget on Tuesday evening after a debate that lasted "
        "more than four hours and drew a large crowd to the town hall.",
        "Members of the opposition said the plan would raise local taxes, while the mayor argued "
        "that the investment in schools and roads could not wait another year.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstagabend nach einer mehr als vierstündigen Debatte den neuen "
        "Haushalt beschlossen, die viele Zuschauer ins Rathaus gelockt hatte.",
        "Die Opposition erklärte, der Plan werde die Steuern erhöhen, während der Bürgermeister "
        "sagte, die Investitionen in Schulen und Straßen könnten nicht länger warten.",
    ],
    "fr": [
        "Le conseil municipal a approuvé mardi soir le nouveau budget après un débat de plus de "
        "quatre heures qui avait attiré une foule nombreuse à la mairie.",
        "L'opposition a estimé que le plan augmenterait les impôts locaux, tandis que le maire a "
        "affirmé que les investissements dans les écoles ne pouvaient plus attendre.",
    ],
    "es": [
        "El concejo municipal aprobó el martes por la noche el nuevo presupuesto tras un debate de "
        "más de cuatro horas que atrajo a una gran multitud al ayuntamiento.",
        "La oposición dijo que el plan subiría los impuestos locales, mientras que el alcalde "
        "afirmó que la inversión en escuelas y carreteras no podía esperar otro año.",
    ],
}
HEADLINE = {
    "en": "Council approves the new budget",
    "de": "Stadtrat beschließt den neuen Haushalt",
    "fr": "Le conseil approuve le nouveau budget",
    "es": "El concejo aprueba el nuevo presupuesto",
}


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(time_limit=None)


def _clean(cleaner: Cleaner, language: str, head: list[str], tail: list[str] = ()) -> Article:
    lines = [HEADLINE[language], *head, *BODY[language], *tail]
    return cleaner.clean("\n\n".join(lines), kind="text")


@pytest.mark.parametrize(
    ("language", "byline", "dateline", "author", "published"),
    [
        ("en", "By Maria Lopez, Staff Writer", "Published 14 March 2024", "Maria Lopez",
         "2024-03-14"),
        ("en", "By Maria Lopez", "May 23, 2018", "Maria Lopez", "2018-05-23"),
        ("de", "Von Hans Müller", "Veröffentlicht am 23.05.2018", "Hans Müller", "2018-05-23"),
        ("de", "Von Hans Müller", "23. Mai 2018", "Hans Müller", "2018-05-23"),
        ("fr", "Par Jean Dupont", "Publié le 23 mai 2018 à 14h05", "Jean Dupont", "2018-05-23"),
        ("es", "Por María García", "23 de mayo de 2018", "María García", "2018-05-23"),
    ],
)  # fmt: skip
def test_byline_and_dateline_are_recorded_and_stay_out_of_the_body(
    cleaner: Cleaner, language: str, byline: str, dateline: str, author: str, published: str
) -> None:
    article = _clean(cleaner, language, [byline, dateline])
    assert article.title == HEADLINE[language]
    assert (article.author, article.authors, article.published) == (author, (author,), published)
    assert byline not in article.text and dateline not in article.text
    assert article.text == "\n\n".join(BODY[language])
    assert {r.text: r.category for r in article.removed}[byline] == "byline"


def test_an_update_line_is_the_modified_date(cleaner: Cleaner) -> None:
    article = _clean(
        cleaner, "en", ["By Maria Lopez", "Published 14 March 2024 | Updated 15 March 2024"]
    )
    assert (article.published, article.modified) == ("2024-03-14", "2024-03-15")


def test_the_author_bio_at_the_end_names_the_author(cleaner: Cleaner) -> None:
    bio = (
        "Adelle Nazarian is a politics and national security reporter for Breitbart News. "
        "Follow her on Facebook and Twitter."
    )
    article = _clean(cleaner, "en", [], [bio])
    assert article.author == "Adelle Nazarian"
    assert bio not in article.text


def test_a_label_and_its_value_on_two_lines(cleaner: Cleaner) -> None:
    article = _clean(cleaner, "en", ["Written by", "Edzel Tabing", "Sep 26, 2022"])
    assert (article.author, article.published) == ("Edzel Tabing", "2022-09-26")


def test_a_byline_is_never_the_title(cleaner: Cleaner) -> None:
    text = "\n\n".join(["By: Paul Fenaroli", *BODY["en"]])
    article = cleaner.clean(text, kind="text")
    assert article.title is None
    assert article.author == "Paul Fenaroli"


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        (f"{HEADLINE['en']} | The Daily Example", HEADLINE["en"]),
        (f"{HEADLINE['en']} | Opinion | Example News", HEADLINE["en"]),
        ("Budget vote - council approves plan", "Budget vote - council approves plan"),
        (f"{HEADLINE['en']} – The Daily Example", HEADLINE["en"]),
    ],
)
def test_a_title_loses_what_follows_a_bar_and_a_trailing_name_but_keeps_dashes(
    cleaner: Cleaner, first_line: str, title: str
) -> None:
    article = cleaner.clean("\n\n".join([first_line, *BODY["en"]]), kind="text")
    assert article.title == title
    assert first_line not in article.text


def test_a_text_that_states_only_its_update_has_that_date_for_published_too(
    cleaner: Cleaner,
) -> None:
    article = _clean(cleaner, "en", ["By Maria Lopez", "Last updated on November 19, 2025"])
    assert (article.published, article.modified) == ("2025-11-19", "2025-11-19")


def test_the_dates_of_related_articles_at_the_end_are_not_the_date(cleaner: Cleaner) -> None:
    more = [f"Paragraph {number} of the story. {BODY['en'][number % 2]}" for number in range(12)]
    tail = ["Related posts", "Five ways to cut the cost of school meals", "March 05, 2026",
            "The new ring road, one year on", "March 04, 2026"]  # fmt: skip
    article = _clean(cleaner, "en", ["By Maria Lopez"], [*more, *tail])
    assert (article.author, article.published) == ("Maria Lopez", None)


def test_a_lone_dateline_below_the_head_dates_the_article(cleaner: Cleaner) -> None:
    more = [f"Paragraph {number} of the story. {BODY['en'][number % 2]}" for number in range(12)]
    article = _clean(cleaner, "en", [], [*more, "Page last modified Jan. 17, 2025"])
    assert (article.published, article.modified) == ("2025-01-17", "2025-01-17")


def test_a_byline_with_a_date_at_the_end_dates_the_article(cleaner: Cleaner) -> None:
    article = _clean(cleaner, "en", [], ["by Jill Barshay, The Hechinger Report August 25, 2025"])
    assert (article.author, article.published) == ("Jill Barshay", "2025-08-25")


def test_a_wire_dateline_opening_the_story_dates_it(cleaner: Cleaner) -> None:
    lead = f"WASHINGTON, March 3, 2024 (AP) - {BODY['en'][0]}"
    text = "\n\n".join([HEADLINE["en"], lead, BODY["en"][1]])
    article = cleaner.clean(text, kind="text")
    assert (article.published, article.title) == ("2024-03-03", HEADLINE["en"])


def test_a_name_in_a_dateline_is_the_author(cleaner: Cleaner) -> None:
    article = _clean(cleaner, "en", ["Faith Katunga • Oct 20, 2025"])
    assert (article.author, article.published) == ("Faith Katunga", "2025-10-20")


@pytest.mark.parametrize(
    ("language", "head", "authors", "published"),
    [
        ("en", ["Maria Lopez and John Smith | March 3, 2024"], ("Maria Lopez", "John Smith"),
         "2024-03-03"),
        ("es", ["María López | 3 de marzo de 2024"], ("María López",), "2024-03-03"),
        ("en", ["Maria Lopez | Staff Writer"], ("Maria Lopez",), None),
        ("en", ["Maria Lopez", "Staff Writer", "March 3, 2024"], ("Maria Lopez",), "2024-03-03"),
        ("en", ["Menu", "Lawn Care", "Attorney", "March 3, 2024"], (), "2024-03-03"),  # a menu
        ("fr", ["Par Jean Dupont, publié le 3 mars 2024"], ("Jean Dupont",), "2024-03-03"),
        ("en", ["BY MARIA LOPEZ AND JOHN SMITH"], ("MARIA LOPEZ", "JOHN SMITH"), None),
        ("en", ["Food and Drink | March 3, 2024"], (), "2024-03-03"),  # a section
    ],
)  # fmt: skip
def test_names_beside_a_date_or_a_role_are_the_authors(
    cleaner: Cleaner,
    language: str,
    head: list[str],
    authors: tuple[str, ...],
    published: str | None,
) -> None:
    article = _clean(cleaner, language, head)
    assert (article.authors, article.published) == (authors, published)


def test_a_bare_name_beside_a_dateline_is_no_author(cleaner: Cleaner) -> None:
    """As often a section (`Garden Diary`) as a person: left out."""
    article = _clean(cleaner, "en", ["Garden Diary", "Friday, December 19, 2025"])
    assert (article.author, article.published) == (None, "2025-12-19")


def test_an_author_bio_kept_in_the_body_at_the_end_names_the_author(cleaner: Cleaner) -> None:
    bio = (
        "About the author: Rebecca Norris is a full-time freelance writer living in the "
        "Washington, D.C. metro area, who has covered local politics for ten years."
    )
    article = _clean(cleaner, "en", [], [bio])
    assert article.author == "Rebecca Norris"


def test_an_author_box_at_the_end_names_the_author(cleaner: Cleaner) -> None:
    article = _clean(cleaner, "en", [], ["Read more from Kelia Losa Reinoso"])
    assert article.author == "Kelia Losa Reinoso"


@pytest.mark.parametrize(
    "line",
    [
        "By the time the vote came, most of the members had already left the hall.",
        "Published reports say the mayor had approved the plan on March 3, 2024, without a vote.",
    ],
)
def test_prose_is_no_byline_or_dateline(cleaner: Cleaner, line: str) -> None:
    article = _clean(cleaner, "en", [line])
    assert (article.author, article.published) == (None, None)


def test_text_without_byline_has_no_author_or_date(cleaner: Cleaner) -> None:
    article = _clean(cleaner, "en", [])
    assert (article.author, article.authors, article.published, article.modified) == (
        None, (), None, None,
    )  # fmt: skip


def test_an_italian_text_has_its_headline_byline_and_date_and_loses_its_chrome(
    cleaner: Cleaner,
) -> None:
    body = [
        "Il consiglio comunale di Roma ha approvato ieri sera il nuovo piano per il trasporto "
        "pubblico, dopo un dibattito durato oltre cinque ore.",
        "Il piano prevede tre nuove linee di tram e il potenziamento delle corse notturne degli "
        "autobus nelle periferie della città.",
    ]
    headline = "Roma, il Campidoglio approva il nuovo piano per i trasporti"
    chrome = ["Vai al contenuto principale", "Abbonati a Repubblica: solo 1 euro al mese"]
    text = "\n\n".join([*chrome, headline, "di Marco Rossi", "12 marzo 2024", *body])
    article = cleaner.clean(text, kind="text")
    assert (article.title, article.author, article.published) == (
        headline,
        "Marco Rossi",
        "2024-03-12",
    )
    assert article.text.split("\n\n") == body
    removed = {r.text: r.rule_id for r in article.removed}
    assert removed[chrome[0]] == "accessibility.skip-link"
    assert removed[chrome[1]] == "paywall.subscribe-offer"


def test_a_wire_story_without_a_byline_has_the_reporter_of_its_credit(cleaner: Cleaner) -> None:
    text = "\n\n".join(
        [HEADLINE["en"], *BODY["en"], "Reporting by Ann Saphir; Editing by Andrea Ricci"]
    )
    article = cleaner.clean(text, kind="text")
    assert article.author == "Ann Saphir"
    assert article.text.split("\n\n") == BODY["en"]


def test_a_japanese_text_has_its_headline_and_date_and_loses_its_skip_link(
    cleaner: Cleaner,
) -> None:
    body = [
        "東京都は12日、子どもの貧困対策として、新たな支援策を発表しました。対象は都内に住む"
        "18歳以下の子どもがいる世帯で、年間最大10万円を支給します。",
        "小池知事は記者会見で「すべての子どもが安心して暮らせる社会を目指す」と述べました。",
    ]
    headline = "東京都、新たな子ども支援策を発表"
    text = "\n\n".join(["メインコンテンツにスキップ", headline, "2024年3月12日 14時30分", *body])
    article = cleaner.clean(text, kind="text")
    assert (article.title, article.published) == (headline, "2024-03-12")
    assert article.text.split("\n\n") == body
    removed = {r.text: r.rule_id for r in article.removed}
    assert removed["メインコンテンツにスキップ"] == "accessibility.skip-link"
    assert removed["2024年3月12日 14時30分"] == "byline.date-only"


@pytest.mark.parametrize(
    ("language", "dateline", "dates"),
    [
        (
            "es",
            "Publicado el 19 de diciembre de 2025, actualizado el 20 de diciembre de 2025",
            ("2025-12-19", "2025-12-20"),
        ),
        (
            "fr",
            "Publié le 16 mars 2023 à 15h12, modifié le 17 mars 2023 à 08h05",
            ("2023-03-16", "2023-03-17"),
        ),
        (
            "en",
            "Published 17 May 2023, 10:42 BST | Updated 18 May 2023",
            ("2023-05-17", "2023-05-18"),
        ),
    ],
)
def test_a_dateline_with_its_update_gives_both_dates_and_leaves_the_body(
    cleaner: Cleaner, language: str, dateline: str, dates: tuple[str, str]
) -> None:
    article = _clean(cleaner, language, [dateline])
    assert (article.published, article.modified) == dates
    assert article.text.split("\n\n") == BODY[language]
    assert dateline in {r.text for r in article.removed}


def test_a_text_of_only_a_label_has_no_author_or_date(cleaner: Cleaner) -> None:
    article = cleaner.clean("Published:", kind="text")
    assert (article.authors, article.published) == ((), None)
