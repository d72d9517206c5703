"""`cleaner.linemodel.paths`: contributions read off the decision paths add up to the score
and name the feature that decides."""

from __future__ import annotations

import lightgbm
import numpy as np

from cleaner.linemodel.paths import PathContributions

PARAMS = {"objective": "binary", "verbosity": -1, "seed": 1, "deterministic": True}


def booster(rows: np.ndarray, labels: np.ndarray, rounds: int = 20) -> lightgbm.Booster:
    params = {**PARAMS, "num_threads": 1, "min_data_in_leaf": 5}
    return lightgbm.train(params, lightgbm.Dataset(rows, label=labels), num_boost_round=rounds)


def test_contributions_and_bias_add_up_to_the_raw_score() -> None:
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(400, 5))
    labels = (rows[:, 0] + 0.5 * rows[:, 3] + rng.normal(scale=0.3, size=400) > 0).astype(float)
    model = booster(rows, labels)
    paths = PathContributions.of(model)
    contributions = paths(model.predict(rows[:50], pred_leaf=True))
    assert contributions.shape == (50, 5)
    raw = model.predict(rows[:50], raw_score=True)
    assert np.allclose(contributions.sum(axis=1) + paths.bias, raw)


def test_the_deciding_feature_gets_the_largest_share() -> None:
    rng = np.random.default_rng(4)
    rows = rng.normal(size=(400, 4))
    labels = (rows[:, 2] > 0).astype(float)  # only feature 2 matters
    model = booster(rows, labels)
    contributions = PathContributions.of(model)(model.predict(rows[:40], pred_leaf=True))
    strongest = np.abs(contributions).argmax(axis=1)
    assert (strongest == 2).mean() > 0.9
    # pushed the way the label goes: towards 1 when feature 2 is positive
    assert np.all(np.sign(contributions[:, 2]) == np.where(rows[:40, 2] > 0, 1, -1))


def test_a_tree_that_never_split_credits_nothing() -> None:
    rows = np.zeros((50, 3))
    labels = np.r_[np.ones(25), np.zeros(25)]
    model = booster(rows, labels, rounds=2)  # nothing to split on
    paths = PathContributions.of(model)
    contributions = paths(model.predict(rows[:3], pred_leaf=True))
    assert np.all(contributions == 0)
    assert np.allclose(paths.bias, model.predict(rows[:3], raw_score=True))
    assert paths(np.zeros((0, 2))).shape == (0, 3)
