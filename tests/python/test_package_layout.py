"""The shipped package's boundaries: no test support inside it, no module named like the standard
library, and the engine never imports the Python-hosted client or the set-up tools."""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "explain4j"
SEALED = ("client", "tools")  # sub-packages the engine may not import


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported_names(path):
    """Every module an import statement in ``path`` names, made absolute (``explain4j.x.y``)."""
    package = ["explain4j", *path.relative_to(PACKAGE).parent.parts]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module
            yield from (f"{module}.{a.name}" for a in node.names)


def test_no_test_support_in_the_package():
    named = [p for p in PACKAGE.rglob("*") if "__pycache__" not in p.parts and p.name.startswith("testing")]
    assert named == [], "test support lives in tests/support/explain4j_testing, not the package"
    bad = [
        f"{p.relative_to(PACKAGE)}: imports {name}"
        for p in modules()
        for name in imported_names(p)
        if any(part.startswith("testing") or part == "explain4j_testing" for part in name.split("."))
    ]
    assert bad == []


def test_no_module_shadows_the_standard_library():
    names = {p.stem for p in modules()} | {p.name for p in PACKAGE.rglob("*") if p.is_dir()}
    assert sorted(names & sys.stdlib_module_names) == []


def test_the_engine_never_imports_the_client_or_the_tools():
    bad = []
    for p in modules():
        rel = p.relative_to(PACKAGE)
        if rel.parts[0] in SEALED or rel == Path("__init__.py"):
            continue  # __init__ re-exports the notebook API lazily, on first use from Python
        for name in imported_names(p):
            if any(name == f"explain4j.{s}" or name.startswith(f"explain4j.{s}.") for s in SEALED):
                bad.append(f"{rel}: imports {name}")
    assert bad == []


def test_the_checks_resolve_relative_imports():
    names = set(imported_names(PACKAGE / "attribution" / "api.py"))
    assert "explain4j.attribution.methods" in names  # from . import methods
    assert "explain4j.errors.InvalidInput" in names  # from ..errors import InvalidInput
