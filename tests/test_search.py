"""Search: bm25 ranking, snippets, safe query building (no FTS5 error ever reaches the user),
--raw with one-line errors."""

from __future__ import annotations

import pytest
from archive_fixtures import add_article, sample_archive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.archive import open_archive
from cleaner.archive.queries import SearchQuery, build_fts_query
from cleaner.errors import CleanerError

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
