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
    files: set[Path] = set()
    for pattern in patterns:
        files.update(ROOT.glob(pattern))
    return sorted(files)


# The apps are the top-level folders with an apps.py; config holds the settings around them.
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))
PROJECT = [*APPS, "config"]
MODULES = [
    p
    for top in PROJECT
    for p in _existing(f"{top}/**/*.py")
    if "migrations" not in p.relative_to(ROOT).parts
]
# The pure core, read from the layout: the parsing package, the alignment engine and every lib/
# package in an app (healthchecks' hc/lib). A module is pure because of where it sits.
PURE_PACKAGES = (("plans", "parsing"), ("compare", "alignment"))


def _is_pure(path: Path) -> bool:
    folders = path.relative_to(ROOT).parts[:-1]
    return "lib" in folders or folders[:2] in PURE_PACKAGES


PURE = [p for p in MODULES if _is_pure(p)]
PLANS = [p for p in MODULES if p.relative_to(ROOT).parts[0] == "plans"]


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
    assert {"plans.parsing", "plans.parsing.text", "plans.lib.tokenizing"} <= names
    assert "compare.lib.textdiff" in names


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


def _project_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in MODULES}


def _edges_of(source: str, *, package: str, modules: set[str]) -> set[str]:
    """The project modules ``source`` imports. ``from x import y`` leads to module ``x.y`` when
    y is a module, else to ``x`` itself: a package that only hands out its submodules is not a
    dependency of whoever takes one. Imports under ``if TYPE_CHECKING:`` never run, and are left
    out; every other import counts, inside functions too."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return found & modules


def _runtime_nodes(tree: ast.AST):
    for node in ast.iter_child_nodes(tree):
        test = node.test if isinstance(node, ast.If) else None
        if isinstance(test, ast.Name | ast.Attribute) and ast.unparse(test).endswith(
            "TYPE_CHECKING"
        ):
            yield from (n for child in node.orelse for n in _runtime_nodes_of(child))
            continue
        yield node
        yield from _runtime_nodes(node)


def _runtime_nodes_of(node: ast.AST):
    yield node
    yield from _runtime_nodes(node)


def _graph() -> dict[str, set[str]]:
    modules = _project_modules()
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        source = path.read_text(encoding="utf-8")
        graph[name] = _edges_of(source, package=package, modules=set(modules)) - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    cycles = _cycles(_graph())
    assert not cycles, "import circles (imports inside functions count): " + "; ".join(
        " <-> ".join(cycle) for cycle in cycles
    )


@pytest.mark.parametrize(
    "path", _existing("config/**/*.py"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_config_imports_no_app(path):
    bad = sorted(m for m in _imports(path) if m.split(".")[0] in APPS)
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}; config holds settings, not code"


# web is the layer every app builds on (caches, limits, the job queue, /healthz): it names none
# of them; an app that adds to it (a part of /healthz) registers from its AppConfig.ready().
SHARED = "web"


@pytest.mark.parametrize(
    "path", _existing(f"{SHARED}/**/*.py"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_shared_web_layer_imports_no_other_app(path):
    others = set(APPS) - {SHARED}
    bad = sorted(m for m in _imports(path) if m.split(".")[0] in others)
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}; the apps depend on web, not back"


def test_the_layout_knows_its_apps_and_pure_packages():
    assert APPS == ["compare", "plans", "web"]
    pure = {_module_name(p).rpartition(".")[0] for p in PURE if p.name != "__init__.py"}
    assert {"plans.parsing", "compare.alignment", "compare.lib", "plans.lib"} <= pure


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set(), "c": {"b"}}, []),
    ],
)
def test_the_cycle_finder_finds_circles_of_any_length(graph, expected):
    assert _cycles(graph) == expected


def test_the_edge_reader_tells_submodules_from_names():
    modules = {"p", "p.a", "p.b"}
    lazy = "def f():\n    from p.a import thing"
    assert _edges_of(lazy, package="p", modules=modules) == {"p.a"}
    assert _edges_of("from p import a", package="p", modules=modules) == {"p.a"}
    assert _edges_of("from p import Model", package="p", modules=modules) == {"p"}
    assert _edges_of("from . import b, Model", package="p", modules=modules) == {"p.b", "p"}
    typing_only = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.a import A"
    assert _edges_of(typing_only, package="p", modules=modules) == set()
