"""Language identification of article text with py3langid (ISO 639-1 codes).

py3langid's model takes ~0.7 s to load: a `LanguageIdentifier` loads it when built and is
immutable from then on, and `cleaner.loaded` keeps one per process for every `Cleaner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Shorter texts ("Home", a headline) are too short to identify reliably.
MIN_LETTERS = 20
# Below this probability the answer is a guess: report no language.
MIN_CONFIDENCE = 0.5
# Identification converges long before this (on the eval pages, 400 characters give the same
# language as 3,000 for 988 of 990 articles); the scoring walks the sample byte by byte in
# Python, so the cap is most of its cost.
MAX_SAMPLE_CHARS = 400


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float


def _load_model() -> Any:
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Py3LangId

    return Py3LangId.from_model_file(MODEL_FILE, norm_probs=True)


@dataclass(frozen=True, eq=False)
class LanguageIdentifier:
    """Identifies the language of a text. The model is loaded when the identifier is built
    and only read afterwards (py3langid's `set_languages`, which would change it, is never
    called), so one identifier may be shared by threads. Pickles without the model: the
    receiving process loads its own."""

    _model: Any = field(default_factory=_load_model, repr=False)

    def guess(self, text: str) -> LanguageGuess | None:
        """The most likely language with its probability, or None for too little text."""
        sample = text[:MAX_SAMPLE_CHARS]
        if not _has_letters(sample, MIN_LETTERS):
            return None
        code, confidence = self._model.classify(sample)
        return LanguageGuess(code=str(code), confidence=float(confidence))

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the text's language, or None when too short or unsure."""
        found = self.guess(text)
        if found is None or found.confidence < MIN_CONFIDENCE:
            return None
        return found.code

    def __reduce__(self) -> tuple[type[LanguageIdentifier], tuple[()]]:
        return (LanguageIdentifier, ())


def _has_letters(text: str, needed: int) -> bool:
    """Whether `text` holds at least `needed` letters (stops counting once it does)."""
    for ch in text:
        if ch.isalpha():
            needed -= 1
            if needed <= 0:
                return True
    return needed <= 0
