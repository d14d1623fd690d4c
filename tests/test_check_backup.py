"""Issue 14: annotator check, recover, backup and restore; read-only commands never write;
terminal output escapes control characters."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.backup import (
    backup_folder,
    backup_if_due,
    list_backups,
    restore_backup,
    rotate,
    take_backup,
)
from annotator.core.check import check_project
from annotator.core.errors import AnnotatorError, ProjectLockedError
from annotator.core.importing import create_project_from_files
from annotator.core.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": f"d{i}", "text": f"هجوم رقم {i} على القاعدة",
         "spans": [{"start": 0, "end": 4, "label": "EVENT"}]}
        for i in range(6)
    ]  # fmt: skip
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    p = tmp_path / "p.annotator"
    create_project_from_files(p, [src])
    return p


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_a_sound_project(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    code, out, _err = run(capsys, "check", "-p", str(project))
    assert code == 0 and "ok (6 documents, 6 spans, 4 labels" in out


def test_check_finds_a_span_that_does_not_match(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    conn = sqlite3.connect(project)
    conn.execute("UPDATE spans SET text = 'xxxx' WHERE id = 2")
    conn.execute("PRAGMA writable_schema = 0")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "check", "-p", str(project))
    assert code == 1
    assert "span 2 (document 2): its stored text does not match" in out
    assert "1 problem(s) found" in out and "annotator recover" in err


def test_check_finds_a_missing_trigger(project: Path) -> None:
    conn = sqlite3.connect(project)
    conn.execute("DROP TRIGGER changes_append_only_delete")
    conn.commit()
    conn.close()
    report = check_project(project)
    assert report.problems == ["schema: trigger changes_append_only_delete is missing"]


def test_reading_commands_never_write(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    with Project.open(project):
        pass  # checkpointed: the main file holds everything
    before = (project.read_bytes(), project.stat().st_mtime_ns)
    for args in (["list"], ["stats"], ["labels"], ["export", "-o", str(tmp_path / "o.jsonl")]):
        code, _out, err = run(capsys, *args, "-p", str(project))
        assert code == 0, err
    assert (project.read_bytes(), project.stat().st_mtime_ns) == before
    with Project.open(project, read_only=True) as p:
        with pytest.raises(AnnotatorError, match="read-only"):
            p.set_status(p.document_ids()[0], "done")


def test_list_escapes_control_characters(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    conn = sqlite3.connect(project)
    conn.execute("UPDATE documents SET title = 'T\x1b[2J\x07', external_id = 'a\rb' WHERE id = 1")
    conn.commit()
    conn.close()
    code, out, _err = run(capsys, "list", "-p", str(project))
    assert code == 0 and "\x1b" not in out and "\r" not in out and "\x07" not in out
    assert "T\\x1b[2J\\x07" in out and "a\\rb" in out


def test_recover_copies_what_can_be_read(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    conn = sqlite3.connect(project)
    conn.execute("UPDATE spans SET text = 'xxxx' WHERE id = 3")
    conn.execute("UPDATE documents SET text = CAST(x'ff00fe' AS TEXT) WHERE id = 5")
    conn.commit()
    conn.close()
    out_path = tmp_path / "new.annotator"
    code, out, err = run(capsys, "recover", "-p", str(project), "-o", str(out_path))
    assert code == 0, err
    assert "recovered 5 documents, 4 spans and 4 labels" in out
    assert "document 5: its text, id or title is unreadable" in out
    assert "span 3 (document 3)" in out
    assert check_project(out_path).ok
    code, _out, err = run(capsys, "recover", "-p", str(project), "-o", str(out_path))
    assert code == 1 and "already exists" in err


def test_backup_and_restore(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    code, out, _err = run(capsys, "backup", "-p", str(project))
    assert code == 0 and str(backup_folder(project)) in out
    (b,) = list_backups(project)
    assert check_project(b.path).ok
    with Project.open(project) as p:
        p.set_status(p.document_ids()[0], "done")
        doomed = p.document_ids()[1]
        p.delete_span(p.spans(doomed)[0].id)
        # open here: restoring must refuse, and change nothing
        with pytest.raises(ProjectLockedError, match="open in another window"):
            restore_backup(project, b.path)
        assert p.stats()["spans"] == 5
    code, out, err = run(capsys, "restore", "-p", str(project), "--from", str(b.path))
    assert code == 0, err
    assert "the project as it was is kept in" in out
    with Project.open(project) as p:
        assert p.stats()["spans"] == 6 and p.stats()["by_status"]["done"] == 0
    assert len(list_backups(project)) == 2 and b.path.exists()


def test_restore_refuses_while_another_process_has_it_open(project: Path) -> None:
    b = take_backup(project)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from annotator.core.project import Project; "
         f"p = Project.open({str(project)!r}); print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = project.read_bytes()
        with pytest.raises(ProjectLockedError):
            restore_backup(project, b)
        assert project.read_bytes() == before
    finally:
        holder.communicate("", timeout=30)


def test_rotation_keeps_ten_and_one_a_day_for_a_week(project: Path) -> None:
    folder = backup_folder(project)
    folder.mkdir()
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    names = []
    for hours in range(0, 24 * 10, 6):  # every 6 hours for 10 days
        t = now - timedelta(hours=hours)
        name = f"p-{t:%Y%m%d-%H%M%S}000-c{1000 - hours}.annotator"
        (folder / name).write_bytes(b"x")
        names.append(name)
    rotate(project, keep=10, now=now)
    kept = sorted(f.name for f in folder.iterdir())
    newest_ten = sorted(names[:10])
    assert set(newest_ten) <= set(kept)
    days = {n.split("-")[1] for n in kept}
    # the 10 newest cover 3 days; one more per day back to 7 days ago
    assert len(kept) == 10 + 5 and len(days) == 8


def test_backup_if_due(project: Path) -> None:
    first = backup_if_due(project)
    assert first is not None
    assert backup_if_due(project, min_interval_s=0) is None  # nothing changed
    with Project.open(project) as p:
        p.set_status(p.document_ids()[0], "done")
    assert backup_if_due(project) is None  # changed, but the last one is recent
    later = datetime.now(UTC).timestamp() + 31 * 60
    second = backup_if_due(project, now=later)
    assert second is not None and second != first
    assert os.path.getsize(second) > 0


def test_a_searched_project_is_still_sound(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    """The trigram search index is derived data made on first search: not a schema problem."""
    assert run(capsys, "list", "-p", str(project), "--search", "بغداد")[0] == 0
    code, out, _err = run(capsys, "check", "-p", str(project))
    assert code == 0 and "ok" in out


def test_restoring_a_project_from_itself_is_refused(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    code, _out, err = run(capsys, "restore", "-p", str(project), "--from", str(project))
    assert code == 1 and "is the project itself" in err
