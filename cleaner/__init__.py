"""cleaner: article boilerplate cleaner and archiver.

Public API::

    import cleaner
    article = cleaner.clean(html_or_text, url="https://example.com/a")
    article.text, article.title, article.removed

The first `clean` in a process loads the rule packs and the language model (about a second);
later calls share them (see `cleaner.loaded`). `cleaner.Cleaner` holds the same state with your
own rule packs and a per-document time limit; share one between threads.

`import cleaner` stays light: the pipeline (and trafilatura behind it) is imported on first use
of `clean` or `Cleaner`.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from cleaner.errors import CleanerError
from cleaner.model import Article, RawDocument, Removal

if TYPE_CHECKING:
    from cleaner.pipeline import Cleaner, clean

__version__ = version("cleaner")  # pyproject.toml's, the one place it is written

__all__ = ["Article", "Cleaner", "CleanerError", "RawDocument", "Removal", "__version__", "clean"]

_FROM_PIPELINE = frozenset({"Cleaner", "clean"})


def __getattr__(name: str) -> Any:
    """`Cleaner` and `clean`, imported from `cleaner.pipeline` when first asked for."""
    if name in _FROM_PIPELINE:
        from cleaner import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
