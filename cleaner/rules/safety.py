"""Pattern safety: rule patterns that could backtrack catastrophically are refused at load.

A user's pack is data, yet its patterns run on every short line of every document: one
`(a+)+` would let a hostile line stall a worker for minutes. The check works on the parse tree
`re` itself builds (see `cleaner.rules.regex_tree`).
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.errors import RuleError
from cleaner.rules import regex_tree

# A bounded quantifier with more repeats than this costs like an unbounded one.
_LARGEST_BOUND = 1000


def compile_safe_pattern(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a rule pattern, refusing the shapes that backtrack catastrophically.

    Refused: an unbounded quantifier inside a group that repeats (`(a+)+`, `(\\w+ ?){1,5}`)
    and backreferences. Unbounded single-item runs such as `\\s*` or `.*` remain allowed; the
    line-length guards bound their cost.
    """
    try:
        compiled = re.compile(pattern)
        tree = regex_tree.parse(pattern)
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
        if name in regex_tree.REPEAT_OPS:
            _low, high, sub = arg
            unbounded = high == regex_tree.MAXREPEAT or high > _LARGEST_BOUND
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
