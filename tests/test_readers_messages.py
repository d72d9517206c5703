"""`cleaner.readers.messages`: sources and reasons stay one line."""

from __future__ import annotations

import os

from cleaner.readers import ReadError
from cleaner.readers.messages import display_path


def test_display_path_and_read_error_stay_one_line() -> None:
    assert display_path("a\nb\tc") == "a\\nb\\tc"
    assert display_path(os.fsdecode(b"x\xe9")) == "x\\xe9"
    error = ReadError("f\u2028g", "first line\nsecond line")
    assert str(error) == "f\\u2028g: first line\\nsecond line"
    assert len(ReadError("f", "x" * 1000).reason) == 300
