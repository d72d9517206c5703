"""`cleaner distributed clean` and `merge` as a user runs them, without a cluster where none is
needed: a finished job reruns without starting one, mistakes are one line and exit 2, the
merge prints ingest's summary and exit code. (Jobs on a cluster: test_distributed_job.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from distributed_support import SEEDS, local_job

CLEANER = str(Path(sys.executable).parent / "cleaner")
TIMEOUT = 120


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLEANER, *args], capture_output=True, text=True, timeout=TIMEOUT)


def test_a_finished_job_reruns_without_a_cluster_and_merges(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "shards"
    shutil.copytree(SEEDS, inputs)
    (inputs / "feed.jsonl").write_text("{not json\n")
    local_job([str(inputs)], out)
    rerun = _run("distributed", "clean", str(inputs), "--out", str(out), "--files-per-shard",
                 "2", "--scheduler", "tcp://127.0.0.1:9", "--json")  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr  # the unreachable scheduler is never asked
    summary = json.loads(rerun.stdout)
    assert summary["shards"] == summary["skipped"] == 4 and summary["failed"] == []
    merged = _run("distributed", "merge", str(out), "--db", str(tmp_path / "a.db"), "--quiet")
    assert merged.returncode == 1  # some inputs failed, the rest went in
    assert merged.stdout.startswith("7 seen: 5 new, 0 near duplicates")
    failed = merged.stderr.splitlines()
    assert f"error: {inputs}/feed.jsonl:1: invalid JSON: Expecting" in merged.stderr
    assert len(failed) == 2 and all(line.startswith("error: ") for line in failed)


def test_mistakes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "shards"
    local_job([str(SEEDS)], out)
    other = _run("distributed", "clean", str(SEEDS / "001_1de0372b0e530803.txt"), "--out", str(out))
    assert other.returncode == 2
    assert (
        other.stderr.count("\n") == 1 and "holds the shards of another job (inputs" in other.stderr
    )
    stdin = _run("distributed", "clean", "-", "--out", str(tmp_path / "x"))
    assert stdin.returncode == 2 and "standard input cannot be cleaned" in stdin.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = _run("distributed", "merge", str(empty), "--db", str(tmp_path / "b.db"))
    assert nothing.returncode == 2 and nothing.stderr.startswith(f"error: {empty}: no shards")
