"""Widget DOM stripping: the data file's examples, the guards, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from cleaner.errors import RuleError
from cleaner.text import collapse_whitespace
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
    return collapse_whitespace(root.text_content())


def fragment_text(snippet: str) -> str:
    return collapse_whitespace(
        lxml_html.fragment_fromstring(snippet, create_parent="div").text_content()
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


GUARD = (
    '[guard]\nprotected_tags = ["body"]\nmax_page_share = 0.5\nprose_tags = ["p"]\n'
    'inline_tags = ["a"]\n'
)
DIALOG = '[[rules]]\nid = "widget.dialog"\ncategory = "cookie"\nreason = "modal dialog"\n'
ROLE = 'roles = ["alertdialog"]\n'


def test_role_signal(tmp_path: Path) -> None:
    (tmp_path / "w.toml").write_text(GUARD + DIALOG + ROLE)
    signals = load_widget_signals(tmp_path / "w.toml")
    root = make_page('<div role="alertdialog"><p>Accept all</p></div>')
    removed = strip_widgets(root, signals)
    assert [(r.rule_id, r.reason) for r in removed] == [
        ("widget.dialog", 'modal dialog (role="alertdialog")')
    ]


def test_positive_example_may_hold_its_widget_inside(tmp_path: Path) -> None:
    # as a <figure> holds the <figcaption>: the outermost element with a signal is checked
    snippet = '<section><div role="alertdialog">OK</div></section>'
    (tmp_path / "w.toml").write_text(GUARD + DIALOG + ROLE + f"examples.positive = ['{snippet}']")
    signals = load_widget_signals(tmp_path / "w.toml")
    assert signals.rules[0].positive_examples == (snippet,)


BAD_WIDGET_FILES = [
    pytest.param("not toml [[[", "invalid TOML", id="bad-toml"),
    pytest.param(DIALOG + ROLE, "needs a [guard] table", id="missing-guard"),
    pytest.param(GUARD, "has no widget rules", id="no-rules"),
    pytest.param(GUARD + "colour = 'red'\n" + DIALOG + ROLE, "unknown key(s) colour", id="top-key"),
    pytest.param(
        GUARD.replace("[guard]\n", "[guard]\nprotect = []\n") + DIALOG + ROLE,
        "unknown key(s) protect",
        id="guard-key",
    ),
    pytest.param(
        GUARD + DIALOG + ROLE + "token = ['share']\n",
        "rule #1: unknown key(s) token",
        id="rule-key",
    ),
    pytest.param(
        GUARD + DIALOG + ROLE + "examples.positives = ['<div role=\"alertdialog\">x</div>']\n",
        "'examples' may only hold 'positive' and 'negative' lists",
        id="examples-key",
    ),
    pytest.param(
        GUARD + DIALOG + ROLE + "examples.positive = ['<div role=\"dialog\">Accept</div>']\n",
        "rule 'widget.dialog': positive example '<div role=\"dialog\">Accept</div>' is not "
        "caught by the rule",
        id="example-not-caught",
    ),
    pytest.param(
        # the outermost signal is another rule's: stripping would report that rule
        GUARD
        + DIALOG.replace("widget.dialog", "widget.box")
        + "tokens = ['box']\n"
        + DIALOG
        + ROLE
        + 'examples.positive = [\'<div class="box"><div role="alertdialog">OK</div></div>\']\n',
        "rule 'widget.dialog': positive example",
        id="example-caught-by-another-rule",
    ),
    pytest.param(GUARD + DIALOG, "rule 'widget.dialog': has no signals", id="no-signals"),
    pytest.param(
        GUARD + DIALOG + ROLE + "max_chars = '300'\n",
        "'max_chars' must be an integer",
        id="max-chars-type",
    ),
    pytest.param(
        GUARD + DIALOG + ROLE + "tags = ['<nav>']\n", "invalid tag name(s) in 'tags'", id="tag-name"
    ),
    pytest.param(
        GUARD.replace("0.5", "5") + DIALOG + ROLE,
        "'max_page_share' must be between 0.0 and 1.0",
        id="page-share",
    ),
    pytest.param(
        GUARD + DIALOG + ROLE + DIALOG.replace("widget.dialog", "widget.modal") + ROLE,
        "rule 'widget.modal': 'roles' value 'alertdialog' is already listed by rule "
        "'widget.dialog'",
        id="shared-signal",
    ),
    pytest.param(
        GUARD + DIALOG + ROLE + DIALOG + 'tags = ["dialog"]\n',
        "rule 'widget.dialog': rule id is already defined",
        id="duplicate-id",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_WIDGET_FILES)
def test_bad_widget_file_is_a_one_line_rule_error_naming_it(
    tmp_path: Path, data: str, message: str
) -> None:
    path = tmp_path / "w.toml"
    path.write_text(data)
    with pytest.raises(RuleError) as info:
        load_widget_signals(path)
    error = str(info.value)
    assert error.startswith(f"{path}: ")
    assert message in error
    assert "\n" not in error


def test_missing_widget_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read widget signals"):
        load_widget_signals(tmp_path / "absent.toml")
