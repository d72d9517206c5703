"""Language identification (py3langid) of article text."""

from __future__ import annotations

import dataclasses
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from cleaner.language import LanguageIdentifier

IDENTIFIER = LanguageIdentifier()

SAMPLES = {
    "en": "The city council approved the new budget on Tuesday evening after a long debate.",
    "de": "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen.",
    "fr": "Le conseil municipal a adopté mardi soir le nouveau budget après un long débat.",
    "es": "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate.",
    "pl": "Rada miasta przyjęła we wtorek wieczorem nowy budżet po długiej debacie.",
    "zh": "市议会周二晚上经过长时间辩论后批准了新的预算方案，反对派表示将会增加税收。",
}


@pytest.mark.parametrize(("code", "text"), sorted(SAMPLES.items()))
def test_language_of_a_sentence(code: str, text: str) -> None:
    assert IDENTIFIER.detect(text) == code


@pytest.mark.parametrize("text", ["", "Home", "OK 12", "   \n  ", "1234567890 " * 20])
def test_too_little_text_has_no_language(text: str) -> None:
    assert IDENTIFIER.detect(text) is None


def test_guess_reports_confidence() -> None:
    guess = IDENTIFIER.guess(SAMPLES["de"] * 3)
    assert guess is not None
    assert guess.code == "de"
    assert 0.5 < guess.confidence <= 1.0


def test_long_text_is_sampled_not_read_whole() -> None:
    text = SAMPLES["fr"] * 5000  # ~400 kB: only the head is scored
    assert IDENTIFIER.detect(text) == "fr"


def test_identifier_survives_pickling_for_worker_processes() -> None:
    copy = pickle.loads(pickle.dumps(IDENTIFIER))
    assert copy.detect(SAMPLES["es"]) == "es"


def test_identifier_is_immutable_once_built() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        IDENTIFIER._model = None  # type: ignore[misc]
    assert IDENTIFIER.detect(SAMPLES["pl"]) == "pl"


def test_one_identifier_shared_by_threads_agrees_with_itself() -> None:
    texts = [text for _, text in sorted(SAMPLES.items())] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(IDENTIFIER.detect, texts))
    assert codes == [code for code, _ in sorted(SAMPLES.items())] * 8
