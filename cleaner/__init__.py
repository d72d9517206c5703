"""cleaner: article boilerplate cleaner and archiver.

Public API::

    import cleaner
    article = cleaner.clean(html_or_text, url="https://example.com/a")
    article.text, article.title, article.removed

For many documents build one `cleaner.Cleaner` and call its `clean` method: it loads the rule
packs once.
"""

from cleaner.errors import CleanerError
from cleaner.model import Article, RawDocument, Removal
from cleaner.pipeline import Cleaner, clean

__version__ = "0.1.0"

__all__ = ["Article", "Cleaner", "CleanerError", "RawDocument", "Removal", "__version__", "clean"]
