"""Thin views, checked: no public view function is longer than MAX_LINES.

A view parses, authorises, calls one service or selector and renders; when it grows past
this, the work belongs in a service (writes) or a selector (reads). Covered: every module
whose name contains "views", every module inside a `views/` package and every `api.py`.
A function's length is its lines of code from the `def` line to its last line: decorators,
the docstring, blank lines and comment-only lines are not counted (comments that say why are
wanted, not penalised). Names starting with "_" are helpers and not checked.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 30
SKIP_TOP = {"tests", "bench", "node_modules", "static", "templates", "locale", "media"}


def is_view_module(path: Path) -> bool:
    return "views" in path.name or "views" in path.parent.parts or path.name == "api.py"


def view_modules(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        top = relative.parts[0]
        if top.startswith(".") or top in SKIP_TOP or "migrations" in relative.parts:
            continue
        if is_view_module(relative):
            found.append(path)
    return found


def code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    skip = set()
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first.value, "value", None), str):
        skip = set(range(first.lineno, first.end_lineno + 1))
    return sum(
        1
        for number in range(node.lineno, node.end_lineno + 1)
        if number not in skip and lines[number - 1].strip()[:1] not in ("", "#")
    )


def long_functions(source: str, max_lines: int = MAX_LINES) -> list[tuple[str, int]]:
    lines = source.splitlines()
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith(
            "_"
        ):
            length = code_lines(node, lines)
            if length > max_lines:
                out.append((node.name, length))
    return out


def test_the_rule_finds_a_long_view_and_passes_a_short_one():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    long_view = f"def page(request):\n{body}\n"  # the def line + MAX_LINES lines
    short_view = "def page(request):\n" + "\n".join(body.splitlines()[1:]) + "\n"
    helper = f"def _helper(request):\n{body}\n"
    assert long_functions(long_view) == [("page", MAX_LINES + 1)]
    assert long_functions(short_view) == []
    assert long_functions(helper) == []
    commented = (
        'def page(request):\n    """Says what.\n\n    And why."""\n'
        + "\n".join(f"    # why {i}\n\n    x{i} = {i}" for i in range(MAX_LINES - 1))
        + "\n"
    )
    assert long_functions(commented) == []  # docstring, comments and blank lines not counted


def test_the_rule_sees_every_kind_of_view_module():
    assert is_view_module(Path("catalogue/dashboard_views.py"))
    assert is_view_module(Path("marketplace/views/enquiries.py"))
    assert is_view_module(Path("search/api.py"))
    assert not is_view_module(Path("marketplace/services/quotes.py"))
    modules = {str(p.relative_to(ROOT)) for p in view_modules(ROOT)}
    assert "marketplace/views/quotes.py" in modules
    assert "search/api.py" in modules


def test_no_public_view_function_is_longer_than_max_lines():
    offenders = [
        f"{path.relative_to(ROOT)}:{name} ({length} lines)"
        for path in view_modules(ROOT)
        for name, length in long_functions(path.read_text())
    ]
    assert not offenders, (
        f"Views longer than {MAX_LINES} lines (move the work into a service or a selector): "
        + "; ".join(offenders)
    )
