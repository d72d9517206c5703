"""Search: bm25 ranking, snippets, safe query building (no FTS5 error ever reaches the user),
--raw with one-line errors."""

from __future__ import annotations

import pytest
from archive_fixtures import add_article, sample_archive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from language_corpus import ARTICLES, FINDS, FINDS_NOTHING

from cleaner.archive import open_archive
from cleaner.archive.search import SearchQuery
from cleaner.errors import CleanerError
from cleaner.fulltext.query import build_fts_query

HOSTILE = [
    '"', '""', '"unbalanced', "AND", "OR", "NOT", "ferry AND", "NEAR(", "NEAR(ferry harbour",
    "title:", "title:ferry", "text:", "*", "ferry*", "^ferry", "foo' OR 1=1 --",
    "'; DROP TABLE articles; --", "(" * 500 + "ferry" + ")" * 500, "ferry " * 2000,
    "x" * 10_000, "-", "+", "{title text}: ferry", "ferry NOT", "\x00", "ferry\x00harbour",
]  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    with sample_archive(tmp_path_factory.mktemp("search") / "a.db") as opened:
        yield opened


def test_title_match_ranks_first_with_snippet(archive):
    hits = archive.search(SearchQuery("ferry"))
    assert [h.title for h in hits] == ["Ferry delays at the harbour", "Budget talks"]
    assert "**ferry**" in hits[0].snippet.lower()
    assert hits[0].site == "news.example" and hits[0].date == "2026-03-01"


def test_words_are_anded_stemmed_and_diacritics_folded(archive):
    assert [h.title for h in archive.search(SearchQuery("ferries harbour"))] == [
        "Ferry delays at the harbour"
    ]
    assert [h.title for h in archive.search(SearchQuery("munchen"))] == ["Bahn"]
    assert [h.title for h in archive.search(SearchQuery('"ferry was late"'))] == [
        "Ferry delays at the harbour"
    ]
    assert len(archive.search(SearchQuery("fer*"))) == 2


def test_limit(archive):
    assert len(archive.search(SearchQuery("ferry", limit=1))) == 1


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_a_clear_message(archive, query):
    try:
        hits = archive.search(SearchQuery(query))
    except CleanerError as exc:
        assert "no words" in str(exc)
    else:
        assert isinstance(hits, list)


def test_operator_words_are_plain_words(archive):
    """`AND`/`OR` are searched as words: "ferry OR zug" matches nothing (no article has all
    three words), instead of meaning OR."""
    assert archive.search(SearchQuery("ferry OR zug")) == []
    assert build_fts_query('title:ferry "late" NEAR(') == '"late" "title" "ferry" "NEAR"'


def test_empty_query_is_a_clear_message(archive):
    for query in ("", "   ", '""', "!!! ???"):
        with pytest.raises(CleanerError, match="no words"):
            archive.search(SearchQuery(query))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_text_is_safe(archive, query):
    try:
        archive.search(SearchQuery(query))
    except CleanerError as exc:
        assert "no words" in str(exc)


def test_raw_mode_passes_fts_syntax(archive):
    titles = {h.title for h in archive.search(SearchQuery("ferry OR zug", raw=True))}
    assert titles == {"Ferry delays at the harbour", "Budget talks", "Bahn"}
    assert [h.title for h in archive.search(SearchQuery("title:budget", raw=True))] == [
        "Budget talks"
    ]


@pytest.mark.parametrize("query", ['"', "ferry AND", "NEAR(", "nosuchcolumn:x", "(("])
def test_raw_mode_malformed_is_one_line(archive, query):
    with pytest.raises(CleanerError) as caught:
        archive.search(SearchQuery(query, raw=True))
    message = str(caught.value)
    assert message.startswith("malformed search query") and "\n" not in message


def test_old_versions_and_near_duplicates_hidden_unless_all(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        add_article(archive, "k", "Ferry timetable version one.", title="v1")
        add_article(archive, "k", "Ferry timetable version two.", title="v2")
        original = add_article(archive, "j", "Lighthouse keeper retires.", title="orig")
        add_article(archive, "copy", "Lighthouse keeper retires today.", title="copy",
                    duplicate_of=original)  # fmt: skip
        assert [h.title for h in archive.search(SearchQuery("ferry"))] == ["v2"]
        assert [h.title for h in archive.search(SearchQuery("lighthouse"))] == ["orig"]
        everything = archive.search(SearchQuery("ferry lighthouse", raw=False, include_all=True))
        assert everything == []  # AND of both words: no article has both
        assert len(archive.search(SearchQuery("lighthouse", include_all=True))) == 2
        assert len(archive.search(SearchQuery("ferry", include_all=True))) == 2


# -- every language ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def languages(tmp_path_factory):
    with open_archive(tmp_path_factory.mktemp("languages") / "a.db") as opened:
        for language, (title, text) in ARTICLES.items():
            add_article(opened, f"https://{language}.example/a", text, title=title,
                        language=language, site=f"{language}.example")  # fmt: skip
        yield opened


@pytest.mark.parametrize(("query", "language"), FINDS)
def test_each_language_finds_its_article_and_nothing_else(languages, query, language):
    hits = languages.search(SearchQuery(query))
    assert [hit.site for hit in hits] == [f"{language}.example"]


@pytest.mark.parametrize("query", FINDS_NOTHING)
def test_words_an_article_does_not_have_find_nothing(languages, query):
    assert languages.search(SearchQuery(query)) == []


def test_cjk_snippet_is_the_text_with_the_word_marked(languages):
    (hit,) = languages.search(SearchQuery("子ども"))
    assert hit.title == ARTICLES["ja"][0]
    assert "**子ども**" in hit.snippet and "子ど ども" not in hit.snippet
    (hit,) = languages.search(SearchQuery("지하철", highlight=("<", ">")))
    assert "<지하철>" in hit.snippet


@pytest.mark.parametrize(
    ("query", "found"),
    [("子ども OR 北京", []), ("「子ども」", ["ja"]), ("子ども*", ["ja"]), ('"子ども', ["ja"]),
     ("NEAR(子ども", []), ("title:子ども", []), ("子ども AND", []), ("子ども -食堂", ["ja"]),
     ("{title}: 子ども", [])],
)  # fmt: skip
def test_cjk_queries_with_operators_are_words(languages, query, found):
    """Operators are words to find like any other (no article has "or" or "title")."""
    hits = languages.search(SearchQuery(query))
    assert [hit.site for hit in hits] == [f"{language}.example" for language in found]


def test_results_of_every_index_are_ranked_together(tmp_path):
    with open_archive(tmp_path / "a.db") as archive:
        add_article(
            archive,
            "https://es.example/a",
            "Una biblioteca en Sevilla.",
            title="Nueva biblioteca en Sevilla",
            language="es",
            site="es.example",
        )
        add_article(
            archive,
            "https://cjk.example/a",
            "Sevilla y Tokyo (東京) comparten.",
            title="Ciudades",
            language="es",
            site="cjk.example",
        )
        add_article(archive, "https://en.example/b", "Sevilla football club won.",
                    title="Football", language="en", site="en.example")  # fmt: skip
        hits = archive.search(SearchQuery("sevilla"))
        assert sorted(hit.site for hit in hits) == ["cjk.example", "en.example", "es.example"]
        assert hits[0].site == "es.example"  # the title match ranks first
        assert [hit.score for hit in hits] == sorted(hit.score for hit in hits)


def test_hidden_articles_ranked_first_do_not_crowd_out_the_shown_ones(tmp_path):
    """Shown-or-not is checked a page of candidates at a time, best first: when the whole
    first page is near duplicates, the next page is read."""
    with open_archive(tmp_path / "a.db") as archive:
        shown = add_article(archive, "plain", "A ferry crossed the bay.", title="Crossing")
        original = add_article(archive, "orig", "Lighthouse news.", title="Lighthouse")
        for number in range(30):
            add_article(archive, f"copy{number}", f"Ferry ferry ferry {number}.",
                        title="Ferry ferry", duplicate_of=original)  # fmt: skip
        assert [hit.id for hit in archive.search(SearchQuery("ferry", limit=1))] == [shown]
        assert len(archive.search(SearchQuery("ferry", limit=100, include_all=True))) == 31
