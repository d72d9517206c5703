"""The near-duplicate index, persisted in the archive: LSH buckets of MinHash signatures.

The index lives in two archive tables: `minhashes` (the signature of every indexed article) and
`lsh_buckets` (one row per article and band: a 64-bit hash of that band's slice of the signature).
A query hashes its own bands and looks the buckets up by SQL on the (band, bucket) index, so the
cost depends on the number of candidates, not on the size of the archive, and nothing of the
archive is held in memory. Candidates are verified with their stored signatures. Only canonical
articles (`duplicate_of IS NULL`) are match targets, so every cluster points at its first-seen
article.

The band layout (bands x rows) depends on the threshold it was built for; it is recorded in the
`settings` table with the first indexed article and reused afterwards, so changing the threshold
later only changes the verification step until `rebuild_index` re-bands the archive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sqlite_utils

from cleaner.dedup.minhash import (
    SCHEME,
    DedupConfig,
    DedupError,
    Fingerprint,
    Layout,
    Signer,
    band_buckets,
    optimal_layout,
    signature_bytes,
    signature_from_bytes,
    similarity,
)

LAYOUT_KEY = "dedup.layout"
THRESHOLD_KEY = "dedup.threshold"


@dataclass(frozen=True)
class Match:
    """The canonical article a text duplicates, and the estimated similarity."""

    article_id: str
    similarity: float


def read_layout(db: sqlite_utils.Database) -> Layout | None:
    """The band layout the archive's index was built with, if any article is indexed."""
    if "settings" not in db.table_names():
        return None
    rows = list(db.query("SELECT value FROM settings WHERE key = ?", [LAYOUT_KEY]))
    return Layout.from_json(rows[0]["value"]) if rows else None


def configured(db: sqlite_utils.Database, config: DedupConfig | None) -> DedupConfig:
    """An explicit config wins; else the archive's stored threshold (`cleaner duplicates
    --set-threshold`), else the defaults."""
    if config is not None:
        return config
    if "settings" in db.table_names():
        rows = list(db.query("SELECT value FROM settings WHERE key = ?", [THRESHOLD_KEY]))
        if rows:
            return DedupConfig(threshold=float(rows[0]["value"]))
    return DedupConfig()


def store_threshold(db: sqlite_utils.Database, threshold: float) -> None:
    DedupConfig(threshold=threshold)  # validates
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        [THRESHOLD_KEY, str(threshold)],
    )


def _write_layout(db: sqlite_utils.Database, layout: Layout) -> None:
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [LAYOUT_KEY, layout.to_json()]
    )


def candidate_sql(bands: int) -> str:
    """Articles sharing any of `bands` (band, bucket) pairs, most shared buckets first.

    CROSS JOIN pins the join order: the probe pairs drive equality lookups on the bucket index,
    then articles and signatures by primary key. Left to itself the planner may walk every
    canonical article by the duplicate_of index, or scan the buckets: linear in the archive.
    """
    probes = ", ".join("(?, ?)" for _ in range(bands))
    return f"""
        WITH probe(band, bucket) AS (VALUES {probes})
        SELECT l.article_id AS article_id, m.signature AS signature, count(*) AS hits
        FROM probe p
        CROSS JOIN lsh_buckets l ON l.band = p.band AND l.bucket = p.bucket
        CROSS JOIN articles a ON a.id = l.article_id
        CROSS JOIN minhashes m ON m.article_id = l.article_id
        WHERE a.duplicate_of IS NULL AND l.article_id IS NOT ?
        GROUP BY l.article_id
        ORDER BY hits DESC, a.first_seen, l.article_id
        LIMIT ?
    """


class NearDuplicateIndex:
    """Finds near duplicates of a text among the archive's canonical articles.

    Holds no archive data in memory; `add` writes inside the caller's transaction and never
    commits.
    """

    def __init__(self, db: sqlite_utils.Database, config: DedupConfig | None = None) -> None:
        self.db = db
        self.config = configured(db, config)
        stored = read_layout(db)
        self._stored = stored is not None
        self.layout = stored or optimal_layout(self.config)
        if stored and (
            stored.num_perm != self.config.num_perm
            or stored.shingle_words != self.config.shingle_words
            or stored.scheme != SCHEME
        ):
            raise DedupError(
                f"the archive's near-duplicate index was built with {stored.to_json()}; "
                "run `cleaner duplicates --rebuild` to rebuild it with the new settings"
            )

    @cached_property
    def signer(self) -> Signer:
        """Made when a text comes without its fingerprint: a merge of shards, whose
        signatures are stored, never loads datasketch (and scipy: ~0.5 s)."""
        return Signer(self.config, self.layout)

    def find(
        self, text: str, *, exclude_id: str | None = None, fingerprint: Fingerprint | None = None
    ) -> Match | None:
        """The most similar canonical article at or above the threshold, if any.
        `fingerprint`: the text's, if already computed (by ingest's cleaning workers)."""
        fingerprint = fingerprint or self.signer.fingerprint(text)
        if fingerprint is None:
            return None
        best: Match | None = None
        for article_id, stored in self._candidates(fingerprint, exclude_id):
            score = similarity(fingerprint.signature, stored)
            if score >= self.config.threshold and (best is None or score > best.similarity):
                best = Match(article_id, round(score, 4))
        return best

    def _candidates(
        self, fingerprint: Fingerprint, exclude_id: str | None
    ) -> Iterator[tuple[str, np.ndarray]]:
        """Canonical articles sharing a bucket, most shared buckets first, oldest first."""
        params: list[object] = [value for pair in fingerprint.buckets for value in pair]
        params += [exclude_id, self.config.max_candidates]
        sql = candidate_sql(len(fingerprint.buckets))
        for found, blob, _ in self.db.conn.execute(sql, params):
            yield found, signature_from_bytes(blob)

    def add(
        self,
        article_id: str,
        text: str,
        *,
        fingerprint: Fingerprint | None = None,
        new: bool = False,
    ) -> bool:
        """Index (or re-index) an article; False when its text is too short to index.
        `new`: the article was never indexed (just stored), so there is nothing to replace."""
        if not new:
            self.remove(article_id)
        fingerprint = fingerprint or self.signer.fingerprint(text)
        if fingerprint is None:
            return False
        if not self._stored:
            _write_layout(self.db, self.layout)
            self._stored = True
        self.db.conn.execute(
            "INSERT INTO minhashes (article_id, signature) VALUES (?, ?)",
            [article_id, signature_bytes(fingerprint.signature)],
        )
        self.db.conn.executemany(
            "INSERT INTO lsh_buckets (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article_id) for band, bucket in fingerprint.buckets],
        )
        return True

    def remove(self, article_id: str) -> None:
        """Drop an article from the index: its bucket rows are found by recomputing its buckets
        from the stored signature (lsh_buckets has no article_id index: cheaper inserts)."""
        conn = self.db.conn
        row = conn.execute(
            "SELECT signature FROM minhashes WHERE article_id = ?", [article_id]
        ).fetchone()
        if row is None:
            return
        conn.executemany(
            "DELETE FROM lsh_buckets WHERE band = ? AND bucket = ? AND article_id = ?",
            [
                (band, bucket, article_id)
                for band, bucket in band_buckets(signature_from_bytes(row[0]), self.layout)
            ],
        )
        conn.execute("DELETE FROM minhashes WHERE article_id = ?", [article_id])


def rebuild_index(db: sqlite_utils.Database, config: DedupConfig, batch_size: int = 500) -> int:
    """Re-fingerprint every article with `config` and re-band the index, in one transaction.

    Existing `duplicate_of` marks are kept. Returns the number of articles indexed.
    """
    indexed = 0
    with db.atomic():
        db.execute("DELETE FROM lsh_buckets")
        db.execute("DELETE FROM minhashes")
        db.execute("DELETE FROM settings WHERE key = ?", [LAYOUT_KEY])
        index = NearDuplicateIndex(db, config)
        for chunk in _article_chunks(db, batch_size):
            for article_id, text in chunk:
                indexed += index.add(article_id, text)
    return indexed


def _article_chunks(
    db: sqlite_utils.Database, batch_size: int
) -> Iterator[Sequence[tuple[str, str]]]:
    """(id, text) of every article in rowid order, a batch at a time (keyset pagination)."""
    last_rowid = -1
    while True:
        rows = list(
            db.query(
                "SELECT rowid, id, text FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                [last_rowid, batch_size],
            )
        )
        if not rows:
            return
        last_rowid = rows[-1]["rowid"]
        yield [(row["id"], row["text"] or "") for row in rows]
