"""Widget DOM stripping: the data file's examples, the guards, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from cleaner.errors import RuleError
from cleaner.widgets import (
    WidgetRule,
    find_widgets,
    load_widget_signals,
    normalise_token,
    strip_widgets,
)

SIGNALS = load_widget_signals()
PROSE = (
    "<h1>The council approved the budget</h1>"
    "<p>The city council approved the new budget on Tuesday evening after a debate that "
    "lasted more than four hours and drew a large crowd to the town hall.</p>"
    "<p>Members of the opposition said the plan would raise local taxes, while the mayor "
    "argued that the investment in schools and roads could not wait another year.</p>"
    "<p>The budget takes effect in January and will be reviewed again in the summer.</p>"
)


def make_page(snippet: str) -> lxml_html.HtmlElement:
    head = "<html><head><title>t</title></head>"
    document = f"{head}<body><article>{PROSE}{snippet}</article></body></html>"
    return lxml_html.document_fromstring(document)


def text_of(root: lxml_html.HtmlElement) -> str:
    return " ".join(root.text_content().split())


def fragment_text(snippet: str) -> str:
    return " ".join(
        lxml_html.fragment_fromstring(snippet, create_parent="div").text_content().split()
    )


EXAMPLES = [
    pytest.param(rule, snippet, id=f"{rule.id}-{n}")
    for rule in SIGNALS.rules
    for n, snippet in enumerate(rule.positive_examples)
]
COUNTER_EXAMPLES = [
    pytest.param(rule, snippet, id=f"{rule.id}-not-{n}")
    for rule in SIGNALS.rules
    for n, snippet in enumerate(rule.negative_examples)
]


def test_every_rule_has_positive_and_negative_examples() -> None:
    for rule in SIGNALS.rules:
        assert rule.positive_examples, rule.id
        assert rule.negative_examples, rule.id


@pytest.mark.parametrize(("rule", "snippet"), EXAMPLES)
def test_positive_example_is_stripped_by_its_rule(rule: WidgetRule, snippet: str) -> None:
    root = make_page(snippet)
    removed = strip_widgets(root, SIGNALS)
    assert [r.rule_id for r in removed] == [rule.id]
    assert removed[0].category == rule.category
    assert removed[0].line == 0
    assert removed[0].text == fragment_text(snippet)
    assert rule.reason in removed[0].reason
    # Exactly the widget's text is gone; the article around it is untouched.
    assert text_of(root) == text_of(make_page(""))


@pytest.mark.parametrize(("rule", "snippet"), COUNTER_EXAMPLES)
def test_negative_example_survives(rule: WidgetRule, snippet: str) -> None:
    root = make_page(snippet)
    before = text_of(root)
    removed = strip_widgets(root, SIGNALS)
    assert removed == ()
    assert text_of(root) == before


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("shareButtons", "share-buttons"),
        ("mc_embed_signup", "mc-embed-signup"),
        ("OUTBRAIN", "outbrain"),
        ("article-share-wrapper", "article-share-wrapper"),
        ("CybotCookiebotDialog", "cybot-cookiebot-dialog"),
    ],
)
def test_tokens_are_normalised(raw: str, expected: str) -> None:
    assert normalise_token(raw) == expected


def test_article_container_with_widget_word_in_its_class_is_kept() -> None:
    # A theme that puts "share" on the content wrapper: the block holds the headline.
    root = lxml_html.document_fromstring(
        f'<html><body><div class="entry themeform share">{PROSE}</div>'
        '<div class="comments"><p>First!</p></div></body></html>'
    )
    removed = strip_widgets(root, SIGNALS)
    assert [r.rule_id for r in removed] == ["widget.comments"]
    assert "The city council approved" in text_of(root)


def test_block_with_most_of_the_page_text_is_kept() -> None:
    long_prose = PROSE.replace("<h1>The council approved the budget</h1>", "") * 3
    root = lxml_html.document_fromstring(
        f'<html><body><div class="related-wrapper">{long_prose}<a href="/x">Read more</a>'
        "</div><p>Short tail.</p></body></html>"
    )
    assert strip_widgets(root, SIGNALS) == ()


def test_body_html_and_article_are_never_stripped() -> None:
    root = lxml_html.document_fromstring(
        f'<html class="cookie-consent"><body class="comments"><article class="share">{PROSE}'
        "</article></body></html>"
    )
    assert strip_widgets(root, SIGNALS) == ()
    assert "The city council approved" in text_of(root)


def test_share_bar_larger_than_a_share_bar_is_not_one() -> None:
    root = make_page(f'<div class="share-box">{PROSE.replace("h1", "h2")}</div>')
    assert strip_widgets(root, SIGNALS) == ()


def test_empty_widget_slots_are_left_alone_and_not_reported() -> None:
    root = make_page('<div class="ad-slot"></div><div class="share"> </div>')
    assert strip_widgets(root, SIGNALS) == ()


def test_nested_widgets_are_reported_once_as_the_outer_block() -> None:
    root = make_page(
        '<div id="comments"><h3>Comments</h3><div class="share"><a>Share this comment</a></div>'
        "<p>Nice article.</p></div>"
    )
    removed = strip_widgets(root, SIGNALS)
    assert [r.rule_id for r in removed] == ["widget.comments"]


def test_tail_text_after_a_stripped_block_survives() -> None:
    root = lxml_html.document_fromstring(
        f"<html><body><div>{PROSE}<span class='share'>Share</span> and the tail text stays.</div>"
        "</body></html>"
    )
    removed = strip_widgets(root, SIGNALS)
    assert [r.text for r in removed] == ["Share"]
    assert "and the tail text stays." in text_of(root)


def test_report_text_is_truncated() -> None:
    long_box = "<div class='cookie-banner'><p>" + "We use cookies. " * 15 + "</p></div>"
    removed = strip_widgets(make_page(long_box), SIGNALS)
    assert len(removed) == 1
    assert len(removed[0].text) <= 200
    assert removed[0].text.endswith("…")


def test_find_widgets_does_not_modify_the_tree() -> None:
    root = make_page('<div class="newsletter"><p>Sign up now</p></div>')
    before = text_of(root)
    assert len(find_widgets(root, SIGNALS)) == 1
    assert text_of(root) == before


def test_role_signal(tmp_path: Path) -> None:
    data = (
        '[guard]\nprotected_tags = ["body"]\nmax_page_share = 0.5\nprose_tags = ["p"]\n'
        'inline_tags = ["a"]\n'
        '[[rules]]\nid = "widget.dialog"\ncategory = "cookie"\nreason = "modal dialog"\n'
        'roles = ["alertdialog"]\n'
    )
    (tmp_path / "w.toml").write_text(data)
    signals = load_widget_signals(tmp_path / "w.toml")
    root = make_page('<div role="alertdialog"><p>Accept all</p></div>')
    removed = strip_widgets(root, signals)
    assert [(r.rule_id, r.reason) for r in removed] == [
        ("widget.dialog", 'modal dialog (role="alertdialog")')
    ]


@pytest.mark.parametrize(
    "data",
    [
        "not toml [[[",
        "[guard]\nprotected_tags = []\nmax_page_share = 0.5\nprose_tags = []\ninline_tags = []\n"
        '[[rules]]\nid = "x"\ncategory = "y"\nreason = "z"\n',
        "[[rules]]\nid = 'x'\n",
    ],
    ids=["bad-toml", "rule-without-signals", "missing-guard"],
)
def test_malformed_widget_file_is_a_rule_error(tmp_path: Path, data: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(data)
    with pytest.raises(RuleError, match=r"w\.toml"):
        load_widget_signals(path)
