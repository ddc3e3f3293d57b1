"""The package stays laid out as the pipeline it is: no import cycle between its modules, no module
over ~400 lines (the generated rule registry aside), no function over 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "audiobook"
GENERATED = {"rule_confidence.py"}
"""Data written by a script (benchmarks/attribution.py --calibrate), not code."""
MODULE_LINES = 420
FUNCTION_LINES = 60
STAGES = ("read", "analysis", "casting", "audio", "publish", "review", "commands")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules a module imports when it is loaded (imports inside functions are
    made when called, so they cannot make a cycle at load time)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & modules


def test_no_module_imports_itself_through_others() -> None:
    paths = {_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError("import cycle: " + " -> ".join([*trail[trail.index(name) :], name]))
        if name in done:
            return
        for other in sorted(graph[name]):
            # A package imports its own modules to say what it offers; they import it, not back.
            if not other.startswith(name + "."):
                visit(other, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_modules_and_functions_stay_small() -> None:
    big, long = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name not in GENERATED and len(text.splitlines()) > MODULE_LINES:
            big.append(f"{path.relative_to(PACKAGE)} ({len(text.splitlines())} lines)")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.name} ({length} lines)")
    assert not big and not long, (big, long)


def test_the_folder_shows_the_pipeline() -> None:
    assert all((PACKAGE / stage / "__init__.py").is_file() for stage in STAGES)
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert top <= {"cli", "config", "errors", "options", "plan", "render", "book", "values"}, top
