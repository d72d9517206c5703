"""Boilerplate rule packs kept as data files, and the rules loaded from them.

A pack is a TOML file of rules, each with an id, a category, a one-line reason, a pattern,
where in the document it may fire and positive/negative examples (`cleaner.rules.loader`;
the built-in packs are in `cleaner/rules/packs/`). The package is built of:

- `ruleset`: `Rule`, `RuleSet` and `line_core`, the text a pattern sees;
- `loader`: `load_ruleset`, the built-in packs plus the user's, read strictly;
- `datafile`: the strict TOML reading shared with the widget signals (`cleaner.widgets`);
- `safety`: patterns that could backtrack catastrophically are refused;
- `prefilter`: the first-character and required-literal checks that spare most regex calls;
- `stopwords`: function words, to tell a short sentence from a short label.
"""

from cleaner.rules.loader import builtin_pack_names, load_ruleset
from cleaner.rules.prefilter import required_literals, start_characters
from cleaner.rules.ruleset import MAX_MAX_WORDS, Rule, RuleSet, line_core
from cleaner.rules.safety import compile_safe_pattern

__all__ = [
    "MAX_MAX_WORDS",
    "Rule",
    "RuleSet",
    "builtin_pack_names",
    "compile_safe_pattern",
    "line_core",
    "load_ruleset",
    "required_literals",
    "start_characters",
]
