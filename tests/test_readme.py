"""The README documents the CLI as it is: every command and every option of it, and a Quick
start of exactly two commands (in the manner of sqlite-utils' docs tests)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from cleaner.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    return sorted(main.commands.items())


def test_quick_start_is_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|console)?\n(.*?)```", section, re.S)
    assert block is not None, "no code block in the Quick start"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[0].startswith("bash scripts/demo.sh")
    assert commands[1].startswith("bash scripts/test.sh")
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci, "CI must run the README's test command"


@pytest.mark.parametrize(("name", "command"), _commands())
def test_every_command_is_documented(name: str, command: click.Command) -> None:
    assert f"cleaner {name}" in README


@pytest.mark.parametrize(("name", "command"), _commands())
def test_every_option_is_documented(name: str, command: click.Command) -> None:
    missing = [
        flag
        for param in command.params
        if isinstance(param, click.Option)
        for flag in param.opts
        if flag.startswith("--") and flag not in README
    ]
    assert missing == [], f"cleaner {name}: options missing from the README: {missing}"
