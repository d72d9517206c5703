"""cleaner: article boilerplate cleaner and archiver.

Public API::

    import cleaner
    article = cleaner.clean(html_or_text, url="https://example.com/a")
    article.text, article.title, article.removed

For many documents build one `cleaner.Cleaner` and call its `clean` method: it loads the rule
packs once.
"""

from typing import TYPE_CHECKING, Any

from cleaner.errors import CleanerError
from cleaner.model import Article, RawDocument, Removal

if TYPE_CHECKING:
    from cleaner.pipeline import Cleaner, clean

__version__ = "0.1.0"

__all__ = ["Article", "Cleaner", "CleanerError", "RawDocument", "Removal", "__version__", "clean"]


def __getattr__(name: str) -> Any:
    """`Cleaner` and `clean` import the pipeline, and with it trafilatura, on first use: the
    readers, the archive and `cleaner --help` do not need them."""
    if name in ("Cleaner", "clean"):
        from cleaner import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
