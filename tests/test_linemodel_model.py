"""The shipped line model inside the cleaner: the cases the rules alone got wrong, every
decision explained, and the same answer in every process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import cleaner
from cleaner.classify import DEFAULT_CONFIG, classify, rule_evidence
from cleaner.linemodel.model import MODEL_ID, shipped_line_model
from cleaner.rules import load_ruleset

MODEL = shipped_line_model()
RULES = load_ruleset([])
CLEANER = cleaner.Cleaner(time_limit=None)

PROSE = [
    "The city council approved the new budget on Tuesday after a long debate about transport.",
    "Officials said the plan would cut waiting times for buses by a third over the next year.",
    "Opposition members argued that the money should go to schools, but they were outvoted.",
    "The mayor said she was pleased with the result and thanked residents for their patience.",
    "Work on the first new routes is due to begin in the spring, the transport office said.",
]
TABLE = [
    "The costs are split as follows:",
    "Buses 4.2 million",
    "Trams 2.9 million",
    "Cycle lanes 1.1 million",
    "Total 8.2 million",
]


def test_a_model_is_shipped_and_recorded() -> None:
    assert MODEL is not None
    assert len(MODEL.version) == 12
    assert 0.3 <= MODEL.threshold <= 0.99
    assert "CC-BY-4.0" in MODEL.info["trained_on"]


def test_the_shipped_lexicon_learned_the_words_of_chrome() -> None:
    assert MODEL is not None
    weights = MODEL.lexicon.weights
    for chrome in ("newsletter", "cookies", "privacy policy", "cancel reply"):
        assert weights[chrome] > 1.5, chrome
    for prose in ("said", "percent", "declined"):
        assert weights[prose] < 0, prose


def test_a_table_between_an_ad_and_a_read_more_line_survives() -> None:
    text = "\n\n".join(
        [
            "Council approves transport budget",
            *PROSE[:2],
            "Advertisement",
            *TABLE,
            "Read more: Council elections in May",
            *PROSE[2:],
        ]
    )
    article = CLEANER.clean(text, kind="text")
    paragraphs = article.text.split("\n\n")
    for line in [*PROSE, *TABLE]:
        assert line in paragraphs, line
    removed = {r.text for r in article.removed}
    assert "Advertisement" in removed
    assert article.title == "Council approves transport budget"


def test_a_table_that_ends_the_article_survives_the_share_lines_after_it() -> None:
    text = "\n\n".join(
        [
            "Council approves transport budget",
            *PROSE,
            *TABLE,
            "Share on Facebook",
            "Read more: Council elections in May",
        ]
    )
    article = CLEANER.clean(text, kind="text")
    assert article.text.split("\n\n") == [*PROSE, *TABLE]


def test_a_closing_subheading_and_list_survive_the_share_lines_after_them() -> None:
    items = ["- Water for three days", "- Batteries and a torch", "- Medicines for a week"]
    text = "\n\n".join(
        [
            "How to prepare for a winter storm",
            *PROSE[:2],
            "What to have at home",
            "\n".join(items),
            "Share this story",
            "Sign up for our newsletter",
        ]
    )
    article = CLEANER.clean(text, kind="text")
    assert article.text.split("\n\n") == [*PROSE[:2], "What to have at home", *items]
    assert {r.text for r in article.removed} >= {"Share this story", "Sign up for our newsletter"}


def test_a_paywall_prompt_before_the_headline_is_never_the_title() -> None:
    text = "\n\n".join(
        ["Subscribe — only $1 for your first month", "Council approves transport budget", *PROSE]
    )
    article = CLEANER.clean(text, kind="text")
    assert article.title == "Council approves transport budget"
    assert "Subscribe — only $1 for your first month" in {r.text for r in article.removed}
    assert article.text.split("\n\n") == PROSE
    # the line the rules took for the headline is not said to be the headline
    headlines = [r.text for r in article.removed if r.category == "headline"]
    assert headlines == ["Council approves transport budget"]


def test_a_line_of_chrome_above_the_headline_is_told_as_chrome() -> None:
    # the rules take "Get a demo" for the headline; the model calls it chrome
    text = "\n\n".join(["Quick Links", "Get a demo", "Council approves transport budget", *PROSE])
    article = CLEANER.clean(text, kind="text")
    assert article.title == "Council approves transport budget"
    removed = {r.text: r for r in article.removed}
    assert removed["Get a demo"].category != "headline"
    assert removed["Get a demo"].rule_id == MODEL_ID
    assert removed["Get a demo"].reason.startswith("p=")


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares rose 4% after the company reported its results on Monday.",
        "A spokesman for the ministry declined to comment.",
        "The service now has two million subscribers across Europe.",
        "Print editions will end next year, the publisher said.",
    ],
)
def test_prose_with_trigger_words_is_kept_anywhere(sentence: str) -> None:
    for lines in ([sentence, *PROSE], [*PROSE[:2], sentence, *PROSE[2:]], [*PROSE, sentence]):
        article = CLEANER.clean("\n\n".join(["A headline for the story", *lines]), kind="text")
        assert sentence in article.text.split("\n\n")


def test_every_model_decision_carries_its_probability_and_reasons() -> None:
    text = "\n\n".join(["Council approves transport budget", *PROSE, "Home", "About us", "Jobs"])
    result = classify(text.splitlines(), RULES, line_model=MODEL)
    scored = [v for v in result.verdicts if v.category != "blank"]
    assert all(v.score is not None and 0.0 <= v.score <= 1.0 for v in scored)
    assert all(r.rule_id and r.reason and r.category for r in result.removed)
    # the words behind a score: the probability and the strongest contributions
    evidence = rule_evidence(
        text.splitlines(), RULES, known_title=None, site_template=None, config=DEFAULT_CONFIG
    )
    facts = evidence.facts()
    rows, scores = MODEL.scores(facts)
    texts = [fact.text for fact in facts]
    for reason, score in zip(MODEL.reasons(rows, scores, texts), scores, strict=True):
        assert reason.startswith(f"p={score:.2f}: ")
        assert reason.count(",") >= 1


def test_the_same_answer_in_another_process() -> None:
    text = "\n\n".join(["Subscribe now", "Council approves transport budget", *PROSE, "Share"])
    program = (
        "import json, sys, cleaner\n"
        "a = cleaner.Cleaner(time_limit=None).clean(sys.stdin.read(), kind='text')\n"
        "print(json.dumps(a.to_dict(), sort_keys=True))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], input=text, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    here = json.dumps(CLEANER.clean(text, kind="text").to_dict(), sort_keys=True)
    assert json.loads(runs[0]) == json.loads(here)


def test_rules_only_when_asked() -> None:
    rules_only = cleaner.Cleaner(time_limit=None, line_model=None)
    text = "\n\n".join(["Council approves transport budget", *PROSE])
    result = rules_only.explain(text, kind="text").classification
    assert all(v.score is None for v in result.verdicts)
    assert MODEL_ID not in {v.rule_id for v in result.verdicts}


def test_which_rule_removals_stand_against_the_model() -> None:
    from cleaner.classify.model_pass import RESCUE_BELOW, rule_removal_stands

    none: frozenset[str] = frozenset()
    # rule packs (and the user's own) always stand, however body-like the model finds the line
    assert rule_removal_stands("paywall.price", 0.01, none)
    assert rule_removal_stands("my-site.footer", 0.01, none)
    # a line printed twice in a row: the copy adds nothing
    assert rule_removal_stands("structure.repeated-line", 0.01, none)
    # other structural guesses stand while the model agrees the line is more likely chrome
    assert rule_removal_stands("structure.tail-chrome", RESCUE_BELOW, none)
    assert not rule_removal_stands("structure.tail-chrome", RESCUE_BELOW - 0.01, none)
    # a verdict drawn from the neighbours alone never stands by itself
    assert not rule_removal_stands("context.between-removed", 0.99, none)
    # unless the training found it sure
    assert rule_removal_stands(
        "context.between-removed", 0.0, frozenset({"context.between-removed"})
    )
