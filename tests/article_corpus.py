"""Generated articles for the tests: plain text, HTML pages and folders of them.

Each article is distinct prose built from a seeded word list (so two seeds never make exact or
near duplicates: copies happen only when a test makes them on purpose), under a headline, with
a chrome line above and below it, and an optional marker phrase in its third paragraph that a
test can look for in the archive.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "government", "minister", "council", "river", "market", "school", "hospital", "budget",
    "election", "court", "harbour", "festival", "museum", "railway", "bridge", "farmers",
    "prices", "energy", "climate", "summit", "police", "village", "report", "committee",
    "announced", "said", "would", "could", "after", "before", "during", "against", "within",
    "between", "northern", "southern", "eastern", "western", "officials", "residents",
    "workers", "students", "teachers", "doctors", "million", "percent", "record", "quarter",
    "weekly", "annual", "decision",
]  # fmt: skip


def article_paragraphs(seed: int, marker: str = "", count: int = 4) -> list[str]:
    """`count` paragraphs of prose, different for every seed, `marker` ending the third."""
    rng = random.Random(seed)
    paragraphs = []
    for index in range(count):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
            sentences.append(" ".join(words).capitalize() + ".")
        if index == 2 and marker:
            sentences.append(marker)
        paragraphs.append(" ".join(sentences) + f" (Dispatch {seed}-{index}.)")
    return paragraphs


def headline(seed: int) -> str:
    return f"Council backs pier plan, report {seed}"


def article_text(seed: int, marker: str = "") -> str:
    """A plain-text article as a scraper stores it: chrome, headline, paragraphs, chrome."""
    lines = ["Skip to main content", headline(seed), *article_paragraphs(seed, marker), "Subscribe"]
    return "\n\n".join(lines) + "\n"


def article_html(
    seed: int, marker: str = "", charset: str | None = "utf-8", doctype: str = "<!DOCTYPE html>"
) -> str:
    """The same article as an HTML page, with a menu and a footer around it."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in article_paragraphs(seed, marker))
    return (
        f'{doctype}\n<html lang="en"><head>{meta}<title>{headline(seed)}</title></head>\n'
        f'<body><nav><a href="/">Home</a></nav>\n<article><h1>{headline(seed)}</h1>\n{body}\n'
        "</article>\n<footer>Contact us</footer></body></html>\n"
    )


def write_articles(folder: Path, count: int, start: int = 0, per_folder: int = 1000) -> list[Path]:
    """`count` .txt articles under `folder`, spread over sub-folders of `per_folder` files."""
    paths = []
    for number in range(start, start + count):
        sub = folder / f"part{number // per_folder:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"article{number:07d}.txt"
        path.write_text(article_text(number), encoding="utf-8")
        paths.append(path)
    return paths
