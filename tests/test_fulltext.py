"""The text forms of full-text search, without a database: CJK bigram forms, the FTS5 query of a
user's words, and the snippets of CJK hits. (The indexes themselves: test_fulltext_layout.py;
searching in every language: test_search.py.)"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.errors import CleanerError
from cleaner.fulltext.bigrams import bigram_form, has_cjk, run_tokens, search_forms
from cleaner.fulltext.query import NOTHING, build_fts_query, fts_query_or_nothing, query_words
from cleaner.fulltext.snippets import marked_snippet

# -- bigram forms ---------------------------------------------------------------------------


def test_a_run_becomes_its_bigrams_then_its_last_character():
    assert run_tokens("子ども") == ["子ど", "ども", "も"]
    assert run_tokens("子") == ["子"]
    assert bigram_form("子ども食堂。地下鉄") == " 子ど ども も食 食堂 堂 。 地下 下鉄 鉄 "


def test_other_text_is_kept_and_split_from_cjk():
    assert bigram_form("iPhone発売 in Tokyo").split() == ["iPhone", "発売", "売", "in", "Tokyo"]
    assert bigram_form("Ferry late, again.") == "Ferry late, again."


def test_nfkc_folds_width_forms():
    assert bigram_form("ｶﾀｶﾅ ＡＢＣ").split() == ["カタ", "タカ", "カナ", "ナ", "ABC"]


def test_only_articles_with_cjk_script_get_search_forms():
    assert search_forms("Ferry", "The ferry was late.") == (None, None)
    assert search_forms("Über München", "Der Zug fährt später.") == (None, None)
    assert search_forms("東京", "English text only.") == (" 東京 京 ", "English text only.")
    assert search_forms(None, "서울시") == (None, " 서울 울시 시 ")
    assert has_cjk("한국") and has_cjk("かな") and has_cjk("汉字") and not has_cjk("Ελληνικά")


# -- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("ferry harbour", '"ferry" "harbour"'),
        ('title:ferry "late" NEAR(', '"late" "title" "ferry" "NEAR"'),
        ("fer*", '"fer"*'),
        ("al-Assad", '"al" "Assad"'),
        ("子ども", '"子ど ども"'),  # stops at the last bigram: the text may go on (子どもたち)
        ("子", '"子"*'),  # one character: every token that starts with it
        ("子ど*", '"子ど ど"*'),
        ("東京", '"東京"'),
        ("서울 지하철", '"서울" "지하 하철"'),
        ('"子ども 食堂"', '"子ど ども も 食堂"'),  # a phrase: the tokens the index holds
        ("iPhone発売", '"iPhone 発売"'),
        ("東京tower", '"東京 京 tower"'),
        ("ＴＯＫＹＯ", '"TOKYO"'),
        ("「子ども」と", '"子ど ども" "と"*'),  # brackets split words; と: a one-character run
    ],
)
def test_queries(typed, query):
    assert build_fts_query(typed) == query


@pytest.mark.parametrize("typed", ["", "  ", "!!! ???", '""', "「」。"])
def test_no_words_is_a_clear_error_or_nothing(typed):
    with pytest.raises(CleanerError, match="no words"):
        build_fts_query(typed)
    assert fts_query_or_nothing(typed) == NOTHING


@given(st.text(max_size=100))
def test_every_query_is_valid_fts5(typed):
    """Whatever is typed, the query parses (in an unstemmed and a Porter table alike)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('x', 'y')")
    conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [fts_query_or_nothing(typed)]).fetchall()


def test_query_words_are_what_a_snippet_marks():
    assert query_words('"子ども 食堂" al-Assad ＡＢ*') == ["子ども", "食堂", "al", "Assad", "AB"]


# -- snippets of CJK hits -------------------------------------------------------------------


def test_snippet_marks_every_word_in_a_window_around_the_first():
    text = "前置き" * 20 + "子ども食堂が増えた。子どもたちが集まる。" + "後書き" * 20
    snippet = marked_snippet(text, ["子ども"], ("[", "]"), 30)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet.count("[子ども]") == 2
    assert len(snippet.replace("[", "").replace("]", "")) == 30 + 2


def test_snippet_without_a_match_is_the_start_and_whole_text_when_no_width():
    assert marked_snippet("東京の天気\nは晴れ", ["大阪"], ("[", "]"), 4) == "東京の天…"
    assert marked_snippet("東京の天気\nは晴れ", ["天気"], ("<b>", "</b>"), None) == (
        "東京の<b>天気</b> は晴れ"
    )
    assert marked_snippet(None, ["x"], ("[", "]"), 10) == ""


def test_snippet_marks_the_longest_word_and_ignores_case():
    assert marked_snippet("TOKYO 東京都", ["tokyo", "東京", "東京都"], ("[", "]"), None) == (
        "[TOKYO] [東京都]"
    )
