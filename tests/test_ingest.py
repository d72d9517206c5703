"""Ingest orchestration on real files and a real archive: outcomes, idempotent reruns,
versions, duplicates, errors, parallel cleaning, reclean."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest
from article_corpus import article_text, write_articles

import cleaner.ingest as ingest_package
from cleaner.archive import open_archive
from cleaner.archive.search import SearchQuery
from cleaner.errors import CleanerError
from cleaner.ingest import ingest, reclean
from cleaner.ingest.feeder import current_versions
from cleaner.ingest.options import Batching, IngestOptions, RecleanOptions
from cleaner.model import Article, RawDocument
from cleaner.outcomes import INGEST_KINDS, OutcomeKind

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TABLES = ("articles", "raw_inputs", "removals", "sightings", "errors", "minhashes", "lsh_buckets")


NEW, UNCHANGED, DUPLICATE, ERROR = (
    OutcomeKind.NEW,
    OutcomeKind.UNCHANGED,
    OutcomeKind.DUPLICATE,
    OutcomeKind.ERROR,
)


def counts(db: Path) -> dict[str, int]:
    with open_archive(db, create=False) as archive:
        return {t: archive.db[t].count for t in TABLES}


def run(paths: list[Path], db: Path, **options: object):
    outcomes = []
    report = ingest(
        IngestOptions(paths=tuple(map(str, paths)), db_path=str(db), **options),  # type: ignore[arg-type]
        on_outcome=outcomes.append,
    )
    assert report.counts.seen == sum(report.counts[kind] for kind in INGEST_KINDS)
    assert len(outcomes) == report.counts.seen
    assert [o.kind for o in outcomes].count(ERROR) == report.counts[ERROR]
    return report, outcomes


def must_not_clean(doc: RawDocument, site_template: object) -> Article:
    raise AssertionError(f"{doc.source} was cleaned again")


def sleep_then_pass(doc: RawDocument, site_template: object) -> Article:
    time.sleep(5)
    return Article(text=doc.data.decode())


def test_seeds_then_rerun_adds_nothing_and_does_not_clean(tmp_path):
    db = tmp_path / "a.db"
    seeds = sorted(SEEDS.glob("*.txt"))
    first, _ = run(seeds, db)
    assert (first.counts[NEW], first.counts[ERROR]) == (5, 0)
    before = counts(db)
    assert before["articles"] == 5 and before["raw_inputs"] == 5
    second, _ = run(seeds, db, clean_fn=must_not_clean)
    assert (second.counts[UNCHANGED], second.counts[NEW], second.counts[ERROR]) == (5, 0, 0)
    assert counts(db) == before
    with open_archive(db, create=False) as archive:
        runs = list(archive.db.query("SELECT status, new, unchanged FROM ingest_runs ORDER BY id"))
        assert runs == [
            {"status": "done", "new": 5, "unchanged": 0},
            {"status": "done", "new": 0, "unchanged": 5},
        ]
        assert archive.integrity_problems() == []


def test_changed_file_becomes_a_new_version(tmp_path):
    db, path = tmp_path / "a.db", tmp_path / "story.txt"
    path.write_text(article_text(1))
    run([path], db)
    path.write_text(article_text(1) + "\nA correction was added to the story afterwards.\n")
    report, outcomes = run([path], db)
    assert report.counts[NEW] == 1
    with open_archive(db, create=False) as archive:
        versions = archive.versions(str(path))
        assert [(v["version"], v["latest"]) for v in versions] == [(1, 0), (2, 1)]
        assert outcomes[0].article_id == versions[1]["id"]


def test_exact_duplicate_elsewhere_is_a_sighting(tmp_path):
    db = tmp_path / "a.db"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(article_text(7))
    (tmp_path / "b" / "y.txt").write_text(article_text(7).replace("\n\n", "\n\n\n"))  # same text
    (tmp_path / "b" / "z.txt").write_text(article_text(7))  # same bytes
    report, outcomes = run([tmp_path / "a", tmp_path / "b"], db)
    assert (report.counts[NEW], report.counts[DUPLICATE]) == (1, 2)
    with open_archive(db, create=False) as archive:
        article = outcomes[0].article_id
        assert {s["source"] for s in archive.sightings(article)} == {
            str(tmp_path / "b" / "y.txt"),
            str(tmp_path / "b" / "z.txt"),
        }
    again, _ = run([tmp_path / "a", tmp_path / "b"], db)
    assert (again.counts[UNCHANGED], again.counts[DUPLICATE]) == (3, 0)
    assert counts(db)["sightings"] == 2


def test_errors_are_named_stored_and_the_run_goes_on(tmp_path):
    db = tmp_path / "a.db"
    (tmp_path / "good.txt").write_text(article_text(3))
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bad" * 10 + b"\x81\x82\x83")
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8bnot really gzip")
    (tmp_path / "empty.txt").write_text("   \n\n")
    report, outcomes = run([tmp_path], db)
    failed = {Path(o.source).name: o.reason for o in outcomes if o.kind is ERROR}
    assert "broken.txt.gz" in failed and all(failed.values())
    assert report.counts[NEW] == 1
    with open_archive(db, create=False) as archive:
        stored = {Path(r["file"]).name for r in archive.db.query("SELECT file FROM errors")}
        assert stored == set(failed)


def test_jsonl_hints_win_and_stdin_style_sources(tmp_path):
    db = tmp_path / "a.db"
    records = tmp_path / "feed.jsonl.gz"
    lines = [
        {"url": "https://www.paper.example/a", "text": article_text(11), "title": "Given title",
         "published": "2026-02-03T10:00:00Z", "author": "A. Writer"},
        {"url": "https://paper.example/b", "text": article_text(12)},
    ]  # fmt: skip
    records.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in lines).encode()))
    report, outcomes = run([records], db)
    assert report.counts[NEW] == 2
    with open_archive(db, create=False) as archive:
        first = archive.get_article(outcomes[0].article_id or "")
        assert first is not None
        assert (first["title"], first["published"], first["author"], first["site"]) == (
            "Given title",
            "2026-02-03",
            "A. Writer",
            "paper.example",
        )
        assert first["doc_key"] == "https://www.paper.example/a"


def test_parallel_cleaning_stores_the_same_articles(tmp_path):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 60)
    shutil.copy(corpus / "part0000" / "article0000001.txt", corpus / "dup.txt")
    one, _ = run([corpus], tmp_path / "one.db", jobs=1)
    two, _ = run([corpus], tmp_path / "two.db", jobs=2, batching=Batching(size=7))
    assert one.counts == two.counts
    assert (two.counts[NEW], two.counts[DUPLICATE]) == (60, 1)

    def ids(db: Path) -> set[str]:
        with open_archive(db, create=False) as archive:
            return {r[0] for r in archive.conn.execute("SELECT id FROM articles")}

    assert ids(tmp_path / "one.db") == ids(tmp_path / "two.db")
    rerun, _ = run([corpus], tmp_path / "two.db", jobs=2)
    assert rerun.counts[UNCHANGED] == 61


def test_slow_document_hits_the_time_limit(tmp_path):
    db = tmp_path / "a.db"
    (tmp_path / "slow.txt").write_text(article_text(5))
    started = time.monotonic()
    report, outcomes = run([tmp_path / "slow.txt"], db, time_limit=0.3, clean_fn=sleep_then_pass)
    assert time.monotonic() - started < 4
    assert report.counts[ERROR] == 1
    assert "took longer than the 0.3 s time limit" in (outcomes[0].reason or "")


def test_bad_rule_file_is_fatal_before_anything_is_stored(tmp_path):
    bad_rules = tmp_path / "bad.toml"
    bad_rules.write_text("this is [not toml")
    (tmp_path / "in.txt").write_text(article_text(1))
    with pytest.raises(CleanerError):
        run([tmp_path / "in.txt"], tmp_path / "a.db", rule_files=(str(bad_rules),), jobs=2)
    with open_archive(tmp_path / "a.db", create=False) as archive:
        assert archive.db["articles"].count == 0
        assert [r[0] for r in archive.conn.execute("SELECT status FROM ingest_runs")] == ["failed"]


def test_reclean_restores_articles_removals_and_index(tmp_path):
    db = tmp_path / "a.db"
    run(sorted(SEEDS.glob("*.txt")), db)
    with open_archive(db, create=False) as archive:
        expected = {
            r[0]: (r[1], r[2]) for r in archive.conn.execute("SELECT id, text, title FROM articles")
        }
        removals = archive.db["removals"].count
        # simulate articles cleaned by an older, worse cleaner
        archive.db.execute("UPDATE articles SET text = 'stale zanzibar text', title = NULL")
        archive.db.execute("DELETE FROM removals")
        assert len(archive.search(SearchQuery("zanzibar"))) == 5
    report = reclean(RecleanOptions(db_path=str(db), batching=Batching(size=2)))
    assert report.counts.by_counter() == {"changed": 5, "unchanged": 0, "errors": 0}
    with open_archive(db, create=False) as archive:
        now = {
            r[0]: (r[1], r[2]) for r in archive.conn.execute("SELECT id, text, title FROM articles")
        }
        assert now == expected
        assert archive.db["removals"].count == removals
        assert archive.search(SearchQuery("zanzibar")) == []
        assert len(archive.search(SearchQuery("iran"))) == 5
        assert archive.integrity_problems() == []
    again = reclean(RecleanOptions(db_path=str(db), jobs=2))
    assert again.counts.by_counter() == {"changed": 0, "unchanged": 5, "errors": 0}


def test_reclean_outdated_takes_only_what_other_versions_cleaned(tmp_path):
    db = tmp_path / "a.db"
    run(sorted(SEEDS.glob("*.txt")), db)
    current = current_versions()
    with open_archive(db, create=False) as archive:
        assert archive.stored_input_count(outdated=current) == 0
        ids = [r[0] for r in archive.conn.execute("SELECT id FROM articles ORDER BY id")]
        archive.db.execute(
            "UPDATE articles SET model_version = 'an-old-model' WHERE id = ?", [ids[0]]
        )
        archive.db.execute("UPDATE articles SET model_version = NULL WHERE id = ?", [ids[1]])
        archive.db.execute("UPDATE articles SET cleaner_version = '0.0.1' WHERE id = ?", [ids[2]])
        assert archive.stored_input_count(outdated=current) == 3
        assert {s.article_id for s in archive.stored_inputs(outdated=current)} == set(ids[:3])
    report = reclean(RecleanOptions(db_path=str(db), outdated_only=True))
    assert sum(report.counts.by_counter().values()) == 3
    with open_archive(db, create=False) as archive:
        assert archive.stored_input_count(outdated=current) == 0
        versions = set(archive.conn.execute("SELECT cleaner_version, model_version FROM articles"))
        assert versions == {(current.cleaner, current.model)}


def test_a_run_that_grows_the_archive_by_a_tenth_ends_with_optimize(tmp_path, monkeypatch):
    """FTS5 'optimize' rewrites every full-text index, so only after a run that added a tenth
    of the archive's articles (and at least OPTIMIZE_MIN_ARTICLES)."""
    optimized = []
    real_optimize = ingest_package.optimize
    monkeypatch.setattr(ingest_package, "OPTIMIZE_MIN_ARTICLES", 3)
    monkeypatch.setattr(ingest_package, "optimize",
                        lambda conn: (optimized.append(1), real_optimize(conn)))  # fmt: skip
    db = tmp_path / "a.db"
    run(write_articles(tmp_path / "first", 20), db)
    assert len(optimized) == 1
    run(write_articles(tmp_path / "second", 2, start=20), db)  # 2 of 22: less than a tenth
    assert len(optimized) == 1
    run(write_articles(tmp_path / "third", 3, start=22), db)  # 3 of 25
    assert len(optimized) == 2
    with open_archive(db, create=False) as archive:
        assert archive.integrity_problems() == []
        assert len(archive.search(SearchQuery("dispatch", limit=100))) == 25
