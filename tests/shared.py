"""Documents of the steering repository's shared/ folder, read where they lie.

The repository keeps no copy of a public document the steering repository already holds
(settings.SHARED_DIR: shared/ beside the checkout, or DUIZHAO_SHARED_DIR).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# Where shared/ keeps real documents, looked through in this order.
CORPUS_FOLDERS = ("corpus", "corpus/pdf", "corpus/task-tables")


def shared_document(name: str) -> Path:
    """The file ``name`` in one of shared/'s corpus folders."""
    root = Path(settings.SHARED_DIR)
    for folder in CORPUS_FOLDERS:
        path = root / folder / name
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"{name} is in none of {', '.join(CORPUS_FOLDERS)} under {root}: the steering "
        "repository's shared/ folder belongs beside the checkout; set DUIZHAO_SHARED_DIR to "
        "where it is"
    )
