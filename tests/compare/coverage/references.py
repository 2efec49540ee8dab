"""The coverage references' own script (tests/data/coverage-references/check.py), loaded as a
module so the tests call what a person runs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CHECK = Path(__file__).resolve().parents[2] / "data" / "coverage-references" / "check.py"


def check_module():
    spec = importlib.util.spec_from_file_location("coverage_references_check", CHECK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
