"""`cleaner serve`: shipped metadata, a real Datasette process on a real archive, real Chromium.

The archive is built by `cleaner ingest` (a real subprocess) from the five seeds: as JSONL records
that give each seed a URL (so a site) and a publication date, plus a lightly edited copy of one
on another site (near duplicate) and inputs that fail; a second ingest run reads one seed again
from a plain file (exact copy) and fails on one more input, so "errors of the last run" has
something to tell apart.
Expected values are computed from these inputs or read back from the archive with sqlite3, never
from Datasette itself.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from cli_support import SEED_ANSWERS
from click.testing import CliRunner
from serve_harness import (
    SCREENSHOT_SIZE,
    SEEDS,
    Server,
    chromium,
    cleaner_command,
    dump_dom,
    keep_screenshot,
    read_archive,
    run_ingest,
    screenshot,
    seed_text,
    start_server,
    stop_server,
)

from cleaner.cli import main
from cleaner.datasette_plugin.search_functions import register_search_functions
from cleaner.schema import TABLES, apply_schema
from cleaner.serve import ServeOptions, check_archive, ensure_wal, load_metadata, load_settings

EXPECTED = SEED_ANSWERS
SEED_FILES = sorted(EXPECTED)
# Each seed's URL and publication date in the test archive (site = host without www.).
SEED_RECORDS = {
    SEED_FILES[0]: ("https://www.news-a.example/2018/05/iran-forces", "2018-05-21"),
    SEED_FILES[1]: ("https://news-a.example/2018/05/damascus", "2018-05-22"),
    SEED_FILES[2]: ("https://news-b.example/world/iran-russia", "2018-05-19"),
    SEED_FILES[3]: ("https://news-b.example/world/foreign-troops", "2018-05-20"),
    SEED_FILES[4]: ("https://www.news-c.example/iran-rebuffs", "2018-06-01"),
}
NEAR_COPY_OF = SEED_FILES[2]
NEAR_COPY_URL = "https://mirror.example/iran-russia-copy"
NEAR_COPY_PUBLISHED = "2018-05-23"
EXACT_COPY_OF = SEED_FILES[0]
RUN2_BAD_FILE = "binary.txt"
SEARCH_TERM = "Damascus"
MARK_YELLOW = (255, 255, 0)  # Chromium's default <mark> background


# -- the archive ----------------------------------------------------------------------------------


def near_copy_text() -> str:
    """The seed with two words changed: same story, not the same text."""
    text = seed_text(NEAR_COPY_OF)
    edited = text.replace(" said ", " stated ", 1).replace(" the ", " this ", 1)
    assert edited != text
    return edited


def write_inputs(folder: Path) -> tuple[list[Path], list[Path]]:
    """Inputs of ingest run 1 and run 2."""
    run1, run2 = folder / "run1", folder / "run2"
    run1.mkdir()
    run2.mkdir()
    records = [
        {"url": url, "published": published, "text": seed_text(name)}
        for name, (url, published) in SEED_RECORDS.items()
    ]
    records.append(
        {"url": NEAR_COPY_URL, "published": NEAR_COPY_PUBLISHED, "text": near_copy_text()}
    )
    lines = [json.dumps(record) for record in records] + ["{not json"]
    (run1 / "seeds.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    # A later run reads one seed again from another file: an exact copy (a sighting).
    shutil.copy(SEEDS / EXACT_COPY_OF, run2 / "copy.txt")
    (run1 / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")  # an error (an empty file is none)
    (run2 / RUN2_BAD_FILE).write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    return [run1], [run2]


@pytest.fixture(scope="session")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve_archive")
    db = folder / "archive.db"
    run1, run2 = write_inputs(folder)
    for paths in (run1, run2):
        result = run_ingest(paths, db)
        # Exit 1: some inputs failed (each run has bad inputs on purpose); 2 would be fatal.
        assert result.returncode == 1, f"ingest failed: {result.stderr[-2000:]}"
    return db


@pytest.fixture(scope="session")
def server(archive_db: Path) -> Iterator[Server]:
    running = start_server(archive_db, archive_db.parent / "serve.log")
    yield running
    stop_server(running)


def article_by_url(db: Path, url: str) -> sqlite3.Row:
    rows = read_archive(db, "select * from articles where url = ?", (url,))
    assert len(rows) == 1, f"{url}: {len(rows)} articles"
    return rows[0]


# -- metadata and options (no server) -----------------------------------------------------------


def test_metadata_is_keyed_by_the_served_database_name() -> None:
    metadata = load_metadata(Path("/srv/data/nightly.db"))
    assert set(metadata["databases"]) == {"nightly"}
    assert 'href="nightly/search"' in metadata["description_html"]
    assert "{database}" not in metadata["description_html"]


def test_metadata_only_names_tables_and_columns_of_the_schema() -> None:
    """Catches drift between the shipped metadata and the archive schema contract."""
    specs = {spec.name: spec for spec in TABLES}
    tables = load_metadata(Path("archive.db"))["databases"]["archive"]["tables"]
    for table, config in tables.items():
        assert table in specs, table
        columns = set(specs[table].columns)
        named = set(config.get("columns", {})) | set(config.get("sortable_columns", []))
        named |= {
            f if isinstance(f, str) else next(iter(f.values())) for f in config.get("facets", [])
        }
        named |= {config[key] for key in ("label_column", "sort", "sort_desc") if key in config}
        assert named <= columns, (table, named - columns)


def test_shipped_canned_queries_cannot_write() -> None:
    queries = load_metadata(Path("archive.db"))["databases"]["archive"]["queries"]
    assert set(queries) == {
        "search",
        "latest_articles",
        "duplicate_clusters",
        "removed_boilerplate",
        "last_ingest_errors",
    }
    for name, query in queries.items():
        assert not query.get("write"), name
        assert query["sql"].lstrip().lower().startswith(("select", "with")), name


def test_no_canned_query_reads_the_whole_articles_table(archive_db: Path) -> None:
    """Articles rows hold the text: a query that scans them takes seconds on a large archive
    (past Datasette's time limit), one that walks an index stops after the rows it shows."""
    queries = load_metadata(archive_db)["databases"][archive_db.stem]["queries"]
    conn = sqlite3.connect(f"{archive_db.resolve().as_uri()}?mode=ro", uri=True)
    register_search_functions(conn)
    params = {"q": "iran", "site": "", "article_id": "", "category": ""}
    try:
        for name, query in queries.items():
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query['sql']}", params)]
            assert "SCAN articles" not in plan, (name, plan)
            if name == "latest_articles":  # newest first: the first_seen index, not a sort
                assert "SCAN articles USING INDEX idx_articles_first_seen" in plan, plan
    finally:
        conn.close()


def test_arbitrary_sql_is_on_for_loopback_and_off_when_exposed() -> None:
    assert load_settings(ServeOptions(host="127.0.0.1"))["default_allow_sql"] is True
    assert load_settings(ServeOptions(host="localhost"))["default_allow_sql"] is True
    assert load_settings(ServeOptions(host="0.0.0.0"))["default_allow_sql"] is False
    assert load_settings(ServeOptions(host="0.0.0.0", allow_sql=True))["default_allow_sql"] is True
    assert load_settings(ServeOptions(host="::1", allow_sql=False))["default_allow_sql"] is False


@pytest.mark.parametrize("content", [None, b"not a database at all, just text\n", b""])
def test_serve_refuses_what_is_not_an_archive(tmp_path: Path, content: bytes | None) -> None:
    db = tmp_path / "other.db"
    if content is not None:
        db.write_bytes(content)
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "0"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(db) in lines[0], result.output


def test_serving_switches_an_old_archive_to_wal(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    database = sqlite_utils.Database(db)
    apply_schema(database)
    database.close()
    assert read_archive(db, "pragma journal_mode")[0][0] == "delete"
    assert ensure_wal(db) == "wal"
    assert read_archive(db, "pragma journal_mode")[0][0] == "wal"  # persistent
    check_archive(db)  # a new, empty archive is an archive


# -- the port: what `serve` says ------------------------------------------------------------------


def test_port_0_banner_names_the_port_that_answers(server: Server) -> None:
    """The test servers start with --port 0 and are found through the URL their banner prints."""
    port = urllib.parse.urlsplit(server.base).port
    assert port is not None and port > 0
    status, body = server.get(f"/{server.database}.json")
    assert status == 200 and json.loads(body)["database"] == server.database


def test_a_second_serve_on_a_busy_port_says_so_before_any_url(
    server: Server, archive_db: Path
) -> None:
    port = str(urllib.parse.urlsplit(server.base).port)
    result = subprocess.run(
        cleaner_command("serve", "--db", str(archive_db), "--port", port),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert "already in use" in lines[0] and f"port {port} " in lines[0]
    assert "http://" not in lines[0]
    assert server.process.poll() is None and server.get("/-/versions.json")[0] == 200


# -- the real server: search, facets, canned queries ----------------------------------------------


def test_ranked_search_ranks_title_match_first_and_highlights(
    server: Server, archive_db: Path
) -> None:
    rows = server.rows(f"/{server.database}/search.json", q=SEARCH_TERM)
    expected = read_archive(
        archive_db,
        "select id from articles where (title like ? or text like ?) "
        "and latest = 1 and duplicate_of is null",
        (f"%{SEARCH_TERM}%", f"%{SEARCH_TERM}%"),
    )
    assert len(expected) >= 2, "the seeds mention Damascus in more than one article"
    assert sorted(row["article_id"] for row in rows) == sorted(row["id"] for row in expected)
    title_match = article_by_url(archive_db, SEED_RECORDS[SEED_FILES[1]][0])
    assert SEARCH_TERM in title_match["title"]
    assert rows[0]["article_id"] == title_match["id"]
    assert rows[0]["title"].count("<mark>Damascus</mark>") == 1
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert "<mark>" in row["snippet"] and "\n" not in row["snippet"], row


def test_ranked_search_with_no_or_odd_query_is_not_an_error(server: Server) -> None:
    assert server.rows(f"/{server.database}/search.json") == []
    assert server.rows(f"/{server.database}/search.json", q="   ") == []
    rows = server.rows(f"/{server.database}/search.json", q="Iran's \"Syria AND (")
    assert isinstance(rows, list)


def test_table_search_box_filters_articles(server: Server, archive_db: Path) -> None:
    rows = server.rows(f"/{server.database}/articles.json", _search=SEARCH_TERM)
    expected = read_archive(
        archive_db,
        "select id from articles where title like ? or text like ?",
        (f"%{SEARCH_TERM}%", f"%{SEARCH_TERM}%"),
    )
    assert sorted(row["id"] for row in rows) == sorted(row["id"] for row in expected)


def test_articles_page_has_the_search_box_and_folded_column_notes(server: Server) -> None:
    status, html = server.get(f"/{server.database}/articles", _search=SEARCH_TERM)
    assert status == 200
    assert 'name="_search"' in html and f'value="{SEARCH_TERM}"' in html
    assert "Stable article id" in html  # column descriptions from the shipped metadata
    assert 'querySelectorAll("dl.column-descriptions")' in html


def test_article_facets_count_sites_languages_and_months(server: Server, archive_db: Path) -> None:
    facets = server.json(f"/{server.database}/articles.json", _size="1")["facet_results"]
    counts = {
        name: {item["value"]: item["count"] for item in facet["results"]}
        for name, facet in facets.items()
    }
    urls = [url for url, _ in SEED_RECORDS.values()] + [NEAR_COPY_URL]
    expected_sites = Counter(
        urllib.parse.urlsplit(url).hostname.removeprefix("www.") for url in urls
    )
    assert counts["site"] == dict(expected_sites)
    months = [published[:7] for _, published in SEED_RECORDS.values()] + [NEAR_COPY_PUBLISHED[:7]]
    assert counts["published"] == dict(Counter(months)) == {"2018-05": 5, "2018-06": 1}
    assert facets["published"]["type"] == "month"
    assert [item["value"] for item in facets["published"]["results"]] == ["2018-06", "2018-05"]
    stored_languages = read_archive(
        archive_db, "select language, count(*) n from articles group by language"
    )
    assert counts["language"] == {r["language"]: r["n"] for r in stored_languages if r["language"]}
    assert counts["language"].get("en") == len(urls)


def test_month_facet_value_filters_the_table(server: Server, archive_db: Path) -> None:
    facet = server.json(f"/{server.database}/articles.json")["facet_results"]["published"]
    june = next(item for item in facet["results"] if item["value"] == "2018-06")
    toggle = urllib.parse.urlsplit(june["toggle_url"])
    params = dict(urllib.parse.parse_qsl(toggle.query))
    assert params["published__startswith"] == "2018-06"
    rows = server.rows(toggle.path, **params)
    assert [row["url"] for row in rows] == [SEED_RECORDS[SEED_FILES[4]][0]]


def test_removal_category_facet_matches_the_archive(server: Server, archive_db: Path) -> None:
    facets = server.json(f"/{server.database}/removals.json", _size="1")["facet_results"]
    served = {item["value"]: item["count"] for item in facets["category"]["results"]}
    stored = read_archive(archive_db, "select category, count(*) n from removals group by 1")
    assert served == {row["category"]: row["n"] for row in stored}
    assert sum(served.values()) >= len(SEED_RECORDS)  # every seed has leaked chrome


def test_removals_label_their_article_by_title(server: Server, archive_db: Path) -> None:
    rows = server.json(f"/{server.database}/removals.json", _labels="on", _shape="array")
    titles = {
        r["id"]: r["title"] for r in read_archive(archive_db, "select id, title from articles")
    }
    assert rows
    for row in rows:
        assert row["article_id"]["label"] == titles[row["article_id"]["value"]]


def test_sortable_columns_sort_and_others_refuse(server: Server) -> None:
    rows = server.rows(f"/{server.database}/articles.json", _sort_desc="word_count")
    counts = [row["word_count"] for row in rows]
    assert len(counts) > 1 and counts == sorted(counts, reverse=True)
    status, body = server.get(f"/{server.database}/articles.json", _sort="text")
    assert status != 200 and "Cannot sort table by text" in body


def test_latest_articles_lists_canonical_latest_newest_first(
    server: Server, archive_db: Path
) -> None:
    rows = server.rows(f"/{server.database}/latest_articles.json")
    expected = read_archive(
        archive_db, "select id from articles where latest = 1 and duplicate_of is null"
    )
    assert sorted(row["article_id"] for row in rows) == sorted(row["id"] for row in expected)
    first_seen = [row["first_seen"] for row in rows]
    assert first_seen == sorted(first_seen, reverse=True)
    news_b = server.rows(f"/{server.database}/latest_articles.json", site="news-b.example")
    assert {row["article_id"] for row in news_b} == {
        article_by_url(archive_db, SEED_RECORDS[name][0])["id"] for name in SEED_FILES[2:4]
    }


def test_duplicate_clusters_show_exact_and_near_copies(server: Server, archive_db: Path) -> None:
    rows = {
        row["article_id"]: row for row in server.rows(f"/{server.database}/duplicate_clusters.json")
    }
    exact = article_by_url(archive_db, SEED_RECORDS[EXACT_COPY_OF][0])
    assert rows[exact["id"]]["exact_copies"] == 1
    assert rows[exact["id"]]["exact_copy_sources"].endswith("copy.txt")
    original = article_by_url(archive_db, SEED_RECORDS[NEAR_COPY_OF][0])
    near = article_by_url(archive_db, NEAR_COPY_URL)
    assert near["duplicate_of"] == original["id"]
    assert rows[original["id"]]["near_duplicates"] == 1
    assert near["id"] in rows[original["id"]]["near_duplicate_members"]
    assert set(rows) == {exact["id"], original["id"]}


def test_removed_boilerplate_top_lines_per_site_and_category(
    server: Server, archive_db: Path
) -> None:
    rows = server.rows(f"/{server.database}/removed_boilerplate.json")
    stored = read_archive(
        archive_db,
        "select a.site, r.category, r.text, r.article_id from removals r "
        "join articles a on a.id = r.article_id where a.latest = 1",
    )
    per_line = Counter((r["site"] or "", r["category"], r["text"]) for r in stored)
    groups: dict[tuple[str, str], list[int]] = {}
    for (site, category, _), count in per_line.items():
        groups.setdefault((site, category), []).append(count)
    expected_rows = sum(min(10, len(counts)) for counts in groups.values())
    assert len(rows) == expected_rows
    for row in rows:
        assert row["removals"] == per_line[(row["site"], row["category"], row["line"])]
        top = sorted(groups[(row["site"], row["category"])], reverse=True)[:10]
        assert row["removals"] >= top[-1]
    skip = [row for row in rows if row["line"] == "Skip to main content"]
    assert skip and skip[0]["site"] == "news-a.example"  # seed 000's first line
    category = rows[0]["category"]
    one_category = server.rows(f"/{server.database}/removed_boilerplate.json", category=category)
    assert one_category and {row["category"] for row in one_category} == {category}


def test_last_ingest_errors_shows_only_the_last_run(server: Server, archive_db: Path) -> None:
    rows = server.rows(f"/{server.database}/last_ingest_errors.json")
    assert [Path(row["file"]).name for row in rows] == [RUN2_BAD_FILE]
    assert rows[0]["reason"]
    all_errors = read_archive(archive_db, "select file from errors")
    assert {Path(row["file"]).name.split(":")[0] for row in all_errors} >= {
        "image.txt",
        "seeds.jsonl",
        RUN2_BAD_FILE,
    }


def test_visitors_cannot_write_even_past_the_select_check(server: Server, archive_db: Path) -> None:
    before = read_archive(archive_db, "select count(*) n from settings")[0]["n"]
    # WITH ... INSERT passes Datasette's "must be a SELECT" check; SQLite's read-only
    # connection is what refuses it.
    sql = "with x as (select 1) insert into settings (key, value) values ('visitor', 'was here')"
    status, body = server.get(f"/{server.database}.json", sql=sql)
    assert status == 400 and "attempt to write a readonly database" in json.loads(body)["error"]
    status, _ = server.get(f"/{server.database}.json", sql="update settings set value = 'x'")
    assert status == 400
    assert read_archive(archive_db, "select count(*) n from settings")[0]["n"] == before


def test_exposed_server_refuses_arbitrary_sql_but_serves_canned_queries(
    archive_db: Path, tmp_path: Path
) -> None:
    """--no-sql (the default off loopback): only the shipped queries and table pages run."""
    server = start_server(archive_db, tmp_path / "serve.log", "--no-sql")
    try:
        status, _ = server.get(f"/{server.database}.json", sql="select 1")
        assert status == 403
        assert server.rows(f"/{server.database}/search.json", q=SEARCH_TERM)
    finally:
        stop_server(server)


# -- WAL: Datasette keeps answering while ingest writes -------------------------------------------


def write_many_inputs(folder: Path, count: int) -> Path:
    """`count` distinct plain-text articles (seed texts with their own opening sentence)."""
    folder.mkdir()
    for index in range(count):
        seed = seed_text(SEED_FILES[index % len(SEED_FILES)])
        opening = f"Report number {index} from the desk: officials met on day {index}.\n"
        (folder / f"doc{index:04d}.txt").write_text(opening + seed, "utf-8")
    return folder


@pytest.fixture
def busy_server(archive_db: Path, tmp_path: Path) -> Iterator[Server]:
    """A server on a copy of the archive that the test may write to."""
    db = tmp_path / "busy.db"
    with sqlite3.connect(archive_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    server = start_server(db, tmp_path / "serve.log")
    yield server
    stop_server(server)


def test_reads_go_on_while_a_writer_holds_an_exclusive_transaction(
    busy_server: Server, tmp_path: Path
) -> None:
    """In rollback-journal mode this read waits 5 s, then fails with "database is locked"."""
    db = tmp_path / "busy.db"
    assert read_archive(db, "pragma journal_mode")[0][0] == "wal"
    writer = sqlite3.connect(db, isolation_level=None, timeout=30)
    try:
        writer.execute("begin exclusive")
        writer.execute("insert into settings (key, value) values ('in-flight', '1')")
        rows = busy_server.rows(f"/{busy_server.database}/settings.json")
        assert rows and "in-flight" not in {row["key"] for row in rows}  # not committed yet
        writer.execute("commit")
    finally:
        writer.close()
    rows = busy_server.rows(f"/{busy_server.database}/settings.json")
    assert "in-flight" in {row["key"] for row in rows}


def test_reads_never_see_a_locked_database_while_ingest_writes(
    busy_server: Server, tmp_path: Path
) -> None:
    db = tmp_path / "busy.db"
    inputs = write_many_inputs(tmp_path / "many", 60)
    counts: list[int] = []
    failures: list[str] = []
    ingest = subprocess.Popen(
        # Small batches: many commits, so reads overlap writes and see them land.
        cleaner_command("ingest", str(inputs), "--db", str(db), "--batch-size", "5", "-q"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while ingest.poll() is None and time.monotonic() < deadline:
        for path, params in (
            (f"/{busy_server.database}/articles.json", {"_size": "1"}),
            (f"/{busy_server.database}/search.json", {"q": "Iran"}),
        ):
            status, body = busy_server.get(path, **params)
            if status != 200 or "database is locked" in body:
                failures.append(f"{path}: HTTP {status}: {body[:200]}")
            elif path.endswith("articles.json"):
                counts.append(json.loads(body)["filtered_table_rows_count"])
        time.sleep(0.02)  # leave the shared CPUs to the ingest
    _, stderr = ingest.communicate(timeout=60)
    assert ingest.returncode == 0, stderr[-2000:]
    assert failures == []
    assert len(counts) >= 5, "too few reads happened while ingest was writing"
    assert counts == sorted(counts)
    final = read_archive(db, "select count(*) n from articles")[0]["n"]
    # Reads interleaved with the batches: they saw some of them land, not just before/after.
    assert counts[0] < final and len(set(counts)) >= 3, counts


# -- headless Chromium ----------------------------------------------------------------------------


def test_search_page_in_headless_chromium(server: Server, tmp_path: Path) -> None:
    browser = chromium()
    page = server.url(f"/{server.database}/search", q=SEARCH_TERM)
    dom = dump_dom(browser, tmp_path / "profile-dom", page)
    titles = re.findall(r'<td class="col-title"><a href="([^"]+)">(.*?)</a></td>', dom)
    snippets = re.findall(r'<td class="col-snippet">(.*?)</td>', dom, flags=re.DOTALL)
    results = server.rows(f"/{server.database}/search.json", q=SEARCH_TERM)
    # Highlights rendered as HTML, in rank order, each title linking to its article's page.
    assert titles == [
        (f"/{server.database}/-/article/{row['article_id']}", row["title"]) for row in results
    ]
    assert titles[0][1].startswith("<mark>Damascus</mark> Rejects")
    assert len(snippets) == len(results) and all("<mark>" in s for s in snippets)
    shot = tmp_path / "search.png"
    width, height, pixels = screenshot(browser, tmp_path / "profile-shot", page, shot)
    assert (width, height) == SCREENSHOT_SIZE
    yellow = sum(1 for pixel in pixels if pixel == MARK_YELLOW)
    assert yellow > 200, "no highlighted search result visible in the screenshot"
    keep_screenshot(shot, "search.png")
