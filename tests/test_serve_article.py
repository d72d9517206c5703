"""The article page of `cleaner serve` (cleaner/datasette_plugin/): a real archive made by
`cleaner ingest`, a real Datasette process, HTTP and headless Chromium.

The archive: the five seeds as JSONL records with a URL each, a near copy of one (a duplicate
cluster), an HTML page (its lines are the extracted text, one block is stripped from the DOM) and
a hostile record (markup in its title, text and URL); a second run reads a changed version of
one seed at the same URL (version 2) and an exact copy of another from a plain file.
The expected page is what `cleaner explain` decides for the stored raw input, and what the
archive holds, read back with sqlite3; never what Datasette itself answers.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_support import SEED_ANSWERS, VIENNA_PAGE, VIENNA_TITLE
from serve_harness import (
    SEEDS,
    Server,
    chromium,
    dump_dom,
    keep_screenshot,
    read_archive,
    run_ingest,
    screenshot,
    seed_text,
    start_server,
    stop_server,
)

from cleaner.pipeline import Cleaner

SEED_FILES = sorted(SEED_ANSWERS)
SEED_URLS = {name: f"https://news-{index}.example/story" for index, name in enumerate(SEED_FILES)}
PUBLISHED = "2018-05-22"
VERSIONED = SEED_FILES[0]  # read again, changed, in run 2
NEAR_COPY_OF = SEED_FILES[2]
NEAR_COPY_URL = "https://mirror.example/copy"
EXACT_COPY_OF = SEED_FILES[1]
HTML_URL = "https://html.example/vienna"
HOSTILE_URL = "javascript:alert(document.domain)"
HOSTILE_TITLE = "<script>alert('title')</script> Hostile markup"
HOSTILE_TEXT = "\n\n".join(
    [
        "Skip to main content",
        "<script>alert('kept')</script> Officials said the meeting in the capital went on for"
        " hours, and no agreement was reached by the evening.",
        "<img src=x onerror=alert('img')> A second paragraph keeps the story going with another"
        " full sentence about the talks.",
        "COMMENTS",
        "<script>alert('removed')</script> Please let us know if you're having issues with"
        " commenting.",
    ]
)
SCRIPT_TAG = re.compile(r"<script>alert", re.IGNORECASE)
ARTICLE_SHOT_SIZE = (1200, 900)
REMOVED_BACKGROUND = (253, 226, 226)  # .cleaner-removed in cleaner_article.html

Shown = tuple[int | None, bool, str, str, str]  # line, kept, text, category, rule ("" if kept)


def versioned_text() -> str:
    text = seed_text(VERSIONED)
    edited = text.replace("Iranian officials have rejected", "Iranian officials firmly rejected")
    assert edited != text
    return edited


def write_inputs(folder: Path) -> tuple[Path, Path]:
    run1, run2 = folder / "run1", folder / "run2"
    run1.mkdir()
    run2.mkdir()
    near = seed_text(NEAR_COPY_OF).replace(" said ", " stated ", 1)
    records = [
        {"url": url, "published": PUBLISHED, "text": seed_text(name)}
        for name, url in SEED_URLS.items()
    ]
    records += [
        {"url": NEAR_COPY_URL, "text": near},
        {"url": HTML_URL, "html": VIENNA_PAGE},
        {"url": HOSTILE_URL, "title": HOSTILE_TITLE, "text": HOSTILE_TEXT},
    ]
    lines = [json.dumps(record) for record in records]
    (run1 / "records.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    version = {"url": SEED_URLS[VERSIONED], "published": PUBLISHED, "text": versioned_text()}
    (run2 / "version2.jsonl").write_text(json.dumps(version) + "\n", "utf-8")
    shutil.copy(SEEDS / EXACT_COPY_OF, run2 / "copy.txt")
    return run1, run2


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("article_archive")
    db = folder / "archive.db"
    for run in write_inputs(folder):
        result = run_ingest([run], db)
        assert result.returncode == 0, f"ingest failed: {result.stderr[-2000:]}"
    return db


@pytest.fixture(scope="module")
def server(archive_db: Path) -> Iterator[Server]:
    running = start_server(archive_db, archive_db.parent / "serve.log")
    yield running
    stop_server(running)


def article(db: Path, url: str, version: int = 1) -> dict[str, str]:
    rows = read_archive(db, "select * from articles where url = ? and version = ?", (url, version))
    assert len(rows) == 1, f"{url} v{version}: {len(rows)} articles"
    return dict(rows[0])


def page_path(server: Server, article_id: str) -> str:
    return f"/{server.database}/-/article/{article_id}"


def stored_raw(db: Path, article_id: str) -> bytes:
    rows = read_archive(
        db,
        "select content from raw_inputs join articles on articles.raw_hash = raw_inputs.hash "
        "where articles.id = ?",
        (article_id,),
    )
    return zlib.decompress(rows[0]["content"])


def explained(db: Path, article_id: str) -> list[Shown]:
    """`cleaner explain` of the stored raw input: DOM blocks first, then every non-blank line."""
    explanation = Cleaner(time_limit=None).explain(stored_raw(db, article_id))
    shown: list[Shown] = [
        (None, False, r.text, r.category, r.rule_id) for r in explanation.stripped
    ]
    for verdict in explanation.classification.verdicts:
        if verdict.keep:
            shown.append((verdict.line, True, verdict.text, "", ""))
        elif verdict.category != "blank":
            shown.append((verdict.line, False, verdict.text, verdict.category, verdict.rule_id))
    return shown


class PageLines(HTMLParser):
    """The `.cleaner-line` blocks of an article page, and whether each removed text is in <del>."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, object]] = []
        self._line: dict[str, object] | None = None
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "cleaner-line" in classes:
            fields = {"lineno": "", "text": "", "category": "", "rule": "", "struck": False}
            self._line = {**fields, "kept": "cleaner-kept" in classes}
        elif self._line is not None:
            kept = self._line["kept"]
            self._field = next(
                (
                    field
                    for field, here in (
                        ("lineno", "cleaner-lineno" in classes),
                        ("text", tag == "del" or (kept and "cleaner-body" in classes)),
                        ("category", "cleaner-category" in classes),
                        ("rule", "cleaner-rule" in classes),
                    )
                    if here
                ),
                None,
            )
            if tag == "del":
                self._line["struck"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._line is not None:
            self.lines.append(self._line)
            self._line = None
        self._field = None

    def handle_data(self, data: str) -> None:
        if self._line is not None and self._field is not None:
            self._line[self._field] = str(self._line[self._field]) + data

    def shown(self) -> list[Shown]:
        return [
            (
                int(str(line["lineno"])) if line["lineno"] else None,
                bool(line["kept"]),
                str(line["text"]),
                str(line["category"]),
                str(line["rule"]),
            )
            for line in self.lines
        ]


def parse_lines(html: str) -> PageLines:
    parser = PageLines()
    parser.feed(html)
    return parser


def content_links(html: str) -> list[str]:
    content = html.split('<section class="content">', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="([^"]+)"', content)


def get_page(server: Server, article_id: str) -> str:
    status, body = server.get(page_path(server, article_id))
    assert status == 200, body[:500]
    return body


# -- the text: removed lines in place --------------------------------------------------------------


@pytest.mark.parametrize("url", [SEED_URLS[VERSIONED], HTML_URL], ids=["text", "html"])
def test_page_shows_what_explain_decided_in_place(
    server: Server, archive_db: Path, url: str
) -> None:
    version = 2 if url == SEED_URLS[VERSIONED] else 1
    stored = article(archive_db, url, version)
    lines = parse_lines(get_page(server, stored["id"]))
    assert lines.shown() == explained(archive_db, stored["id"])
    assert all(line["struck"] for line in lines.lines if not line["kept"])
    assert not any(line["struck"] for line in lines.lines if line["kept"])
    kept = [text for _, is_kept, text, _, _ in lines.shown() if is_kept]
    assert kept == stored["text"].split("\n\n")


def test_every_stored_removal_is_struck_through_with_its_rule(
    server: Server, archive_db: Path
) -> None:
    for url, version in [*((u, 1) for u in SEED_URLS.values()), (HTML_URL, 1), (NEAR_COPY_URL, 1)]:
        stored = article(archive_db, url, version)
        removals = read_archive(
            archive_db,
            "select line, text, category, rule_id from removals where article_id = ?",
            (stored["id"],),
        )
        shown = parse_lines(get_page(server, stored["id"])).shown()
        struck = sorted((n or 0, text, cat, rule) for n, kept, text, cat, rule in shown if not kept)
        assert removals and struck == sorted(tuple(row) for row in removals), url


def test_html_page_lists_the_dom_blocks_stripped_before_extraction(
    server: Server, archive_db: Path
) -> None:
    html = get_page(server, article(archive_db, HTML_URL)["id"])
    assert "Removed from the page before extraction" in html
    first = parse_lines(html).shown()[0]
    assert first == (None, False, "Share on Facebook Tweet this", "share", "widget.share")


# -- links: raw input, versions, duplicate cluster -----------------------------------------------


def test_every_link_of_the_page_resolves(server: Server, archive_db: Path) -> None:
    for url, version in ((SEED_URLS[VERSIONED], 2), (NEAR_COPY_URL, 1), (HTML_URL, 1)):
        html = get_page(server, article(archive_db, url, version)["id"])
        links = [link for link in content_links(html) if link.startswith("/")]
        assert len(links) >= 6, links
        for link in links:
            status, body = server.get(link.replace("&amp;", "&"))
            assert status == 200, f"{url}: {link}: HTTP {status}: {body[:300]}"


def test_raw_input_link_serves_the_input_as_plain_text(server: Server, archive_db: Path) -> None:
    stored = article(archive_db, HTML_URL)
    html = get_page(server, stored["id"])
    raw_link = next(link for link in content_links(html) if "/-/raw/" in link)
    status, headers, body = server.fetch(raw_link)
    assert status == 200
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff"
    assert body == VIENNA_PAGE == stored_raw(archive_db, stored["id"]).decode("utf-8")


def test_versions_link_to_each_other(server: Server, archive_db: Path) -> None:
    first = article(archive_db, SEED_URLS[VERSIONED], 1)
    second = article(archive_db, SEED_URLS[VERSIONED], 2)
    assert (first["latest"], second["latest"]) == (0, 1)
    for this, other in ((first, second), (second, first)):
        html = get_page(server, this["id"])
        assert f'href="{page_path(server, other["id"])}">version {other["version"]}</a>' in html
        assert f"<strong>version {this['version']} (this page)</strong>" in html
        doc_key = urllib.parse.quote_plus(this["doc_key"])
        assert f'href="/{server.database}/articles?doc_key={doc_key}"' in html


def test_cluster_link_shows_the_articles_cluster(server: Server, archive_db: Path) -> None:
    original = article(archive_db, SEED_URLS[NEAR_COPY_OF])
    near = article(archive_db, NEAR_COPY_URL)
    assert near["duplicate_of"] == original["id"]
    for this, other in ((original, near), (near, original)):
        html = get_page(server, this["id"])
        cluster = f"/{server.database}/duplicate_clusters?article_id={this['id']}"
        assert f'href="{cluster}"' in html
        assert f'href="{page_path(server, other["id"])}"' in html
        rows = server.rows(f"/{server.database}/duplicate_clusters.json", article_id=this["id"])
        assert [row["article_id"] for row in rows] == [original["id"]]
        assert near["id"] in rows[0]["near_duplicate_members"]


def test_exact_copies_are_listed_and_single_articles_say_so(
    server: Server, archive_db: Path
) -> None:
    copied = article(archive_db, SEED_URLS[EXACT_COPY_OF])
    html = get_page(server, copied["id"])
    assert re.search(r"exact copy read from \S*copy\.txt", html)
    rows = server.rows(f"/{server.database}/duplicate_clusters.json", article_id=copied["id"])
    assert [(row["article_id"], row["exact_copies"]) for row in rows] == [(copied["id"], 1)]
    single = article(archive_db, SEED_URLS[SEED_FILES[3]])
    assert "No exact copies or near duplicates" in get_page(server, single["id"])


def test_unknown_article_or_database_is_not_found(server: Server) -> None:
    assert server.get(page_path(server, "no-such-article"))[0] == 404
    assert server.get("/no-such-database/-/article/x")[0] == 404
    assert server.get(f"/{server.database}/-/raw/no-such-hash")[0] == 404


# -- search results lead to the page -------------------------------------------------------------


@pytest.mark.parametrize("view", ["search", "articles"])
def test_search_results_link_to_the_article_page(
    server: Server, archive_db: Path, view: str
) -> None:
    stored = article(archive_db, HTML_URL)
    params = {"q": "Vienna"} if view == "search" else {"_search": "Vienna"}
    status, html = server.get(f"/{server.database}/{view}", **params)
    assert status == 200
    titles = re.findall(r'<td class="col-title[^"]*"><a href="([^"]+)">(.*?)</a>', html)
    assert (page_path(server, stored["id"]), VIENNA_TITLE) in [
        (href, re.sub(r"</?mark>", "", title)) for href, title in titles
    ]
    assert f"<h1>{VIENNA_TITLE}</h1>" in get_page(server, stored["id"])


# -- untrusted text ------------------------------------------------------------------------------


def test_markup_in_an_article_is_shown_as_text(server: Server, archive_db: Path) -> None:
    stored = article(archive_db, HOSTILE_URL)
    html = get_page(server, stored["id"])
    assert not SCRIPT_TAG.search(html) and "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Hostile markup" in html
    shown = parse_lines(html).shown()
    assert any(kept and text.startswith("<script>alert('kept')") for _, kept, text, _, _ in shown)
    assert any(
        not kept and text.startswith("<script>alert('removed')") for _, kept, text, _, _ in shown
    )
    status, table = server.get(f"/{server.database}/articles", _search="Hostile")
    assert status == 200 and not SCRIPT_TAG.search(table)
    raw_link = next(link for link in content_links(html) if "/-/raw/" in link)
    _, headers, body = server.fetch(raw_link)
    assert headers["content-type"].startswith("text/plain") and SCRIPT_TAG.search(body)


def test_markup_in_an_article_runs_no_script_in_chromium(
    server: Server, archive_db: Path, tmp_path: Path
) -> None:
    browser = chromium()
    stored = article(archive_db, HOSTILE_URL)
    dom = dump_dom(browser, tmp_path / "profile", server.url(page_path(server, stored["id"])))
    assert "cleaner-removed" in dom and not SCRIPT_TAG.search(dom)
    assert "&lt;script&gt;alert('kept')&lt;/script&gt;" in dom


# -- the browser: what a reader sees --------------------------------------------------------------


def test_article_page_in_headless_chromium(
    server: Server, archive_db: Path, tmp_path: Path
) -> None:
    browser = chromium()
    stored = article(archive_db, SEED_URLS[VERSIONED], 2)
    url = server.url(page_path(server, stored["id"]))
    dom = dump_dom(browser, tmp_path / "profile-dom", url)
    shown = parse_lines(dom).shown()
    assert shown == explained(archive_db, stored["id"])
    assert "<del>Skip to main content</del>" in dom
    assert '<code class="cleaner-rule">accessibility.skip-link</code>' in dom
    shot = tmp_path / "article.png"
    width, height, pixels = screenshot(
        browser, tmp_path / "profile-shot", url, shot, size=ARTICLE_SHOT_SIZE
    )
    assert (width, height) == ARTICLE_SHOT_SIZE
    removed = sum(1 for pixel in pixels if pixel == REMOVED_BACKGROUND)
    assert removed > 5000, "no removed line visible in the screenshot"
    keep_screenshot(shot, "article.png")
