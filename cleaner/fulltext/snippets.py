"""Snippets of CJK hits, cut from the article's own text: FTS5's snippet() of the CJK index
would show its bigram form (子ど ども も). A window around the first query word the text
contains, every query word in it marked; the text's start when none is there literally (a
diacritic folded away, say)."""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
LEAD_SHARE = 3  # the window starts a third of its width before the first match


def marked_snippet(
    text: str | None, words: list[str], highlight: tuple[str, str], width: int | None
) -> str:
    """About `width` characters of `text` (all of it when `width` is None or 0), whitespace
    collapsed, each of `words` (case-insensitive) between the two highlight marks."""
    if not text:
        return ""
    shown = unicodedata.normalize("NFKC", text)  # as indexed, and as the query was read
    pattern = _words_pattern(words)
    lead = tail = ""
    if width:
        first = pattern.search(shown) if pattern else None
        start = max(0, first.start() - width // LEAD_SHARE) if first else 0
        lead = ELLIPSIS if start > 0 else ""
        tail = ELLIPSIS if start + width < len(shown) else ""
        shown = shown[start : start + width]
    if pattern:
        start_mark, end_mark = highlight
        shown = pattern.sub(lambda found: f"{start_mark}{found.group()}{end_mark}", shown)
    return lead + " ".join(shown.split()) + tail


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One alternation, longest word first, so that a word inside a longer one is not what
    gets marked."""
    unique = sorted({word for word in words if word}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(word) for word in unique), re.IGNORECASE)
