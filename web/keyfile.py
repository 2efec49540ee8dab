"""Make sure a server has a secret key: `python -m web.keyfile` (run by `make serve`).

With SECRET_KEY in the environment nothing is written. Otherwise a random key is generated once
into SECRET_KEY_FILE (default `.secret_key`, git-ignored, readable by its owner only) and the
settings read it from there on every start, so sessions survive restarts.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def ensure_key_file(path: Path) -> bool:
    """Write a new random key to ``path`` unless it holds one; True when it wrote."""
    if path.is_file() and path.read_text().strip():
        return False
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    return True


def main() -> None:
    if os.environ.get("SECRET_KEY"):
        return
    default = Path(__file__).resolve().parent.parent / ".secret_key"
    path = Path(os.environ.get("SECRET_KEY_FILE", default))
    if ensure_key_file(path):
        print(f"generated a secret key in {path} (keep it; set SECRET_KEY to use another)")


if __name__ == "__main__":
    sys.exit(main())
