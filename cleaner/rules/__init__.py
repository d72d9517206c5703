"""Boilerplate rule packs kept as data files. (Stub.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RuleSet:
    pass


def load_ruleset(extra_files: Sequence[Path] = ()) -> RuleSet:
    return RuleSet()
