"""The fuzzing campaign of issue 14 as a test: thousands of hostile files in 8 formats
(``fuzz_inputs.py``, fixed seed), each imported with and without --skip-invalid into one project.

Every import either succeeds or is refused with an ``AnnotatorError`` (one line in the CLI),
never a traceback; a refused import changes nothing (no partial import); the project passes
SQLite's integrity check and opens at the end. 2,000 cases by default; the ``slow`` run tries
20,000 (``pytest -m slow tests/test_fuzz_import.py``).
"""

from __future__ import annotations

import shutil
import sqlite3
import traceback
from collections import Counter
from pathlib import Path

import pytest
from fuzz_inputs import cases

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.importing import import_paths
from annotator.core.project import Project


def _campaign(tmp_path: Path, n: int) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    path = tmp_path / "fuzz.annotator"
    with Project.create(path) as project:
        for i, case in enumerate(cases(n)):
            folder = tmp_path / f"c{i}"
            folder.mkdir()
            for name, data in case.files:
                (folder / name).write_bytes(data)
            for skip in (False, True):
                before = (project.stats()["documents"], project.last_change_id())
                try:
                    import_paths(project, [folder / case.main], skip_invalid=skip)
                    outcomes["imported"] += 1
                except AnnotatorError:
                    outcomes["refused"] += 1
                    after = (project.stats()["documents"], project.last_change_id())
                    if after != before:
                        failures.append(f"partial import: case {i} {case.mutation}")
                except Exception as exc:
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    failures.append(
                        f"case {i} ({case.fmt}, {case.mutation}, skip={skip}): "
                        f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
                    )
            shutil.rmtree(folder)
    assert not failures, "\n".join(failures[:20])
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchone() is None
    finally:
        conn.close()
    Project.open(path).close()
    outcomes["cases"] = n
    return outcomes


def test_fuzzed_imports_never_trace_back(tmp_path: Path) -> None:
    outcomes = _campaign(tmp_path, 2000)
    # the mutations really do both: some files still import, many are refused
    assert outcomes["imported"] > 200 and outcomes["refused"] > 500, outcomes


@pytest.mark.slow
def test_fuzzed_imports_never_trace_back_20000(tmp_path: Path) -> None:
    _campaign(tmp_path, 20_000)


def test_fuzzed_files_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI's side of it: exit 0 or 1, one line on stderr, never a traceback."""
    project = tmp_path / "p.annotator"
    for i, case in enumerate(cases(120, seed=1414)):
        folder = tmp_path / f"c{i}"
        folder.mkdir()
        for name, data in case.files:
            (folder / name).write_bytes(data)
        code = main(["import", "-p", str(project), str(folder / case.main)])
        _out, err = capsys.readouterr()
        assert code in (0, 1), (case.mutation, err)
        if code == 1:
            lines = [ln for ln in err.splitlines() if not ln.startswith("warning:")]
            assert len(lines) == 1 and lines[0].startswith("annotator: error: "), err
