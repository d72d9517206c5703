"""The FTS5 query of what a user types: every word (or "quoted phrase") becomes a quoted FTS5
string, so operators, column filters and stray quotes are just words; a trailing `*` on a word
keeps its prefix meaning. A CJK word becomes the phrase of its bigrams, as the CJK index holds
it (`cleaner.fulltext.bigrams`). The same string is matched against every index: the word
indexes never hold bigram tokens, so a CJK phrase finds nothing there, and a Latin word is a
word in all three."""

from __future__ import annotations

import re
import unicodedata

from cleaner.errors import CleanerError
from cleaner.fulltext.bigrams import bigram_form, has_cjk, last_run_length

MAX_QUERY_TERMS = 64
NOTHING = '""'  # an empty phrase: a valid FTS5 query that matches no row

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+\*?")
_PLAIN_WORD = re.compile(r"\w+")


def build_fts_query(user_text: str) -> str:
    """A safe FTS5 query: all words must match (implicit AND), each phrase as a phrase."""
    text = unicodedata.normalize("NFKC", user_text)
    terms: list[str] = []
    for phrase in _PHRASE.findall(text):
        words = _PLAIN_WORD.findall(phrase)
        if words:
            terms.append(fts_string(" ".join(words)))
    for word in _WORD.findall(_PHRASE.sub(" ", text)):
        terms.append(fts_string(word.removesuffix("*"), prefix=word.endswith("*")))
    if not terms:
        raise CleanerError("the search query has no words to look for")
    return " ".join(terms[:MAX_QUERY_TERMS])


def fts_query_or_nothing(user_text: str) -> str:
    """`build_fts_query`, or a query that matches nothing when the text has no words (for SQL
    functions, which must not raise)."""
    try:
        return build_fts_query(user_text)
    except CleanerError:
        return NOTHING


def fts_string(words: str, *, prefix: bool = False) -> str:
    """One quoted FTS5 string (a phrase when it holds several tokens) for space-separated
    words. A CJK run at its end: a run of two or more characters stops at its last bigram (the
    document may go on after it); a lone character, or a prefix, is a prefix token."""
    if not has_cjk(words):
        return f'"{words}"' + ("*" if prefix else "")
    tokens = bigram_form(words).split()
    closing_run = last_run_length(words)
    prefix = prefix or closing_run == 1
    if closing_run > 1 and not prefix:
        tokens.pop()  # the run's closing character: a document may continue the run
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def query_words(user_text: str) -> list[str]:
    """The words of a query as its text would show them, for marking them in a snippet."""
    return _PLAIN_WORD.findall(unicodedata.normalize("NFKC", user_text))
