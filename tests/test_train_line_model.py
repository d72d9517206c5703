"""A smoke run of the training script on a tiny sample (the full training stays outside CI):
it writes a model the cleaner loads, fold models, and the same file when run again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.linemodel.model import load_line_model

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "dev" / "wcxb-dev"
SCRIPT = ROOT / "scripts" / "train_line_model.py"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"training data not found at {DATA}")


def _train(out: Path, folds: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
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


def test_training_is_reproducible_and_its_model_cleans(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    _train(first, tmp_path / "folds-a")
    _train(second, tmp_path / "folds-b")
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
