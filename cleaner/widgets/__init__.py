"""Widget DOM stripping before extraction: share bars, comment sections, newsletter and
paywall boxes, cookie banners, related-links asides, captions, ad slots, skip links.

The signals (class/id tokens, ARIA roles and labels, tag names) are data, kept in
`cleaner/data/widgets.toml` next to examples the loader and the tests check. The package:

- `signals`: the widget rules and their signals compiled into lookup tables;
- `loading`: `load_widget_signals`, the strict reading of the data file;
- `matching`: which rule an element's own signals point to (`match_element`);
- `strip`: the outermost widget blocks that pass the guard, found or removed.

One Python pass over the elements with dictionary lookups keeps the cost around a
millisecond per page.
"""

from cleaner.widgets.loading import load_widget_signals
from cleaner.widgets.matching import PageMemo, match_element, normalise_token
from cleaner.widgets.signals import WidgetRule, WidgetSignals
from cleaner.widgets.strip import find_widgets, strip_widgets

__all__ = [
    "PageMemo",
    "WidgetRule",
    "WidgetSignals",
    "find_widgets",
    "load_widget_signals",
    "match_element",
    "normalise_token",
    "strip_widgets",
]
