"""Rule patterns as parse trees, for the checks that look inside a pattern (pattern safety,
the prefilter): the standard library's own regex parser (`re._parser`, `sre_parse` before
Python 3.11), so a tree is exactly what `re` compiles."""

from __future__ import annotations

import importlib
import sys
from typing import Any

_sre_parser: Any = importlib.import_module(
    "re._parser" if sys.version_info >= (3, 11) else "sre_parse"
)

# The "no upper bound" of a quantifier (`*`, `+`, `{2,}`).
MAXREPEAT: int = _sre_parser.MAXREPEAT
# The op names of quantified items; their argument is (low, high, items).
REPEAT_OPS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def parse(pattern: str, flags: int = 0) -> list[Any]:
    """The pattern's items as (op, argument) pairs; raises `re.error` like `re.compile`."""
    return list(_sre_parser.parse(pattern, flags))
