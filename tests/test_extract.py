"""HTML → lines + metadata: trafilatura on the widget-stripped tree, metadata, safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.errors import ExtractionError
from cleaner.extract import METADATA_KEYS, extract_html, looks_like_html, parse_html
from cleaner.widgets import load_widget_signals

SIGNALS = load_widget_signals()
PARAGRAPHS = [
    "The city council approved the new budget on Tuesday evening after a debate that lasted "
    "more than four hours and drew a large crowd to the town hall.",
    "Members of the opposition said the plan would raise local taxes, while the mayor argued "
    "that the investment in schools and roads could not wait another year.",
    "The budget takes effect in January and will be reviewed again in the summer, officials "
    "said, adding that two million residents would benefit from the new bus lines.",
]
HEAD = """
<meta charset="utf-8">
<title>Council approves budget | Example Times</title>
<meta property="og:title" content="Council approves budget">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Jane Doe">
<meta name="description" content="The council approved the budget after a long debate.">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<link rel="canonical" href="/news/council-budget">
"""
WIDGETS = """
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<div id="comments" class="comments-area"><h3>2 comments</h3><p>Great article, thanks!</p></div>
<div class="newsletter-signup"><p>Sign up for our free newsletter</p></div>
"""


def article_page(extra_body: str = "", head: str = HEAD, lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<main><article><h1>Council approves budget</h1>{paragraphs}{extra_body}</article></main>"
        "<footer>© 2024 Example Times. All rights reserved.</footer></body></html>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "\ufeff  <html><p>x</p></html>",
        "<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
        "<!-- saved page -->\n<html><body>x</body></html>",
        "<div><p>A fragment of a page.</p></div>",
        "<p>One paragraph.</p><p>Another one.</p>",
        "Scraped text\n<p>a</p><p>b</p><div>c</div><br><br><span>d</span><li>e</li>\n",
    ],
)
def test_html_is_recognised_from_content(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "Plain article text.\n\nIt mentions <p> once, and a < b > c.",
        "Subscribe now!\nThe council approved the budget.",
        "",
        "<3 this article",
    ],
)
def test_plain_text_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_extraction_returns_the_article_lines_and_strips_widgets() -> None:
    extraction = extract_html(
        article_page(WIDGETS), url="https://example.com/news/x?utm=1", signals=SIGNALS
    )
    joined = "\n".join(extraction.lines)
    for paragraph in PARAGRAPHS:
        assert paragraph in extraction.lines
    for chrome in ("Share on Facebook", "Great article", "free newsletter", "All rights"):
        assert chrome not in joined
    assert [r.rule_id for r in extraction.stripped] == [
        "widget.navigation",
        "widget.share",
        "widget.comments",
        "widget.newsletter",
        "widget.footer",
    ]
    assert all(r.line == 0 for r in extraction.stripped)


def test_metadata_fields() -> None:
    extraction = extract_html(
        article_page(), url="https://www.example.com/news/council-budget?ref=rss", signals=SIGNALS
    )
    meta = extraction.metadata
    assert set(meta) == set(METADATA_KEYS)
    assert meta["title"] == "Council approves budget"
    assert extraction.title == "Council approves budget"
    assert meta["author"] == "Jane Doe"
    assert meta["published"] == "2024-03-05T10:00:00+01:00"  # the declared timestamp, whole
    assert meta["modified"] is None
    assert meta["site"] == "Example Times"
    assert meta["url"] == "https://www.example.com/news/council-budget?ref=rss"
    assert meta["canonical_url"] == "https://www.example.com/news/council-budget"
    assert meta["description"] == "The council approved the budget after a long debate."
    assert meta["language"] == "en"


def test_metadata_fallbacks_without_meta_tags() -> None:
    head = "<title>Council approves budget</title>"
    body = '<p class="byline">By <span class="author">John Smith</span></p>'
    page = article_page(body, head=head, lang="de-AT").replace(
        "<h1>", '<time datetime="2023-11-02">2 Nov 2023</time><h1>'
    )
    meta = extract_html(page, url=None, signals=SIGNALS).metadata
    assert meta["title"] == "Council approves budget"
    assert meta["author"] == "John Smith"
    assert meta["published"] == "2023-11-02"
    assert meta["language"] == "de"
    assert meta["url"] is None
    assert meta["canonical_url"] is None


def test_comment_author_is_not_the_article_author() -> None:
    comments = (
        '<div id="comments"><p><span class="author">Troll42 Smith</span> wrote: meh</p></div>'
    )
    meta = extract_html(article_page(comments, head="<title>x</title>"), url=None, signals=SIGNALS)
    assert meta.metadata["author"] is None


def test_fragment_without_html_element_is_extracted() -> None:
    fragment = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    extraction = extract_html(f"<div>{fragment}</div>", url=None, signals=SIGNALS)
    assert extraction.lines == PARAGRAPHS


def test_page_without_text_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        extract_html("<html><body><div></div></body></html>", url=None, signals=SIGNALS)


def test_oversized_page_is_refused_before_parsing() -> None:
    with pytest.raises(ExtractionError, match="too large"):
        extract_html(article_page("<p>x</p>" * 100), url=None, signals=SIGNALS, max_chars=1000)


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        + article_page("<p>Entity here: &xxe; end of the sentence in the article body.</p>")
    )
    extraction = extract_html(page, url=None, signals=SIGNALS)
    assert "TOP-SECRET-CONTENT" not in "\n".join(extraction.lines)
    assert PARAGRAPHS[0] in extraction.lines


def test_deep_nesting_is_capped_by_the_parser() -> None:
    deep = "<div>" * 5000 + "text" + "</div>" * 5000
    nested = parse_html(f"<html><body>{deep}</body></html>")
    depth, element = 0, nested
    while len(element):
        element, depth = element[0], depth + 1
    assert depth < 1000  # libxml2 caps nesting without huge_tree


# --- metadata read from the original page (issue 13) ------------------------------------------


def _json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_site_name_is_removed_from_the_title_and_the_headline_line_from_the_body() -> None:
    head = '<meta charset="utf-8"><title>Council approves budget | The Japan Times</title>'
    page = article_page(head=head).replace(
        "<h1>Council approves budget</h1>", "<h1>Council approves budget | The Japan Times</h1>"
    )
    extraction = extract_html(page, url="https://www.japantimes.co.jp/news/x", signals=SIGNALS)
    assert extraction.title == "Council approves budget"
    assert extraction.headline_line == "Council approves budget | The Japan Times"


def test_the_whole_title_wins_over_one_cut_short() -> None:
    whole = "Senador republicano califica a Biden de «incompetente» en la frontera"
    head = (
        f"<title>{whole} - El Nuevo Herald</title>"
        '<meta property="og:title" content="Senador republicano califica a Biden de">'
        '<meta property="og:site_name" content="El Nuevo Herald">'
    )
    page = article_page(head=head).replace("<h1>Council approves budget</h1>", "")
    assert extract_html(page, url=None, signals=SIGNALS).title == whole


def test_a_placeholder_author_is_no_author() -> None:
    head = HEAD.replace('content="Jane Doe"', 'content="No Author"')
    extraction = extract_html(article_page(head=head), url=None, signals=SIGNALS)
    assert extraction.metadata["author"] is None
    assert extraction.authors == ()


def test_json_ld_authors_without_the_publisher_and_dates_kept_apart() -> None:
    linked = _json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "headline": "Council approves budget",
                    "author": [
                        {"@type": "Organization", "name": "Frankfurter Allgemeine Zeitung GmbH"},
                        {"@id": "#fischer"},
                        {"@type": "Person", "name": "Marcus Theurer"},
                    ],
                    "publisher": {"@type": "Organization", "name": "FAZ"},
                    "datePublished": "2024-03-05T10:00:00+01:00",
                    "dateModified": "2024-03-06T08:30:00+01:00",
                },
                {"@id": "#fischer", "@type": "Person", "name": "Benjamin Fischer"},
            ],
        }
    )
    head = f'<meta charset="utf-8"><title>Council approves budget</title>{linked}'
    extraction = extract_html(article_page(head=head), url="https://www.faz.net/a", signals=SIGNALS)
    assert extraction.authors == ("Benjamin Fischer", "Marcus Theurer")
    assert extraction.metadata["author"] == "Benjamin Fischer; Marcus Theurer"
    assert extraction.metadata["published"] == "2024-03-05T10:00:00+01:00"
    assert extraction.metadata["modified"] == "2024-03-06T08:30:00+01:00"


def test_byline_and_date_inside_a_stripped_widget_are_still_read() -> None:
    meta_bar = (
        '<div class="share-bar"><span class="byline">By Erika Mustermann</span> · '
        '<time datetime="2023-11-02">2 Nov 2023</time> <a href="#">Share on Facebook</a></div>'
    )
    page = article_page(head="<title>Council approves budget</title>").replace(
        "<h1>Council approves budget</h1>", f"<h1>Council approves budget</h1>{meta_bar}"
    )
    extraction = extract_html(page, url=None, signals=SIGNALS)
    assert "widget.share" in [r.rule_id for r in extraction.stripped]
    assert extraction.metadata["author"] == "Erika Mustermann"
    assert extraction.metadata["published"] == "2023-11-02"


def test_an_author_page_link_names_the_authors() -> None:
    byline = (
        '<div class="meta"><a href="/author/jane-doe">Jane Doe</a> and '
        '<a href="/author/john-smith">John Smith</a></div>'
    )
    page = article_page(head="<title>Council approves budget</title>").replace(
        "<h1>Council approves budget</h1>", f"<h1>Council approves budget</h1>{byline}"
    )
    assert extract_html(page, url=None, signals=SIGNALS).authors == ("Jane Doe", "John Smith")


def test_lines_of_one_paragraph_broken_mid_sentence_are_joined() -> None:
    wrapped = (
        "<p>Seit<br>die schwedische Klimaaktivistin Greta Thunberg mit dem Zug durch Europa "
        "bereist,<br>träumen viele von einer Welt, in der niemand mehr fliegen muss.</p>"
    )
    verses = "<p>Der erste Vers endet hier.<br>Der zweite Vers beginnt neu.<br><br>Und so fort.</p>"
    extraction = extract_html(article_page(wrapped + verses), url=None, signals=SIGNALS)
    assert (
        "Seit die schwedische Klimaaktivistin Greta Thunberg mit dem Zug durch Europa bereist, "
        "träumen viele von einer Welt, in der niemand mehr fliegen muss."
    ) in extraction.lines
    assert "Der erste Vers endet hier." in extraction.lines
    assert "Der zweite Vers beginnt neu." in extraction.lines
