"""Loading the widget signals from `cleaner/data/widgets.toml` (or a file of the same shape)
with the strict reader the rule packs use (`cleaner.rules.datafile`): unknown keys, values of
the wrong type, a signal listed by two rules and a positive example its rule's signals do not
point to are each refused with one line naming the file."""

from __future__ import annotations

import re
from functools import partial
from importlib import resources
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from cleaner.rules.datafile import Table, read_data_file
from cleaner.widgets.matching import match_element
from cleaner.widgets.signals import WidgetGuard, WidgetRule, WidgetSignals, compile_signals

FILE_KEYS = frozenset({"guard", "rules"})
GUARD_KEYS = frozenset(
    {"protected_tags", "max_page_share", "prose_tags", "inline_tags", "ignore_tokens"}
)
RULE_KEYS = frozenset(
    {
        "id",
        "category",
        "reason",
        "tokens",
        "roles",
        "aria_labels",
        "tags",
        "max_chars",
        "min_link_density",
        "structural",
        "examples",
    }
)
SIGNAL_KINDS = ("tokens", "roles", "aria_labels", "tags")
# No widget holds more text than this: a larger max_chars is a typo.
_LARGEST_MAX_CHARS = 1_000_000
_TAG_NAME = re.compile(r"[a-z][a-z0-9]*")


def default_widgets_file() -> Path:
    return Path(str(resources.files("cleaner") / "data" / "widgets.toml"))


def load_widget_signals(path: Path | None = None) -> WidgetSignals:
    """Load, check and compile the widget rules (the packaged file unless `path` is given)."""
    data = read_data_file(path or default_widgets_file(), "widget signals")
    data.refuse_unknown(FILE_KEYS)
    guard = _parse_guard(data.table("guard"))
    entries = data.tables("rules", "rule")
    if not entries:
        data.fail("has no widget rules ([[rules]])")
    rules = tuple(_parse_rule(entry) for entry in entries)
    _refuse_duplicates(rules, data)
    signals = compile_signals(rules, guard)
    for rule in rules:
        caught = partial(_caught, rule=rule, signals=signals)
        data.labelled(f"rule {rule.id!r}").check_positives(rule.positive_examples, caught)
    return signals


def _parse_guard(guard: Table) -> WidgetGuard:
    guard.refuse_unknown(GUARD_KEYS)
    return WidgetGuard(
        protected_tags=frozenset(_tag_names(guard, "protected_tags", required=True)),
        max_page_share=guard.number("max_page_share", 0.0, 1.0),
        prose_tags=_tag_names(guard, "prose_tags", required=True),
        inline_tags=frozenset(_tag_names(guard, "inline_tags", required=True)),
        ignore_tokens=frozenset(guard.strings("ignore_tokens")),
    )


def _parse_rule(entry: Table) -> WidgetRule:
    entry.refuse_unknown(RULE_KEYS)
    rule_id = entry.text("id")
    entry = entry.labelled(f"rule {rule_id!r}")
    positives, negatives = entry.examples()
    rule = WidgetRule(
        id=rule_id,
        category=entry.name("category"),
        reason=entry.text("reason"),
        tokens=_lowered(entry, "tokens"),
        roles=_lowered(entry, "roles"),
        aria_labels=_lowered(entry, "aria_labels"),
        tags=_tag_names(entry, "tags"),
        max_chars=(
            entry.integer("max_chars", 1, _LARGEST_MAX_CHARS) if "max_chars" in entry.data else None
        ),
        min_link_density=entry.number("min_link_density", 0.0, 1.0, 0.0),
        structural=entry.flag("structural"),
        positive_examples=positives,
        negative_examples=negatives,
    )
    if not any(getattr(rule, kind) for kind in SIGNAL_KINDS):
        entry.fail(f"has no signals (one of {', '.join(SIGNAL_KINDS)})")
    return rule


def _lowered(table: Table, key: str, *, required: bool = False) -> tuple[str, ...]:
    return tuple(value.lower() for value in table.strings(key, required=required))


def _tag_names(table: Table, key: str, *, required: bool = False) -> tuple[str, ...]:
    names = _lowered(table, key, required=required)
    bad = [name for name in names if not _TAG_NAME.fullmatch(name)]
    if bad:
        table.fail(f"invalid tag name(s) in '{key}': {', '.join(bad)}")
    return names


def _refuse_duplicates(rules: tuple[WidgetRule, ...], data: Table) -> None:
    """One rule per id and per signal: which of two rules a shared signal means is a guess."""
    ids: set[str] = set()
    owners: dict[tuple[str, str], str] = {}
    for rule in rules:
        where = data.labelled(f"rule {rule.id!r}")
        if rule.id in ids:
            where.fail("rule id is already defined")
        ids.add(rule.id)
        for kind in SIGNAL_KINDS:
            for signal in getattr(rule, kind):
                owner = owners.setdefault((kind, signal), rule.id)
                if owner != rule.id:
                    where.fail(f"'{kind}' value {signal!r} is already listed by rule {owner!r}")


def _caught(snippet: str, rule: WidgetRule, signals: WidgetSignals) -> bool:
    """Whether the snippet's outermost element with a widget signal is matched by `rule`, as
    stripping would find it (the guard, which needs the page around it, is the tests' to
    check)."""
    try:
        wrapper = lxml_html.fragment_fromstring(snippet, create_parent="div")
    except (etree.ParserError, ValueError):
        return False  # not HTML
    for element in wrapper.iterdescendants(etree.Element):
        match = match_element(element, signals)
        if match is not None:
            return match.rule.id == rule.id
    return False
