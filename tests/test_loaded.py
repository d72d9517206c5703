"""The loaded state shared by every Cleaner of a process: keyed by rule file path and content,
filled once under concurrency, never caching a failure."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cleaner.errors import RuleError
from cleaner.loaded import loaded


def _pack(rule_id: str, phrase: str) -> str:
    return (
        'category = "promo"\n[[rules]]\n'
        f'id = "promo.{rule_id}"\nreason = "test"\npattern = "^{phrase}$"\n'
    )


def _ids(rule_files: list[Path]) -> set[str]:
    return {rule.id for rule in loaded(rule_files).ruleset.rules}


def test_the_same_rule_files_share_one_loaded_state(tmp_path: Path) -> None:
    pack = tmp_path / "site.toml"
    pack.write_text(_pack("station", "Example Radio"), encoding="utf-8")
    assert loaded() is loaded([])
    assert loaded([pack]) is loaded([str(pack)])
    assert loaded([pack]) is not loaded()


def test_rule_sets_share_the_widget_signals_and_language_model(tmp_path: Path) -> None:
    pack = tmp_path / "site.toml"
    pack.write_text(_pack("station", "Example Radio"), encoding="utf-8")
    with_pack, builtin = loaded([pack]), loaded()
    assert with_pack.language is builtin.language
    assert with_pack.widget_signals is builtin.widget_signals
    assert "promo.station" in _ids([pack])
    assert "promo.station" not in {rule.id for rule in builtin.ruleset.rules}


def test_an_edited_pack_is_loaded_afresh(tmp_path: Path) -> None:
    pack = tmp_path / "site.toml"
    pack.write_text(_pack("first", "Example Radio"), encoding="utf-8")
    assert "promo.first" in _ids([pack])
    pack.write_text(_pack("second", "Example Radio"), encoding="utf-8")
    ids = _ids([pack])
    assert "promo.second" in ids
    assert "promo.first" not in ids


def test_a_missing_pack_is_an_error_every_time_until_it_exists(tmp_path: Path) -> None:
    pack = tmp_path / "later.toml"
    for _ in range(2):
        with pytest.raises(RuleError, match="cannot read rule pack") as info:
            loaded([pack])
        assert str(pack) in str(info.value)
    pack.write_text(_pack("later", "Example Radio"), encoding="utf-8")
    assert "promo.later" in _ids([pack])


def test_a_broken_pack_is_not_cached_once_fixed(tmp_path: Path) -> None:
    pack = tmp_path / "broken.toml"
    pack.write_text("category = \n", encoding="utf-8")
    with pytest.raises(RuleError, match="invalid TOML"):
        loaded([pack])
    pack.write_text(_pack("fixed", "Example Radio"), encoding="utf-8")
    assert "promo.fixed" in _ids([pack])


def test_threads_starting_together_get_one_load(tmp_path: Path) -> None:
    pack = tmp_path / "concurrent.toml"
    pack.write_text(_pack("concurrent", "Example Radio"), encoding="utf-8")
    with ThreadPoolExecutor(max_workers=8) as pool:
        states = list(pool.map(lambda _: loaded([pack]), range(16)))
    assert all(state is states[0] for state in states)
