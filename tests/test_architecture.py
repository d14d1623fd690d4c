"""Architecture and lint rules that CI enforces."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else (shutil.which(name) or name)


def _run_clean(tool: str, *args: str) -> str:
    """Run a checker from the venv in the repository; it must exit 0. Returns its output."""
    proc = subprocess.run(
        [_tool(tool), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_core_never_imports_qt():
    out = _run_clean("lint-imports", str(ROOT / "pyproject.toml"))
    for contract in (
        "annotator.core never imports Qt",
        "Layers: the command line and the app above core",
        "Layers inside core: import/export above formats above project above text",
        "No import cycle anywhere in annotator",
    ):
        assert f"{contract} KEPT" in out


def test_core_imports_without_qt_loaded():
    code = (
        "import sys, annotator.core.project, annotator.core.text, annotator.core.model;"
        "import annotator.cli;"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ruff_clean():
    _run_clean("ruff", "check", "annotator", "tests", "bench")


def test_ruff_format_clean():
    _run_clean("ruff", "format", "--check", "annotator", "tests", "bench", "packaging")


def test_mypy_clean():
    # the files and the per-module strictness (strict on core) come from pyproject.toml
    _run_clean("mypy", "--config-file", str(ROOT / "pyproject.toml"))
