"""Near-duplicate index: fingerprints, LSH banding in a real SQLite archive, both directions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from cleaner.archive import Archive, open_archive
from cleaner.archive.records import ArticleRecord, text_hash
from cleaner.dedup.clusters import clusters
from cleaner.dedup.index import LAYOUT_KEY, Match, NearDuplicateIndex, candidate_sql, rebuild_index
from cleaner.dedup.minhash import (
    DedupConfig,
    DedupError,
    Fingerprinter,
    Signer,
    fingerprint,
    optimal_layout,
    shingles,
    signature_bytes,
    signature_from_bytes,
    word_shingles,
)
from cleaner.model import Article
from cleaner.text import words

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def seed_text(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def syndicated_copy(text: str) -> str:
    """Another site's copy: own chrome and headline, one paragraph dropped, one added, edits."""
    body = [p for p in paragraphs(text) if len(p.split()) > 12]
    del body[len(body) // 2]
    body[1] = body[1].replace("said", "told reporters").replace("Syria", "Syrian territory", 1)
    body.insert(3, "Editor's note: this story has been updated with comments from Damascus.")
    chrome = ["World News | Middle East", "Syria says Iran's presence is not negotiable"]
    footer = ["Copyright 2018 Example Wire. All rights reserved.", "Share on Facebook"]
    return "\n\n".join(chrome + body + footer)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def store(archive: Archive, article_id: str, text: str, match: Match | None = None) -> None:
    """Store an article row the way ingest does (duplicate_of/similarity from a match)."""
    archive.writes.store_article(
        ArticleRecord(
            id=article_id,
            doc_key=f"doc-{article_id}",
            version=1,
            article=Article(text=text, title=f"title {article_id}"),
            source=f"{article_id}.txt",
            raw_hash=f"raw-{article_id}",
            text_hash=text_hash(text),
            seen_at=f"2026-01-01T00:00:{archive.db['articles'].count:02d}Z",
            cleaner_version="test",
            duplicate_of=match.article_id if match else None,
            similarity=match.similarity if match else None,
        )
    )


def ingest(archive: Archive, index: NearDuplicateIndex, article_id: str, text: str) -> Match | None:
    """find → store → add, in one transaction, as `cleaner ingest` does."""
    with archive.batch():
        match = index.find(text)
        store(archive, article_id, text, match)
        index.add(article_id, text)
    return match


def test_words_are_casefolded_without_punctuation_and_cjk_split() -> None:
    assert words("Iran's U.S. DEMAND, “not” negotiable!") == [
        "iran",
        "s",
        "u",
        "s",
        "demand",
        "not",
        "negotiable",
    ]
    assert words("北京 said 中文abc") == ["北", "京", "said", "中", "文", "abc"]


def test_shingles_are_word_five_grams() -> None:
    assert shingles("a b c d e f") == {b"a b c d e", b"b c d e f"}
    assert shingles("Short text.") == {b"short text"}
    assert shingles("  ") == set()


def test_fingerprint_is_deterministic_and_round_trips_through_bytes() -> None:
    first = fingerprint(seed_text(0)).hashvalues
    again = fingerprint(seed_text(0)).hashvalues
    assert (first == again).all()
    blob = signature_bytes(first)
    assert len(blob) == 128 * 8
    assert (signature_from_bytes(blob) == first).all()


@pytest.mark.parametrize(
    "text",
    [
        "seed",
        "Ünïcode wörds, accents and ß " * 40,
        "北京 said 中文abc " * 30 + "日本語のテキスト",
        "a b c",
        "a b c d e",
        "a b c d e f",
        "the same five words again " * 900,  # repeats, and more shingles than one numpy pass
    ],
)
def test_the_fast_fingerprinter_gives_datasketchs_hash_values(text: str) -> None:
    """Stored signatures stay valid: the vectorised path is bit-for-bit datasketch's MinHash."""
    text = seed_text(2) if text == "seed" else text
    fast = Fingerprinter().hashvalues(words(text))
    assert fast.dtype == np.uint64
    assert (fast == fingerprint(text).hashvalues).all()
    assert word_shingles(words(text)) == shingles(text)


def test_the_signer_needs_no_archive_and_leaves_short_texts_unsigned(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    signer = Signer(DedupConfig(), index.layout)
    assert signer.fingerprint("Shares rose 4% after the company declined to comment.") is None
    signed = signer.fingerprint(seed_text(0))
    assert signed is not None
    assert (signed.signature == fingerprint(seed_text(0)).hashvalues).all()
    assert len(signed.buckets) == index.layout.bands
    ingest(archive, index, "seed0", seed_text(0))
    found = index.find(seed_text(0), fingerprint=signed)
    assert found is not None and found == index.find(seed_text(0))


def test_the_five_seeds_are_far_below_the_threshold() -> None:
    threshold = DedupConfig().threshold
    prints = [fingerprint(seed_text(i)) for i in range(5)]
    for i in range(5):
        for j in range(i + 1, 5):
            assert prints[i].jaccard(prints[j]) < threshold / 2, (SEEDS[i].name, SEEDS[j].name)


def test_a_syndicated_copy_is_above_the_threshold() -> None:
    original, copy = fingerprint(seed_text(1)), fingerprint(syndicated_copy(seed_text(1)))
    assert original.jaccard(copy) >= DedupConfig().threshold


def test_layout_follows_the_threshold() -> None:
    strict = optimal_layout(DedupConfig(threshold=0.8))
    loose = optimal_layout(DedupConfig(threshold=0.3))
    assert strict.rows > loose.rows and strict.bands < loose.bands
    assert strict.bands * strict.rows <= 128 and loose.bands * loose.rows <= 128


def test_seeds_stay_canonical_and_a_copy_points_at_the_first_seen(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    for number in range(5):
        assert ingest(archive, index, f"seed{number}", seed_text(number)) is None
    match = ingest(archive, index, "copy-of-1", syndicated_copy(seed_text(1)))
    assert match is not None and match.article_id == "seed1"
    assert match.similarity >= index.config.threshold
    row = archive.get_article("copy-of-1")
    assert row is not None and row["duplicate_of"] == "seed1"
    assert row["similarity"] == match.similarity


def test_only_canonical_articles_are_match_targets(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    ingest(archive, index, "original", seed_text(2))
    copy = syndicated_copy(seed_text(2))
    assert ingest(archive, index, "copy", copy) == index.find(copy, exclude_id="copy")
    # The copy of the copy is far closer to "copy", yet it must point at the canonical one.
    second = copy.replace("Copyright 2018", "(c) 2018 Other Wire")
    match = index.find(second)
    assert match is not None and match.article_id == "original"


def test_find_excludes_the_article_itself(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    ingest(archive, index, "only", seed_text(3))
    assert index.find(seed_text(3)) == Match("only", 1.0)
    assert index.find(seed_text(3), exclude_id="only") is None


def test_short_texts_are_neither_indexed_nor_matched(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    short = "Shares rose 4% after the company declined to comment."
    assert ingest(archive, index, "short", short) is None
    assert archive.db["minhashes"].count == 0
    assert index.find(short) is None


def test_add_writes_in_the_callers_transaction_and_never_commits(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    archive.conn.execute("BEGIN")
    index.add("rolled-back", seed_text(0))
    assert archive.conn.in_transaction
    archive.conn.execute("ROLLBACK")
    assert archive.db["minhashes"].count == 0
    assert archive.db["lsh_buckets"].count == 0


def test_reindexing_replaces_the_old_rows(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    ingest(archive, index, "a", seed_text(0))
    with archive.batch():
        index.add("a", seed_text(4))
    assert archive.db["minhashes"].count == 1
    assert archive.db["lsh_buckets"].count == index.layout.bands
    assert index.find(seed_text(4)) == Match("a", 1.0)


def test_removing_an_article_deletes_exactly_its_bucket_rows(archive: Archive) -> None:
    """lsh_buckets has no article_id index: rows are found again from the stored signature."""
    index = NearDuplicateIndex(archive.db)
    ingest(archive, index, "a", seed_text(0))
    ingest(archive, index, "b", seed_text(1))
    with archive.batch():
        index.remove("a")
        index.remove("never-indexed")
    rows = archive.db.execute("SELECT DISTINCT article_id FROM lsh_buckets").fetchall()
    assert rows == [("b",)]
    assert archive.db["lsh_buckets"].count == index.layout.bands
    assert [r[0] for r in archive.db.execute("SELECT article_id FROM minhashes")] == ["b"]


def test_candidate_lookup_starts_from_the_bucket_index(archive: Archive) -> None:
    """Sublinear: the plan searches lsh_buckets by (band, bucket), then articles by id; it never
    walks the articles (a scan, or the duplicate_of index that matches every canonical one)."""
    index = NearDuplicateIndex(archive.db)
    for number in range(5):
        ingest(archive, index, f"seed{number}", seed_text(number))
    archive.db.execute("ANALYZE")
    bands = index.layout.bands
    plan = archive.db.execute(
        "EXPLAIN QUERY PLAN " + candidate_sql(bands), [0] * (2 * bands) + [None, 50]
    ).fetchall()
    steps = [str(row[-1]) for row in plan if str(row[-1]).startswith(("SEARCH", "SCAN"))]
    # The only scans are over the query's own probe pairs (constant rows), never a table.
    assert [step for step in steps if step.startswith("SCAN")] == [
        f"SCAN {bands} CONSTANT ROWS",
        "SCAN p",
    ]
    searches = [step for step in steps if step.startswith("SEARCH")]
    assert searches[0].startswith("SEARCH l USING PRIMARY KEY")  # WITHOUT ROWID: the table
    assert searches[0].endswith("(band=? AND bucket=?)")
    assert searches[1].startswith("SEARCH a USING INDEX") and searches[1].endswith("(id=?)")
    assert not [step for step in steps if "duplicate_of" in step]


def test_layout_is_stored_and_a_mismatch_asks_for_a_rebuild(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db, DedupConfig(threshold=0.5))
    ingest(archive, index, "a", seed_text(0))
    ingest(archive, index, "b", seed_text(1))
    stored = archive.db["settings"].get(LAYOUT_KEY)["value"]
    assert stored == index.layout.to_json()
    # A new threshold keeps the stored bands (only verification changes) ...
    assert NearDuplicateIndex(archive.db, DedupConfig(threshold=0.8)).layout == index.layout
    # ... other signatures cannot be compared at all.
    with pytest.raises(DedupError, match="--rebuild"):
        NearDuplicateIndex(archive.db, DedupConfig(num_perm=64))
    assert rebuild_index(archive.db, DedupConfig(num_perm=64, threshold=0.8)) == 2
    rebuilt = NearDuplicateIndex(archive.db, DedupConfig(num_perm=64, threshold=0.8))
    assert rebuilt.layout == optimal_layout(DedupConfig(num_perm=64, threshold=0.8))
    assert rebuilt.find(seed_text(1)) == Match("b", 1.0)
    blob = archive.db.execute("SELECT signature FROM minhashes LIMIT 1").fetchone()[0]
    assert len(blob) == 64 * 8


def test_clusters_group_duplicates_under_their_canonical(archive: Archive) -> None:
    index = NearDuplicateIndex(archive.db)
    for number in range(3):
        ingest(archive, index, f"seed{number}", seed_text(number))
    ingest(archive, index, "copy1", syndicated_copy(seed_text(1)))
    ingest(archive, index, "copy2", syndicated_copy(seed_text(2)))
    found = list(clusters(archive.db))
    assert [c.canonical.article_id for c in found] == ["seed1", "seed2"]
    assert [d.article_id for d in found[0].duplicates] == ["copy1"]
    assert found[0].duplicates[0].similarity is not None
    assert found[0].canonical.title == "title seed1"
