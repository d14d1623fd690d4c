"""`annotator --selftest` run from source, as a fresh process (as a user or installer runs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __version__

CLI = "import sys; from annotator.cli import main; sys.exit(main())"


def run(args: list[str], tmp_path: Path, code: str = CLI) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # The default result file goes to the user log folder: point it into tmp_path, and the
    # window's settings (Qt reads XDG_CONFIG_HOME) with it.
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def test_selftest_passes_and_writes_the_result_file(tmp_path: Path) -> None:
    result = tmp_path / "out" / "selftest.txt"
    proc = run(["--selftest", "--selftest-output", str(result)], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SELFTEST OK" in proc.stdout
    text = result.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith(f"annotator {__version__} selftest: source")
    steps = ("font", "project + import", "span", "export jsonl", "suggestion model", "main window")
    for step in steps:
        assert any(line.startswith(f"ok   {step} (") for line in lines), (step, text)
    assert "Amiri" in next(line for line in lines if line.startswith("ok   font"))
    assert "PLACE" in next(line for line in lines if line.startswith("ok   span"))
    assert "offscreen" in next(line for line in lines if line.startswith("ok   main window"))
    assert "PLACE suggested" in next(
        line for line in lines if line.startswith("ok   suggestion model")
    )
    assert lines[-1].startswith("SELFTEST OK")


def test_default_result_file_is_in_the_user_log_folder(tmp_path: Path) -> None:
    proc = run(["--selftest"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = list((tmp_path / "state").rglob("selftest.txt"))
    assert len(written) == 1, proc.stdout
    assert written[0].parent.name == "log"
    assert "SELFTEST OK" in written[0].read_text(encoding="utf-8")
    assert f"result written to {written[0]}" in proc.stdout
    # The self-test's window must not leave its layout in the user's real settings.
    assert not list((tmp_path / "config").rglob("*.ini"))


def test_a_broken_installation_fails_with_the_reason_in_the_file(tmp_path: Path) -> None:
    result = tmp_path / "selftest.txt"
    code = (
        "import sys, annotator.selftest as s; s.SAMPLE_ARTICLE = 'seeds/missing.txt'; "
        "sys.exit(s.run_selftest(sys.argv[1]))"
    )
    proc = run([str(result)], tmp_path, code=code)
    assert proc.returncode == 1
    assert "SELFTEST FAILED" in proc.stdout
    assert "SELFTEST OK" not in proc.stdout
    text = result.read_text(encoding="utf-8")
    assert "seeds/missing.txt is missing from annotator.resources" in text
    assert text.splitlines()[-1].startswith("SELFTEST FAILED")


def test_selftest_output_needs_selftest(tmp_path: Path) -> None:
    proc = run(["--selftest-output", str(tmp_path / "x.txt")], tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "annotator: error: --selftest-output needs --selftest"
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.parametrize("name", ["fonts/Amiri-Regular.ttf", "seeds/000_7eddefe59b9ed5ed.txt"])
def test_selftest_resources_are_package_data(name: str) -> None:
    from annotator.selftest import resource_bytes

    assert len(resource_bytes(name)) > 1000
