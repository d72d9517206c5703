"""Each feature's contribution to a tree ensemble's score, read off the decision paths.

For every leaf of every tree, the change in the node's value at each split on the way from the
root to that leaf is credited to the split's feature (Saabas's path attribution, as in
`treeinterpreter`). The tables are built once per model; explaining a line is then one leaf
lookup per tree (LightGBM's `pred_leaf`) and a sum, about a hundred times cheaper than the exact
SHAP values of `pred_contrib`, which made explaining removals a quarter of the cleaning time.
The contributions and the bias add up to the raw score (log-odds) exactly, as SHAP's do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class PathContributions:
    tables: np.ndarray  # (trees, leaves, features): what each feature added on the leaf's path
    bias: float  # the sum of the trees' root values: the score before any split

    @classmethod
    def of(cls, booster: Any) -> PathContributions:
        """The tables of a `lightgbm.Booster`."""
        dump = booster.dump_model()
        trees = dump["tree_info"]
        features = booster.num_feature()
        leaves = max(tree["num_leaves"] for tree in trees) if trees else 1
        tables = np.zeros((len(trees), leaves, features))
        bias = 0.0
        for t, tree in enumerate(trees):
            root = tree["tree_structure"]
            bias += _value(root)
            _credit(root, np.zeros(features), tables[t])
        return cls(tables, bias)

    def __call__(self, leaves: np.ndarray) -> np.ndarray:
        """Per row (the leaf index of each tree, as `pred_leaf` gives), each feature's
        contribution to the raw score."""
        if not len(leaves):
            return np.zeros((0, self.tables.shape[2]))
        trees = np.arange(self.tables.shape[0])
        return self.tables[trees[None, :], leaves.astype(np.intp)].sum(axis=1)


def _value(node: dict[str, Any]) -> float:
    return float(node["leaf_value"] if "leaf_value" in node else node["internal_value"])


def _credit(node: dict[str, Any], path: np.ndarray, table: np.ndarray) -> None:
    """Walk the tree, carrying what each feature has added so far; store it at each leaf."""
    if "leaf_value" in node:  # a tree that never split is one leaf without an index
        table[node.get("leaf_index", 0)] = path
        return
    feature, here = node["split_feature"], _value(node)
    for side in ("left_child", "right_child"):
        child = node[side]
        step = path.copy()
        step[feature] += _value(child) - here
        _credit(child, step, table)
