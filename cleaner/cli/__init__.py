"""Thin click layer over the library.

Each area keeps its commands in its own module (`clean_cmd`, `archive_cmd`, `dedup_cmd`,
`serve_cmd`, `nightly_cmd`), exposing a `COMMANDS` list that `main` registers. Library errors
(`CleanerError`) become one clear line on stderr and exit code 2; set CLEANER_DEBUG=1 to see the
traceback instead. `-h` is `--help` on every command (subcommands inherit the group's context
settings); `--version` prints the installed version.
"""

from __future__ import annotations

import os
from typing import Any

import click

from cleaner import __version__
from cleaner.cli import archive_cmd, clean_cmd, dedup_cmd, nightly_cmd, serve_cmd
from cleaner.errors import CleanerError

FATAL_EXIT = 2


class ErrorHandlingGroup(click.Group):
    """Turns library errors and unexpected exceptions into a one-line message, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except CleanerError as exc:
            _fail(f"error: {exc}")
        except (BrokenPipeError, KeyboardInterrupt):
            raise SystemExit(1) from None
        except Exception as exc:
            if os.environ.get("CLEANER_DEBUG"):
                raise
            name = type(exc).__name__
            _fail(f"error: unexpected {name}: {exc} (set CLEANER_DEBUG=1 for details)")


def _fail(message: str) -> None:
    click.echo(message.splitlines()[0] if message else "error", err=True)
    raise SystemExit(FATAL_EXIT)


@click.group(cls=ErrorHandlingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """cleaner: clean scraped news articles and keep them in a searchable SQLite archive."""


for _module in (clean_cmd, archive_cmd, dedup_cmd, serve_cmd, nightly_cmd):
    for _command in _module.COMMANDS:
        main.add_command(_command)
