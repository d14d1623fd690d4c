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


def test_core_never_imports_qt():
    proc = subprocess.run(
        [_tool("lint-imports"), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for contract in (
        "annotator.core never imports Qt",
        "Layers: the command line and the app above core",
        "Layers inside core: import/export above formats above project above text",
        "No import cycle anywhere in annotator",
    ):
        assert f"{contract} KEPT" in proc.stdout


def test_core_imports_without_qt_loaded():
    code = (
        "import sys, annotator.core.project, annotator.core.text, annotator.core.model;"
        "import annotator.cli;"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ruff_clean():
    proc = subprocess.run(
        [_tool("ruff"), "check", "annotator", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean():
    # the files and the per-module strictness (strict on core) come from pyproject.toml
    proc = subprocess.run(
        [_tool("mypy"), "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_clean():
    proc = subprocess.run(
        [_tool("ruff"), "format", "--check", "annotator", "tests", "bench", "packaging"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
