"""The import-linter contracts really guard the layers (config on top, core at the bottom) and
keep the vendor SDKs in their one module each."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "config",
    "core",
    "accounts",
    "regions",
    "sellers",
    "buyers",
    "catalogue",
    "marketplace",
    "search",
    "cms",
]
LINT_IMPORTS = shutil.which("lint-imports") or str(ROOT / ".venv" / "bin" / "lint-imports")


def copy_tree(tmp_path: Path) -> Path:
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            tmp_path / app,
            ignore=shutil.ignore_patterns("__pycache__", "data", "*.csv", "*.html"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_real_tree_keeps_the_contract(tmp_path):
    result = lint(copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "KEPT" in result.stdout


def test_catalogue_importing_search_breaks_the_contract(tmp_path):
    tree = copy_tree(tmp_path)
    (tree / "catalogue" / "sneaky.py").write_text("import search.apps  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "catalogue.sneaky -> search.apps" in result.stdout


def test_core_importing_an_app_breaks_the_contract(tmp_path):
    tree = copy_tree(tmp_path)
    (tree / "core" / "sneaky.py").write_text("import accounts.models  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "core.sneaky -> accounts.models" in result.stdout


def test_only_the_gateway_imports_stripe(tmp_path):
    tree = copy_tree(tmp_path)
    (tree / "marketplace" / "sneaky.py").write_text("import stripe  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "marketplace.sneaky -> stripe" in result.stdout


def test_only_the_backend_imports_elasticsearch(tmp_path):
    tree = copy_tree(tmp_path)
    (tree / "search" / "sneaky.py").write_text("import elasticsearch  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "search.sneaky -> elasticsearch" in result.stdout
