"""The worker side of cleaner.distributed.cluster: the cleaning-process pool survives a
process that dies, its processes run tasks in their main thread (where the time limit holds)
and leave with their worker; a daemonic worker is refused with the setting to change."""

from __future__ import annotations

import os
import threading
from types import SimpleNamespace

import pytest

from cleaner.distributed import cluster
from cleaner.distributed.cluster import CleaningProcesses, RestartingProcessPool
from cleaner.errors import CleanerError


def _where() -> tuple[int, bool]:
    return os.getpid(), threading.current_thread() is threading.main_thread()


def test_a_pool_whose_process_died_starts_a_new_one() -> None:
    pool = RestartingProcessPool(1)
    try:
        pid, in_main_thread = pool.submit(_where).result(timeout=120)
        assert in_main_thread and pid != os.getpid()
        with pytest.raises(Exception, match="terminated abruptly"):
            pool.submit(os._exit, 1).result(timeout=120)  # the process dies mid-task
        again, _ = pool.submit(_where).result(timeout=120)
        assert again != pid
    finally:
        pool.shutdown()


def test_a_daemonic_worker_is_refused_with_the_setting_to_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        cluster.multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True)
    )
    worker = SimpleNamespace(name="node-7", executors={})
    with pytest.raises(
        CleanerError, match=r"worker node-7 runs as a daemonic process.*DAEMON=False"
    ):
        CleaningProcesses().setup(worker)
    assert worker.executors == {}
