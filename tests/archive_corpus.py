"""Generated article corpora for the archive tests (and scripts/bench_ingest.py).

Each article is distinct prose built from a seeded word list, with a couple of chrome lines
("Skip to main content", "Subscribe") around it, so exact and near duplicates only happen
when a test makes them on purpose.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "government",
    "minister",
    "council",
    "river",
    "market",
    "school",
    "hospital",
    "budget",
    "election",
    "court",
    "harbour",
    "festival",
    "museum",
    "railway",
    "bridge",
    "farmers",
    "prices",
    "energy",
    "climate",
    "summit",
    "police",
    "village",
    "report",
    "committee",
    "announced",
    "said",
    "would",
    "could",
    "after",
    "before",
    "during",
    "against",
    "within",
    "between",
    "northern",
    "southern",
    "eastern",
    "western",
    "officials",
    "residents",
    "workers",
    "students",
    "teachers",
    "doctors",
    "million",
    "percent",
    "record",
    "quarter",
    "weekly",
    "annual",
    "decision",
]


def article_text(number: int, paragraphs: int = 4) -> str:
    """A unique plain-text article: title line, chrome lines, paragraphs of prose."""
    rng = random.Random(number)
    body = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
            sentences.append(" ".join(words).capitalize() + ".")
        body.append(" ".join(sentences))
    title = f"Report {number}: " + " ".join(rng.choice(WORDS) for _ in range(5))
    return "\n\n".join(["Skip to main content", title, *body, "Subscribe"]) + "\n"


def write_corpus(folder: Path, count: int, start: int = 0, per_folder: int = 1000) -> list[Path]:
    """`count` .txt articles under `folder`, spread over sub-folders of `per_folder` files."""
    paths = []
    for number in range(start, start + count):
        sub = folder / f"part{number // per_folder:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"article{number:07d}.txt"
        path.write_text(article_text(number), encoding="utf-8")
        paths.append(path)
    return paths
