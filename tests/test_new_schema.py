"""A new project's schema comes from one generated script (annotator/core/new_schema.py, issue
15 start-up) instead of schema 1 and every migration: the script is up to date, and a project
made with it is the same as one made the long way: the same tables, indexes and triggers made in
the same order, the same rows (sqlite_sequence too), version and application id; ``annotator
check`` finds nothing wrong with it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.core import _generated_schema
from annotator.core.check import check_project
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parent.parent


def test_generated_schema_is_up_to_date(tmp_path: Path) -> None:
    target = ROOT / "annotator" / "core" / "_generated_schema.py"
    before = target.read_text(encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_schema.py")],
        capture_output=True,
        text=True,
    )
    after = target.read_text(encoding="utf-8")
    if after != before:
        target.write_text(before, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert after == before, "run: python scripts/generate_schema.py"


def _everything(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        master = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
        ).fetchall()
        tables = [r[1] for r in master if r[0] == "table"]
        rows = {}
        for table in tables:
            found = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            if table == "meta":  # when it was made differs
                found = [(k, v) for k, v in found if k != "created"]
            rows[table] = found
        pragmas = {
            p: conn.execute(f"PRAGMA {p}").fetchone()[0]
            for p in ("user_version", "application_id", "journal_mode", "foreign_keys")
        }
        return {"master": master, "rows": rows, "pragmas": pragmas}
    finally:
        conn.close()


def test_a_project_made_from_the_script_is_the_one_the_migrations_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = tmp_path / "fast.annotator"
    Project.create(fast, annotator="amal").close()
    # an out-of-date script is never used: the migrations make the file, as before the script
    monkeypatch.setattr(_generated_schema, "VERSION", -1)
    slow = tmp_path / "slow.annotator"
    Project.create(slow, annotator="amal").close()
    made, migrated = _everything(fast), _everything(slow)
    assert made["rows"] == migrated["rows"] and made["pragmas"] == migrated["pragmas"]
    assert set(made["master"]) == set(migrated["master"])
    # in the same order, but SQLite's own sqlite_sequence (made with the first AUTOINCREMENT
    # table: spans here, an earlier table of the migrations there)
    assert [m for m in made["master"] if m[1] != "sqlite_sequence"] == [
        m for m in migrated["master"] if m[1] != "sqlite_sequence"
    ]
    assert len(made["master"]) > 40 and made["rows"]["sqlite_sequence"]
    report = check_project(fast)
    assert report.ok, report
