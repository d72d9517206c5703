"""Text helpers shared by the rooms: whitespace, line keys, CJK script, sentence ends, words.

One definition of each, so that the classifier, the templates, dedup and the archive count and
compare text the same way.
"""

from __future__ import annotations

import re

# Kana, CJK ideographs (with extension A and compatibility ideographs) and Hangul syllables.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
# A word: one CJK character, or a run of other letters and digits.
WORD = re.compile(rf"[{CJK_RANGES}]|[^\W{CJK_RANGES}]+")

SENTENCE_END = ".!?…。！？"
# Closing quotes and brackets that may follow a sentence end.
CLOSERS = "\"'”’“»«›‹)]*"


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace as one space, no leading or trailing space."""
    return " ".join(text.split())


def normalise_line(text: str) -> str:
    """The comparison key of a line: whitespace collapsed, casefolded."""
    return " ".join(text.split()).casefold()


def ends_sentence(text: str) -> bool:
    """The text ends with sentence punctuation, maybe followed by closing quotes or brackets."""
    stripped = text.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in SENTENCE_END


def continues_sentence(above: str, below: str) -> bool:
    """`below`, printed on the line after `above`, carries on its sentence: `above` does not
    end one and `below` starts in lower case (a paragraph the source wrapped across lines)."""
    return not ends_sentence(above) and below[:1].islower()


def cjk_count(text: str) -> int:
    return len(CJK_CHAR.findall(text))


def word_count(text: str) -> int:
    """Words as a reader counts them: space-separated words, plus one word per two CJK
    characters (CJK script has no spaces; a word there is one to two characters)."""
    words = len(text.split())
    if text.isascii():
        return words
    return words + cjk_count(text) // 2


def words(text: str) -> list[str]:
    """The normalised words of a text: casefolded, punctuation dropped, CJK chars one by one."""
    return WORD.findall(text.casefold())
