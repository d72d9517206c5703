"""`scripts/nightly.sh` / `cleaner nightly` as cron runs them: real processes, a minimal
environment, a lock, a rotating log, a cron-mail summary, idempotent reruns."""

from __future__ import annotations

import fcntl
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from article_corpus import article_text

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "nightly.sh"
CLEANER = str(Path(sys.executable).parent / "cleaner")
TIMEOUT = 120
BINARY_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00"  # a failed input (an empty one is no failure)
BINARY = ": looks binary (NUL or control bytes, or a binary file signature)"


def _inbox(folder: Path, good: int = 3, bad: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(good):
        (folder / f"article-{index}.txt").write_text(
            article_text(2000 + index, f"Nightly {index}.")
        )
    if bad:
        (folder / "binary.txt").write_bytes(BINARY_BYTES)
    return folder


def _run_script(
    tmp_path: Path, inbox: Path, *args: str, log: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the wrapper the way cron does: empty environment, PATH=/usr/bin:/bin, cwd=/."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CLEANER_INBOX": str(inbox),
        "CLEANER_DB": str(tmp_path / "db" / "archive.db"),
    }
    if log is not None:
        env["CLEANER_LOG"] = str(log)
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), *args],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _articles(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT id, text_hash FROM articles ORDER BY id"))


def test_cron_style_run_summary_log_and_idempotent_rerun(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox")
    db = tmp_path / "db" / "archive.db"
    first = _run_script(tmp_path, inbox)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    summary = first.stdout.splitlines()
    assert summary[0].startswith("cleaner nightly ") and summary[0].endswith(f"{inbox} -> {db}")
    assert "3 new" in summary[1] and "1 errors" in summary[1], summary
    assert summary[2:] == ["failed inputs:", f"  {inbox}/binary.txt{BINARY}"]
    assert len(_articles(db)) == 3

    log = (db.parent / "nightly.log").read_text()
    assert f"start: inbox {inbox} -> {db}" in log
    assert f"error: {inbox}/binary.txt{BINARY}" in log
    assert "done: 4 seen: 3 new" in log

    before = _articles(db)
    second = _run_script(tmp_path, inbox)
    assert second.returncode == 1
    assert "0 new" in second.stdout and "3 unchanged" in second.stdout, second.stdout
    assert _articles(db) == before
    with sqlite3.connect(db) as conn:
        statuses = [s for (s,) in conn.execute("SELECT status FROM ingest_runs ORDER BY id")]
    assert statuses == ["done", "done"]


def test_clean_inbox_exits_zero_and_new_files_are_picked_up(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", good=2, bad=False)
    db = tmp_path / "db" / "archive.db"
    assert _run_script(tmp_path, inbox).returncode == 0
    (inbox / "later.txt").write_text(article_text(2100, "Arrived the next day."))
    result = _run_script(tmp_path, inbox)
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout and "2 unchanged" in result.stdout
    assert len(_articles(db)) == 3


def test_overlapping_run_exits_at_once(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", good=1, bad=False)
    db = tmp_path / "db" / "archive.db"
    db.parent.mkdir()
    lock_path = db.with_name("archive.db.nightly.lock")
    with lock_path.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 999999 since earlier\n")
        held.flush()
        started = time.monotonic()
        result = _run_script(tmp_path, inbox)
        elapsed = time.monotonic() - started
    assert result.returncode == 75
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "cleaner nightly: another nightly run is in progress (pid 999999 since earlier); "
        "exiting without doing anything"
    )
    assert elapsed < 30
    assert not db.exists()
    # The lock is gone with its holder: the next run proceeds.
    assert _run_script(tmp_path, inbox).returncode == 0


def test_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", good=1, bad=False)
    db = tmp_path / "db" / "archive.db"
    db.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from cleaner.cli.nightly_cmd import exclusive_lock\n"
            "with exclusive_lock(Path(sys.argv[1])):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(60)\n",
            str(db.with_name("archive.db.nightly.lock")),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        busy = _run_script(tmp_path, inbox)
        assert busy.returncode == 75
        assert f"(pid {holder.pid} since " in busy.stderr
    finally:
        holder.kill()  # SIGKILL: no cleanup code runs, the kernel drops the flock
        holder.wait()
    assert _run_script(tmp_path, inbox).returncode == 0


def test_log_rotates(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", good=1)
    log = tmp_path / "logs" / "nightly.log"
    for _ in range(2):  # each run writes more than 300 bytes: several rollovers
        result = _run_script(
            tmp_path, inbox, "--log-max-size", "300", "--log-backups", "2", log=log
        )
        assert result.returncode == 1
    names = sorted(p.name for p in log.parent.iterdir())
    assert names == ["nightly.log", "nightly.log.1", "nightly.log.2"]
    assert all(p.stat().st_size < 2000 for p in log.parent.iterdir())


def test_missing_inbox_is_fatal_with_one_line(tmp_path: Path) -> None:
    result = _run_script(tmp_path, tmp_path / "no-such-inbox")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: inbox {tmp_path}/no-such-inbox is not a folder"
    log = (tmp_path / "db" / "nightly.log").read_text()
    assert "fatal: inbox" in log


def test_limits_are_passed_through(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", good=1, bad=False)
    (inbox / "big.txt").write_text(article_text(2200, "Too big tonight.") * 5)
    result = _run_script(tmp_path, inbox, "--max-file-size", "4K")
    assert result.returncode == 1
    assert f"  {inbox}/big.txt: file is larger than the 4,096 bytes limit" in result.stdout


def test_summary_lists_at_most_twenty_errors(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", good=1, bad=False)
    for index in range(25):
        (inbox / f"binary-{index:02d}.txt").write_bytes(BINARY_BYTES)
    log = tmp_path / "nightly.log"
    result = _run_script(tmp_path, inbox, log=log)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line.endswith(BINARY)]) == 20
    assert lines[-1] == f"  ... and 5 more (see {log})"
    assert log.read_text().count(BINARY) == 25


def test_cleaner_nightly_help_documents_exit_codes() -> None:
    result = subprocess.run([CLEANER, "nightly", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "75" in result.stdout and "CLEANER_INBOX" in result.stdout


def test_script_explains_a_missing_venv(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    (copy / "scripts").mkdir(parents=True)
    (copy / "scripts" / "nightly.sh").write_bytes(SCRIPT.read_bytes())
    result = subprocess.run(
        ["/bin/bash", str(copy / "scripts" / "nightly.sh")],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 2
    assert "run scripts/setup.sh once first" in result.stderr
