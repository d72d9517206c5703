"""The archive's record of ingest runs (`ingest_runs`) and of the inputs they could not store
(`errors`). Counter columns follow `cleaner.outcomes`, as the schema does."""

from __future__ import annotations

import os
import sqlite3

from cleaner.clock import utc_now
from cleaner.outcomes import INGEST_KINDS, SEEN_COUNTER, OutcomeCounts

RUNNING, DONE, FAILED = "running", "done", "failed"
_COUNTERS = (SEEN_COUNTER, *(kind.counter for kind in INGEST_KINDS))


class RunLog:
    """Runs and their errors, over the archive's connection. Every write happens inside the
    caller's `Archive.batch()`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def start(self, argv: str, version: str) -> int:
        """A 'running' row; runs left 'running' by a process that died are marked failed."""
        self._fail_orphaned()
        columns = ", ".join(("started", *_COUNTERS, "cleaner_version", "status", "argv", "pid"))
        zeros = ", ".join("0" for _ in _COUNTERS)
        cursor = self.conn.execute(
            f"INSERT INTO ingest_runs ({columns}) VALUES (?, {zeros}, ?, ?, ?, ?)",
            [utc_now(), version, RUNNING, argv, os.getpid()],
        )
        return int(cursor.lastrowid or 0)

    def _fail_orphaned(self) -> None:
        running = self.conn.execute(
            "SELECT id, pid FROM ingest_runs WHERE status = ?", [RUNNING]
        ).fetchall()
        for run, pid in running:
            if not _process_alive(pid):
                self.conn.execute("UPDATE ingest_runs SET status = ? WHERE id = ?", [FAILED, run])

    def update(self, run: int, counts: OutcomeCounts, status: str = RUNNING) -> None:
        values = {SEEN_COUNTER: counts.seen, **counts.by_counter()}
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.conn.execute(
            f"UPDATE ingest_runs SET {assignments}, status = ?, ended = ? WHERE id = ?",
            [*values.values(), status, None if status == RUNNING else utc_now(), run],
        )

    def record_error(self, run: int, file: str, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO errors (run_id, file, reason, at) VALUES (?, ?, ?, ?)",
            [run, file, reason, utc_now()],
        )


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
