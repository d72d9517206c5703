"""MinHash signatures and LSH banding: the pure maths of near-duplicate detection.

An article's fingerprint is a datasketch MinHash over the word 5-grams of its normalised text
(casefolded, punctuation dropped, CJK characters as single words). Five-grams are long enough
that different articles on one story, which share names, places and whole quotes, overlap in few
shingles, while a syndicated copy (other chrome lines, a new headline, a trimmed or added
paragraph, a few edited words) keeps most of them.

A signature is cut into bands (`Layout`: bands x rows, chosen for the threshold by
`optimal_layout`); each band hashes to a bucket, and texts sharing a bucket are candidates.
Nothing here touches a database: `cleaner.dedup.index` keeps the buckets in the archive.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import sha1
from typing import TYPE_CHECKING

import numpy as np

from cleaner.errors import CleanerError
from cleaner.text import words

if TYPE_CHECKING:
    from datasketch import MinHash

# Chosen by scripts/eval_dedup.py: see the README (Duplicates and site templates) for the sweep.
DEFAULT_THRESHOLD = 0.4
SCHEME = "words-affine64-seed1"
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
    from datasketch import MinHash  # imported when used: it loads scipy (~0.4 s a process)

    minhash = MinHash(num_perm=num_perm, seed=_MINHASH_SEED, scheme="affine64")
    minhash.update_batch(sorted(shingles(text, shingle_words)))
    return minhash


class Fingerprinter:
    """The hash values of `fingerprint`, bit for bit, at a fraction of the cost: datasketch's
    affine64 permutations are drawn once (not per MinHash), the SHA-1 prefixes of all shingles
    are read as one uint64 array, and mixing, permuting and the minimum run in numpy."""

    def __init__(self, num_perm: int = 128, shingle_words: int = 5) -> None:
        from datasketch import MinHash  # imported when used: it loads scipy (~0.4 s a process)

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


@dataclass(frozen=True)
class Fingerprint:
    """A text's signature and its LSH buckets: all the index needs to look the text up."""

    signature: np.ndarray
    buckets: tuple[tuple[int, int], ...]


class Signer:
    """Fingerprints texts for one config and band layout: pure maths, so ingest's cleaning
    workers compute them without a database and the writer only looks them up."""

    def __init__(self, config: DedupConfig, layout: Layout) -> None:
        self.config = config
        self.layout = layout
        self.fingerprinter = Fingerprinter(config.num_perm, config.shingle_words)

    def fingerprint(self, text: str) -> Fingerprint | None:
        """The text's fingerprint, or None when it is too short to compare."""
        tokens = words(text)
        if len(tokens) < self.config.min_words:
            return None
        signature = self.fingerprinter.hashvalues(tokens)
        return Fingerprint(signature, tuple(band_buckets(signature, self.layout)))
