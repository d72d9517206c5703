from cleaner.linemodel.labels import Gold, label_lines
from cleaner.linemodel.render import paragraph_scrape, visible_text

PAGE = """<html><head><title>Big story - The Daily</title><style>p{}</style></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Big story</h1><p>The council voted on Monday to close the old bridge.</p>
<h2>What comes next</h2><ul><li>A new bridge by 2027</li></ul>
<p>Work starts in <b>spring</b>, officials said.</p></article>
<ul><li>Outside list</li></ul><footer><p>© 2024 The Daily</p></footer>
<script>var x = "not text";</script></body></html>"""


def test_paragraph_scrape_takes_h1_then_paragraphs_and_main_headings_and_items() -> None:
    assert paragraph_scrape(PAGE) == [
        "Big story",
        "The council voted on Monday to close the old bridge.",
        "What comes next",
        "A new bridge by 2027",
        "Work starts in spring, officials said.",
        "© 2024 The Daily",
    ]


def test_visible_text_is_one_line_per_block_without_scripts() -> None:
    lines = visible_text(PAGE)
    assert "Big story" in lines
    assert "What comes next" in lines
    assert "Outside list" in lines
    assert not any("not text" in line or "p{}" in line for line in lines)
    assert lines.index("Big story") < lines.index("What comes next")


def test_labels_align_lines_with_the_gold_text() -> None:
    gold = "The council voted on Monday to close the old bridge.\n\nWhat comes next\n"
    lines = [
        "Home",
        "The council voted on Monday to close the old bridge.",
        "What comes next",
        "Subscribe to our newsletter for the latest news",
    ]
    assert label_lines(lines, gold) == [False, True, True, False]


def test_short_lines_are_body_only_as_whole_gold_lines() -> None:
    gold = Gold.of("Results\nThe team won the final on Sunday evening.")
    assert gold.body_share("Results") == 1.0
    assert gold.body_share("Sunday") == 0.0  # a word of the gold is not a line of it


def test_a_menu_item_is_not_body_because_the_article_has_a_heading_of_that_name() -> None:
    gold = (
        "The council voted on Monday to close the old bridge for repairs.\n\n"
        "FAQ\n\nWhen will it open again? Officials expect it to reopen in the autumn."
    )
    lines = [
        "FAQ",  # the site's menu
        "The council voted on Monday to close the old bridge for repairs.",
        "FAQ",  # the article's heading
        "When will it open again? Officials expect it to reopen in the autumn.",
        "FAQ",  # the footer
    ]
    assert label_lines(lines, gold) == [False, True, True, True, False]
