"""`cleaner.clean` is pure and deterministic: same answer sequentially, from many threads and
from several processes; no global state carried between calls."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

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
    # each cleaner.clean() builds its own Cleaner (no module-level state), so two calls suffice
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
