"""Job worker processes kept running: each one that stops (killed, out of memory, or ended by
itself after a job ran past its time limit, compare.management.commands.worker.exit_wedged) is
started again. gunicorn's master keeps them under `make serve` (config/gunicorn.py), `manage.py
worker --processes N` under `make run` or beside any other server. Plain Python: gunicorn's
master loads this before Django."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

_MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
# How often the supervisor looks at its workers, and the longest it waits before starting one
# again after quick deaths in a row (a worker that cannot start must not spin the CPU).
SUPERVISE_EVERY = 1.0
MAX_RESTART_DELAY = 60.0


class JobWorkers:
    """``count`` processes of `manage.py worker`, each started again when it stops: at once
    after a long life, then 1, 2, 4... up to MAX_RESTART_DELAY seconds after quick deaths in a
    row. A job its worker left running is failed and queued again by the others' sweeps
    (compare.runs.jobs); one past its time limit is failed, not queued again."""

    def __init__(self, count: int, *, log: logging.Logger) -> None:
        self.count = count
        self.log = log
        self.processes: list[subprocess.Popen] = []
        self._stopping = threading.Event()
        self._starting = threading.Lock()

    def start(self) -> None:
        self.processes = [self._start_one() for _ in range(self.count)]
        if self.processes:
            threading.Thread(
                target=self._supervise, name="job-worker-supervisor", daemon=True
            ).start()

    def hold(self) -> None:
        """Start none again from now on: the server is stopping, and so are they."""
        with self._starting:  # none is being started meanwhile
            self._stopping.set()

    def stop(self, *, timeout: float = 15) -> None:
        """Ask each worker to stop (a job under way finishes, up to ``timeout`` seconds), then
        kill those still running. None is started again meanwhile."""
        self.hold()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()

    def _start_one(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(_MANAGE), "worker"])

    def _supervise(self) -> None:
        started = dict.fromkeys(range(len(self.processes)), time.monotonic())
        delay = dict.fromkeys(started, 0.0)
        due: dict[int, float] = {}  # slot -> when its next worker starts
        while not self._stopping.wait(SUPERVISE_EVERY):
            now = time.monotonic()
            for slot, process in enumerate(self.processes):
                # gunicorn's master reaps any child that exits, so there poll() may only learn
                # it is gone (and say 0); gunicorn logs the status at debug level only ("Reaped
                # unknown child process"), and a worker that ends itself logs why first.
                if (status := process.poll()) is None:
                    continue
                if slot not in due:
                    if now - started[slot] < MAX_RESTART_DELAY:  # died young: wait longer each time
                        delay[slot] = min(MAX_RESTART_DELAY, 2 * delay[slot] or SUPERVISE_EVERY)
                    else:
                        delay[slot] = 0.0
                    due[slot] = now + delay[slot]
                    self.log.error(
                        "job worker (pid %s) stopped%s: another starts in %.0f s",
                        process.pid,
                        f" (status {status})" if status else "",
                        delay[slot],
                    )
                if now < due[slot]:
                    continue
                with self._starting:
                    if self._stopping.is_set():
                        return
                    self.processes[slot] = self._start_one()
                started[slot] = now
                del due[slot]
