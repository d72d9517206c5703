"""A per-document time limit, so one hostile page cannot stall a whole run.

`time_limit(seconds)` arms a SIGALRM timer (`signal.setitimer`) and raises `TimeLimitExceeded`
in the code it guards when the time is up. Limits of the mechanism:

- Signals are delivered to the main thread only, so the limit is enforced only when the
  guarded code runs in the main thread of its process; elsewhere (other threads, platforms
  without SIGALRM) the context manager does nothing. `cleaner.ingest` therefore cleans
  documents in worker processes' main threads.
- Python handles a signal between bytecodes: a single long call into C (one lxml parse) is
  interrupted when it returns. lxml's parser limits keep such calls short.
- Third-party code that catches `Exception` could swallow the error, so the timer re-fires
  every `REFIRE_SECONDS` until the error escapes the guarded block.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from cleaner.errors import ExtractionError

REFIRE_SECONDS = 0.05


class TimeLimitExceeded(ExtractionError):
    """A document took longer than the configured time limit and was skipped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than the {seconds:g} s time limit; skipped")
        self.seconds = seconds


def can_interrupt() -> bool:
    """True where `time_limit` is enforced: the main thread, on a platform with SIGALRM."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in the guarded block after `seconds` (None or <= 0: no limit)."""
    if not seconds or seconds <= 0 or not can_interrupt():
        yield
        return
    outer_remaining, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_remaining <= seconds:
        yield  # an enclosing limit fires first and reports itself
        return
    armed = [True]

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise TimeLimitExceeded(seconds)

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE_SECONDS)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_remaining > 0:
            # Re-arm an enclosing timer with what is left of it.
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)
