"""Real processes for the Datasette tests: `cleaner ingest` and `cleaner serve` as subprocesses,
HTTP against the served archive, the archive read back with sqlite3, and headless Chromium
(DOM dumps and screenshots, with a small PNG decoder to check what the screenshot shows)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCS = ROOT / "docs"
STARTUP_SECONDS = 60
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SCREENSHOT_SIZE = (1200, 800)
# The banner `cleaner serve` prints once it holds the port: "... read-only at http://HOST:PORT/db"
SERVING_URL = re.compile(r"read-only at (http://\S+?)/(\S+) \(")

RGB = tuple[int, int, int]


def cleaner_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from cleaner.cli import main; main()", *args]


def run_ingest(paths: list[Path], db: Path) -> subprocess.CompletedProcess[str]:
    command = cleaner_command("ingest", *map(str, paths), "--db", str(db))
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text("utf-8")


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    database: str  # Datasette's name for the archive
    process: subprocess.Popen[bytes]

    def url(self, path: str, **params: str) -> str:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return f"{self.base}{path}{query}"

    def fetch(self, path: str, **params: str) -> tuple[int, dict[str, str], str]:
        """Status, headers (lower-case names) and body of a GET."""
        try:
            with urllib.request.urlopen(self.url(path, **params), timeout=30) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                return response.status, headers, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            headers = {k.lower(): v for k, v in exc.headers.items()}
            return exc.code, headers, exc.read().decode("utf-8")

    def get(self, path: str, **params: str) -> tuple[int, str]:
        status, _, body = self.fetch(path, **params)
        return status, body

    def json(self, path: str, **params: str) -> Any:
        status, body = self.get(path, **params)
        assert status == 200, f"{path} {params}: HTTP {status}: {body[:300]}"
        return json.loads(body)

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.json(path, _shape="array", **params)
        return rows


def start_server(db: Path, log: Path, *extra: str) -> Server:
    """`cleaner serve --port 0` (the OS picks a free port; the banner says which), once it
    answers."""
    offset = log.stat().st_size if log.exists() else 0
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            cleaner_command("serve", "--db", str(db), "--port", "0", *extra),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        found = SERVING_URL.search(log.read_text("utf-8")[offset:])
        if found:
            server = Server(found[1], found[2], process)
            if wait_until_up(server, deadline):
                return server
            break
        time.sleep(0.1)
    stop_server(Server("", "", process))
    raise AssertionError(f"cleaner serve did not start:\n{log.read_text('utf-8')[-2000:]}")


def wait_until_up(server: Server, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(server.url("/-/versions.json"), timeout=2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def read_archive(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# -- headless Chromium ----------------------------------------------------------------------------


def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs Debian's package)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


def run_chromium(
    browser: str, profile: Path, *args: str, size: tuple[int, int] = SCREENSHOT_SIZE
) -> subprocess.CompletedProcess[bytes]:
    width, height = size
    command = [
        browser,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


def dump_dom(browser: str, profile: Path, url: str) -> str:
    """The DOM after the page's scripts ran, as Chromium serialises it."""
    return run_chromium(browser, profile, "--dump-dom", url).stdout.decode()


def screenshot(
    browser: str, profile: Path, url: str, target: Path, size: tuple[int, int] = SCREENSHOT_SIZE
) -> tuple[int, int, list[RGB]]:
    """Save a screenshot of `url` to `target`; its width, height and pixels."""
    run_chromium(browser, profile, f"--screenshot={target}", url, size=size)
    return decode_png(target.read_bytes())


def keep_screenshot(shot: Path, name: str) -> None:
    """CLEANER_UPDATE_SCREENSHOT=1: the README's copy in docs/ is refreshed."""
    if os.environ.get("CLEANER_UPDATE_SCREENSHOT"):
        shutil.copy(shot, DOCS / name)


def decode_png(data: bytes) -> tuple[int, int, list[RGB]]:
    """8-bit RGB/RGBA PNG → width, height, RGB pixels (enough for Chromium screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunk = data[offset + 8 : offset + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        offset += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6), (depth, color)
    channels = 4 if color == 6 else 3
    rows = unfilter(zlib.decompress(idat), width * channels, channels, height)
    pixels = [
        (row[i], row[i + 1], row[i + 2]) for row in rows for i in range(0, len(row), channels)
    ]
    return width, height, pixels


def unfilter(raw: bytes, stride: int, bpp: int, height: int) -> list[bytearray]:
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            up_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                row[i] = (row[i] + paeth(left, up, up_left)) & 0xFF
        rows.append(row)
        previous = row
    return rows


def paeth(left: int, up: int, up_left: int) -> int:
    estimate = left + up - up_left
    distances = (abs(estimate - left), abs(estimate - up), abs(estimate - up_left))
    if distances[0] <= distances[1] and distances[0] <= distances[2]:
        return left
    return up if distances[1] <= distances[2] else up_left
