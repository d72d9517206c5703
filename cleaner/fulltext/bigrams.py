"""CJK text as the CJK index holds it: each run of CJK characters written as its overlapping
bigrams, then its last character (子ども → 子ど ども も), other text as it is.

A word of two or more characters is then the phrase of its bigrams, found wherever it stands in
a run; the closing character gives every position a token that starts with its character, so
a one-character query is a prefix query that finds every occurrence. The writer stores this
form (`articles.bigram_title`, `bigram_text`), so the triggers that index it stay plain SQL and
any sqlite3 client can write the archive.
"""

from __future__ import annotations

import re
import unicodedata

from cleaner.text import CJK_CHAR, CJK_RANGES

_CJK_RUN = re.compile(f"[{CJK_RANGES}]+")


def has_cjk(text: str | None) -> bool:
    if not text or text.isascii():
        return False
    return CJK_CHAR.search(text) is not None


def run_tokens(run: str) -> list[str]:
    """The tokens of one run of CJK characters: its bigrams, then its last character."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def bigram_form(text: str) -> str:
    """`text` with every CJK run as its tokens, spaced apart from the text around it.
    NFKC first, so that half-width katakana and full-width Latin letters match their usual
    forms (queries get the same)."""
    return _CJK_RUN.sub(_spaced_tokens, unicodedata.normalize("NFKC", text))


def _spaced_tokens(run: re.Match[str]) -> str:
    return " " + " ".join(run_tokens(run.group())) + " "


def search_forms(title: str | None, text: str) -> tuple[str | None, str | None]:
    """The bigram title and text the writer stores: (None, None) unless the article has CJK
    script in its title or text (it then goes to the CJK index, not a word index)."""
    if not (has_cjk(text) or has_cjk(title)):
        return None, None
    return (bigram_form(title) if title else None), bigram_form(text)


def last_run_length(text: str) -> int:
    """How many CJK characters end `text` (0 when it ends otherwise)."""
    found = re.search(f"[{CJK_RANGES}]+$", text)
    return len(found.group()) if found else 0
