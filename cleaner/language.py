"""Language identification of article text with py3langid (ISO 639-1 codes).

py3langid's model takes ~0.7 s to load, so it is held by a `LanguageIdentifier` object that a
`Cleaner` owns (loaded on first use) instead of a module-level cache.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
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


class LanguageIdentifier:
    """Identifies the language of a text. Safe to share between threads; picklable (the
    model is reloaded in the receiving process on first use)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None

    def guess(self, text: str) -> LanguageGuess | None:
        """The most likely language with its probability, or None for too little text."""
        sample = text[:MAX_SAMPLE_CHARS]
        if not _has_letters(sample, MIN_LETTERS):
            return None
        code, confidence = self._loaded().classify(sample)
        return LanguageGuess(code=str(code), confidence=float(confidence))

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the text's language, or None when too short or unsure."""
        found = self.guess(text)
        if found is None or found.confidence < MIN_CONFIDENCE:
            return None
        return found.code

    def load(self) -> None:
        """Load the model now (it takes ~0.7 s: keep that out of per-document time limits)."""
        self._loaded()

    def _loaded(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_model()
        return self._model

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._lock = threading.Lock()
        self._model = None


def _has_letters(text: str, needed: int) -> bool:
    """Whether `text` holds at least `needed` letters (stops counting once it does)."""
    for ch in text:
        if ch.isalpha():
            needed -= 1
            if needed <= 0:
                return True
    return needed <= 0


def _load_model() -> Any:
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Py3LangId

    return Py3LangId.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, identifier: LanguageIdentifier | None = None) -> str | None:
    """ISO 639-1 code of `text`'s language or None. Pass the identifier a `Cleaner` owns:
    without one, the model is loaded for this call alone (slow)."""
    return (identifier or LanguageIdentifier()).detect(text)
