"""End to end: `cleaner.clean(html_bytes)` and hostile HTML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import cleaner
from cleaner import Cleaner
from cleaner.errors import CleanerError, DecodeError, ExtractionError
from cleaner.extract import MAX_HTML_CHARS
from cleaner.timelimit import TimeLimitExceeded

CLEANER = Cleaner()
PARAGRAPHS = [
    "Der Stadtrat hat am Dienstagabend nach einer Debatte von mehr als vier Stunden den neuen "
    "Haushalt beschlossen, wie die Stadtverwaltung am Mittwoch mitteilte.",
    "Die Opposition kritisierte, der Plan werde die kommunalen Steuern erhöhen, während der "
    "Bürgermeister sagte, die Investitionen in Schulen und Straßen könnten nicht warten.",
    "Der Haushalt tritt im Januar in Kraft und soll im Sommer erneut überprüft werden, sagte "
    "eine Sprecherin. Zwei Millionen Menschen nutzen die neuen Buslinien.",
]


def page(body_extra: str = "", doctype: str = "<!DOCTYPE html>", charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'{doctype}<html lang="de"><head><meta charset="{charset}">'
        "<title>Stadtrat beschließt Haushalt</title>"
        '<meta property="og:title" content="Stadtrat beschließt Haushalt">'
        '<meta property="og:site_name" content="Beispiel-Zeitung">'
        '<meta name="author" content="Erika Mustermann">'
        '<meta property="article:published_time" content="2024-03-05">'
        '<link rel="canonical" href="https://zeitung.example/stadtrat-haushalt"></head><body>'
        '<a class="skip-link" href="#main">Zum Inhalt springen</a>'
        f'<main id="main"><article><h1>Stadtrat beschließt Haushalt</h1>{paragraphs}'
        '<div class="social-share"><a href="#">Artikel teilen</a> <a href="#">Facebook</a></div>'
        f"{body_extra}</article></main>"
        '<div id="cookie-notice"><p>Wir verwenden Cookies. Mit der Nutzung stimmen Sie zu.</p>'
        "</div></body></html>"
    )


def test_clean_html_bytes_returns_article_with_metadata() -> None:
    article = cleaner.clean(page().encode("utf-8"), url="https://zeitung.example/a?x=1")
    assert article.input_kind == "html"
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title == "Stadtrat beschließt Haushalt"
    assert article.author == "Erika Mustermann"
    assert article.published == "2024-03-05"
    assert article.modified is None
    assert article.authors == ("Erika Mustermann",)
    assert article.site == "zeitung.example"  # the host (the pipeline prefers it to the name)
    assert article.url == "https://zeitung.example/a?x=1"
    assert article.canonical_url == "https://zeitung.example/stadtrat-haushalt"
    assert article.language == "de"
    categories = {(r.category, r.rule_id) for r in article.removed if r.line == 0}
    assert ("share", "widget.share") in categories
    assert ("cookie", "widget.cookie") in categories
    assert ("accessibility", "widget.accessibility") in categories


def test_the_headline_with_the_site_name_is_the_title_and_not_in_the_body() -> None:
    variant = page().replace(
        "<h1>Stadtrat beschließt Haushalt</h1>",
        "<h1>Stadtrat beschließt Haushalt - Beispiel-Zeitung</h1>",
    )
    article = CLEANER.clean(variant, url="https://zeitung.example/a")
    assert article.title == "Stadtrat beschließt Haushalt"
    assert article.text == "\n\n".join(PARAGRAPHS)
    headline = [r for r in article.removed if r.category == "headline"]
    assert [r.text for r in headline] == ["Stadtrat beschließt Haushalt - Beispiel-Zeitung"]


def test_japanese_words_are_counted_from_the_characters() -> None:
    sentences = [
        "東京都は新しい予算案を火曜日の夜に可決し、学校と道路への投資を発表しました。",
        "野党は地方税が上がると批判しましたが、知事は投資を先送りできないと述べました。",
        "予算は一月に施行され、夏に再び見直される予定だと担当者は説明しました。",
        "新しいバス路線は二百万人の住民に利用されると市は見込んでいます。",
    ]
    paragraphs = "".join(
        f"<p>{''.join(sentences[i:] + sentences[:i])}</p>" for i in range(len(sentences))
    )
    html = (
        '<html lang="ja"><head><meta charset="utf-8"><title>予算案を可決</title></head>'
        f"<body><article><h1>予算案を可決</h1>{paragraphs}</article></body></html>"
    )
    article = CLEANER.clean(html.encode())
    characters = len(article.text.replace("\n", ""))
    assert characters > 400
    assert characters // 3 <= article.word_count <= characters  # not 4 "words" for 400 chars


def test_html_string_and_legacy_charset_bytes_give_the_same_article() -> None:
    from_str = CLEANER.clean(page())
    from_latin = CLEANER.clean(page(charset="iso-8859-1").encode("cp1252"))
    assert from_latin.text == from_str.text
    assert from_latin.title == from_str.title


def test_html_is_detected_without_a_file_name_or_doctype() -> None:
    article = CLEANER.clean(page(doctype="").encode())
    assert article.input_kind == "html"
    assert "<p>" not in article.text


def test_leaked_prompts_are_caught_by_the_text_rules_after_extraction() -> None:
    # No class or id gives these away: only the rule packs can catch them.
    leaks = "<p>Subscribe for unlimited access</p><p>Sign up for free newsletters</p>"
    article = CLEANER.clean(page(leaks).encode())
    assert "Subscribe for unlimited access" not in article.text
    assert "Sign up for free newsletters" not in article.text
    assert article.text.startswith(PARAGRAPHS[0])


def test_plain_text_gets_a_language_too() -> None:
    article = CLEANER.clean("\n\n".join(PARAGRAPHS))
    assert article.input_kind == "text"
    assert article.language == "de"


def test_binary_bytes_are_a_clear_error() -> None:
    with pytest.raises(DecodeError, match="binary"):
        CLEANER.clean(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def test_html_without_text_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        CLEANER.clean(b"<html><body><div><img src='x.png'></div></body></html>")


# --- hostile HTML ---------------------------------------------------------------------------


def test_20000_deep_nesting_neither_hangs_nor_crashes() -> None:
    deep = "<div>" * 20_000 + "<p>Deep down.</p>" + "</div>" * 20_000
    started = time.monotonic()
    article = CLEANER.clean(page(deep).encode())
    assert time.monotonic() - started < 10
    assert PARAGRAPHS[0] in article.text


def test_billion_laughs_entities_are_not_expanded() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>' + page("<p>&lol9;</p>", doctype="")
    started = time.monotonic()
    article = CLEANER.clean(bomb.encode())
    assert time.monotonic() - started < 10
    assert "lollollol" not in article.text
    assert len(article.text) < 10_000
    assert PARAGRAPHS[1] in article.text


def test_external_entity_never_reads_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LOCAL-FILE-CONTENT")
    hostile = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">'
        f'<!ENTITY % remote SYSTEM "file://{secret}"> %remote;]>'
        + page("<p>Here it comes: &xxe; and the article goes on after the entity.</p>", doctype="")
    )
    article = CLEANER.clean(hostile.encode())
    dumped = repr(article.to_dict())
    assert "TOP-SECRET" not in dumped
    assert PARAGRAPHS[2] in article.text


def test_page_over_the_size_limit_is_refused_quickly() -> None:
    huge = page("<p>" + "x" * (MAX_HTML_CHARS + 10) + "</p>")
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="too large"):
        CLEANER.clean(huge)
    assert time.monotonic() - started < 5


def test_huge_page_over_the_time_limit_is_reported_not_stalled() -> None:
    filler = "".join(
        f"<p>Paragraph {n}: the committee met again and discussed item {n * 7} at length.</p>"
        for n in range(30_000)
    )
    hurried = Cleaner(time_limit=0.3)
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as caught:
        hurried.clean(page(filler).encode())
    assert isinstance(caught.value, CleanerError)
    assert time.monotonic() - started < 5
    # The same Cleaner goes on with the next document.
    assert hurried.clean(page().encode()).text.startswith(PARAGRAPHS[0])
