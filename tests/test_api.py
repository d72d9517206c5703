"""`cleaner.clean` is pure and deterministic: same answer sequentially, from many threads and
from several processes; only immutable loaded state is shared between calls, so after the first
call it costs what a reused `Cleaner` does; `import cleaner` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import cleaner
from cleaner.model import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _clean_all(texts: list[str]) -> list[dict]:
    shared = cleaner.Cleaner()
    return [shared.clean(text).to_dict() for text in texts]


def test_clean_returns_an_article_with_text_title_and_removals() -> None:
    article = cleaner.clean(TEXTS[0])
    assert isinstance(article, Article)
    assert article.title and article.text and article.removed
    assert article.input_kind == "text"
    assert "\n\n\n" not in article.text


def test_clean_accepts_bytes_and_str_alike() -> None:
    assert cleaner.clean(TEXTS[1].encode("utf-8")) == cleaner.clean(TEXTS[1])


def test_repeated_calls_give_identical_results() -> None:
    # each cleaner.clean() builds its own Cleaner over the shared immutable state
    assert cleaner.clean(TEXTS[2]).to_dict() == cleaner.clean(TEXTS[2]).to_dict()
    shared = cleaner.Cleaner()
    first = [shared.clean(text).to_dict() for text in TEXTS]
    second = [shared.clean(text).to_dict() for text in reversed(TEXTS)]
    assert first == list(reversed(second))


def test_one_cleaner_shared_by_many_threads_is_deterministic() -> None:
    expected = _clean_all(TEXTS)
    shared = cleaner.Cleaner()
    jobs = TEXTS * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda text: shared.clean(text).to_dict(), jobs))
    assert results == expected * 6


def test_processes_agree_with_the_main_process() -> None:
    expected = _clean_all(TEXTS)
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_clean_all, [TEXTS, TEXTS]))
    assert results == [expected, expected]


def test_clean_shares_the_loaded_state_of_a_reused_cleaner() -> None:
    # what makes cleaner.clean cheap after the first call (scripts/bench_api.py times it)
    first, second = cleaner.Cleaner(), cleaner.Cleaner(time_limit=None)
    assert first.ruleset is second.ruleset
    assert first.widget_signals is second.widget_signals
    assert first.language is second.language


HEAVY_MODULES = ("datasette", "sqlite_utils", "trafilatura", "htmldate", "cleaner.pipeline")


def test_import_cleaner_stays_light() -> None:
    probe = (
        "import json, sys, cleaner\n"
        f"print(json.dumps([name for name in {HEAVY_MODULES!r} if name in sys.modules]))\n"
        "cleaner.clean('Hello')\n"
        "print(json.dumps(sorted(set(sys.modules) & {'trafilatura', 'cleaner.pipeline'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    at_import, after_clean = result.stdout.splitlines()
    assert json.loads(at_import) == []
    assert json.loads(after_clean) == ["cleaner.pipeline", "trafilatura"]


def test_unknown_attributes_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'clear'"):
        cleaner.clear  # type: ignore[attr-defined]  # noqa: B018
