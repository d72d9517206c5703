"""Boilerplate rule packs kept as data files.

A pack is a TOML file: a `category` and a list of `[[rules]]`, each with an `id`, a one-line
`reason`, a regular expression `pattern`, a `position` (where in the document the rule may
fire), a `max_words` guard and positive/negative `examples`. The built-in packs live in
`cleaner/rules/packs/`, one per category; users pass their own files to `load_ruleset`.

Patterns are matched against the *core* of a line (see `line_core`): whitespace collapsed,
curly apostrophes made straight and leading bullet markers removed. They never see lines longer
than their `max_words`, nor lines longer than `max_chars_for(max_words)` characters, so a hostile
1 MB line never reaches a regex.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

from cleaner.errors import RuleError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

Position = Literal["any", "head", "tail", "edge"]
POSITIONS: tuple[Position, ...] = ("any", "head", "tail", "edge")
DEFAULT_MAX_WORDS = 12
MAX_MAX_WORDS = 120
RULE_KEYS = frozenset(
    {"id", "reason", "pattern", "position", "max_words", "category", "ends_article", "examples"}
)
PACK_KEYS = frozenset({"category", "description", "rules", "disable"})
BULLETS = "•·▪▫◦‣►▸▶»›*|–—-"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_LEADING_MARKS = BULLETS + " "
# The only non-ASCII characters that case-insensitive matching folds onto ASCII letters
# without `str.lower()` doing the same (İ, dotless ı, long s): a line holding one is not
# prefiltered by required literals.
_FOLDS_ONTO_ASCII = re.compile("[\u0130\u0131\u017f]")


def max_chars_for(max_words: int) -> int:
    """Longest line (in characters) a rule with this word guard is ever tried on."""
    return max(200, 40 * max_words)


def line_core(text: str) -> str:
    """The part of a line patterns see: whitespace collapsed, straight apostrophes, no leading
    bullet markers."""
    collapsed = " ".join(text.split())
    if "`" in collapsed or not collapsed.isascii():  # str.translate is slow: only if needed
        collapsed = collapsed.translate(_APOSTROPHES)
    return collapsed.lstrip(_LEADING_MARKS)


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern with the evidence a user sees when it fires."""

    id: str
    category: str
    reason: str
    pattern: re.Pattern[str]
    position: Position
    max_words: int
    ends_article: bool
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    source: str
    max_chars: int = 0  # derived from max_words in __post_init__

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_chars", max_chars_for(self.max_words))

    def applies_to(self, words: int, chars: int) -> bool:
        """Whether a line of this size is short enough to be tried at all."""
        return words <= self.max_words and chars <= self.max_chars

    def matches(self, text: str) -> bool:
        """Whether the rule fires on a line (any text: it is reduced to its core first)."""
        core = line_core(text)
        if not self.applies_to(len(core.split()), len(core)):
            return False
        return self.pattern.search(core) is not None


@dataclass(frozen=True)
class RuleSet:
    """All loaded rules, built-in packs first, then the user's packs in the order given."""

    rules: tuple[Rule, ...] = ()
    # by_words[n]: the rules (in load order) whose max_words allows a line of n words
    by_words: tuple[tuple[Rule, ...], ...] = field(init=False, repr=False, compare=False)
    # by_start[n][c]: the rules of by_words[n] that can match a line whose core starts with the
    # ASCII character c (lower case): most patterns are anchored at the start of the line, so
    # a line is tried against a handful of rules instead of all of them
    by_start: tuple[Mapping[str, tuple[Rule, ...]], ...] = field(
        init=False, repr=False, compare=False
    )
    # rule id → lower-case strings one of which every match contains, for the rules that scan
    # the whole line (not anchored, or starting with a broad class): a line holding none of
    # them (lower-cased) skips the regex
    required: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = tuple(
            tuple(rule for rule in self.rules if rule.max_words >= words)
            for words in range(MAX_MAX_WORDS + 1)
        )
        starts = {rule.id: start_characters(rule.pattern) for rule in self.rules}
        object.__setattr__(self, "by_words", index)
        object.__setattr__(self, "by_start", _index_by_start(index, starts))
        scanning = [
            rule
            for rule in self.rules
            if (chars := starts[rule.id]) is None or len(chars) > _SELECTIVE_START
        ]
        required = {rule.id: required_literals(rule.pattern) for rule in scanning}
        object.__setattr__(
            self, "required", {key: value for key, value in required.items() if value}
        )

    def hits(self, core: str, words: int) -> tuple[Rule, ...]:
        """Every rule that fires on a line core with `words` words, in load order."""
        if words > MAX_MAX_WORDS:
            return ()
        chars = len(core)
        lowered = None if _FOLDS_ONTO_ASCII.search(core) else core.lower()
        first = core[:1]
        if first and first.isascii():
            starting = self.by_start[words]
            candidates = starting.get(first.lower(), starting[""])
        else:
            candidates = self.by_words[words]
        required = self.required
        found = []
        for rule in candidates:
            if chars > rule.max_chars:
                continue
            if lowered is not None:
                needed = required.get(rule.id)
                if needed is not None and not any(word in lowered for word in needed):
                    continue
            if rule.pattern.search(core) is not None:
                found.append(rule)
        return tuple(found)

    def categories(self) -> frozenset[str]:
        return frozenset(rule.category for rule in self.rules)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


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
        _parse_pack(folder.joinpath(name).read_text(encoding="utf-8"), f"built-in pack {name}")
        for name in builtin_pack_names()
    ]
    packs.extend(_parse_pack(_read_user_pack(Path(path)), str(path)) for path in extra_files)
    return RuleSet(rules=_merge(packs))


def _read_user_pack(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: rule pack is not valid UTF-8") from exc


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


def _parse_pack(text: str, name: str) -> _Pack:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{name}: invalid TOML: {exc}") from exc
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise RuleError(f"{name}: unknown key(s) {', '.join(sorted(unknown))}")
    category = data.get("category")
    if category is not None and not _is_name(category):
        raise RuleError(f"{name}: 'category' must be a short lowercase name")
    entries = data.get("rules", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RuleError(f"{name}: 'rules' must be an array of tables ([[rules]])")
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise RuleError(f"{name}: 'disable' must be a list of rule ids")
    if not entries and not disable:
        raise RuleError(f"{name}: pack has no rules")
    rules = tuple(_parse_rule(entry, category, name, n) for n, entry in enumerate(entries, 1))
    return _Pack(name=name, rules=rules, disable=tuple(disable))


def _parse_rule(entry: dict[str, Any], pack_category: str | None, name: str, n: int) -> Rule:
    where = f"{name}: rule #{n}"
    unknown = set(entry) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    rule_id = _required_str(entry, "id", where)
    where = f"{name}: rule {rule_id!r}"
    category = entry.get("category", pack_category)
    if not _is_name(category):
        raise RuleError(f"{where}: needs a 'category' (in the rule or at the top of the pack)")
    position = entry.get("position", "any")
    if position not in POSITIONS:
        raise RuleError(f"{where}: 'position' must be one of {', '.join(POSITIONS)}")
    max_words = entry.get("max_words", DEFAULT_MAX_WORDS)
    if not isinstance(max_words, int) or isinstance(max_words, bool):
        raise RuleError(f"{where}: 'max_words' must be an integer")
    if not 1 <= max_words <= MAX_MAX_WORDS:
        raise RuleError(f"{where}: 'max_words' must be between 1 and {MAX_MAX_WORDS}")
    ends_article = entry.get("ends_article", False)
    if not isinstance(ends_article, bool):
        raise RuleError(f"{where}: 'ends_article' must be true or false")
    positives, negatives = _examples(entry.get("examples", {}), where)
    rule = Rule(
        id=rule_id,
        category=cast(str, category),
        reason=_required_str(entry, "reason", where),
        pattern=compile_safe_pattern(_required_str(entry, "pattern", where), where),
        position=cast(Position, position),
        max_words=max_words,
        ends_article=ends_article,
        positives=positives,
        negatives=negatives,
        source=name,
    )
    for example in positives:
        if not rule.matches(example):
            raise RuleError(f"{where}: positive example {example!r} is not caught by the rule")
    return rule


def _examples(value: Any, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(value, dict) or set(value) - {"positive", "negative"}:
        raise RuleError(f"{where}: 'examples' may only hold 'positive' and 'negative' lists")
    lists = []
    for key in ("positive", "negative"):
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise RuleError(f"{where}: 'examples.{key}' must be a list of strings")
        lists.append(tuple(items))
    return lists[0], lists[1]


def _required_str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: missing or empty '{key}'")
    if key in ("id", "reason") and "\n" in value:
        raise RuleError(f"{where}: '{key}' must be one line")
    return value


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9-]{0,39}", value) is not None


# --- pattern safety ---------------------------------------------------------------------------

_sre_parser: Any = importlib.import_module(
    "re._parser" if sys.version_info >= (3, 11) else "sre_parse"
)
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def compile_safe_pattern(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a rule pattern, refusing the shapes that backtrack catastrophically.

    Refused: an unbounded quantifier inside a group that repeats (`(a+)+`, `(\\w+ ?){1,5}`)
    and backreferences. Unbounded single-item runs such as `\\s*` or `.*` remain allowed; the
    line-length guards bound their cost.
    """
    try:
        compiled = re.compile(pattern)
        tree = _sre_parser.parse(pattern)
    except re.error as exc:
        raise RuleError(f"{where}: invalid pattern: {exc}") from exc
    problem = _unsafe_construct(tree, inside_star=False)
    if problem:
        raise RuleError(f"{where}: unsafe pattern ({problem}), it could backtrack for minutes")
    return compiled


def _unsafe_construct(items: Any, *, inside_star: bool) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in ("GROUPREF", "GROUPREF_EXISTS"):
            return "backreference"
        if name in _REPEATS:
            _low, high, sub = arg
            unbounded = high == _sre_parser.MAXREPEAT or high > 1000
            if unbounded and inside_star:
                return "unbounded quantifier inside a repeated group"
            problem = _unsafe_construct(sub, inside_star=inside_star or high > 1)
        else:
            problem = _unsafe_children(name, arg, inside_star)
        if problem:
            return problem
    return None


def _unsafe_children(name: str, arg: Any, inside_star: bool) -> str | None:
    if name == "SUBPATTERN":
        return _unsafe_construct(arg[-1], inside_star=inside_star)
    if name == "BRANCH":
        for branch in arg[1]:
            problem = _unsafe_construct(branch, inside_star=inside_star)
            if problem:
                return problem
    if name in ("ASSERT", "ASSERT_NOT"):
        return _unsafe_construct(arg[1], inside_star=inside_star)
    if name == "ATOMIC_GROUP":
        return _unsafe_construct(arg, inside_star=inside_star)
    return None


# --- start-of-line index ------------------------------------------------------------------------


def _index_by_start(
    by_words: tuple[tuple[Rule, ...], ...], starts: Mapping[str, frozenset[str] | None]
) -> tuple[Mapping[str, tuple[Rule, ...]], ...]:
    """For each word count, first character → rules that may match a line starting with it;
    key "" holds the rules that may match whatever the first character is."""
    keys = sorted({char for chars in starts.values() if chars for char in chars})
    built: dict[tuple[Rule, ...], Mapping[str, tuple[Rule, ...]]] = {}
    for group in by_words:
        if group not in built:
            built[group] = {
                key: tuple(r for r in group if _may_start_with(starts[r.id], key))
                for key in ["", *keys]
            }
    return tuple(built[group] for group in by_words)


# A rule whose matches may start with more characters than this scans the line: it gets a
# required-literal prefilter instead.
_SELECTIVE_START = 40
_MIN_LITERAL = 3
_AT_START = frozenset({"AT_BEGINNING", "AT_BEGINNING_STRING"})
_REPEAT_OPS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})


def _may_start_with(chars: frozenset[str] | None, key: str) -> bool:
    return chars is None or key in chars


def start_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lower-case ASCII characters a line may start with for `pattern` to match it, when
    the pattern is anchored at the start of the string (a superset: the index only skips
    rules that cannot match); None when unknown (not anchored, may match an empty string, or
    an unsupported construct). Lines that start with a non-ASCII character try every rule."""
    if pattern.flags & re.MULTILINE:
        return None
    try:
        parsed = list(_sre_parser.parse(pattern.pattern, pattern.flags))
    except re.error:  # pragma: no cover - the pattern compiled already
        return None
    return _anchored_start(parsed)


def _anchored_start(items: list[Any]) -> frozenset[str] | None:
    if not items:
        return None
    op, arg = items[0]
    name = str(op)
    if name == "AT" and str(arg) in _AT_START:
        chars, nullable = _first_set(items[1:])
        return None if chars is None or nullable else frozenset(chars)
    if len(items) == 1 and name == "BRANCH":
        found: set[str] = set()
        for branch in arg[1]:
            branch_chars = _anchored_start(list(branch))
            if branch_chars is None:
                return None
            found |= branch_chars
        return frozenset(found)
    if len(items) == 1 and name == "SUBPATTERN":
        return _anchored_start(list(arg[-1]))
    return None


def _first_set(items: Any) -> tuple[set[str] | None, bool]:
    """(characters the sequence can start with, whether it can match an empty string)."""
    found: set[str] = set()
    for op, arg in items:
        chars, nullable = _first_of_item(str(op), arg)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_item(name: str, arg: Any) -> tuple[set[str] | None, bool]:
    if name == "LITERAL":
        return _ascii_chars([chr(arg)]), False
    if name == "ANY":
        return {char.lower() for char in _ASCII}, False
    if name == "NOT_LITERAL":
        return {char.lower() for char in _ASCII if char != chr(arg)}, False
    if name == "IN":
        return _class_chars(arg), False
    if name == "SUBPATTERN":
        return _first_set(arg[-1])
    if name == "ATOMIC_GROUP":
        return _first_set(arg)
    if name == "BRANCH":
        found: set[str] = set()
        any_nullable = False
        for branch in arg[1]:
            chars, nullable = _first_set(branch)
            if chars is None:
                return None, False
            found |= chars
            any_nullable = any_nullable or nullable
        return found, any_nullable
    if name in _REPEAT_OPS:
        low, _high, sub = arg
        chars, nullable = _first_set(sub)
        return chars, nullable or low == 0
    if name in _ZERO_WIDTH:
        return set(), True  # consumes nothing: the next item decides
    return None, False


def _class_chars(members: Any) -> set[str] | None:
    """ASCII characters a character class `[...]` can match (a superset)."""
    chars: set[str] = set()
    negated = False
    for op, arg in members:
        name = str(op)
        if name == "NEGATE":
            negated = True
        elif name == "LITERAL":
            chars.add(chr(arg))
        elif name == "RANGE":
            chars.update(chr(code) for code in range(arg[0], min(arg[1], 127) + 1))
        elif name == "CATEGORY" and str(arg) in _CATEGORY_CHARS:
            chars |= _CATEGORY_CHARS[str(arg)]
        else:
            return None
    if negated:  # everything but the listed characters (their other case stays in: superset)
        return {char.lower() for char in _ASCII - chars}
    return _ascii_chars(sorted(chars))


def _ascii_chars(chars: list[str]) -> set[str]:
    """The lower-case ASCII characters of a line that these pattern characters can match: an
    ASCII letter stands for both its cases; a non-ASCII one only for the ASCII characters
    case-insensitive matching folds onto it (Kelvin sign K → k, long s ſ → s)."""
    found: set[str] = set()
    for char in chars:
        if char.isascii():
            found.add(char.lower())
        else:
            folds = re.compile(re.escape(char), re.IGNORECASE)
            found.update(a.lower() for a in _ASCII if folds.fullmatch(a))
    return found


_ASCII = frozenset(chr(code) for code in range(128))
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": frozenset("0123456789"),
    "CATEGORY_NOT_DIGIT": _ASCII - frozenset("0123456789"),
    "CATEGORY_SPACE": frozenset(a for a in _ASCII if re.fullmatch(r"\s", a)),
    "CATEGORY_NOT_SPACE": frozenset(a for a in _ASCII if re.fullmatch(r"\S", a)),
    "CATEGORY_WORD": frozenset(a for a in _ASCII if re.fullmatch(r"\w", a)),
    "CATEGORY_NOT_WORD": frozenset(a for a in _ASCII if re.fullmatch(r"\W", a)),
}


# --- required literals ------------------------------------------------------------------------


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match of `pattern` contains, or None when
    no such set of strings (each at least 3 characters) is found. An ASCII pattern character
    matches its two cases and, case-insensitively, a few non-ASCII letters: `str.lower()`
    maps the Kelvin sign to k; lines holding the others are not prefiltered (see `hits`)."""
    try:
        parsed = list(_sre_parser.parse(pattern.pattern, pattern.flags))
    except re.error:  # pragma: no cover - the pattern compiled already
        return None
    found = _required_in(parsed)
    return frozenset(found) if found else None


def _required_in(items: list[Any]) -> set[str] | None:
    """The best (longest shortest member) set of strings one of which a sequence requires."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        name = str(op)
        if name == "LITERAL" and chr(arg).isascii():
            run.append(chr(arg).lower())
            continue
        if len(run) >= _MIN_LITERAL:
            options.append({"".join(run)})
        run = []
        found = _required_of_item(name, arg)
        if found:
            options.append(found)
    if not options:
        return None
    return max(options, key=lambda option: min(len(text) for text in option))


def _required_of_item(name: str, arg: Any) -> set[str] | None:
    if name == "SUBPATTERN":
        return _required_in(list(arg[-1]))
    if name == "ATOMIC_GROUP":
        return _required_in(list(arg))
    if name in _REPEAT_OPS and arg[0] >= 1:
        return _required_in(list(arg[2]))
    if name == "BRANCH":
        union: set[str] = set()
        for branch in arg[1]:
            found = _required_in(list(branch))
            if not found:
                return None
            union |= found
        return union
    return None
