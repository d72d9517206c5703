"""The README documents the CLI as it is (in the manner of sqlite-utils' docs tests): every
command and option of it, the defaults its option tables give, a Quick start of exactly two
commands, and every `cleaner` command it shows runs as written.

The examples run in README order in one folder holding the seeds, an archive made from them
(as `scripts/demo.sh` leaves it) and the inputs the examples name (`scraped/`, `feed.jsonl.gz`,
`crawl.warc.gz`): in-process over the click group, or through bash when the line is a pipeline
or redirects; `cleaner serve`, which does not end, is parsed only.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from article_corpus import article_html, article_text
from cli_support import ROOT, SEEDS, run_cli
from hostile_corpus import WarcRecord, write_warc

from cleaner.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
SHELL_SYNTAX = re.compile(r"[|<>*]")  # pipes, redirections and globs need a shell
NEVER_ENDS = {"serve"}


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


def _readme_commands() -> list[str]:
    """Each `$ cleaner ...` line of a console block (pipelines into or out of `cleaner` too)
    and each `.venv/bin/cleaner ...` line of the Quick start, in README order."""
    commands = []
    for language, block in re.findall(r"```(\w*)\n(.*?)```", README, re.S):
        for line in block.splitlines():
            if language == "console" and line.startswith("$ "):
                command = line[2:]
            elif language == "sh" and line.startswith(".venv/bin/cleaner "):
                command = line
            else:
                continue
            if re.search(r"(^|\|\s*)(\.venv/bin/)?cleaner ", command):
                commands.append(command)
    return commands


@pytest.fixture(scope="module")
def example_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / ".venv").symlink_to(Path(sys.executable).parent.parent)
    day = folder / "scraped" / "2026-11-21"
    day.mkdir(parents=True)
    (day / "harbour.html").write_text(article_html(1, "Marker scraped page."), encoding="utf-8")
    (day / "pier.txt").write_text(article_text(2, "Marker scraped text."), encoding="utf-8")
    records = [{"url": f"https://feed.example/{n}", "text": article_text(10 + n)} for n in range(3)]
    feed = "".join(json.dumps(record) + "\n" for record in records)
    (folder / "feed.jsonl.gz").write_bytes(gzip.compress(feed.encode()))
    page = WarcRecord("https://crawl.example/a", article_html(20, "Marker crawled.").encode())
    write_warc(folder / "crawl.warc.gz", [page], compress=True)
    seeds = sorted(str(path.relative_to(folder)) for path in (folder / "seeds").glob("*.txt"))
    made = subprocess.run(
        [Path(sys.executable).parent / "cleaner", "ingest", *seeds, "--quiet"],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return folder


def test_the_readme_shows_examples_of_every_archive_command() -> None:
    shown = {shlex.split(command, comments=True)[1] for command in _readme_commands()}
    assert {"clean", "explain", "ingest", "search", "export", "stats"} <= shown


@pytest.mark.parametrize("command", _readme_commands())
def test_readme_example_runs_as_written(
    command: str, example_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if SHELL_SYNTAX.search(command):
        environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        environment.pop("CLEANER_DB", None)
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command], cwd=example_folder, env=environment,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        code, stderr = done.returncode, done.stderr
    else:
        name, *args = shlex.split(command, comments=True)[1:]
        if name in NEVER_ENDS:
            main.commands[name].make_context(name, args)  # raises on a bad option or value
            return
        monkeypatch.chdir(example_folder)
        result = run_cli(name, *args)
        code, stderr = result.exit_code, result.stderr
    assert code == 0, f"{command}: exit {code}: {stderr}"
    assert "Traceback" not in stderr and "error:" not in stderr, stderr


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def _default_cells() -> list[tuple[str, str]]:
    """(option, its default cell) from every README table with an option and a default column."""
    found = []
    lines = README.splitlines()
    for index, line in enumerate(lines):
        header = _cells(line) if line.startswith("|") else []
        if not header or header[0] != "option" or "default" not in header:
            continue
        column = header.index("default")
        for row in lines[index + 2 :]:
            if not row.startswith("|"):
                break
            cells = _cells(row)
            found += [(flag, cells[column]) for flag in re.findall(r"--[\w-]+", cells[0])]
    return found


def _shown_default(option: click.Option) -> str | None:
    """The default as `--help` shows it; None for flags and options without one."""
    if isinstance(option.show_default, str):
        return option.show_default
    if option.is_flag or option.multiple or option.default is None or callable(option.default):
        return None
    text = str(option.default)
    return text.removesuffix(".0")


def test_readme_option_tables_give_the_defaults_of_help() -> None:
    rows = _default_cells()
    assert {"--time-limit", "--max-file-size", "--db", "--jobs", "--port"} <= {f for f, _ in rows}
    wrong = []
    for flag, cell in rows:
        given = re.findall(r"`([^`]*)`", cell)
        for name, command in sorted(main.commands.items()):
            for option in command.params:
                shown = _shown_default(option) if isinstance(option, click.Option) else None
                if flag in option.opts and shown is not None and shown not in given:
                    wrong.append(f"cleaner {name} {flag}: --help says {shown}, README {cell!r}")
    assert wrong == []
