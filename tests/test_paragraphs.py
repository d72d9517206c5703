"""Plain text: lines the source wrapped inside a paragraph of the body are joined, when safe."""

from __future__ import annotations

from cleaner import clean

WRAPPED = [
    "Seit",
    "die schwedische Klimaaktivistin Greta Thunberg mit dem Zug durch Europa bereist,",
    "träumen viele von einer Welt, in der niemand mehr fliegen muss.",
]
LEAD = (
    "Die Bahn meldet für das vergangene Jahr so viele Fahrgäste wie nie zuvor, und die Zahl der "
    "Nachtzüge durch Europa wächst."
)
NEXT = (
    "Die Bahn hat seither mehr Fahrgäste als je zuvor, doch viele Verbindungen sind langsam und "
    "teuer, sagen die Verbände der Reisenden."
)


def test_a_sentence_split_over_lines_is_one_paragraph() -> None:
    text = "\n\n".join(["Klimaschutz auf Schienen", LEAD, "\n".join(WRAPPED), NEXT])
    article = clean(text)
    assert article.text.split("\n\n") == [LEAD, " ".join(WRAPPED), NEXT]
    assert not article.removed[1:]  # only the headline: every wrapped line is kept


def test_lines_after_a_full_sentence_or_a_blank_line_stay_apart() -> None:
    first = "Die Bahn hat seither mehr Fahrgäste als je zuvor, sagen die Verbände der Reisenden."
    second = "doch viele Verbindungen sind langsam und teuer, klagen die Reisenden seit Jahren."
    third = "und die Preise steigen weiter, obwohl der Staat die Bahn mit Milliarden fördert"
    article = clean(f"Klimaschutz auf Schienen\n\n{LEAD}\n\n{first}\n{second}\n\n{third}")
    assert article.text.split("\n\n") == [LEAD, first, second, third]


def test_a_capitalised_line_is_not_joined() -> None:
    first = "Die Verbände der Reisenden fordern seit Jahren mehr Züge auf den Hauptstrecken und"
    second = "Bürgermeister aus dem ganzen Land unterstützen die Forderung nach besseren Zügen."
    article = clean(f"Klimaschutz auf Schienen\n\n{LEAD}\n\n{first}\n{second}\n\n{NEXT}")
    assert article.text.split("\n\n") == [LEAD, first, second, NEXT]
