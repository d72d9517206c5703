"""What the command-line tests share: where the seeds and their hand-made answers are, how a
`cleaner` command is run in this process (the `cli` fixture of conftest uses it), and what a
real one prints on a terminal."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from click.testing import CliRunner, Result

from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_ANSWERS = json.loads((ROOT / "seeds" / "expected.json").read_text(encoding="utf-8"))
# An HTML article with a share bar and paywall lines, for the tests of the article page.
VIENNA_TITLE = "Talks on Syria resume in Vienna"
VIENNA_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{VIENNA_TITLE}</title></head><body><article><h1>{VIENNA_TITLE}</h1>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
<p>Skip to main content</p>
<p>Diplomats from a dozen countries met again in Vienna on Tuesday to discuss a political
settlement for Syria, the foreign ministry said in a statement.</p>
<p>Subscribe</p>
<p>The talks, which had stalled for months, are expected to continue through the week as
envoys try to agree on a timetable for elections and a new constitution.</p>
<p>Only $100 per year.</p></article></body></html>
"""
# Variables that change what the commands print; a test sets them itself when it needs them.
NEUTRAL_ENV: dict[str, str | None] = {"CLEANER_DEBUG": None, "NO_COLOR": None, "CLEANER_DB": None}

Cli = Callable[..., Result]


def run_cli(
    *args: str, input: str | bytes | None = None, env: Mapping[str, str] | None = None
) -> Result:
    """Run `cleaner ARGS` in this process over the click group; click's `Result` has the
    exit_code, stdout and stderr. `input` is standard input; `env` adds variables."""
    return CliRunner().invoke(main, list(args), input=input, env={**NEUTRAL_ENV, **(env or {})})


def run_on_terminal(script: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """What `script ARGS` prints when its standard output is a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    environment = {**os.environ, **(env or {})}
    process = subprocess.Popen([script, *args], stdout=follower, env=environment)
    os.close(follower)
    output = bytearray()
    with contextlib.suppress(OSError):  # EIO once the process has closed its end
        while chunk := os.read(leader, 65536):
            output += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return output.decode("utf-8")
