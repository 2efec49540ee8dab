"""The shape of the house: a pure core without Django, and dependencies that point one way.

compare -> plans -> plans.parsing -> stdlib and text libraries. Imports are read with ast, so
imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _existing(*patterns: str) -> list[Path]:
    files: list[Path] = []
    for pattern in patterns:
        files += sorted(ROOT.glob(pattern))
    return files


# The pure core: parsing, tokenising, text diff, alignment and targets (when present).
PURE = _existing(
    "plans/parsing/**/*.py",
    "plans/tokenizing.py",
    "compare/textdiff.py",
    "compare/coverage.py",
    "compare/marking.py",
    "compare/alignment.py",
    "compare/alignment/**/*.py",
    "compare/catalogue_index.py",
    "compare/engine_input.py",
    "plans/targets*.py",
    "plans/targets/**/*.py",
)
PLANS = [p for p in _existing("plans/**/*.py") if "migrations" not in p.parts]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return _imports_of(path.read_text(encoding="utf-8"), package=package)


def _imports_of(source: str, *, package: str) -> set[str]:
    """Every module ``source`` imports, relative imports resolved against ``package``, with
    ``from x import y`` also recorded as ``x.y`` (y may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _is_django_or_models(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "django" or "models" in parts


def test_the_pure_core_is_where_it_is_expected():
    names = {_module_name(p) for p in PURE}
    assert {"plans.parsing", "plans.parsing.text", "plans.tokenizing"} <= names
    assert "compare.textdiff" in names


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_modules_import_neither_django_nor_models(path):
    bad = sorted(m for m in _imports(path) if _is_django_or_models(m))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}; keep it plain Python"


@pytest.mark.parametrize(
    "path", _existing("plans/parsing/**/*.py"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_parsing_package_depends_on_nothing_else_in_the_project(path):
    project = [m for m in _imports(path) if m.split(".")[0] in {"plans", "compare", "config"}]
    outside = sorted(m for m in project if not m.startswith("plans.parsing"))
    assert not outside, f"{path.relative_to(ROOT)} imports {outside}"


@pytest.mark.parametrize("path", PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_plans_never_imports_compare(path):
    bad = sorted(m for m in _imports(path) if m.split(".")[0] == "compare")
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}; compare depends on plans"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import django.db", {"django.db"}),
        ("def f():\n    from django.conf import settings", {"django.conf", "django.conf.settings"}),
        ("from ..models import Section", {"plans.models", "plans.models.Section"}),
        ("from .. import models", {"plans", "plans.models"}),
        ("from .text import models", {"plans.parsing.text", "plans.parsing.text.models"}),
    ],
)
def test_the_import_scanner_sees_lazy_and_relative_imports(source, expected):
    found = _imports_of(source, package="plans.parsing")
    assert found == expected
    assert any(_is_django_or_models(m) for m in found)
