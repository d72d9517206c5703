"""The `cleaner` command group: `-h` as `--help` on every command, `--version`, and
`python -m cleaner`."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

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
