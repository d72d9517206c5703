"""A smoke run of the training script on a tiny sample (the full training stays outside CI):
it writes a model the cleaner loads, fold models, and the same file when run again. The sample
is written here in the layout of ../shared/dev/wcxb-dev, so CI needs no copy of the data."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.linemodel.model import load_line_model

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "train_line_model.py"
TOPICS = ("bridge", "harbour", "school", "orchard", "railway", "museum", "market", "river")
CHROME = ("Home", "World", "Sport", "Subscribe now", "Share this article", "© 2026 Example News")


def _page(topic: str, n: int) -> tuple[str, str, str]:
    """HTML, gold main text and title of one small news page about `topic`."""
    title = f"Council decides the future of the old {topic}"
    body = [
        f"The council voted on Monday to decide the future of the old {topic} in the town.",
        f"Residents had asked for years that the {topic} be repaired before winter came.",
        f"Work on the {topic} will begin in spring and take about {n + 2} months, officials said.",
    ]
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    chrome = "".join(f"<p>{line}</p>" for line in CHROME)
    html = (
        f"<html><head><title>{title} | Example News</title></head><body>"
        f"<nav><p>Home</p><p>World</p></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>{chrome}</footer></body></html>"
    )
    return html, "\n\n".join(body), title


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight pages of eight sites, in wcxb-dev's layout (pages.json, ground-truth/, html/)."""
    folder = tmp_path_factory.mktemp("wcxb-sample")
    (folder / "ground-truth").mkdir()
    (folder / "html").mkdir()
    files = {}
    for n, topic in enumerate(TOPICS):
        page_id = f"{n:04d}"
        html, gold, title = _page(topic, n)
        files[page_id] = {"domain": f"{topic}-news.example", "page_type": "article"}
        truth = {"ground_truth": {"main_content": gold, "title": title}}
        (folder / "ground-truth" / f"{page_id}.json").write_text(json.dumps(truth))
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
    (folder / "pages.json").write_text(json.dumps({"files": files}))
    return folder


def _train(data: Path, out: Path, folds: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--data",
            str(data),
            "--limit",
            "8",
            "--rounds",
            "3",
            "--workers",
            "1",
            "--out",
            str(out),
            "--folds-dir",
            str(folds),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def test_training_is_reproducible_and_its_model_cleans(sample: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    _train(sample, first, tmp_path / "folds-a")
    _train(sample, second, tmp_path / "folds-b")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in (tmp_path / "folds-a").glob("fold-*.json")) == [
        f"fold-{k}.json" for k in range(5)
    ]
    model = load_line_model(first)
    assert model.info["pages"] == 8
    article = Cleaner(time_limit=None, line_model=model).clean(
        "A headline of the story\n\nThe council approved the new budget on Tuesday after a "
        "long debate.\n\nShare this article",
        kind="text",
    )
    assert "The council approved the new budget" in article.text
