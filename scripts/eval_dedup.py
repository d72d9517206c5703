#!/usr/bin/env python
"""Measure near-duplicate detection on a generated set: precision and recall per threshold.

Real article bodies (the five seeds, plus the html-eval pages cleaned by `cleaner`'s own pipeline,
or any JSONL of {"text", "url"} rows such as `cleaner export` output) are split in two halves:

- the archive half is ingested through the real index (find → store → add, in a real SQLite
  archive) together with the five seeds; every find there is a negative check: different
  articles, including pages of one site and five articles on one story, must not match;
- positives: one syndicated variant of every archive body (other chrome lines on top and at the
  bottom, a changed headline, often a dropped, a trimmed or an added paragraph, and small word
  edits), which must match exactly its original;
- hard negatives: every held-out body with paragraphs "quoted" from an archive body (different
  articles on one story sharing quotes), and every held-out body as is; none may match.

Precision = correct matches / all matches; recall = correct matches / positives. Bar: precision
>= 0.99 and recall >= 0.95. Example:

    .venv/bin/python scripts/eval_dedup.py --pages 400 --thresholds 0.3,0.4,0.5,0.6,0.7
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from evalset import DEFAULT_DATA

from cleaner.archive import Archive, open_archive
from cleaner.archive.records import ArticleRecord, text_hash
from cleaner.dedup.index import NearDuplicateIndex
from cleaner.dedup.minhash import DedupConfig, fingerprint
from cleaner.errors import CleanerError
from cleaner.model import Article
from cleaner.pipeline import Cleaner
from cleaner.sites import host_of

ROOT = Path(__file__).resolve().parent.parent
HTML_EVAL = DEFAULT_DATA
MIN_WORDS = 100
MIN_PARAGRAPHS = 3
CORPUS_DUPLICATE = 0.4  # corpus pairs this similar are unlabelled: neither positive nor negative
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")
CHROME = (
    "Advertisement",
    "Share this article",
    "Share on Facebook",
    "Tweet",
    "Email",
    "Sign up for our daily newsletter",
    "Most Read",
    "Related Coverage",
    "Copyright 2018 The Associated Press. All rights reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Instagram",
    "Read more: World news",
    "Click here to subscribe",
    "Back to top",
    "Comments are closed.",
    "Photo: Reuters",
)


@dataclass(frozen=True)
class Body:
    key: str
    site: str | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Query:
    text: str
    expected: str | None  # the archive body it must match, None: must not match
    kind: str


@dataclass
class Tally:
    true_pos: int = 0
    false_pos: int = 0
    positives: int = 0

    def record(self, expected: str | None, found: str | None) -> None:
        self.positives += expected is not None
        if found is None:
            return
        if found == expected:
            self.true_pos += 1
        else:
            self.false_pos += 1

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.positives if self.positives else 1.0


def split_paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def usable(body: Body) -> bool:
    words = sum(len(p.split()) for p in body.paragraphs)
    return words >= MIN_WORDS and len(body.paragraphs) >= MIN_PARAGRAPHS


def seed_bodies() -> list[Body]:
    return [
        Body(f"seed:{path.name}", None, split_paragraphs(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "seeds").glob("*.txt"))
    ]


def page_bodies(limit: int) -> Iterator[Body]:
    """html-eval pages cleaned by the project's own pipeline (pages it cannot clean skipped)."""
    entries = json.loads((HTML_EVAL / "evaldata.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    for url, entry in list(entries.items())[:limit]:
        data = gzip.decompress((HTML_EVAL / "pages" / f"{entry['file']}.gz").read_bytes())
        try:
            article = cleaner.clean(data, url=url, kind="html")
        except CleanerError:
            continue
        yield Body(f"page:{url}", article.site or host_of(url), split_paragraphs(article.text))


def jsonl_bodies(path: Path) -> Iterator[Body]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            row = json.loads(line)
            url = row.get("url")
            yield Body(f"{path.name}:{number}", host_of(url), split_paragraphs(row["text"]))


def headline(rng: random.Random, donor: Body) -> str:
    words = rng.choice(donor.paragraphs).split()
    start = rng.randrange(max(len(words) - 10, 1))
    return " ".join(words[start : start + rng.randint(6, 12)]).strip(".,;:").title()


def edit_words(rng: random.Random, paragraphs: list[str], rate: float) -> list[str]:
    """Small edits: a share of words substituted, dropped or doubled (a copy-editor's touch)."""
    edited = []
    for paragraph in paragraphs:
        words = paragraph.split()
        for _ in range(int(len(words) * rate + rng.random())):
            if not words:
                break
            spot = rng.randrange(len(words))
            action = rng.choice(("substitute", "drop", "insert"))
            if action == "substitute":
                words[spot] = rng.choice(("also", "then", "now", "U.S.", "officials", "reportedly"))
            elif action == "drop":
                del words[spot]
            else:
                words.insert(spot, rng.choice(("also", "still", "however,")))
        edited.append(" ".join(words))
    return edited


def syndicated_variant(rng: random.Random, body: Body, donor: Body) -> str:
    """Another outlet's copy of `body`: own chrome and headline, trimmed/added paragraph, edits."""
    paragraphs = list(body.paragraphs)
    if len(paragraphs) > 3 and rng.random() < 0.5:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    if len(paragraphs) > 3 and rng.random() < 0.3:
        paragraphs.pop()
    if rng.random() < 0.5:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), rng.choice(donor.paragraphs))
    paragraphs = edit_words(rng, paragraphs, rate=rng.uniform(0.0, 0.02))
    top = [headline(rng, donor), *rng.sample(CHROME, rng.randint(1, 3))]
    bottom = rng.sample(CHROME, rng.randint(1, 4))
    return "\n\n".join(top + paragraphs + bottom)


def sentences(paragraph: str) -> list[str]:
    return [part for part in _SENTENCE_BREAK.split(paragraph) if len(part.split()) >= 6]


def quoting_article(rng: random.Random, body: Body, quoted: Body) -> str:
    """A different article on the same story: its own text plus sentences quoted from another
    outlet's article, each as its own paragraph, up to a fifth of its length (at least one)."""
    paragraphs = list(body.paragraphs)
    budget = sum(len(p.split()) for p in paragraphs) // 5
    pool = [s for p in quoted.paragraphs for s in sentences(p)]
    rng.shuffle(pool)
    for quote in pool:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), f"“{quote}” the outlet reported.")
        budget -= len(quote.split())
        if budget <= 0:
            break
    return "\n\n".join(paragraphs)


def distinct(bodies: Sequence[Body], limit: float) -> list[Body]:
    """Drop bodies at or above `limit` similarity to an earlier one, and say which: such
    corpus pairs carry no label (html-eval holds, e.g., a wire story and a republication of it),
    so they can serve neither as positives nor as negatives."""
    kept: list[Body] = []
    signatures: list[np.ndarray] = []
    for body in bodies:
        signature = fingerprint(body.text).hashvalues
        if signatures:
            scores = (np.array(signatures) == signature).mean(axis=1)
            if float(scores.max()) >= limit:
                twin = kept[int(scores.argmax())].key
                print(f"  dropped {body.key}: {scores.max():.2f} similar to {twin}")
                continue
        kept.append(body)
        signatures.append(signature)
    return kept


def build_queries(rng: random.Random, stored: Sequence[Body], held: Sequence[Body]) -> list[Query]:
    queries = [
        Query(syndicated_variant(rng, body, rng.choice(held)), body.key, "syndicated")
        for body in stored
    ]
    for body in held:
        queries.append(Query(quoting_article(rng, body, rng.choice(stored)), None, "same-story"))
        queries.append(Query(body.text, None, "unrelated"))
    return queries


def store(archive: Archive, body: Body, index: NearDuplicateIndex) -> str | None:
    """Ingest one body as `cleaner ingest` does; returns what it matched (should be None)."""
    with archive.batch():
        match = index.find(body.text)
        archive.writes.store_article(
            ArticleRecord(
                id=body.key,
                doc_key=body.key,
                version=1,
                article=Article(text=body.text, site=body.site),
                source=body.key,
                raw_hash=body.key,
                text_hash=text_hash(body.text),
                seen_at=f"2026-01-01T00:00:00.{archive.db['articles'].count:06d}Z",
                cleaner_version="eval",
                duplicate_of=match.article_id if match else None,
                similarity=match.similarity if match else None,
            )
        )
        index.add(body.key, body.text)
    return match.article_id if match else None


def evaluate(threshold: float, stored: Sequence[Body], queries: Sequence[Query]) -> Tally:
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp, open_archive(Path(tmp) / "eval.db") as archive:
        index = NearDuplicateIndex(archive.db, DedupConfig(threshold=threshold))
        for body in stored:
            tally.record(None, store(archive, body, index))
        for query in queries:
            match = index.find(query.text)
            tally.record(query.expected, match.article_id if match else None)
    return tally


def similarity_summary(stored: Sequence[Body], queries: Sequence[Query]) -> None:
    """Exact-signature similarity of each query to its original / to its nearest stored body."""
    signatures = np.array([fingerprint(body.text).hashvalues for body in stored])
    keys = [body.key for body in stored]
    by_kind: dict[str, list[float]] = {}
    for query in queries:
        scores = (signatures == fingerprint(query.text).hashvalues).mean(axis=1)
        value = scores[keys.index(query.expected)] if query.expected else scores.max()
        by_kind.setdefault(query.kind, []).append(float(value))
    pairwise = (signatures[:, None, :] == signatures[None, :, :]).mean(axis=2)
    np.fill_diagonal(pairwise, 0.0)
    by_kind["stored-vs-stored"] = list(pairwise.max(axis=1))
    print("similarity to the original (syndicated) / to the nearest stored body (others):")
    for kind, values in by_kind.items():
        q = np.quantile(values, [0.0, 0.01, 0.05, 0.5, 0.95, 0.99, 1.0])
        print(f"  {kind:17} n={len(values):4}  min/1%/5%/median/95%/99%/max = "
              + " ".join(f"{v:.2f}" for v in q))  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=990, help="html-eval pages to read")
    parser.add_argument("--bodies", type=Path, help="JSONL of {text, url} rows instead of pages")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--thresholds", default="0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.65,0.7,0.8")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    source = jsonl_bodies(args.bodies) if args.bodies else page_bodies(args.pages)
    usable_bodies = [body for body in source if usable(body)]
    bodies = distinct(usable_bodies, CORPUS_DUPLICATE)
    print(f"{len(usable_bodies) - len(bodies)} bodies dropped as near copies of an earlier body")
    rng = random.Random(args.seed)
    rng.shuffle(bodies)
    if len(bodies) < 20:
        print(f"only {len(bodies)} usable bodies (>= {MIN_WORDS} words): too few", file=sys.stderr)
        return 1
    half = len(bodies) // 2
    stored, held = [*bodies[:half], *seed_bodies()], bodies[half:]
    queries = build_queries(rng, stored, held)
    kinds = {kind: sum(q.kind == kind for q in queries) for kind in ("syndicated", "same-story")}
    print(f"{len(bodies)} bodies ({time.perf_counter() - started:.0f}s to load): "
          f"{len(stored)} stored incl. 5 seeds, {kinds['syndicated']} syndicated variants, "
          f"{kinds['same-story']} same-story + {len(held)} unrelated negatives")  # fmt: skip
    similarity_summary(stored, queries)
    print("threshold  precision  recall  true_pos  false_pos  (bar: P >= 0.99, R >= 0.95)")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        tally = evaluate(threshold, stored, queries)
        ok = "ok" if tally.precision >= 0.99 and tally.recall >= 0.95 else "--"
        print(f"  {threshold:7.2f}  {tally.precision:9.4f}  {tally.recall:6.4f}  "
              f"{tally.true_pos:8}  {tally.false_pos:9}  {ok}")  # fmt: skip
    print(f"total {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
