"""The rule pack loader: built-in packs, then the user's, read strictly and merged.

A pack is a TOML file: a `category` and a list of `[[rules]]`, each with an `id`, a one-line
`reason`, a regular expression `pattern`, a `position` (where in the document the rule may
fire), a `max_words` guard and positive/negative `examples`; a pack may also `disable` rules
of the packs loaded before it. The built-in packs live in `cleaner/rules/packs/`, one per
category; users pass their own files to `load_ruleset`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast

from cleaner.errors import RuleError
from cleaner.rules.datafile import Table, is_name, parse_data, read_data_file
from cleaner.rules.ruleset import (
    DEFAULT_MAX_WORDS,
    MAX_MAX_WORDS,
    POSITIONS,
    Position,
    Rule,
    RuleSet,
)
from cleaner.rules.safety import compile_safe_pattern

RULE_KEYS = frozenset(
    {"id", "reason", "pattern", "position", "max_words", "category", "ends_article", "examples"}
)
PACK_KEYS = frozenset({"category", "description", "rules", "disable"})


@dataclass(frozen=True)
class _Pack:
    name: str
    rules: tuple[Rule, ...]
    disable: tuple[str, ...]


def builtin_pack_names() -> tuple[str, ...]:
    """File names of the packs shipped inside the package, sorted."""
    folder = resources.files("cleaner.rules").joinpath("packs")
    return tuple(sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".toml")))


def load_ruleset(extra_files: Sequence[Path] = ()) -> RuleSet:
    """Load the built-in packs plus the user's pack files.

    Raises `RuleError` naming the file and the reason for a malformed pack, a duplicate rule
    id, an unsafe pattern or a positive example its own rule does not catch.
    """
    folder = resources.files("cleaner.rules").joinpath("packs")
    packs = [
        _parse_pack(
            parse_data(folder.joinpath(name).read_text(encoding="utf-8"), f"built-in pack {name}")
        )
        for name in builtin_pack_names()
    ]
    packs.extend(_parse_pack(read_data_file(Path(path), "rule pack")) for path in extra_files)
    return RuleSet(rules=_merge(packs))


def _merge(packs: Iterable[_Pack]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    disabled: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise RuleError(
                    f"{pack.name}: rule id {rule.id!r} is already defined in {seen[rule.id]}"
                )
            seen[rule.id] = pack.name
            rules.append(rule)
        disabled.update((rule_id, pack.name) for rule_id in pack.disable)
    for rule_id, pack_name in disabled.items():
        if rule_id not in seen:
            raise RuleError(f"{pack_name}: cannot disable unknown rule {rule_id!r}")
    return tuple(rule for rule in rules if rule.id not in disabled)


def _parse_pack(pack: Table) -> _Pack:
    pack.refuse_unknown(PACK_KEYS)
    category = pack.name("category") if "category" in pack.data else None
    entries = pack.tables("rules", "rule")
    disable = pack.strings("disable", "rule ids")
    if not entries and not disable:
        pack.fail("pack has no rules")
    rules = tuple(_parse_rule(entry, category) for entry in entries)
    return _Pack(name=pack.source, rules=rules, disable=disable)


def _parse_rule(entry: Table, pack_category: str | None) -> Rule:
    entry.refuse_unknown(RULE_KEYS)
    rule_id = entry.text("id")
    entry = entry.labelled(f"rule {rule_id!r}")
    category = entry.data.get("category", pack_category)
    if not is_name(category):
        entry.fail("needs a 'category' (in the rule or at the top of the pack)")
    position = entry.choice("position", POSITIONS, "any")
    max_words = entry.integer("max_words", 1, MAX_MAX_WORDS, DEFAULT_MAX_WORDS)
    ends_article = entry.flag("ends_article")
    positives, negatives = entry.examples()
    rule = Rule(
        id=rule_id,
        category=cast(str, category),
        reason=entry.text("reason"),
        pattern=compile_safe_pattern(entry.text("pattern", one_line=False), entry.where),
        position=cast(Position, position),
        max_words=max_words,
        ends_article=ends_article,
        positives=positives,
        negatives=negatives,
        source=entry.source,
    )
    entry.check_positives(positives, rule.matches)
    return rule
