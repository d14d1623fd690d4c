"""File > Merge projects… (docs/teams.md): the real action and progress dialog, the file dialog
alone replaced; results read back from the database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from test_merge import TEXT_1, make_pair

from annotator.core.project import Project
from annotator.gui import open_project_window


def _choose(monkeypatch, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")),
    )


def _message(qtbot, win) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: getattr(win, "merge_message", None) is not None, timeout=30_000)
    box: QMessageBox = win.merge_message
    return box


def test_merge_through_the_menu_reloads_the_list(qtbot, tmp_path, monkeypatch) -> None:
    a_path, b_path = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    Project.create(team, annotator="lead").close()
    win = open_project_window(team)
    qtbot.addWidget(win)
    assert win.doc_model.rowCount() == 0
    _choose(monkeypatch, [a_path, b_path])
    win.merge_action.trigger()
    box = _message(qtbot, win)
    assert "3 documents added, 1 matched" in box.text()
    assert "alice: 2 spans added" in box.text() and "PLACE" in box.text()
    box.close()
    model = win.doc_model
    assert model.rowCount() == 3
    conn = sqlite3.connect(team)
    assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 4
    (doc,) = conn.execute("SELECT id FROM documents WHERE text = ?", (TEXT_1,)).fetchone()
    conn.close()
    # two annotators finished the shared document: the list says so
    row = model.row_of(doc)
    assert "2✓" in str(model.data(model.index(row), 0))
    win.close()


def test_a_refused_file_is_a_message_and_changes_nothing(qtbot, tmp_path, monkeypatch) -> None:
    a_path, _ = make_pair(tmp_path)
    bad = tmp_path / "bad.annotator"
    bad.write_text("not a project\n" * 20)
    team = tmp_path / "TEAM.annotator"
    Project.create(team, annotator="lead").close()
    win = open_project_window(team)
    qtbot.addWidget(win)
    _choose(monkeypatch, [a_path, bad])
    win.merge_action.trigger()
    box = _message(qtbot, win)
    assert "bad.annotator" in box.text() and "not an annotator project" in box.text()
    box.close()
    win.close()
    conn = sqlite3.connect(team)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    conn.close()


def test_cancel_in_the_progress_dialog_leaves_the_project_as_it_was(
    qtbot, tmp_path, monkeypatch
) -> None:
    a_path, b_path = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    Project.create(team, annotator="lead").close()
    win = open_project_window(team)
    qtbot.addWidget(win)
    _choose(monkeypatch, [a_path, b_path])
    win.merge_action.trigger()
    task = win.merge_task
    # the dialog's Cancel button, pressed before the worker reads its first document
    task.dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: task.state == "cancelled", timeout=30_000)
    assert "cancelled" in win.statusBar().currentMessage()
    assert win.doc_model.rowCount() == 0
    win.close()
    conn = sqlite3.connect(team)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    conn.close()
