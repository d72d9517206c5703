"""Strict reading of the TOML data files that hold rules: the rule packs and the widget signals.

Both are data a user may write, so both are read the same way: every key must be known, every
value must have its type, and every positive example must be caught by its own rule. A bad
file stops loading with one `RuleError` line naming the file (and the entry) and the reason.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from cleaner.errors import RuleError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_NAME = re.compile(r"[a-z][a-z0-9-]{0,39}")
_EXAMPLE_KEYS = ("positive", "negative")


def read_data_file(path: Path, what: str) -> Table:
    """The top-level table of a TOML file; `what` names the kind of file in errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: {what} is not valid UTF-8") from exc
    return parse_data(text, str(path))


def parse_data(text: str, source: str) -> Table:
    """The top-level table of a TOML text; `source` names the file in errors."""
    try:
        return Table(tomllib.loads(text), source)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: invalid TOML: {exc}") from exc


def is_name(value: Any) -> bool:
    """A short lowercase name (a category)."""
    return isinstance(value, str) and _NAME.fullmatch(value) is not None


@dataclass(frozen=True)
class Table:
    """One TOML table under check. Each getter returns the value of its type or raises a
    `RuleError` that starts with `where`: the file, then the entry (`rule 'share.x'`)."""

    data: Mapping[str, Any]
    source: str
    entry: str = ""

    @property
    def where(self) -> str:
        return f"{self.source}: {self.entry}" if self.entry else self.source

    def fail(self, reason: str) -> NoReturn:
        raise RuleError(f"{self.where}: {reason}")

    def labelled(self, entry: str) -> Table:
        """The same table, named `entry` in errors."""
        return replace(self, entry=entry)

    def refuse_unknown(self, known: Iterable[str]) -> None:
        unknown = set(self.data) - set(known)
        if unknown:
            self.fail(f"unknown key(s) {', '.join(sorted(unknown))}")

    def text(self, key: str, *, one_line: bool = True) -> str:
        """A required, non-blank string."""
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"missing or empty '{key}'")
        if one_line and "\n" in value:
            self.fail(f"'{key}' must be one line")
        return value

    def name(self, key: str) -> str:
        """A required short lowercase name."""
        value = self.data.get(key)
        if not is_name(value):
            self.fail(f"'{key}' must be a short lowercase name")
        return str(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            self.fail(f"'{key}' must be one of {', '.join(choices)}")
        return str(value)

    def integer(self, key: str, low: int, high: int, default: int | None = None) -> int:
        """An integer between `low` and `high`; `default` when absent (required without)."""
        value = self._present(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(f"'{key}' must be an integer")
        if not low <= value <= high:
            self.fail(f"'{key}' must be between {low} and {high}")
        return value

    def number(self, key: str, low: float, high: float, default: float | None = None) -> float:
        """A number (integer or float) between `low` and `high`; `default` when absent
        (required without)."""
        value = self._present(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.fail(f"'{key}' must be a number")
        if not low <= value <= high:
            self.fail(f"'{key}' must be between {low} and {high}")
        return float(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"'{key}' must be true or false")
        return value

    def strings(
        self, key: str, what: str = "strings", *, required: bool = False
    ) -> tuple[str, ...]:
        """A list of strings, empty when absent unless `required`; `what` names them in errors."""
        value = self._present(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"'{key}' must be a list of {what}")
        return tuple(value)

    def table(self, key: str) -> Table:
        """A required sub-table (`[key]`), named like this table in errors."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            self.fail(f"needs a [{key}] table")
        return replace(self, data=value)

    def tables(self, key: str, entry: str) -> tuple[Table, ...]:
        """An array of tables (`[[key]]`), empty when absent; item n is named `{entry} #n`."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(f"'{key}' must be an array of tables ([[{key}]])")
        return tuple(Table(item, self.source, f"{entry} #{n}") for n, item in enumerate(value, 1))

    def examples(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The entry's (positive, negative) examples: `examples.positive` / `.negative`."""
        value = self.data.get("examples", {})
        if not isinstance(value, dict) or set(value) - set(_EXAMPLE_KEYS):
            self.fail("'examples' may only hold 'positive' and 'negative' lists")
        lists = []
        for key in _EXAMPLE_KEYS:
            items = value.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                self.fail(f"'examples.{key}' must be a list of strings")
            lists.append(tuple(items))
        return lists[0], lists[1]

    def check_positives(self, positives: Iterable[str], caught: Callable[[str], bool]) -> None:
        """Refuse the entry when its rule does not catch one of its positive examples."""
        for example in positives:
            if not caught(example):
                self.fail(f"positive example {example!r} is not caught by the rule")

    def _present(self, key: str, default: Any) -> Any:
        """The key's value, or `default` when absent; refused when absent without a default."""
        value = self.data.get(key, default)
        if value is None:
            self.fail(f"missing '{key}'")
        return value
