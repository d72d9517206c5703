"""`cleaner.cli.progress`: the progress bar and the number of inputs it counts up to."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from cleaner.cli.progress import Reporter, input_count
from cleaner.outcomes import Outcome, OutcomeKind
from cleaner.readers import ReaderOptions


def test_files_of_one_document_are_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>B</p>")
    (tmp_path / "sub" / "c.txt.gz").write_bytes(gzip.compress(b"C"))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")  # not picked up: not counted
    options = ReaderOptions()
    assert input_count([str(tmp_path)], options) == 3
    assert input_count([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")], options) == 2


@pytest.mark.parametrize("name", ["feed.jsonl", "list.json", "crawl.warc.gz", "notes.md"])
def test_no_total_when_a_file_may_hold_any_number(tmp_path: Path, name: str) -> None:
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / name).write_text("x")
    assert input_count([str(tmp_path / "a.txt"), str(tmp_path / name)], ReaderOptions()) is None


def test_no_total_for_standard_input() -> None:
    assert input_count(["-"], ReaderOptions()) is None


def test_the_bar_has_its_total_on_a_terminal_and_counting_waits_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def never() -> int:
        raise AssertionError("counted although no bar is shown")

    Reporter(quiet=False, unit="doc", total=never).close()  # stderr is no terminal here
    Reporter(quiet=True, unit="doc", total=never).close()
    monkeypatch.setattr("sys.stderr", Terminal())
    reporter = Reporter(quiet=False, unit="doc", total=lambda: 4)
    reporter(Outcome(OutcomeKind.NEW, "a.txt"))
    assert (reporter.bar.n, reporter.bar.total) == (1, 4)
    reporter.close()
