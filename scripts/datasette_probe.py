"""Datasette while an archive is being written, for the benchmarks (not a test): a real
`cleaner serve` on the archive, asked in turn for the ranked search page, the articles table's
search box and every other canned query of the shipped metadata, until stopped; each answer's
HTTP status and time are kept.

    with DatasetteProbe(db, queries) as probe:
        ingest(...)
    print(probe.figures())
"""

from __future__ import annotations

import math
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cleaner.serve import load_metadata

BANNER = re.compile(r"read-only at (http://\S+?)/(\S+) \(")
STARTUP_SECONDS = 120
REQUEST_TIMEOUT = 60


class DatasetteProbe:
    """Starts `cleaner serve` once the archive has its schema, then asks every page in turn,
    one round every `interval` seconds (the machine's cores are the writer's)."""

    def __init__(self, db: Path, queries: list[str], interval: float = 2.0) -> None:
        self.db, self.queries, self.interval = db, queries, interval
        self.answers: list[tuple[str, int, float]] = []  # page kind, HTTP status, ms
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: subprocess.Popen[bytes] | None = None
        self._log = db.with_name(db.name + ".serve.log")

    def __enter__(self) -> DatasetteProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if self._server is not None:
            self._server.terminate()
            self._server.wait(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set() and not _has_schema(self.db):
            time.sleep(0.2)
        if self._stop.is_set():
            return
        base = self._start()
        number = 0
        while base and not self._stop.wait(self.interval):
            for kind, path in self._pages(base, self.queries[number % len(self.queries)]):
                self._ask(kind, path)
            number += 1

    def _start(self) -> str | None:
        with self._log.open("wb") as log:
            self._server = subprocess.Popen(
                [sys.executable, "-m", "cleaner", "serve", "--db", str(self.db), "--port", "0"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and self._server.poll() is None:
            found = BANNER.search(self._log.read_text("utf-8", "replace"))
            if found:
                return f"{found[1]}/{found[2]}"
            time.sleep(0.2)
        self.errors.append(f"cleaner serve did not start: {self._log.read_text()[-500:]}")
        return None

    def _pages(self, base: str, words: str) -> list[tuple[str, str]]:
        canned = load_metadata(self.db)["databases"][self.db.stem]["queries"]
        search = urllib.parse.urlencode({"q": words, "_shape": "array"})
        table = urllib.parse.urlencode({"_search": words, "_size": "20"})
        pages = [("search page", f"{base}/search.json?{search}")]
        pages.append(("table search", f"{base}/articles.json?{table}"))
        pages += [(name, f"{base}/{name}.json") for name in canned if name != "search"]
        return pages

    def _ask(self, kind: str, url: str) -> None:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
            self.errors.append(f"{kind}: HTTP {status}: {exc.read()[:200]!r}")
        except OSError as exc:
            status = 0
            self.errors.append(f"{kind}: {exc}")
        self.answers.append((kind, status, (time.perf_counter() - started) * 1000))

    def figures(self) -> dict[str, float]:
        """Per page kind: answers, failures (not HTTP 200), p50, p95 and max ms."""
        result: dict[str, float] = {}
        for kind in dict.fromkeys(kind for kind, _, _ in self.answers):
            times = sorted(ms for k, _, ms in self.answers if k == kind)
            failed = sum(1 for k, status, _ in self.answers if k == kind and status != 200)
            result[f"datasette.{kind}.answers"] = len(times)
            result[f"datasette.{kind}.failed"] = failed
            result[f"datasette.{kind}.p50_ms"] = statistics.median(times)
            result[f"datasette.{kind}.p95_ms"] = times[math.ceil(len(times) * 0.95) - 1]
            result[f"datasette.{kind}.max_ms"] = times[-1]
        return result


def _has_schema(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        return False
    return "articles_search" in names
