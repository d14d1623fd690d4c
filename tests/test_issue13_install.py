"""Issue 13, item 8: a newcomer's install: every folder declared, Qt's xcb libraries checked."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_code_and_resource_folder_is_a_declared_package() -> None:
    """An undeclared folder is left out of the wheel (annotator.core.project was) or makes
    setuptools print a "Package would be ignored" warning for every file in it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    declared = set(config["packages"])
    code = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "annotator").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    resources = {
        ".".join(("annotator", *p.parent.relative_to(ROOT).parts))
        for p in (ROOT / "resources").rglob("*")
        # bytecode Python leaves beside resources/__init__.py once the app ran from source
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert code | resources <= declared
    assert set(config["package-data"]) == resources


def test_run_app_checks_the_xcb_libraries() -> None:
    script = (ROOT / "scripts" / "run-app.sh").read_text("utf-8")
    assert "scripts/system-deps.sh --app" in script
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-deps.sh"), "--app", "--print"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libxcb-icccm4"} <= set(out)
    assert "xvfb" not in out  # the app needs no X server of its own
    everything = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-deps.sh"), "--print"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert set(out) < set(everything) and "xvfb" in everything
