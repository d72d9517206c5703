"""Datasette's search in every language: a real `cleaner serve` on an archive that a real
`cleaner ingest` made from one article per language (language identified by the cleaner). The
ranked search and the articles table's search box each find every language's article by its
words, and nothing else; hostile queries are words. An archive of the single-index layout is
upgraded before it is served."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_fixtures import single_index_archive
from language_corpus import ARTICLES, FINDS, FINDS_NOTHING
from serve_harness import Server, read_archive, run_ingest, start_server, stop_server

from cleaner.serve import upgrade_schema

HOSTILE = ['"', "AND", "NEAR(", "title:", "子ども OR", "' OR 1=1 --", "(" * 50, "{title}: x"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("languages")
    records = [
        {"url": f"https://{language}.example/a", "title": title, "text": text}
        for language, (title, text) in ARTICLES.items()
    ]
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    db = folder / "archive.db"
    result = run_ingest([folder / "news.jsonl"], db)
    assert result.returncode == 0, result.stderr[-2000:]
    return db


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[Server]:
    running = start_server(archive, archive.parent / "serve.log")
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def ids(archive: Path) -> dict[str, str]:
    """Language → the id of its article; every article was identified as its language."""
    rows = read_archive(archive, "select id, site, language from articles")
    assert {row["site"]: row["language"] for row in rows} == {
        f"{language}.example": language for language in ARTICLES
    }
    return {row["language"]: row["id"] for row in rows}


@pytest.mark.parametrize(("query", "language"), FINDS)
def test_ranked_search_finds_each_language(server, ids, query, language):
    rows = server.rows(f"/{server.database}/search.json", q=query)
    assert [row["article_id"] for row in rows] == [ids[language]]
    assert "<mark>" in rows[0]["title"] + rows[0]["snippet"]


@pytest.mark.parametrize(("query", "language"), FINDS)
def test_table_search_box_finds_each_language(server, ids, query, language):
    rows = server.rows(f"/{server.database}/articles.json", _search=query)
    assert [row["id"] for row in rows] == [ids[language]]


@pytest.mark.parametrize("query", FINDS_NOTHING)
def test_words_no_article_has_find_nothing(server, query):
    assert server.rows(f"/{server.database}/search.json", q=query) == []
    assert server.rows(f"/{server.database}/articles.json", _search=query) == []


def test_cjk_snippets_are_text_with_the_word_marked(server):
    (row,) = server.rows(f"/{server.database}/search.json", q="子ども")
    assert row["title"] == "<mark>子ども</mark>食堂が全国に広がる"
    assert "<mark>子ども</mark>たち" in row["snippet"] and "子ど ども" not in row["snippet"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_words_in_both_searches(server, query):
    for path, param in (("search.json", "q"), ("articles.json", "_search")):
        status, body = server.get(f"/{server.database}/{path}", _shape="array", **{param: query})
        assert status == 200, body[:300]
        assert json.loads(body) == []  # no article has "and", "near", "title" or "or"


def test_a_single_index_archive_is_upgraded_before_it_is_served(tmp_path):
    db = single_index_archive(tmp_path / "old.db")
    db.close()
    assert upgrade_schema(tmp_path / "old.db") is True
    assert upgrade_schema(tmp_path / "old.db") is False  # current: nothing written
    views = read_archive(tmp_path / "old.db", "select name from sqlite_master where type='view'")
    assert "articles_search" in {row["name"] for row in views}
