"""Job worker processes kept running: each one that stops (killed, out of memory, or ended by
itself after a job ran past its time limit, compare.management.commands.worker.exit_wedged) is
started again, and why it stopped is logged. `manage.py worker --processes N` keeps them under
`make run` or beside any other server; under `make serve` gunicorn's master keeps one keeper,
`python config/workers.py N` (config/gunicorn.py), which keeps them: the master reaps every child
it has, so only a process of their own learns how a job worker ended. Plain Python: gunicorn's
master loads this before Django."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

_MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
# This file run as a program: the keeper (`main`).
KEEPER = Path(__file__).resolve()
# How often the supervisor looks at its workers, and the longest it waits before starting one
# again after quick deaths in a row (a worker that cannot start must not spin the CPU).
SUPERVISE_EVERY = 1.0
MAX_RESTART_DELAY = 60.0
# How long a worker told to stop may finish its job before it is killed.
STOP_WAIT = 15.0
# The exit status of a worker that ended itself because a job ran past its time limit.
WEDGED_EXIT = 75
# Names, in each process JobWorkers starts, the pid of the process that keeps it: a job worker
# stops once that one is gone (compare.management.commands.worker.stop_when_unkept).
KEEPER_ENV = "DUIZHAO_JOB_WORKER_KEEPER"


def exit_reason(status: int) -> str:
    """Why a job worker ended, in words, from its exit status as `Popen.returncode` gives it
    (a signal's number negated): ``exit_reason(-9)`` is "it was killed by SIGKILL (out of
    memory, or killed by hand)"."""
    if status == WEDGED_EXIT:
        return (
            f"it exited with status {status}: a job ran past its time limit"
            " (DUIZHAO_JOB_LIMIT_*), so it ended itself to be started afresh"
        )
    if status == 0:
        return "it exited with status 0: it was told to stop (SIGTERM or SIGINT) and did"
    if status > 0:
        return f"it exited with status {status}: an error (its last lines above say which)"
    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = f"signal {-status}"
    if name == "SIGKILL":
        return "it was killed by SIGKILL (out of memory, or killed by hand)"
    if name in {"SIGSEGV", "SIGBUS", "SIGABRT", "SIGFPE", "SIGILL"}:
        return f"it crashed ({name})"
    return f"it was stopped by {name}"


class JobWorkers:
    """``count`` processes of ``command`` (`manage.py worker`), each started again when it
    stops: at once after a long life, then 1, 2, 4... up to MAX_RESTART_DELAY seconds after
    quick deaths in a row. A job its worker left running is failed and queued again by the
    others' sweeps (compare.runs.jobs); one past its time limit is failed, not queued again.

    ``name`` says what they are in the log. ``status_known`` is False where another reaps them
    (gunicorn's master reaps every child, and `poll()` then learns only that one is gone): a
    thread per process then reads how it ended without reaping it (`_await_end`).
    ``tied``: each gets a pipe as its standard input, which `stop` closes (and so does this
    process's end, however it ends): the keeper (`keep_running`) lives until then."""

    def __init__(
        self,
        count: int,
        *,
        log: logging.Logger,
        command: list[str] | None = None,
        name: str = "job worker",
        status_known: bool = True,
        tied: bool = False,
    ) -> None:
        self.count = count
        self.log = log
        self.command = command or [sys.executable, str(_MANAGE), "worker"]
        self.name = name
        self.status_known = status_known
        self.tied = tied
        self.processes: list[subprocess.Popen] = []
        self.held = False
        self._ends: dict[int, int] = {}  # pid -> status as `Popen.returncode` gives it
        self._awaiting: dict[int, threading.Thread] = {}
        self._stopping = threading.Event()
        # Reentrant: `hold` runs in signal handlers too, maybe while the same thread is in it.
        self._starting = threading.RLock()

    def start(self) -> None:
        self.processes = [self._start_one() for _ in range(self.count)]
        if self.processes:
            threading.Thread(
                target=self._supervise, name="job-worker-supervisor", daemon=True
            ).start()

    def hold(self) -> None:
        """Start none again from now on: the server is stopping, and so are they. Safe in a
        signal handler: it sets a flag and waits only for a start under way in another thread."""
        self.held = True
        with self._starting:
            pass

    def stop(self, *, timeout: float = STOP_WAIT) -> None:
        """Ask each worker to stop (a job under way finishes, up to ``timeout`` seconds), then
        kill those still running. None is started again meanwhile."""
        self.hold()
        self._stopping.set()
        for process in self.processes:
            if process.stdin is not None:
                process.stdin.close()
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()

    def _start_one(self) -> subprocess.Popen:
        process = subprocess.Popen(
            self.command,
            env={**os.environ, KEEPER_ENV: str(os.getpid())},
            stdin=subprocess.PIPE if self.tied else None,
        )
        self.log.info("%s started (pid %s)", self.name, process.pid)
        if not self.status_known:
            self._awaiting[process.pid] = waiting = threading.Thread(
                target=self._await_end, args=(process.pid,), name="end-watch", daemon=True
            )
            waiting.start()
        return process

    def _await_end(self, pid: int) -> None:
        """Wait for process ``pid`` to end and keep its status, leaving it to be reaped: with
        WNOWAIT the kernel wakes this thread as the process ends, before the master (told by
        SIGCHLD, through its signal queue and main loop) reaps it. If the master wins all the
        same, why it ended stays unknown."""
        try:
            handle = os.pidfd_open(pid)  # not a later process given the same pid
        except OSError:  # already reaped
            return
        try:
            ended = os.waitid(os.P_PIDFD, handle, os.WEXITED | os.WNOWAIT)
        except ChildProcessError:
            return
        finally:
            os.close(handle)
        if ended is not None:
            exited = ended.si_code == os.CLD_EXITED
            self._ends[pid] = ended.si_status if exited else -ended.si_status

    def _why(self, process: subprocess.Popen, status: int) -> str:
        if self.status_known:
            return exit_reason(status)
        if waiting := self._awaiting.pop(process.pid, None):
            waiting.join(timeout=SUPERVISE_EVERY)
        if (known := self._ends.pop(process.pid, None)) is not None:
            return exit_reason(known)
        if status != 0:  # `poll()` reaped it itself (reaped by another, it reads 0)
            return exit_reason(status)
        return (
            "why is not known here, as the server's master reaped it first (its last lines"
            " above say why, unless it was killed)"
        )

    def _supervise(self) -> None:
        started = dict.fromkeys(range(len(self.processes)), time.monotonic())
        delay = dict.fromkeys(started, 0.0)
        due: dict[int, float] = {}  # slot -> when its next worker starts
        while not self._stopping.wait(SUPERVISE_EVERY):
            now = time.monotonic()
            for slot, process in enumerate(self.processes):
                if (status := process.poll()) is None:
                    continue
                if self.held:  # they stop with the server: not a death to report
                    return
                if slot not in due:
                    if now - started[slot] < MAX_RESTART_DELAY:  # died young: wait longer each time
                        delay[slot] = min(MAX_RESTART_DELAY, 2 * delay[slot] or SUPERVISE_EVERY)
                    else:
                        delay[slot] = 0.0
                    due[slot] = now + delay[slot]
                    self.log.warning(
                        "%s (pid %s) stopped: %s; another starts in %.0f s",
                        self.name,
                        process.pid,
                        self._why(process, status),
                        delay[slot],
                    )
                if now < due[slot]:
                    continue
                if process.stdin is not None:
                    process.stdin.close()
                with self._starting:
                    if self.held:
                        return
                    self.processes[slot] = self._start_one()
                started[slot] = now
                del due[slot]


def keep_running(count: int, *, log: logging.Logger, tied_to: BinaryIO | None = None) -> None:
    """Keep ``count`` job workers running until this process gets SIGTERM (what a server that
    started it sends when it stops) or SIGINT (Ctrl-C); then stop them, each finishing its job.

    With ``tied_to`` (a pipe from the process that started this one), until that closes too:
    told to stop by a signal, this process stops its workers and stays, starting none again, so
    that its parent does not take it for dead and start another (systemd signals a server's
    whole group, and gunicorn's master calls on_exit, which closes the pipe, only once its web
    workers stopped); and with its parent gone however it went, it stops them as well."""
    workers = JobWorkers(count, log=log)
    let_go = threading.Event()
    if tied_to is not None:

        def watch() -> None:
            tied_to.read()  # until its other end is closed
            let_go.set()
            workers.hold()

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    previous = {
        signum: signal.signal(signum, lambda *_: workers.hold())
        for signum in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        workers.start()
        while not workers.held:
            time.sleep(0.5)  # a signal's handler runs within it
        workers.stop()
        while tied_to is not None and not let_go.wait(0.5):
            pass
    finally:
        workers.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: list[str]) -> None:
    """`python config/workers.py N`, as gunicorn's master starts it (config/gunicorn.py) with a
    pipe as its standard input: N job workers kept running until that pipe closes, each death
    logged as gunicorn logs. Light: it loads neither Django nor the app. By hand, use
    `manage.py worker --processes N`."""
    if len(argv) != 1 or not argv[0].isdigit() or int(argv[0]) < 1:
        sys.exit(f"usage: python {KEEPER} N (N job workers, 1 or more; got {argv})")
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
        datefmt="[%Y-%m-%d %H:%M:%S %z]",
    )
    log = logging.getLogger("duizhao.jobworkers")
    keep_running(int(argv[0]), log=log, tied_to=sys.stdin.buffer)


if __name__ == "__main__":
    main(sys.argv[1:])
