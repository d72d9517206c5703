"""The line classifier: precision on prose, structural signals, headline, known title, site
templates, both input shapes, and the verdict for every line."""

from __future__ import annotations

import pytest

from cleaner.classify import ClassifierConfig, classify
from cleaner.rules import load_ruleset
from cleaner.text import normalise_line

RULESET = load_ruleset([])

P1 = "Iranian officials have rejected the idea of pulling forces from Syria on Monday."
P2 = "The decision came after a week of talks between the two governments in Geneva."
P3 = "Analysts said the move would make a settlement of the war harder to reach this year."

TRIGGER_PROSE = [
    "Shares of the company rose 4 percent",
    "Shares of the company rose 4 percent after the announcement.",
    "A spokesman did not respond to a request for comment.",
    "Two million people subscribe to the service.",
    "In comments to reporters, the minister said the talks had failed.",
    "Print editions will end next year.",
    "The photo, taken in 1968, shows the square full of students.",
    "He declined to comment.",
    "Subscribers rose to two million in the quarter.",
]


def _texts(result) -> list[str]:
    return list(result.paragraphs)


def _verdict(result, text: str):
    return next(v for v in result.verdicts if v.text == text)


@pytest.mark.parametrize("sentence", TRIGGER_PROSE)
def test_prose_with_trigger_words_is_kept_in_the_body(sentence: str) -> None:
    result = classify(["Headline here", "", P1, "", sentence, "", P2, "", P3], RULESET)
    assert sentence in _texts(result)


@pytest.mark.parametrize("sentence", [s for s in TRIGGER_PROSE if s.endswith(".")])
def test_prose_with_trigger_words_is_kept_as_first_and_last_paragraph(sentence: str) -> None:
    first = classify([sentence, "", P1, "", P2], RULESET)
    last = classify(["Headline here", "", P1, "", P2, "", sentence], RULESET)
    assert sentence in _texts(first)
    assert sentence in _texts(last)


def test_every_line_gets_a_verdict_and_blank_lines_are_not_removals() -> None:
    lines = ["Skip to main content", "", "The headline of the story", "   ", P1, "", P2]
    result = classify(lines, RULESET)
    assert [v.line for v in result.verdicts] == list(range(1, len(lines) + 1))
    blanks = [v for v in result.verdicts if v.category == "blank"]
    assert [v.line for v in blanks] == [2, 4, 6]
    assert all(not v.keep for v in blanks)
    assert all(r.category != "blank" for r in result.removed)
    assert [r.line for r in result.removed] == [1, 3]
    assert all(v.rule_id and v.reason for v in result.verdicts)
    kept = [v for v in result.verdicts if v.keep]
    assert {v.category for v in kept} == {"body"}
    assert {v.rule_id for v in kept} == {"keep.prose"}


def test_headline_after_chrome_is_the_title_and_not_in_the_body() -> None:
    lines = ["Accessibility links", "", "Breaking News", "", "Iran Rejects Russian Demand", "", P1]
    result = classify(lines, RULESET)
    assert result.title == "Iran Rejects Russian Demand"
    removal = next(r for r in result.removed if r.line == 5)
    assert (removal.category, removal.rule_id) == ("headline", "structure.headline")
    assert _texts(result) == [P1]


def test_headline_on_the_first_line() -> None:
    result = classify(["Iran Rebuffs Russian Demand", "", P1, "", P2], RULESET)
    assert result.title == "Iran Rebuffs Russian Demand"
    assert _texts(result) == [P1, P2]


def test_a_first_line_that_is_a_sentence_is_not_a_headline() -> None:
    result = classify([P1, "", P2, "", P3], RULESET)
    assert result.title is None
    assert _texts(result) == [P1, P2, P3]


def test_a_question_headline_with_an_abbreviation_is_the_title() -> None:
    # "vs." is an abbreviation, not the end of a sentence
    headline = "Laptop vs. Desktop: How Many Watts Does a Computer Use Every Single Day?"
    result = classify([headline, "", P1, "", P2], RULESET)
    assert result.title == headline
    assert _texts(result) == [P1, P2]


def test_a_headline_ending_in_an_initialism_is_the_title() -> None:
    headline = "The Hottest Real Estate Markets in the U.S."
    result = classify([headline, "", "Jonathan Jones", "", P1, "", P2], RULESET)
    assert result.title == headline
    assert P1 in _texts(result)


def test_a_first_line_ending_in_a_sentence_is_not_a_headline() -> None:
    first = "Make the most of your stay with these ten travel hacks."
    result = classify([first, "", P1, "", P2], RULESET)
    assert result.title is None


def test_a_first_line_of_two_sentences_ending_in_a_question_is_not_a_headline() -> None:
    first = "Prices rose sharply in 2024. The council says rents will follow soon?"
    result = classify([first, "", P1, "", P2], RULESET)
    assert result.title is None
    assert _texts(result) == [first, P1, P2]


def test_known_title_is_not_guessed_and_its_leading_copy_is_removed() -> None:
    lines = ["Iran  rejects the  demand", P1, "A subheading", P2]
    result = classify(lines, RULESET, known_title="Iran rejects the demand")
    assert result.title == "Iran rejects the demand"
    assert result.removed[0].line == 1
    assert (result.removed[0].category, result.removed[0].rule_id) == ("headline", "metadata.title")
    assert _texts(result) == [P1, "A subheading", P2]


def test_known_title_does_not_remove_a_different_first_line() -> None:
    result = classify(["Some other first line", P1, P2], RULESET, known_title="The real title")
    assert result.title == "The real title"
    assert not any(r.category == "headline" for r in result.removed)


def test_short_line_printed_twice_is_removed_both_times() -> None:
    caption = "An IDF presentation of alleged Iranian sites in Syria, May 11, 2018"
    result = classify(["Headline here", "", P1, "", caption, caption, "", P2], RULESET)
    dropped = [r for r in result.removed if r.text == caption]
    assert [r.line for r in dropped] == [5, 6]
    assert {r.rule_id for r in dropped} == {"structure.repeated-line"}
    assert _texts(result) == [P1, P2]


def test_list_whose_items_are_each_printed_twice_keeps_one_copy_of_each() -> None:
    # product cards: the image link and the name print every item twice in a row
    items = ["Fluke 117", "Klein Tools MM400", "Southwire Tools 58993940"]
    lines = ["Headline here", "", P1, "", *(i for item in items for i in (item, item)), "", P2]
    result = classify(lines, RULESET)
    assert _texts(result) == [P1, *items, P2]
    copies = [r for r in result.removed if r.text in items]
    assert [r.line for r in copies] == [6, 8, 10]
    assert {(r.rule_id, r.category) for r in copies} == {("structure.repeated-line", "duplicate")}


def test_one_short_pair_beside_a_list_printed_once_still_goes_twice() -> None:
    caption = "A view of the harbour at dawn, May 11, 2018"
    lines = ["Headline here", "", P1, "", "Apples", "Pears", caption, caption, "", P2]
    result = classify(lines, RULESET)
    assert [r.line for r in result.removed if r.text == caption] == [7, 8]


def test_repeated_prose_paragraph_loses_only_its_second_copy() -> None:
    result = classify(["Headline here", "", P1, "", P2, "", P2, "", P3], RULESET)
    assert _texts(result) == [P1, P2, P3]
    assert [r.rule_id for r in result.removed if r.text == P2] == ["structure.repeated-paragraph"]


def test_bullet_fragments_outside_the_body_are_removed_but_lists_inside_are_kept() -> None:
    lines = [
        "• Kindle edition",
        "  • Save a copy",
        "",
        "Headline here",
        "",
        P1,
        "",
        "• 200 g sugar",
        "• 2 eggs",
        "",
        P2,
    ]
    result = classify(lines, RULESET)
    assert {r.rule_id for r in result.removed if r.line in (1, 2)} == {"structure.bullet-fragment"}
    assert "• 200 g sugar" in _texts(result)
    assert "• 2 eggs" in _texts(result)


def test_everything_after_a_comment_marker_at_the_tail_is_removed() -> None:
    comment = "I think this analysis is completely wrong and the author should know better."
    lines = ["Headline here", "", P1, "", P2, "", P3, "", "COMMENTS", "", comment, "", "Reply"]
    result = classify(lines, RULESET)
    assert _texts(result) == [P1, P2, P3]
    after = next(r for r in result.removed if r.text == comment)
    assert (after.category, after.rule_id) == ("comments", "structure.after-comments")
    assert "line 9" in after.reason


def test_a_comment_marker_before_most_of_the_prose_does_not_end_the_article() -> None:
    lines = ["Headline here", "", P1, "", "12 Comments", "", P2, "", P3, "", P1.upper() + "!"]
    result = classify(lines, RULESET)
    assert _texts(result)[:3] == [P1, P2, P3]
    assert not any(r.rule_id == "structure.after-comments" for r in result.removed)


def test_short_unpunctuated_head_and_tail_lines_are_chrome() -> None:
    lines = [
        "WNN Online",
        "",
        "Headline of the story here",
        "",
        P1,
        "",
        P2,
        "",
        "More stuff from around the web",
        "",
        "Terms apply",
    ]
    result = classify(lines, RULESET)
    assert result.title == "Headline of the story here"
    assert _texts(result) == [P1, P2]
    rules = {r.line: r.rule_id for r in result.removed}
    assert rules[1] == "structure.before-headline"
    assert rules[9] == rules[11] == "structure.tail-chrome"


def test_short_sentences_and_quotes_at_the_tail_are_kept() -> None:
    lines = [
        "Headline here",
        "",
        P1,
        "",
        P2,
        "",
        '"No," he said.',
        "",
        "„Außen knusprig, innen cremig“",
    ]
    result = classify(lines, RULESET)
    assert _texts(result)[-2:] == ['"No," he said.', "„Außen knusprig, innen cremig“"]


def test_subheadings_between_prose_are_kept() -> None:
    result = classify(["Headline here", "", P1, "", "What happens next", "", P2], RULESET)
    verdict = _verdict(result, "What happens next")
    assert verdict.keep and verdict.rule_id == "keep.between-prose"


def test_short_line_between_removed_lines_in_the_body_is_removed() -> None:
    lines = [
        "Headline here",
        "",
        P1,
        "",
        "Related Articles",
        "Iran and Russia at odds",
        "Advertisement",
        "",
        P2,
    ]
    result = classify(lines, RULESET)
    verdict = _verdict(result, "Iran and Russia at odds")
    assert not verdict.keep
    assert (verdict.rule_id, verdict.category) == ("context.between-removed", "related")


def test_extractor_shape_without_blank_lines() -> None:
    lines = [
        "Skip to content",
        P1,
        "Subheading of the piece",
        P2,
        "Share this article",
        P3,
        "All rights reserved.",
    ]
    result = classify(lines, RULESET, known_title="A title")
    assert _texts(result) == [P1, "Subheading of the piece", P2, P3]
    assert [r.line for r in result.removed] == [1, 5, 7]


def test_site_template_lines_are_removed_with_their_evidence() -> None:
    promo = "Example Radio journalists report the news in 27 languages in 23 countries."
    template = {normalise_line(promo): "seen in 14 articles of example.org"}
    lines = ["Headline here", "", P1, "", P2, "", "  " + promo.replace(" ", "  ")]
    result = classify(lines, RULESET, site_template=template)
    assert _texts(result) == [P1, P2]
    removal = result.removed[-1]
    assert (removal.category, removal.rule_id) == ("site-template", "template.site")
    assert removal.reason == "seen in 14 articles of example.org"
    assert promo in _texts(classify(lines, RULESET))


def test_text_without_any_prose_is_kept() -> None:
    lines = ["200 g sugar", "2 eggs", "1 pinch of salt"]
    result = classify(lines, RULESET)
    assert _texts(result)[-2:] == ["2 eggs", "1 pinch of salt"]


def test_empty_input() -> None:
    result = classify([], RULESET)
    assert (result.paragraphs, result.title, result.removed, result.verdicts) == ((), None, (), ())


def test_paragraph_whitespace_is_collapsed() -> None:
    result = classify(
        ["Headline here", "", "  Tehran   has\tdismissed the  U.S. ultimatum.  "], RULESET
    )
    assert _texts(result) == ["Tehran has dismissed the U.S. ultimatum."]


def test_config_can_switch_off_structural_chrome_removal() -> None:
    config = ClassifierConfig(chrome_max_words=0, bullet_max_words=0)
    lines = ["Headline here", "", P1, "", P2, "", "Some tail words"]
    assert "Some tail words" not in _texts(classify(lines, RULESET))
    assert "Some tail words" in _texts(classify(lines, RULESET, config=config))


def test_cjk_lines_count_characters_as_words() -> None:
    sentence = "中国国家主席习近平周一在北京会见了来访的俄罗斯总统普京双方就两国关系交换了意见。"
    result = classify(["标题", "", sentence, "", sentence[:-1] + "！"], RULESET)
    assert sentence in _texts(result)


# The HTML path's settings: trafilatura already cut the page chrome, rule packs still apply.
EXTRACTED = ClassifierConfig(chrome_max_words=0, bullet_max_words=0)


def test_table_rows_at_the_tail_are_not_a_link_row() -> None:
    table = ["| Nutrient | Amount |", "| Carbohydrates | 31g |", "| Protein | 4g |"]
    menu = "News | Sport | Business | Culture"
    result = classify(
        ["Headline here", "", P1, "", P2, "", *table, "", menu], RULESET, config=EXTRACTED
    )
    assert _texts(result) == [P1, P2, *table]
    assert _verdict(result, menu).rule_id == "navigation.link-row"


def test_the_rows_a_lead_in_introduces_at_the_tail_are_kept() -> None:
    rows = ["Trams: 500 million", "Buses: 200 million", "• Stations: 100 million"]
    lines = [
        P1,
        P2,
        "The costs are split as follows:",
        *rows,
        "Share on Facebook",
        "Weather and Traffic Maps",
    ]
    result = classify(["Headline here", *lines], RULESET)
    assert _texts(result) == [P1, P2, "The costs are split as follows:", *rows]
    assert {_verdict(result, row).rule_id for row in rows} == {"keep.listed"}
    # the share line ends the list: what follows it is tail chrome again
    assert _verdict(result, "Weather and Traffic Maps").rule_id == "structure.tail-chrome"


def test_short_lines_after_a_colon_that_is_no_lead_in_are_still_chrome() -> None:
    # "Follow us:" is too short to be a sentence leading in to a list
    lines = ["Headline here", P1, P2, "Follow us:", "Newsroom", "Careers"]
    result = classify(lines, RULESET)
    assert _texts(result) == [P1, P2]


def test_a_byline_under_the_standfirst_is_the_heads_and_removed() -> None:
    standfirst = "Rescue teams worked through the night as rivers burst their banks."
    lines = ["Floods force thousands from their homes", standfirst, "By Jane Doe", P1, P2, P3]
    result = classify([part for line in lines for part in (line, "")], RULESET)
    assert result.title == "Floods force thousands from their homes"
    assert _verdict(result, "By Jane Doe").rule_id == "byline.by-name"
    assert _texts(result) == [standfirst, P1, P2, P3]


def test_a_by_line_deep_in_the_body_is_not_taken_for_the_byline() -> None:
    # a subheading-like line far from the top stays in the body (edge rules do not fire there)
    lines = ["Headline here", P1, P2, P3, "By Royal Appointment", P2 + " More.", P3]
    result = classify([part for line in lines for part in (line, "")], RULESET)
    assert "By Royal Appointment" in _texts(result)


WRAPPED = [
    "The city council approved the new public transport plan last night after a debate",
    "that lasted more than five hours, according to the transport",
]


def test_a_line_that_carries_on_a_wrapped_sentence_is_never_removed() -> None:
    # alone, "newsletter." is a newsletter button; here it ends the sentence above it
    lines = ["Headline here", "", P1, "", *WRAPPED, "newsletter.", "", "Share this article"]
    result = classify(lines, RULESET)
    verdict = _verdict(result, "newsletter.")
    assert (verdict.keep, verdict.rule_id) == (True, "keep.continued")
    assert "newsletter.heading" in verdict.reason
    assert _verdict(result, "Share this article").rule_id == "share.share-this"


def test_a_removed_line_that_starts_a_new_sentence_is_no_continuation() -> None:
    lines = ["Headline here", "", P1, "", *WRAPPED, "Advertisement", "office.", "", P2]
    result = classify(lines, RULESET)
    assert _verdict(result, "Advertisement").rule_id == "advertising.label"


def test_a_label_with_a_colon_above_a_kept_line_stays() -> None:
    lines = ["Headline here", "", "In short:", "", P1, "", P2]
    result = classify(lines, RULESET)
    verdict = _verdict(result, "In short:")
    assert (verdict.keep, verdict.rule_id) == (True, "keep.introduces")
    assert "structure.head-chrome" in verdict.reason
    assert _texts(result) == ["In short:", P1, P2]


def test_a_rule_packs_removal_ending_with_a_colon_stands_above_a_kept_line() -> None:
    lines = [
        "Headline here",
        "",
        P1,
        "",
        P2,
        "",
        "Follow us:",
        "",
        "Our reporters answer your questions.",
    ]
    result = classify(lines, RULESET)
    assert not _verdict(result, "Follow us:").keep


def test_bare_price_in_the_body_is_kept_but_not_at_the_edges() -> None:
    price = "$4.99"
    body = ["Headline here", "", P1, "", price, "", P2]
    assert price in _texts(classify(body, RULESET, config=EXTRACTED))
    tail = ["Headline here", "", P1, "", P2, "", "Only $1 a week"]
    result = classify(tail, RULESET, config=EXTRACTED)
    assert _verdict(result, "Only $1 a week").rule_id == "paywall.price"


def test_price_between_paywall_lines_of_scraped_text_goes_with_them() -> None:
    # plain-text path: short lines between removed lines go (switched off for HTML)
    lines = [
        "Headline here",
        "",
        P1,
        "",
        "Subscribe now",
        "",
        "$1 a week",
        "",
        "Subscribe for unlimited access",
        "",
        P2,
        "",
        P3,
    ]
    result = classify(lines, RULESET)
    assert "$1 a week" not in _texts(result)
    assert _verdict(result, "$1 a week").rule_id == "context.between-removed"
    assert [t for t in _texts(result) if t in (P1, P2, P3)] == [P1, P2, P3]
