"""Rules of the code base that lint-imports and ruff do not check: no application function over
60 lines, and no import of project code inside a function unless a comment right above it says why
(cycles are solved by the layout, not hidden; see docs/DEVELOPING.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("prizm", "sources", "articles")
MAX_LINES = 60
# Functions allowed to be longer, each with its reason (keep this list short).
LONG_FUNCTIONS: dict[str, str] = {}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"))


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_application_function_is_over_60_lines():
    long = [
        f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
        for path, tree in _modules()
        for fn in _functions(tree)
        if fn.end_lineno - fn.lineno + 1 > MAX_LINES and f"{path.relative_to(ROOT)}:{fn.name}" not in LONG_FUNCTIONS
    ]
    assert long == []


def test_function_level_imports_of_project_code_say_why():
    unexplained = []
    for path, tree in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for fn in _functions(tree):
            for node in ast.walk(fn):
                if not isinstance(node, ast.ImportFrom | ast.Import):
                    continue
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                if not any(name.split(".")[0] in PACKAGES for name in names) and getattr(node, "level", 0) == 0:
                    continue
                around = lines[max(0, node.lineno - 4):node.lineno]
                if not any("#" in line for line in around):
                    unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unexplained == []
