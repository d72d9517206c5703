"""The `cleaner` command group: `-h` as `--help` on every command, `--version`,
`python -m cleaner`, and what importing it costs."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cleaner
from cleaner.cli import main

COMMANDS = sorted(main.commands)


def test_version_is_the_installed_one() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"cleaner, version {version('cleaner')}\n"
    assert cleaner.__version__ == version("cleaner")


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_dash_h_is_help(command: list[str]) -> None:
    runner = CliRunner()
    short, long = runner.invoke(main, [*command, "-h"]), runner.invoke(main, [*command, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output
    assert short.output.startswith(f"Usage: {' '.join(['main', *command])} [OPTIONS]")
    assert "-h, --help" in short.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help_text(name: str) -> None:
    command = main.commands[name]
    silent = [p.opts for p in command.params if isinstance(p, click.Option) and not p.help]
    assert silent == [], f"cleaner {name}: options without help text"


def test_python_dash_m_cleaner_is_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"cleaner, version {cleaner.__version__}\n"
    usage = subprocess.run(
        [sys.executable, "-m", "cleaner", "-h"], capture_output=True, text=True, timeout=120
    )
    assert usage.stdout.startswith("Usage: cleaner [OPTIONS] COMMAND")


SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_2816e37060f0d1c5.txt"

# Run in a fresh interpreter: this test process has imported trafilatura long ago.
_PROBE = """
import sys
import cleaner.cli
# trafilatura, and scipy through datasketch's LSH, cost ~0.4 s each at start-up
for heavy in ("trafilatura", "scipy"):
    assert heavy not in sys.modules, f"import cleaner.cli imported {heavy}"
for args in (["--help"], ["clean", "--help"], ["ingest", "--help"], ["nightly", "--help"]):
    try:
        cleaner.cli.main(args)
    except SystemExit:
        pass
    assert "trafilatura" not in sys.modules, f"cleaner {' '.join(args)} imported trafilatura"
    assert "scipy" not in sys.modules, f"cleaner {' '.join(args)} imported scipy"
try:
    cleaner.cli.main(["clean", sys.argv[1]])
except SystemExit:
    pass
assert "trafilatura" in sys.modules, "cleaning did not import trafilatura: probe is broken"
"""


def test_trafilatura_and_scipy_are_imported_only_by_a_command_that_needs_them() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SEED)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: " in result.stdout
