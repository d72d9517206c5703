"""Near-duplicate detection: MinHash fingerprints with LSH banding, persisted in the archive.

An article's fingerprint is a datasketch MinHash over the word 5-grams of its normalised text
(casefolded, punctuation dropped, CJK characters as single words). Five-grams are long enough
that different articles on one story, which share names, places and whole quotes, overlap in few
shingles, while a syndicated copy (other chrome lines, a new headline, a trimmed or added
paragraph, a few edited words) keeps most of them.

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

import hashlib
import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from hashlib import sha1

import numpy as np
import sqlite_utils
from datasketch import MinHash

from cleaner.errors import CleanerError
from cleaner.text import words

# Chosen by scripts/eval_dedup.py: see the README (Duplicates and site templates) for the sweep.
DEFAULT_THRESHOLD = 0.4
SCHEME = "words-affine64-seed1"
LAYOUT_KEY = "dedup.layout"
THRESHOLD_KEY = "dedup.threshold"
_MINHASH_SEED = 1
_HASH_CHUNK = 4096  # shingles per numpy pass: at most 4 MB of temporaries
_FMIX_SHIFT = np.uint64(33)
_FMIX_M1 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX_M2 = np.uint64(0xC4CEB9FE1A85EC53)


class DedupError(CleanerError):
    """The stored near-duplicate index cannot be used with the requested settings."""


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate settings.

    `threshold`: estimated Jaccard similarity of the shingle sets at or above which a text is a
    near duplicate. `min_words`: shorter texts are neither indexed nor matched (their few
    shingles make the estimate meaningless). `max_candidates`: LSH candidates verified per query,
    most bucket hits first. `fp_weight`/`fn_weight` weigh missed candidates against extra ones
    when choosing the band layout; verification removes extra candidates, so misses weigh more.
    """

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = 128
    shingle_words: int = 5
    min_words: int = 25
    max_candidates: int = 50
    fp_weight: float = 0.3
    fn_weight: float = 0.7

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise DedupError(f"dedup threshold must be in (0, 1], got {self.threshold}")
        if self.num_perm < 2 or self.shingle_words < 1:
            raise DedupError("dedup num_perm must be >= 2 and shingle_words >= 1")


@dataclass(frozen=True)
class Match:
    """The canonical article a text duplicates, and the estimated similarity."""

    article_id: str
    similarity: float


@dataclass(frozen=True)
class Layout:
    """How signatures are cut into LSH bands; stored in `settings` with the index."""

    num_perm: int
    bands: int
    rows: int
    shingle_words: int
    scheme: str = SCHEME

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, value: str) -> Layout:
        return cls(**json.loads(value))


def shingles(text: str, size: int = 5) -> set[bytes]:
    """Word n-grams of the normalised text (the whole text as one shingle when shorter)."""
    return word_shingles(words(text), size)


def word_shingles(tokens: Sequence[str], size: int = 5) -> set[bytes]:
    """`shingles` of already normalised words."""
    return set(_ngrams(tokens, size))


def _ngrams(tokens: Sequence[str], size: int) -> list[bytes]:
    """Every word n-gram in order, repeats included (a MinHash does not mind them)."""
    if len(tokens) <= size:
        return [" ".join(tokens).encode()] if tokens else []
    count = len(tokens) - size + 1
    joined = " ".join(tokens)
    if not joined.isascii():
        return [" ".join(tokens[i : i + size]).encode() for i in range(count)]
    # ASCII: characters are bytes, so each n-gram is a slice of the joined text (no joins).
    data = joined.encode()
    starts = [0, *itertools.accumulate(len(token) + 1 for token in tokens)]
    return [data[start : end - 1] for start, end in zip(starts[:count], starts[size:], strict=True)]


def fingerprint(text: str, num_perm: int = 128, shingle_words: int = 5) -> MinHash:
    """The MinHash of a text's shingles (deterministic: fixed seed and hash scheme).

    The reference implementation: `Fingerprinter` computes the same hash values faster."""
    minhash = MinHash(num_perm=num_perm, seed=_MINHASH_SEED, scheme="affine64")
    minhash.update_batch(sorted(shingles(text, shingle_words)))
    return minhash


class Fingerprinter:
    """The hash values of `fingerprint`, bit for bit, at a fraction of the cost: datasketch's
    affine64 permutations are drawn once (not per MinHash), the SHA-1 prefixes of all shingles
    are read as one uint64 array, and mixing, permuting and the minimum run in numpy."""

    def __init__(self, num_perm: int = 128, shingle_words: int = 5) -> None:
        template = MinHash(num_perm=num_perm, seed=_MINHASH_SEED, scheme="affine64")
        multipliers, offsets = np.asarray(template.permutations, dtype=np.uint64)
        self._multipliers = multipliers.reshape(1, -1)
        self._offsets = offsets.reshape(1, -1)
        self._empty = np.asarray(template.hashvalues, dtype=np.uint64)
        self.shingle_words = shingle_words

    def hashvalues(self, tokens: Sequence[str]) -> np.ndarray:
        """The signature of the text whose normalised words are `tokens`."""
        pieces = _ngrams(tokens, self.shingle_words)
        result = self._empty.copy()
        for start in range(0, len(pieces), _HASH_CHUNK):  # bounds the temporary matrix
            prefixes = b"".join(
                [sha1(piece).digest()[:8] for piece in pieces[start : start + _HASH_CHUNK]]
            )
            mixed = _fmix64(np.frombuffer(prefixes, dtype="<u8")).reshape(-1, 1)
            permuted = mixed * self._multipliers  # wraps mod 2^64, as in datasketch
            permuted += self._offsets  # in place: a second temporary costs more than the sum
            result = np.minimum(result, permuted.min(axis=0))
        return result


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: datasketch pre-mixes every input hash with it."""
    values = values ^ (values >> _FMIX_SHIFT)
    values = values * _FMIX_M1
    values = values ^ (values >> _FMIX_SHIFT)
    values = values * _FMIX_M2
    return values ^ (values >> _FMIX_SHIFT)


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal hash values)."""
    if len(left) != len(right):
        raise DedupError("signatures of different lengths cannot be compared")
    return float(np.count_nonzero(left == right)) / len(left)


def signature_bytes(hashvalues: np.ndarray) -> bytes:
    return np.asarray(hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8")


def band_buckets(hashvalues: np.ndarray, layout: Layout) -> list[tuple[int, int]]:
    """(band, bucket) for each band: a signed 64-bit hash of the band's slice (fits SQLite)."""
    values = np.asarray(hashvalues, dtype="<u8")
    buckets = []
    for band in range(layout.bands):
        piece = values[band * layout.rows : (band + 1) * layout.rows].tobytes()
        digest = hashlib.blake2b(piece, digest_size=8).digest()
        buckets.append((band, int.from_bytes(digest, "little", signed=True)))
    return buckets


def _candidate_probability(similarity: np.ndarray, bands: int, rows: int) -> np.ndarray:
    return np.asarray(1.0 - (1.0 - similarity**rows) ** bands)


def _area(values: np.ndarray, width: float) -> float:
    """Integral of evenly sampled values over an interval of `width` (trapezoid rule)."""
    inner = values[1:-1].sum() + (values[0] + values[-1]) / 2
    return float(inner) * width / (len(values) - 1)


def optimal_layout(config: DedupConfig) -> Layout:
    """Bands x rows minimising the weighted areas of false candidates below the threshold and
    missed candidates above it (the same criterion as datasketch's MinHashLSH)."""
    below = np.linspace(0.0, config.threshold, 200)
    above = np.linspace(config.threshold, 1.0, 200)
    best: tuple[float, int, int] = (float("inf"), 1, config.num_perm)
    for bands in range(1, config.num_perm + 1):
        for rows in range(1, config.num_perm // bands + 1):
            false_pos = _area(_candidate_probability(below, bands, rows), config.threshold)
            false_neg = _area(
                1.0 - _candidate_probability(above, bands, rows), 1 - config.threshold
            )
            error = config.fp_weight * false_pos + config.fn_weight * false_neg
            if error < best[0]:
                best = (float(error), bands, rows)
    return Layout(config.num_perm, best[1], best[2], config.shingle_words)


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
        self.fingerprinter = Fingerprinter(self.config.num_perm, self.config.shingle_words)
        if stored and (
            stored.num_perm != self.config.num_perm
            or stored.shingle_words != self.config.shingle_words
            or stored.scheme != SCHEME
        ):
            raise DedupError(
                f"the archive's near-duplicate index was built with {stored.to_json()}; "
                "run `cleaner duplicates --rebuild` to rebuild it with the new settings"
            )

    def signature(self, text: str) -> np.ndarray | None:
        """The text's signature, or None when it is too short to compare."""
        tokens = words(text)
        if len(tokens) < self.config.min_words:
            return None
        return self.fingerprinter.hashvalues(tokens)

    def find(
        self, text: str, *, exclude_id: str | None = None, signature: np.ndarray | None = None
    ) -> Match | None:
        """The most similar canonical article at or above the threshold, if any."""
        # `signature`: precomputed by ingest's cleaning workers, to keep the writer cheap.
        signature = self.signature(text) if signature is None else signature
        if signature is None:
            return None
        best: Match | None = None
        for article_id, stored in self._candidates(signature, exclude_id):
            score = similarity(signature, stored)
            if score >= self.config.threshold and (best is None or score > best.similarity):
                best = Match(article_id, round(score, 4))
        return best

    def _candidates(
        self, signature: np.ndarray, exclude_id: str | None
    ) -> Iterator[tuple[str, np.ndarray]]:
        """Canonical articles sharing a bucket, most shared buckets first, oldest first."""
        buckets = band_buckets(signature, self.layout)
        params: list[object] = [value for pair in buckets for value in pair]
        params += [exclude_id, self.config.max_candidates]
        for found, blob, _ in self.db.conn.execute(candidate_sql(len(buckets)), params):
            yield found, signature_from_bytes(blob)

    def add(self, article_id: str, text: str, *, signature: np.ndarray | None = None) -> bool:
        """Index (or re-index) an article; False when its text is too short to index."""
        self.remove(article_id)
        signature = self.signature(text) if signature is None else signature
        if signature is None:
            return False
        if not self._stored:
            _write_layout(self.db, self.layout)
            self._stored = True
        self.db.conn.execute(
            "INSERT INTO minhashes (article_id, signature) VALUES (?, ?)",
            [article_id, signature_bytes(signature)],
        )
        self.db.conn.executemany(
            "INSERT INTO lsh_buckets (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article_id) for band, bucket in band_buckets(signature, self.layout)],
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


@dataclass(frozen=True)
class ClusterMember:
    article_id: str
    title: str | None
    site: str | None
    url: str | None
    similarity: float | None


@dataclass(frozen=True)
class Cluster:
    """A canonical article and its near duplicates, first seen first."""

    canonical: ClusterMember
    duplicates: tuple[ClusterMember, ...]


def clusters(db: sqlite_utils.Database, site: str | None = None) -> Iterator[Cluster]:
    """Every near-duplicate cluster in the archive, canonical articles in first-seen order."""
    where, params = ("AND c.site = ?", [site]) if site else ("", [])
    sql = f"""
        SELECT c.id AS cid, c.title AS ctitle, c.site AS csite, c.url AS curl,
               d.id AS did, d.title AS dtitle, d.site AS dsite, d.url AS durl, d.similarity AS sim
        FROM articles d JOIN articles c ON c.id = d.duplicate_of
        WHERE d.duplicate_of IS NOT NULL {where}
        ORDER BY c.first_seen, c.id, d.first_seen, d.id
    """
    current: ClusterMember | None = None
    members: list[ClusterMember] = []
    for row in db.query(sql, params):
        if current is None or current.article_id != row["cid"]:
            if current is not None:
                yield Cluster(current, tuple(members))
            current = ClusterMember(row["cid"], row["ctitle"], row["csite"], row["curl"], None)
            members = []
        members.append(
            ClusterMember(row["did"], row["dtitle"], row["dsite"], row["durl"], row["sim"])
        )
    if current is not None:
        yield Cluster(current, tuple(members))
