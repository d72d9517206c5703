"""The loaded state every `Cleaner` reads, shared per process.

Rule packs, widget signals and the language model take most of a second to load and never
change once loaded, so a process keeps one copy per set of rule files, keyed by each file's
path and the SHA-256 of its content: building a `Cleaner` (or calling `cleaner.clean`) after
the first is cheap, and an edited pack is loaded afresh. A lock around the fill makes threads
that start together wait for one load instead of each doing their own.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.language import LanguageIdentifier
from cleaner.rules import RuleSet, load_ruleset
from cleaner.widgets import WidgetSignals, load_widget_signals

# Rule file sets kept loaded at once (a process rarely uses more than one or two).
MAX_RULE_SETS = 8

RuleFileKey = tuple[tuple[str, str], ...]  # (path as given, sha256 of its bytes) per file

_FILL_LOCK = threading.Lock()


@dataclass(frozen=True)
class Loaded:
    """Immutable state for cleaning with one set of rule files."""

    ruleset: RuleSet
    widget_signals: WidgetSignals
    language: LanguageIdentifier


def loaded(rule_files: Sequence[Path | str] = ()) -> Loaded:
    """The shared state for the built-in packs plus `rule_files` (loaded on first use).

    Raises `RuleError` naming the file and the reason for a missing or malformed pack.
    """
    paths = tuple(str(path) for path in rule_files)
    key = _key(paths)
    with _FILL_LOCK:
        if key is None:  # a file cannot be read: load_ruleset says which and why
            return _load(paths)
        return _load_cached(key)


def _key(paths: tuple[str, ...]) -> RuleFileKey | None:
    pairs = []
    for path in paths:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        pairs.append((path, digest))
    return tuple(pairs)


@lru_cache(maxsize=MAX_RULE_SETS)
def _load_cached(key: RuleFileKey) -> Loaded:
    # The packs are read again by path: one edited since it was hashed is cached under its
    # old digest, which the next call (hashing the new content) does not look up.
    return _load(tuple(path for path, _ in key))


def _load(paths: tuple[str, ...]) -> Loaded:
    return Loaded(
        ruleset=load_ruleset([Path(path) for path in paths]),
        widget_signals=_widget_signals(),
        language=_language(),
    )


# The widget signals and the language model do not depend on the rule files: one each.
@lru_cache(maxsize=1)
def _widget_signals() -> WidgetSignals:
    return load_widget_signals()


@lru_cache(maxsize=1)
def _language() -> LanguageIdentifier:
    return LanguageIdentifier()
