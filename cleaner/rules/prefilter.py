"""The prefilter that spares most regex calls: what a pattern's matches must start with or
contain, read from its parse tree.

`RuleSet.hits` tries a line only against the rules whose matches may start with the line's
first character (most patterns are anchored at the start of the line), and skips a rule that
scans the whole line when the line holds none of the literals every match contains. Both are
supersets: a rule is skipped only when it cannot match.
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.rules import regex_tree

# The only non-ASCII characters that case-insensitive matching folds onto ASCII letters
# without `str.lower()` doing the same (İ, dotless ı, long s): a line holding one is not
# prefiltered by required literals.
FOLDS_ONTO_ASCII = re.compile("[\u0130\u0131\u017f]")
_MIN_LITERAL = 3
_AT_START = frozenset({"AT_BEGINNING", "AT_BEGINNING_STRING"})
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_ASCII = frozenset(chr(code) for code in range(128))
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": frozenset("0123456789"),
    "CATEGORY_NOT_DIGIT": _ASCII - frozenset("0123456789"),
    "CATEGORY_SPACE": frozenset(a for a in _ASCII if re.fullmatch(r"\s", a)),
    "CATEGORY_NOT_SPACE": frozenset(a for a in _ASCII if re.fullmatch(r"\S", a)),
    "CATEGORY_WORD": frozenset(a for a in _ASCII if re.fullmatch(r"\w", a)),
    "CATEGORY_NOT_WORD": frozenset(a for a in _ASCII if re.fullmatch(r"\W", a)),
}


# --- first characters -------------------------------------------------------------------------


def start_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lower-case ASCII characters a line may start with for `pattern` to match it, when
    the pattern is anchored at the start of the string (a superset: the index only skips
    rules that cannot match); None when unknown (not anchored, may match an empty string, or
    an unsupported construct). Lines that start with a non-ASCII character try every rule."""
    if pattern.flags & re.MULTILINE:
        return None
    try:
        parsed = regex_tree.parse(pattern.pattern, pattern.flags)
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
    if name in regex_tree.REPEAT_OPS:
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


# --- required literals ------------------------------------------------------------------------


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match of `pattern` contains, or None when
    no such set of strings (each at least 3 characters) is found. An ASCII pattern character
    matches its two cases and, case-insensitively, a few non-ASCII letters: `str.lower()`
    maps the Kelvin sign to k; lines holding the others are not prefiltered (see
    `FOLDS_ONTO_ASCII`)."""
    try:
        parsed = regex_tree.parse(pattern.pattern, pattern.flags)
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
    if name in regex_tree.REPEAT_OPS and arg[0] >= 1:
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
