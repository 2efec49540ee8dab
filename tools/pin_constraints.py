"""Write constraints.txt: every package pip resolves for pyproject.toml that pyproject.toml does
not pin itself, pinned at the resolved version (`make constraints` runs it).

    .venv/bin/python tools/pin_constraints.py RESOLVED_JSON > constraints.txt

RESOLVED_JSON is pip's report (`pip install --dry-run --ignore-installed --report FILE`).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """\
# What pyproject.toml's pinned dependencies pull in, pinned too, so a fresh machine installs the
# set the tests last passed with (`make` installs with `-c constraints.txt`). Regenerate after
# changing pyproject.toml: `make constraints`.
"""


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main(report: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + sum(project["optional-dependencies"].values(), [])
    # A pinned package and its extras' packages (psycopg[binary] -> psycopg-binary) follow it.
    own = {_key(re.split(r"[\[=<>~! ]", spec)[0]) for spec in specs} | {_key(project["name"])}
    own |= {f"{name}-binary" for name in own}
    resolved = json.loads(report.read_text())["install"]
    pins = sorted(
        f"{item['metadata']['name']}=={item['metadata']['version']}"
        for item in resolved
        if _key(item["metadata"]["name"]) not in own
    )
    sys.stdout.write(HEADER + "".join(f"{pin}\n" for pin in sorted(pins, key=str.lower)))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
