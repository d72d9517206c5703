"""Thin click layer over the library.

Each area keeps its commands in its own module (`clean_cmd`, `archive_cmd`, `export_cmd`,
`dedup_cmd`, `serve_cmd`, `nightly_cmd`, `distributed_cmd`), exposing a `COMMANDS` list that
`main` registers; `output` prints the records of every listing command (a human layout,
--json, --nl, --csv, --tsv), `progress` shows the progress bar, `limits` holds option groups
several commands share.

Library errors (`CleanerError`) become one clear line on stderr and exit code 2; set
CLEANER_DEBUG=1 to see the traceback instead. A reader that goes away (`cleaner search x |
head -1`) ends the command quietly with exit code 0. `-h` is `--help` on
every command (subcommands inherit the group's context settings); `--version` prints the
installed version.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import click

from cleaner import __version__
from cleaner.cli import (
    archive_cmd,
    clean_cmd,
    dedup_cmd,
    distributed_cmd,
    export_cmd,
    nightly_cmd,
    serve_cmd,
)
from cleaner.errors import CleanerError

FATAL_EXIT = 2


class ErrorHandlingGroup(click.Group):
    """Turns library errors and unexpected exceptions into a one-line message, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:  # inside the handlers: a closed pipe shows up here, not at exit
                sys.stdout.flush()
        except BrokenPipeError:
            _quiet_after_closed_pipe()
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except CleanerError as exc:
            _fail(f"error: {exc}")
        except KeyboardInterrupt:
            raise SystemExit(1) from None
        except Exception as exc:
            if os.environ.get("CLEANER_DEBUG"):
                raise
            name = type(exc).__name__
            _fail(f"error: unexpected {name}: {exc} (set CLEANER_DEBUG=1 for details)")


def _quiet_after_closed_pipe() -> None:
    """Stop with success; stdout goes to /dev/null so the interpreter's last flush of what is
    still buffered cannot fail again (as the Python docs on SIGPIPE advise)."""
    with contextlib.suppress(OSError, ValueError):  # no file descriptor under CliRunner
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(0)


def _fail(message: str) -> None:
    click.echo(message.splitlines()[0] if message else "error", err=True)
    raise SystemExit(FATAL_EXIT)


@click.group(cls=ErrorHandlingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """cleaner: clean scraped news articles and keep them in a searchable SQLite archive."""


for _module in (
    clean_cmd,
    archive_cmd,
    export_cmd,
    dedup_cmd,
    serve_cmd,
    nightly_cmd,
    distributed_cmd,
):
    for _command in _module.COMMANDS:
        main.add_command(_command)
