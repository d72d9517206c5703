"""`cleaner nightly`: the unattended run — ingest an inbox folder, one run at a time, log to a
rotating file, and print a summary short enough for a cron mail.

Exit codes: 0 everything went in, 1 some inputs failed (named in the summary, the log and the
errors table), 2 fatal error, 75 another nightly run on the same archive is still going
(EX_TEMPFAIL: try again later).
"""

from __future__ import annotations

import fcntl
import logging
import logging.handlers
import os
import shlex
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from cleaner.cli.archive_cmd import DB_OPTION, jobs_option, time_limit_option
from cleaner.cli.limits import ByteSize, reader_limit_options, template_options
from cleaner.clock import utc_now
from cleaner.errors import CleanerError
from cleaner.outcomes import Outcome, OutcomeKind
from cleaner.readers import ReaderOptions
from cleaner.templates import TemplateConfig

if TYPE_CHECKING:  # the ingest machinery is imported by the command itself, not by --help
    from cleaner.ingest.options import IngestOptions
    from cleaner.ingest.reports import IngestReport

PARTIAL_EXIT = 1
BUSY_EXIT = 75
ERRORS_IN_SUMMARY = 20
LOGGER_NAME = "cleaner.nightly"
NIGHTLY_TIME_LIMIT = 60.0  # seconds per document: an unattended run can wait longer


@dataclass(frozen=True)
class LogSettings:
    path: Path
    max_bytes: int = 1024 * 1024
    backups: int = 5


@dataclass
class ErrorCollector:
    """Logs every failed input and keeps the first few for the summary."""

    log: logging.Logger
    shown: list[str] = field(default_factory=list)
    total: int = 0

    def __call__(self, outcome: Outcome) -> None:
        if outcome.kind is not OutcomeKind.ERROR:
            return
        line = f"{outcome.source}: {outcome.reason}".replace("\n", "\\n")
        self.total += 1
        self.log.warning("error: %s", line)
        if len(self.shown) < ERRORS_IN_SUMMARY:
            self.shown.append(line)


class RunInProgress(Exception):
    """Another process holds the nightly lock."""


@contextmanager
def exclusive_lock(path: Path) -> Iterator[IO[str]]:
    """Hold an exclusive, non-blocking flock on `path`; raise RunInProgress if taken.

    The kernel drops the lock when the process dies (even by kill -9), so a crashed run
    never blocks the next one.
    """
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunInProgress(f"another nightly run is in progress ({holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {utc_now()}\n")
        handle.flush()
        yield handle
    finally:
        handle.close()


@contextmanager
def rotating_log(settings: LogSettings) -> Iterator[logging.Logger]:
    settings.path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        settings.path, maxBytes=settings.max_bytes, backupCount=settings.backups, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log = logging.getLogger(LOGGER_NAME)
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(handler)
    try:
        yield log
    finally:
        log.removeHandler(handler)
        handler.close()


@click.command("nightly")
@click.option(
    "--inbox",
    required=True,
    envvar="CLEANER_INBOX",
    type=click.Path(file_okay=False),
    help="Folder to ingest (env CLEANER_INBOX); walked recursively, files left in place.",
)
@DB_OPTION
@click.option(
    "--log",
    "log_path",
    envvar="CLEANER_LOG",
    type=click.Path(dir_okay=False),
    help="Log file (env CLEANER_LOG) [default: nightly.log next to the database].",
)
@click.option(
    "--log-max-size",
    type=ByteSize(),
    default="1M",
    show_default=True,
    help="Rotate the log when it reaches this size.",
)
@click.option(
    "--log-backups",
    type=click.IntRange(0, 100),
    default=5,
    show_default=True,
    help="Rotated logs to keep.",
)
@jobs_option("Cleaning processes.")
@time_limit_option(NIGHTLY_TIME_LIMIT)
@click.option("--follow-symlinks", is_flag=True, help="Follow links that leave the inbox.")
@reader_limit_options
@template_options
def nightly(
    inbox: str,
    db_path: str,
    log_path: str | None,
    log_max_size: int,
    log_backups: int,
    jobs: int,
    time_limit: float,
    follow_symlinks: bool,
    reader: ReaderOptions,
    templates: TemplateConfig,
) -> None:
    """Ingest the inbox into the archive: one run at a time, logged, cron-mail summary.

    Exit 0 when everything went in, 1 when some inputs failed, 2 on a fatal error, 75 when
    another nightly run on the same archive is still going. Running it again on the same
    inbox adds nothing.
    """
    db = Path(db_path)
    log_settings = LogSettings(
        Path(log_path) if log_path else db.parent / "nightly.log", log_max_size, log_backups
    )
    from cleaner.ingest.options import IngestOptions

    options = IngestOptions(
        paths=(inbox,),
        db_path=db_path,
        jobs=jobs,
        time_limit=time_limit,
        reader=replace(reader, follow_symlinks=follow_symlinks),
        templates=templates,
        argv=shlex.join(["cleaner", *sys.argv[1:]]),
    )
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive_lock(db.with_name(db.name + ".nightly.lock")):
            exit_code = _run_logged(options, log_settings)
    except RunInProgress as exc:
        click.echo(f"cleaner nightly: {exc}; exiting without doing anything", err=True)
        sys.exit(BUSY_EXIT)
    sys.exit(exit_code)


def _run_logged(options: IngestOptions, log_settings: LogSettings) -> int:
    from cleaner.ingest import ingest

    with rotating_log(log_settings) as log:
        inbox = options.paths[0]
        log.info("start: inbox %s -> %s", inbox, options.db_path)
        if not Path(inbox).is_dir():
            log.error("fatal: inbox %s is not a folder", inbox)
            raise CleanerError(f"inbox {inbox} is not a folder")
        errors = ErrorCollector(log)
        started = time.monotonic()
        try:
            report = ingest(options, on_outcome=errors)
        except Exception as exc:
            log.exception("fatal: %s", exc)
            raise
        log.info("done: %s", report.summary())
        click.echo(_summary(inbox, options.db_path, report, errors, log_settings.path))
        log.info("finished in %.1f s", time.monotonic() - started)
        return PARTIAL_EXIT if report.failed else 0


def _summary(
    inbox: str, db_path: str, report: IngestReport, errors: ErrorCollector, log_path: Path
) -> str:
    lines = [f"cleaner nightly {utc_now()}: {inbox} -> {db_path}", report.summary()]
    if errors.shown:
        lines.append("failed inputs:")
        lines.extend(f"  {line}" for line in errors.shown)
        hidden = errors.total - len(errors.shown)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more (see {log_path})")
    return "\n".join(lines)


COMMANDS: list[click.Command] = [nightly]
