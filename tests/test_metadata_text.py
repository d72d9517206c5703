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


def test_text_without_byline_has_no_author_or_date(cleaner: Cleaner) -> None:
    article = _clean(cleaner, "en", [])
    assert (article.author, article.authors, article.published, article.modified) == (
        None, (), None, None,
    )  # fmt: skip
