"""Browse the archive in Datasette: the metadata, settings and server behind `cleaner serve`.

Datasette 0.65 runs in this process through its Python API (the same steps as `datasette
serve`), with the metadata and settings shipped in `cleaner/data/` and the plugin of
`cleaner.datasette_plugin` registered (facets, highlighted search, the article page). `serve`
binds the port itself before it prints the URL: a port in use is one clear error, and with
`--port 0` the URL shows the port the OS picked. Visitors can only read:

- Datasette opens a mutable database file with `?mode=ro`, so SQLite itself refuses any write
  made through a read connection (even a `WITH ... INSERT` that passes Datasette's SELECT check);
- Datasette 0.65 has no write API; its only write path, canned queries with `write: true`, is
  not used by the shipped metadata;
- arbitrary read-only SQL is allowed on loopback and off by default when `--host` exposes the
  server (it cannot write, but it can keep SQL threads busy up to the time limit).

The archive must be in WAL mode so that `cleaner ingest` can write while Datasette reads: a
reader then never waits for the writer ("database is locked"). WAL is a persistent property of
the file; `ensure_wal` switches an archive that is not in WAL yet before serving. An archive an
older cleaner made is brought up to the current schema first (`upgrade_schema`): the shipped
search queries read its full-text indexes.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from cleaner.archive import open_archive
from cleaner.errors import CleanerError
from cleaner.schema import MIGRATIONS

DEFAULT_DB = Path("archive.db")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
METADATA_FILE = "datasette-metadata.yaml"
SETTINGS_FILE = "datasette-settings.json"
# The database key the shipped metadata is written for; replaced by the served file's name.
METADATA_DATABASE_KEY = "archive"
PLUGIN_NAME = "cleaner"
REQUIRED_TABLES = ("articles", "articles_fts", "removals")


@dataclass(frozen=True)
class ServeOptions:
    """What `cleaner serve` was asked for. `allow_sql` None = on for loopback hosts only."""

    db: Path = DEFAULT_DB
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allow_sql: bool | None = None

    @property
    def loopback_only(self) -> bool:
        return is_loopback(self.host)

    @property
    def sql_allowed(self) -> bool:
        return self.loopback_only if self.allow_sql is None else self.allow_sql


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def database_name(db: Path) -> str:
    """The name Datasette gives a database file (its stem), used in URLs and metadata."""
    return db.stem


def load_metadata(db: Path) -> dict[str, Any]:
    """The shipped metadata, keyed by the served database's name."""
    text = resources.files("cleaner").joinpath(f"data/{METADATA_FILE}").read_text("utf-8")
    metadata: dict[str, Any] = yaml.safe_load(text)
    name = database_name(db)
    databases = metadata["databases"]
    databases[name] = databases.pop(METADATA_DATABASE_KEY)
    if "description_html" in metadata:
        metadata["description_html"] = metadata["description_html"].replace("{database}", name)
    return metadata


def load_settings(options: ServeOptions) -> dict[str, Any]:
    text = resources.files("cleaner").joinpath(f"data/{SETTINGS_FILE}").read_text("utf-8")
    settings: dict[str, Any] = json.loads(text)
    settings["default_allow_sql"] = options.sql_allowed
    return settings


def check_archive(db: Path) -> None:
    """Fail with one clear line unless `db` is an existing cleaner archive."""
    if not db.is_file():
        raise CleanerError(f"{db}: no such archive (create it with `cleaner ingest`)")
    conn = _connect(db, read_only=True)
    try:
        rows = conn.execute("select name from sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        raise CleanerError(f"{db}: not a readable SQLite archive ({exc})") from exc
    finally:
        conn.close()
    missing = sorted(set(REQUIRED_TABLES) - {row[0] for row in rows})
    if missing:
        raise CleanerError(f"{db}: not a cleaner archive (missing tables: {', '.join(missing)})")


def upgrade_schema(db: Path) -> bool:
    """Apply the schema's pending migrations (writing to the archive only then); True when
    there were any."""
    conn = _connect(db, read_only=True)
    try:
        pending = MIGRATIONS.pending(sqlite_utils.Database(conn))
    finally:
        conn.close()
    if pending:
        open_archive(db).close()
    return bool(pending)


def ensure_wal(db: Path) -> str:
    """Put the archive in WAL mode if it is not yet (persistent); returns the journal mode.

    An archive that cannot be switched (read-only file, or locked by a writer in the old
    rollback mode) is still served; the caller warns that reads may then wait for writes.
    """
    conn = _connect(db, read_only=True)
    try:
        mode = str(conn.execute("pragma journal_mode").fetchone()[0])
    finally:
        conn.close()
    if mode == "wal":
        return mode
    conn = _connect(db, read_only=False)
    try:
        return str(conn.execute("pragma journal_mode=wal").fetchone()[0])
    except sqlite3.OperationalError:
        return mode
    finally:
        conn.close()


def _connect(db: Path, *, read_only: bool) -> sqlite3.Connection:
    mode = "?mode=ro" if read_only else ""
    return sqlite3.connect(f"{db.resolve().as_uri()}{mode}", uri=True, timeout=5)


def register_plugin() -> None:
    """Register cleaner's facet, cell rendering and pages with Datasette (once per process)."""
    from datasette.plugins import pm

    from cleaner import datasette_plugin  # imports Datasette: only when serving

    if not pm.has_plugin(PLUGIN_NAME):
        pm.register(datasette_plugin, name=PLUGIN_NAME)


def build_datasette(options: ServeOptions) -> Any:
    """A configured Datasette instance for the archive (not yet serving)."""
    from datasette.app import Datasette

    register_plugin()
    return Datasette(
        [str(options.db)],
        metadata=load_metadata(options.db),
        settings=load_settings(options),
    )


def serve(options: ServeOptions, announce: Callable[[str], None] = print) -> None:
    """Check the archive, take the port, then serve until interrupted."""
    import uvicorn
    from datasette.cli import check_databases, run_sync

    check_archive(options.db)
    if upgrade_schema(options.db):
        announce(f"{options.db}: upgraded to the current schema (full-text indexes rebuilt)")
    if ensure_wal(options.db) != "wal":
        announce(
            f"warning: {options.db} could not be switched to WAL mode: while `cleaner ingest` "
            "writes, pages may wait or fail with 'database is locked'."
        )
    # Bound here rather than by uvicorn: a taken port is then one clear line before any URL is
    # printed, and the URL printed is the real one when the OS picks the port (--port 0).
    listener = bind(options.host, options.port)
    port = int(listener.getsockname()[1])
    datasette = build_datasette(options)
    run_sync(datasette.invoke_startup)
    run_sync(lambda: check_databases(datasette))
    announce(_banner(options, port))
    config = uvicorn.Config(
        datasette.app(), host=options.host, port=port, log_level="info", lifespan="on"
    )
    uvicorn.Server(config).run(sockets=[listener])


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: one the OS picks), or one clear error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CleanerError(
                f"port {port} on {host} is already in use (another `cleaner serve`?): "
                "stop it or choose another with --port (0 = any free port)"
            ) from None
        reason = exc.strerror or str(exc)
        raise CleanerError(f"cannot listen on {host} port {port}: {reason}") from None


def _banner(options: ServeOptions, port: int) -> str:
    host = f"[{options.host}]" if ":" in options.host else options.host
    url = f"http://{host}:{port}/{database_name(options.db)}"
    sql = "arbitrary read-only SQL allowed" if options.sql_allowed else "arbitrary SQL off"
    lines = [f"Serving {options.db} read-only at {url} ({sql}); Ctrl-C to stop."]
    if not options.loopback_only:
        lines.append(
            f"warning: listening on {options.host}: anyone who can reach this address "
            "can read the whole archive."
        )
    return "\n".join(lines)
