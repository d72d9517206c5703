"""Fixtures shared by the tests, in the manner of sqlite-utils' tests: the command line run
in-process over the click group (`cli`), the installed console script for the tests where a
real process matters (`cleaner_script`), and an archive made from the five seeds
(`seeded_archive`, shared by the session; `seeded_copy` for a test that changes it).

`tests/` is on `sys.path` (pytest's rootdir-relative import), so the support modules
(`cli_support`, `article_corpus`, `hostile_corpus`, `archive_fixtures`, `archive_checks`,
`readers_support`) are imported by name.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from cli_support import SEED_FILES, Cli, run_cli


@pytest.fixture
def cli() -> Cli:
    """`cli("search", "iran", "--db", db)`: a `cleaner` command run in this process."""
    return run_cli


@pytest.fixture(scope="session")
def cleaner_script() -> Path:
    """The installed `cleaner` console script, for tests of a real process."""
    script = Path(sys.executable).parent / "cleaner"
    assert script.exists(), f"no console script at {script}: install the package first"
    return script


@pytest.fixture(scope="session")
def seeded_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of the five seeds, made by `cleaner ingest`; read it, never change it."""
    db = tmp_path_factory.mktemp("seeded") / "archive.db"
    result = run_cli("ingest", *map(str, SEED_FILES), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def seeded_copy(seeded_archive: Path, tmp_path: Path) -> Path:
    """A private copy of `seeded_archive`, for a test that changes it."""
    copy = tmp_path / "archive.db"
    with closing(sqlite3.connect(seeded_archive)) as source, closing(sqlite3.connect(copy)) as to:
        source.backup(to)
    return copy
