"""The per-document time limit (SIGALRM in the main thread)."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from cleaner.errors import CleanerError
from cleaner.timelimit import TimeLimitExceeded, can_interrupt, time_limit


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_slow_block_is_interrupted_with_a_cleaner_error() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"0.2 s time limit") as caught, time_limit(0.2):
        spin(5)
    assert isinstance(caught.value, CleanerError)
    assert time.monotonic() - started < 2


def test_fast_block_is_not_interrupted_and_timer_is_cleared() -> None:
    with time_limit(1):
        spin(0.01)
    spin(1.2)  # an alarm left armed would fire here


def test_swallowing_the_error_does_not_escape_the_limit() -> None:
    # Third-party code that catches Exception around one step (as trafilatura's fallback
    # extractors do): the timer fires again in the next step.
    def careless_library() -> None:
        with contextlib.suppress(Exception):
            spin(5)
        spin(5)

    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        careless_library()
    assert time.monotonic() - started < 2


def test_nested_limits_restore_the_outer_one() -> None:
    with pytest.raises(TimeLimitExceeded, match=r"0.5 s"), time_limit(0.5):
        with time_limit(0.05):
            spin(0.01)
        spin(5)


def test_inner_limit_longer_than_outer_lets_the_outer_fire() -> None:
    with pytest.raises(TimeLimitExceeded, match=r"0.2 s"), time_limit(0.2), time_limit(10):
        spin(5)


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_no_limit(seconds: float | None) -> None:
    with time_limit(seconds):
        spin(0.05)


def test_outside_the_main_thread_it_cannot_interrupt() -> None:
    outcome: list[object] = []

    def worker() -> None:
        outcome.append(can_interrupt())
        with time_limit(0.05):
            spin(0.2)
        outcome.append("finished")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert outcome == [False, "finished"]
    assert can_interrupt()
