"""`cleaner serve`: browse the archive in Datasette (read-only)."""

from __future__ import annotations

from pathlib import Path

import click

from cleaner import serve as serving


@click.command("serve")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=serving.DEFAULT_DB,
    envvar="CLEANER_DB",
    show_default=True,
    help="Archive to serve (env CLEANER_DB).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=serving.DEFAULT_PORT,
    show_default=True,
    help="Port to listen on (0 = any free port; the URL printed shows which).",
)
@click.option(
    "--host",
    default=serving.DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. Only loopback by default; 0.0.0.0 exposes the archive to the "
    "network deliberately.",
)
@click.option(
    "--sql/--no-sql",
    "allow_sql",
    default=None,
    help="Allow visitors to run their own read-only SQL. Default: allowed on loopback, "
    "off when --host is not a loopback address.",
)
def serve(db: Path, port: int, host: str, allow_sql: bool | None) -> None:
    """Browse the archive in Datasette: facets, full-text and ranked search, canned queries.

    Visitors can only read; `cleaner ingest` can keep writing while it serves.
    """
    options = serving.ServeOptions(db=db, host=host, port=port, allow_sql=allow_sql)
    serving.serve(options, announce=lambda line: click.echo(line, err=True))


COMMANDS: list[click.Command] = [serve]
