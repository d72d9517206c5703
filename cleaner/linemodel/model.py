"""The line model: two passes of gradient-boosted trees (LightGBM) over the line features.

The first pass scores each line from its own features, its neighbours' shape, the rules'
evidence and the lexicon's (`lexicon`: the words of chrome, learned); the second pass adds the
first pass's scores of the lines around it (the jusText idea, learned). A score is the
probability that the line is boilerplate. The shipped model is `cleaner/data/line_model.json`,
made by `scripts/train_line_model.py`; it is immutable and loaded once per process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from cleaner.errors import CleanerError
from cleaner.linemodel.explain import top_reasons
from cleaner.linemodel.features import (
    ALL_SECOND_PASS,
    FIRST_PASS_FEATURES,
    LineFacts,
    first_pass_matrix,
    second_pass_matrix,
)
from cleaner.linemodel.lexicon import Lexicon
from cleaner.linemodel.paths import PathContributions

MODEL_ID = "model.line"
_LEXICON_OFF = ALL_SECOND_PASS.index("lex_off")


@dataclass(frozen=True)
class LineModel:
    """Both passes and the decision settings chosen on held-out folds."""

    lexicon: Lexicon
    first: Any  # lightgbm.Booster
    second: Any
    threshold: float  # a line scoring at least this is removed
    sure_rules: frozenset[str]  # rule ids precise enough to decide alone
    version: str
    info: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    _paths: PathContributions = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_paths", PathContributions.of(self.second))

    def scores(self, facts: Sequence[LineFacts]) -> tuple[np.ndarray, np.ndarray]:
        """The second-pass features and the boilerplate probability of each line."""
        first = first_pass_matrix(facts, self.lexicon)
        if not len(first):
            return first, np.zeros(0)
        p1 = self._predict(self.first, first)
        second = second_pass_matrix(first, p1)
        return second, self._predict(self.second, second)

    def reasons(self, rows: np.ndarray, scores: np.ndarray, texts: Sequence[str]) -> list[str]:
        """In words, why each of these lines (`texts`) scored as it did: the three features
        whose splits moved its score most (`paths`), a lexicon feature with its word."""
        if not len(rows):
            return []
        with self._lock:
            leaves = self.second.predict(rows, pred_leaf=True, num_threads=1)
        contributions = self._paths(np.asarray(leaves).reshape(len(rows), -1))
        return [
            top_reasons(p, row, contribution, ALL_SECOND_PASS, told=self._told(row, text))
            for p, row, contribution, text in zip(scores, rows, contributions, texts, strict=True)
        ]

    def _told(self, row: np.ndarray, text: str) -> dict[str, str]:
        if row[_LEXICON_OFF]:
            return {}
        return self.lexicon.named(text)

    def _predict(self, booster: Any, rows: np.ndarray) -> np.ndarray:
        with self._lock:  # a Booster is not documented as safe for concurrent predicts
            return np.asarray(booster.predict(rows, num_threads=1), dtype=np.float64)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "threshold": self.threshold,
                "sure_rules": sorted(self.sure_rules),
                "features": {"first": FIRST_PASS_FEATURES, "second": ALL_SECOND_PASS},
                "info": self.info,
                "lexicon": self.lexicon.weights,
                "first": self.first.model_to_string(),
                "second": self.second.model_to_string(),
            },
            sort_keys=True,
        )


def model_from_json(text: str, source: str) -> LineModel:
    import lightgbm

    try:
        data = json.loads(text)
        features = data["features"]
        if list(features["first"]) != list(FIRST_PASS_FEATURES) or list(features["second"]) != list(
            ALL_SECOND_PASS
        ):
            raise CleanerError(f"{source}: line model was trained on other features; retrain it")
        return LineModel(
            lexicon=Lexicon({str(k): float(v) for k, v in data["lexicon"].items()}),
            first=lightgbm.Booster(model_str=data["first"]),
            second=lightgbm.Booster(model_str=data["second"]),
            threshold=float(data["threshold"]),
            sure_rules=frozenset(data["sure_rules"]),
            version=str(data["version"]),
            info=dict(data.get("info", {})),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CleanerError(f"{source}: not a line model file ({error})") from error


def load_line_model(path: Path | str) -> LineModel:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CleanerError(f"{path}: cannot read the line model ({error.strerror})") from error
    return model_from_json(text, str(path))


SHIPPED = "line_model.json"


@functools.lru_cache(maxsize=1)
def shipped_line_model() -> LineModel | None:
    """The model shipped in the package (immutable, loaded once per process), or None when the
    package was built without one."""
    resource = resources.files("cleaner") / "data" / SHIPPED
    if not resource.is_file():
        return None
    return model_from_json(resource.read_text(encoding="utf-8"), f"cleaner/data/{SHIPPED}")


def model_version(text: str) -> str:
    """A short content hash: the version recorded with what a model produced."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]
