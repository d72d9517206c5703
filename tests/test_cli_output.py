"""`cleaner.cli.output`: the five ways a listing command prints its records."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cleaner.cli.output import colour_wanted, print_records

ROWS = [
    {"id": "a", "score": 0.5, "keep": True, "tags": ["x", "y"], "site": None},
    {"id": "b", "score": 1.25, "keep": False, "tags": [], "site": "news.example"},
]


def _printed(fmt: str, rows: list[dict[str, object]] = ROWS) -> tuple[str, int]:
    out = io.StringIO()
    count = print_records(iter(rows), fmt, lambda rs: (f"row {r['id']}" for r in rs), stream=out)  # type: ignore[arg-type]
    return out.getvalue(), count


def test_json_is_one_array_with_a_record_per_line() -> None:
    text, count = _printed("json")
    assert count == 2
    assert json.loads(text) == ROWS
    assert text.splitlines()[1].startswith(' {"id": "b"')
    assert _printed("json", []) == ("[]\n", 0)


def test_nl_is_one_object_per_line() -> None:
    text, count = _printed("nl")
    assert [json.loads(line) for line in text.splitlines()] == ROWS and count == 2
    assert _printed("nl", []) == ("", 0)


@pytest.mark.parametrize(("fmt", "dialect"), [("csv", "excel"), ("tsv", "excel-tab")])
def test_csv_and_tsv_have_a_header_and_flat_cells(fmt: str, dialect: str) -> None:
    text, count = _printed(fmt)
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    assert count == 2 and list(rows[0]) == ["id", "score", "keep", "tags", "site"]
    assert rows[0] == {"id": "a", "score": "0.5", "keep": "1", "tags": '["x", "y"]', "site": ""}
    assert rows[1]["keep"] == "0" and rows[1]["site"] == "news.example"


def test_human_is_the_commands_own_layout() -> None:
    assert _printed("human") == ("row a\nrow b\n", 2)


def test_colour_follows_the_flag_then_no_color_then_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour_wanted(None, Terminal()) is True
    assert colour_wanted(None, io.StringIO()) is False
    assert colour_wanted(True, io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour_wanted(None, Terminal()) is False
    assert colour_wanted(True, Terminal()) is True
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: no effect (no-color.org)
    assert colour_wanted(None, Terminal()) is True
