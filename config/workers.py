"""Job worker processes kept running: each one that stops (killed, out of memory, or ended by
itself after a job ran past its time limit, compare.management.commands.worker.exit_wedged) is
started again, and why it stopped is logged. `manage.py worker --processes N` keeps them under
`make run` or beside any other server; under `make serve` gunicorn's master keeps one keeper,
`python config/workers.py N` (config/gunicorn.py), which keeps them: the master reaps every child
it has, so only a process of their own learns how a job worker ended. For the same reason the
keeper is the child of a process that only reports to the master how the keeper ended (`main`).
Plain Python: gunicorn's master loads this before Django."""

from __future__ import annotations

import contextlib
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


def _stop_wait() -> float:
    value = os.environ.get("DUIZHAO_JOB_STOP_WAIT", "15").strip()
    if not value.isdigit():
        sys.exit(f"DUIZHAO_JOB_STOP_WAIT must be a whole number of seconds, not {value!r}")
    return float(value)


# How long a worker told to stop may finish its job before it is killed (DUIZHAO_JOB_STOP_WAIT).
# Not at a reload that lets a keeper go: its workers finish their jobs however long.
STOP_WAIT = _stop_wait()
# The exit status of a worker that ended itself because a job ran past its time limit.
WEDGED_EXIT = 75
# Names, in each process JobWorkers starts, the pid of the process that keeps it: a job worker
# stops once that one is gone (compare.management.commands.worker.stop_when_unkept).
KEEPER_ENV = "DUIZHAO_JOB_WORKER_KEEPER"
# Written by gunicorn's master on a keeper's pipe before closing it at a reload that changed the
# number of job workers: that keeper lets its workers finish their jobs, however long (each job's
# own time limit bounds it), while a keeper of the new number runs beside it.
FINISH_JOBS = b"finish jobs\n"


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
    (gunicorn's master reaps every child, and `poll()` then learns only that one is gone): each
    is then a keeper run by `main`, whose parent half reports how the keeper ended on its
    standard output (`_report`), which a thread here reads.
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
        # What each process reported (`_report`): the pid of the one that ended, and its status
        # as `Popen.returncode` gives it; and the threads reading the reports.
        self._ends: dict[int, tuple[int, int]] = {}
        self._reading: dict[int, threading.Thread] = {}
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
        self.tell_to_stop()
        for process in self.processes:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()

    def finish(self, *, hurried: threading.Event) -> None:
        """Ask each worker to stop after its job, and wait for them however long that takes
        (each job's own time limit bounds it), or until ``hurried`` is set (then `stop`)."""
        self.tell_to_stop()
        while any(process.poll() is None for process in self.processes):
            if hurried.wait(0.5):
                return

    def let_go(self, said: bytes = b"") -> None:
        """Keep them no longer: close each one's pipe once ``said`` is written on it, sending no
        signal (a keeper told FINISH_JOBS lets its workers finish their jobs, then ends)."""
        self.hold()
        self._stopping.set()
        for process in self.processes:
            if process.stdin is not None:
                with contextlib.suppress(OSError):  # it is gone already
                    process.stdin.write(said)
                with contextlib.suppress(OSError):
                    process.stdin.close()

    def tell_to_stop(self) -> None:
        """Ask each to stop (SIGTERM: a job under way finishes), starting none again."""
        self.hold()
        self._stopping.set()
        for process in self.processes:
            if process.stdin is not None:
                process.stdin.close()
            process.terminate()

    def _start_one(self) -> subprocess.Popen:
        process = subprocess.Popen(
            self.command,
            env={**os.environ, KEEPER_ENV: str(os.getpid())},
            stdin=subprocess.PIPE if self.tied else None,
            stdout=None if self.status_known else subprocess.PIPE,
        )
        self.log.info("%s started (pid %s)", self.name, process.pid)
        if not self.status_known:
            self._reading[process.pid] = reading = threading.Thread(
                target=self._read_report, args=(process,), name="end-report", daemon=True
            )
            reading.start()
        return process

    def _read_report(self, process: subprocess.Popen) -> None:
        report = process.stdout.read().split()  # until it ends
        process.stdout.close()
        if len(report) == 2 and all(word.lstrip(b"-").isdigit() for word in report):
            self._ends[process.pid] = (int(report[0]), int(report[1]))

    def _why(self, process: subprocess.Popen, status: int) -> tuple[int, str]:
        """Which process ended (the pid), and why in words."""
        if self.status_known:
            return process.pid, exit_reason(status)
        if reading := self._reading.pop(process.pid, None):
            reading.join(timeout=SUPERVISE_EVERY)
        if (ended := self._ends.pop(process.pid, None)) is not None:
            return ended[0], exit_reason(ended[1])
        return process.pid, (
            "why is not known here, as it was killed before it could say (by SIGKILL, or"
            " by a signal it does not handle)"
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
                        *self._why(process, status),
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


def keep_running(
    count: int,
    *,
    log: logging.Logger,
    tied_to: BinaryIO | None = None,
    parent: int | None = None,
) -> None:
    """Keep ``count`` job workers running until this process gets SIGTERM (what a server that
    started it sends when it stops) or SIGINT (Ctrl-C); then stop them, each finishing its job.

    With ``tied_to`` (a pipe from the process that started this one), until that closes too
    (told FINISH_JOBS on it first, it lets its workers finish their jobs, however long), and
    while process ``parent`` is its parent:
    told to stop by a signal, this process stops its workers and stays, starting none again, so
    that its parent does not take it for dead and start another (systemd signals a server's
    whole group, and gunicorn's master calls on_exit, which closes the pipe, only once its web
    workers stopped); and with its parent gone however it went, it stops them as well."""
    workers = JobWorkers(count, log=log)
    let_go, finishing, hurried = threading.Event(), threading.Event(), threading.Event()
    if tied_to is not None:

        def watch() -> None:
            if tied_to.read() == FINISH_JOBS:  # until its other end is closed
                finishing.set()
            let_go.set()
            workers.hold()

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if parent is not None:

        def orphaned() -> None:
            while os.getppid() == parent:
                time.sleep(SUPERVISE_EVERY)
            log.warning("its parent (pid %s) is gone: its job workers stop", parent)
            let_go.set()
            workers.hold()
            hurried.set()

        threading.Thread(target=orphaned, name="orphan-watch", daemon=True).start()

    def told_to_stop(*_) -> None:
        workers.hold()
        hurried.set()

    previous = {
        signum: signal.signal(signum, told_to_stop) for signum in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        workers.start()
        while not workers.held:
            time.sleep(0.5)  # a signal's handler runs within it
        if finishing.is_set():  # a reload gave the server another number of job workers
            log.info("let go at a reload: its job workers stop after their jobs")
            workers.finish(hurried=hurried)
        workers.stop()
        while tied_to is not None and not let_go.wait(0.5):
            pass
    finally:
        workers.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# The keeper gunicorn's master runs (config/gunicorn.py), kept here: gunicorn reads that file
# again as a new module at each SIGHUP, whose hooks must find the keeper started first.
_keeper: JobWorkers | None = None
_keeping: int | None = None  # how many job workers it keeps
_let_go: list[JobWorkers] = []  # keepers of before, let go at reloads (FINISH_JOBS)


def run_keeper(count: int, *, log: logging.Logger) -> bool:
    """One keeper of ``count`` job workers running (none for 0), as gunicorn's master has at its
    start and after each SIGHUP; whether it is a new one. A keeper of another number is let go,
    its workers finishing their jobs (FINISH_JOBS), and the new one started beside it."""
    global _keeper, _keeping
    if count == _keeping:
        return False
    if _keeper is not None:
        _keeper.let_go(FINISH_JOBS)
        _let_go.append(_keeper)
    _keeper, _keeping = None, count
    if count:
        _keeper = JobWorkers(
            1,
            log=log,
            command=[sys.executable, str(KEEPER), str(count)],
            name="job workers' keeper",
            status_known=False,
            tied=True,
        )
        _keeper.start()
    return True


def stop_keeper(*, timeout: float) -> None:
    """Stop the keeper `run_keeper` started, and any let go at a reload whose workers are still
    at their jobs: the jobs finish, up to STOP_WAIT (then the sweeps settle them)."""
    keepers = [*_let_go, *([_keeper] if _keeper is not None else [])]
    for keeper in keepers:  # all at once, then wait for each
        keeper.tell_to_stop()
    for keeper in keepers:
        keeper.stop(timeout=timeout)


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
    # A SIGHUP to the whole group (`kill -HUP -PGID`, a terminal's hang-up) reaches this process
    # too, whose default for it is to end: a reload is the master's alone (on_reload), which
    # tells a keeper on its pipe when one must go. Ignored here, it is ignored by the keeper
    # forked below and by the job workers it starts (an ignored signal stays ignored across exec).
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # Two processes: the keeper, and its parent, which only reports how it ended, since
    # gunicorn's master reaps every child it has and could not learn it itself. Forked before
    # any thread starts.
    parent = os.getpid()
    keeper = os.fork()
    if keeper == 0:
        os.dup2(2, 1)  # the report line is its parent's alone; the keeper writes to the log
        log.info("job workers' keeper (pid %s), its end reported by %s", os.getpid(), parent)
        keep_running(int(argv[0]), log=log, tied_to=sys.stdin.buffer, parent=parent)
        return
    _report(keeper)


def _report(keeper: int) -> None:
    """Pass on to process ``keeper`` the signals that stop it, and once it ends, write its pid
    and its status as `Popen.returncode` gives it on standard output: ``4242 -9``, read by
    gunicorn's master (JobWorkers)."""

    def pass_on(signum: int, _) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(keeper, signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, pass_on)
    _, status = os.waitpid(keeper, 0)
    print(keeper, os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
