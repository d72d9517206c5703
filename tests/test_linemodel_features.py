import math

import numpy as np

from cleaner.linemodel.explain import phrase, top_reasons
from cleaner.linemodel.features import (
    ALL_SECOND_PASS,
    FIRST_PASS_FEATURES,
    MISSING,
    LineFacts,
    first_pass_matrix,
    second_pass_matrix,
)
from cleaner.linemodel.lexicon import Lexicon

NO_WORDS = Lexicon({})


def facts(text: str, *, prose: bool = False, keep: bool = True, categories=()) -> LineFacts:
    return LineFacts(
        text=text,
        words=len(text.split()),
        punctuated=text.endswith("."),
        prose=prose,
        bullet=text.startswith("•"),
        categories=frozenset(categories),
        rule_keep=keep,
        rule_id="keep.prose" if keep else "share.print",
    )


LINES = [
    facts("Home | World | Sport"),
    facts("The council voted on Monday to close the old bridge for good.", prose=True),
    facts("• Print Friendly, PDF & Email", keep=False, categories=["share"]),
    facts("Contact us at news@example.com or follow @example"),
]


def column(name: str) -> int:
    return FIRST_PASS_FEATURES.index(name)


def test_first_pass_rows_describe_shape_position_rules_and_neighbours() -> None:
    rows = first_pass_matrix(LINES, NO_WORDS)
    assert rows.shape == (4, len(FIRST_PASS_FEATURES))
    assert rows[0, column("separators")] == 2
    assert rows[1, column("sentence_end")] == 1
    assert rows[1, column("words")] == math.log1p(12)
    assert rows[2, column("rule:share")] == 1 and rows[1, column("rule:share")] == 0
    assert rows[2, column("rule_drop")] == 1
    assert rows[2, column("bullet")] == 1
    assert rows[3, column("email")] == 1 and rows[3, column("handle")] == 1
    assert rows[0, column("from_first_prose")] < 0 < rows[3, column("from_last_prose")]
    # neighbours: the line before the first one is missing, the one after it is prose
    assert rows[0, column("words@-1")] == MISSING
    assert rows[0, column("prose@+1")] == 1


def test_repeated_lines_are_counted() -> None:
    rows = first_pass_matrix(
        [facts("Share"), facts("A long line of text here."), facts("share")], NO_WORDS
    )
    assert rows[0, column("repeated_in_document")] == math.log1p(1)
    assert rows[1, column("repeated_in_document")] == 0


def test_an_empty_document_has_no_rows() -> None:
    assert first_pass_matrix([], NO_WORDS).shape == (0, len(FIRST_PASS_FEATURES))


def test_second_pass_adds_the_neighbours_scores() -> None:
    first = first_pass_matrix(LINES, NO_WORDS)
    scores = np.array([0.9, 0.1, 0.8, 0.7])
    rows = second_pass_matrix(first, scores)
    assert rows.shape == (4, len(ALL_SECOND_PASS))
    at = ALL_SECOND_PASS.index
    assert rows[1, at("score")] == 0.1
    assert rows[1, at("score@-1")] == 0.9 and rows[1, at("score@+1")] == 0.8
    assert rows[0, at("score@-1")] == MISSING
    assert rows[0, at("score_before")] == MISSING
    assert math.isclose(rows[1, at("score_after")], 0.75)


def test_features_are_told_in_words() -> None:
    assert phrase("sentence_end", 0.0) == "no sentence end"
    assert phrase("words", math.log1p(2)) == "2 words"
    assert phrase("from_last_prose", 0.2) == "after the last prose paragraph"
    assert phrase("rule:share", 1.0) == "a share rule matches"
    assert phrase("score@-1", 0.93) == "the line before looks like boilerplate (0.93)"
    assert phrase("rule_drop@+1", 1.0) == "the line after: the rules remove it"


def test_top_reasons_name_the_strongest_contributions_towards_the_verdict() -> None:
    names = ("sentence_end", "words", "from_last_prose", "url")
    row = np.array([0.0, math.log1p(2), 0.3, 0.0])
    contributions = np.array([1.5, 0.7, 2.0, -0.4])
    assert top_reasons(0.97, row, contributions, names) == (
        "p=0.97: after the last prose paragraph, no sentence end, 2 words"
    )
    # a kept line is explained by what pushed it towards body
    assert top_reasons(0.1, row, contributions, names) == "p=0.10: no web address"


def test_the_main_block_is_the_densest_run_of_prose() -> None:
    teaser = facts("A short teaser sentence about another story.", prose=True)
    body = facts(
        "The council voted on Monday to close the old bridge for good, officials said.",
        prose=True,
    )
    lines = [
        teaser,
        facts("Menu"),
        facts("Home"),
        facts("News"),
        facts("World"),
        body,
        body,
        facts("Subheading"),
        body,
        facts("Share"),
        facts("Tweet"),
        facts("Mail"),
        facts("Print"),
        teaser,
    ]
    rows = first_pass_matrix(lines, NO_WORDS)
    inside = rows[:, column("inside_main_block")]
    assert list(inside) == [0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    assert rows[0, column("from_main_block")] < 0 < rows[-1, column("from_main_block")]
    assert rows[7, column("from_main_block")] == 0


def test_window_features_average_the_lines_around() -> None:
    rows = first_pass_matrix(LINES, NO_WORDS)
    # within ±5 of any of these four lines: all four lines, one of them prose, one removed
    assert list(rows[:, column("prose~5")]) == [0.25] * 4
    assert list(rows[:, column("rule_drop~5")]) == [0.25] * 4


def test_the_lexicon_columns_carry_the_weights_of_the_lines_words() -> None:
    weights = {"share": 2.0, "this": -0.5, "the": 0.1, "council": -1.0, "met": -0.2}
    lexicon = Lexicon({**weights, "share this": 3.0, "vote": 0.0})
    lines = [facts("Share this"), facts("The council met."), facts("Share the vote"), facts("Xyz")]
    rows = first_pass_matrix(lines, lexicon)
    assert rows[0, column("lex_mean")] == 0.75
    assert rows[0, column("lex_max")] == 2.0 and rows[0, column("lex_min")] == -0.5
    assert rows[0, column("lex_first")] == 2.0
    assert rows[0, column("lex_pair_max")] == 3.0 and rows[0, column("lex_pair_known")] == 1.0
    assert rows[1, column("lex_known")] == 1.0 and rows[1, column("lex_first")] == 0.1
    assert list(rows[3, [column(name) for name in ("lex_mean", "lex_known")]]) == [0, 0]
    assert list(rows[:, column("lex_off")]) == [0, 0, 0, 0]


def test_the_lexicon_is_off_for_a_document_whose_words_it_does_not_know() -> None:
    lexicon = Lexicon({"share": 2.0, "the": 0.1})
    german = [facts("Share"), facts("Der Rat hat am Montag die alte Brücke geschlossen.")]
    rows = first_pass_matrix(german, lexicon)
    assert list(rows[:, column("lex_off")]) == [1, 1]
    assert rows[0, column("lex_max")] == 0  # "share" is known, but the lexicon is off here
    covered = first_pass_matrix([facts("Share the")], lexicon)
    assert covered[0, column("lex_off")] == 0 and covered[0, column("lex_max")] == 2.0


def test_the_second_pass_finds_the_run_of_body_lines() -> None:
    lines = [facts("Menu"), facts("a b c d e f g h", prose=True), facts("x y z w", prose=True)]
    lines += [facts("Share"), facts("Tweet")]
    first = first_pass_matrix(lines, NO_WORDS)
    rows = second_pass_matrix(first, np.array([0.9, 0.1, 0.2, 0.95, 0.9]))
    at = ALL_SECOND_PASS.index
    assert list(rows[:, at("inside_body_run")]) == [0, 1, 1, 0, 0]
    assert rows[0, at("from_body_run")] < 0 < rows[4, at("from_body_run")]
    # every line chrome: no run
    rows = second_pass_matrix(first, np.full(5, 0.9))
    assert list(rows[:, at("from_body_run")]) == [MISSING] * 5


def test_new_features_are_told_in_words() -> None:
    assert phrase("prose~5", 0.4) == "40% of the lines within 5 read as prose"
    assert phrase("lex_first", 1.23) == "its first word found more in boilerplate (+1.2)"
    assert phrase("lex_mean", -0.8) == "its words found more in the article (-0.8)"
    assert phrase("inside_body_run", 1.0) == "inside the run of lines the first pass calls body"
    unphrased = [name for name in ALL_SECOND_PASS if "=" in phrase(name, 0.7)]
    assert unphrased == []
