"""Function words of the languages the rule packs cover, used to tell a short sentence ("He
declined to comment.") from a short label ("Accessibility links"). Small on purpose: the
classifier only asks whether a line contains *any* of them."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH = _words(
    """
    a an the and or but if of to in on at by for with from as is are was were be been has
    have had do does did not no it its he she they we you i his her their our this that
    these those there here who which what when where will would can could should may might
    must said says than then so up out about into over after before
    """
)
GERMAN = _words(
    """
    der die das den dem des ein eine einen einem einer und oder aber nicht ist sind war
    waren hat haben wird werden wurde mit von zu im in am an auf aus bei für nach über unter
    vor sich er sie es wir ihr ich auch noch nur wie als dass sagte so
    """
)
FRENCH = _words(
    """
    le la les un une des du de et ou mais ne pas est sont était ont a été avec pour par dans
    sur au aux ce cette ces il elle ils elles nous vous je qui que quoi dont où plus selon a
    dit se son sa ses leur
    """
)
SPANISH = _words(
    """
    el la los las un una unos unas y o pero no es son era fue han ha con para por en sobre
    al del de que quien como más se su sus este esta estos lo le les dijo según
    """
)
STOPWORDS = ENGLISH | GERMAN | FRENCH | SPANISH


def has_stopword(words: list[str]) -> bool:
    """Whether any word (compared lowercased, without surrounding punctuation) is a stopword."""
    return any(word.strip(".,;:!?\"'“”‘’«»()[]").casefold() in STOPWORDS for word in words)
