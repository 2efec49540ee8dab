"""A job for tests of real job workers: it runs until the test releases it, however long, so a
test need not guess how long a job takes (nor sleep for it)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_release(gate: str) -> None:
    """Say it was taken (``gate``.taken), then wait until the file ``gate`` exists."""
    Path(f"{gate}.taken").touch()
    while not Path(gate).exists():
        time.sleep(0.2)
