"""Issue 14 in the app: backups on open and close (off the UI thread), Tools > Check project,
File > Restore from backup…"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.backup import list_backups
from annotator.core.project import Project
from annotator.gui import open_project_window
from annotator.gui.project_tools import wait_for_backups


def _result_box(qtbot) -> QMessageBox:  # type: ignore[no-untyped-def]
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "checkResult"
                    and w.isVisible()]  # fmt: skip
        return bool(found)

    qtbot.waitUntil(shown, timeout=30_000)
    return found[0]


def test_backups_on_open_and_close(qtbot, sample_path: Path) -> None:
    win = open_project_window(sample_path)
    qtbot.addWidget(win)
    wait_for_backups()
    (first,) = list_backups(sample_path)
    doc = win.project.document_ids()[0]
    win.ops.set_status(doc, "done")
    win.close()
    wait_for_backups()
    backups = list_backups(sample_path)
    assert len(backups) == 2 and backups[0].change > first.change
    with Project.open(backups[0].path) as copy:
        assert copy.get_document(doc).status == "done"


def test_check_project_menu(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.tools.check_action in window.tools.tools_menu.actions()
    window.tools.check_action.trigger()
    box = _result_box(qtbot)
    assert "sound" in box.text() and box.icon() == QMessageBox.Icon.Information
    box.close()
    conn = sqlite3.connect(window.project.path)
    conn.execute("UPDATE spans SET text = 'x' WHERE id = (SELECT min(id) FROM spans)")
    conn.execute("INSERT INTO spans (document_id, start, \"end\", label, text, annotator, "
                 "created, updated) VALUES (1, 0, 3, 'EVENT', '<b>x', 'a', 0, 0)")  # fmt: skip
    conn.commit()
    conn.close()
    window.tools.check_action.trigger()
    box = _result_box(qtbot)
    assert "1 problem" in box.text() and box.icon() == QMessageBox.Icon.Warning
    assert "does not match" in box.detailedText()
    box.close()
    # no write goes into a project that failed the check
    failed: list[str] = []
    window.ops.failed.connect(failed.append)
    doc = window.project.document_ids()[0]
    before = window.project.get_document(doc).status
    assert window.ops.set_status(doc, "done") is None
    assert "damaged" in failed[0]
    assert window.project.get_document(doc).status == before


def test_restore_from_backup(qtbot, sample_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win = open_project_window(sample_path)
    qtbot.addWidget(win)
    wait_for_backups()
    (b,) = list_backups(sample_path)
    doc = win.project.document_ids()[0]
    win.ops.set_status(doc, "done")
    assert "restoreBackupAction" in [a.objectName() for a in win.file_menu.actions()]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert win.tools.restore(b.path)
    reopened = [w for w in QApplication.topLevelWidgets()
                if w.objectName() == "mainWindow" and w is not win and w.isVisible()]  # fmt: skip
    assert len(reopened) == 1
    try:
        assert reopened[0].project.get_document(doc).status == "new"
    finally:
        reopened[0].close()
        wait_for_backups()


def test_a_damaged_file_is_a_message_not_a_crash(window) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    import pytest

    failed: list[str] = []
    window.ops.failed.connect(failed.append)

    def malformed():  # what SQLite raises reading a damaged page
        raise sqlite3.DatabaseError("database disk image is malformed")

    assert window.ops.run(malformed) is None
    assert "the project file is damaged" in failed[0] and "annotator check" in failed[0]

    def bug():
        raise sqlite3.DatabaseError("something else")

    with pytest.raises(sqlite3.DatabaseError):
        window.ops.run(bug)
