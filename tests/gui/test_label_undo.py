"""Label edits from the labels dialog are undoable actions like span edits (Ctrl+Z, Ctrl+Shift+Z
in the main window), committed to the database; a rename or removal keeps the undo history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.qt import key, open_doc
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QColorDialog, QMessageBox

from annotator.core.project import Project
from annotator.gui.labels_dialog import COL_AR, COL_HOTKEY, COL_NAME, LabelsDialog
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier


def query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def labels_in_db(path: Path) -> list[tuple]:
    return query(path, "SELECT name, name_en, name_ar, color, hotkey FROM labels ORDER BY ord")


def spans_in_db(path: Path) -> list[tuple]:
    """Every span with its id, read with plain sqlite3."""
    return query(
        path,
        'SELECT id, document_id, start, "end", label, text, annotator, created FROM spans '
        "ORDER BY id",
    )


def statuses_in_db(path: Path) -> list[tuple]:
    return query(path, "SELECT external_id, status FROM documents ORDER BY id")


def undo(win: MainWindow) -> None:
    key(win.view, K.Key_Z, M.ControlModifier)


def redo(win: MainWindow) -> None:
    key(win.view, K.Key_Z, M.ControlModifier | M.ShiftModifier)


def label_span(win: MainWindow, ext: str, word: str, k: Qt.Key) -> None:
    open_doc(win, ext)
    start = win.view.text.index(word)
    win.view.set_selection(start, start + len(word))
    key(win.view, k)


@pytest.fixture
def dialog(qtbot, window: MainWindow, monkeypatch):
    # the dialog edits through the window's Operations, as MainWindow.edit_labels does
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    dlg = LabelsDialog(window.ops, window)
    qtbot.addWidget(dlg)
    return dlg


def test_every_label_edit_undoes_and_redoes_in_order(window: MainWindow, dialog, sample_path):
    label_span(window, "b", "واشنطن", K.Key_3)  # PLACE in document b
    label_span(window, "c", "الوزير", K.Key_2)  # ACTOR in document c
    label_span(window, "c", "لواشنطن", K.Key_3)  # PLACE in document c
    history: list[tuple[list, list]] = [(labels_in_db(sample_path), spans_in_db(sample_path))]

    def step() -> None:
        history.append((labels_in_db(sample_path), spans_in_db(sample_path)))
        assert history[-1] != history[-2], "the edit changed nothing in the database"

    dialog.table.item(dialog.row_of("PLACE"), COL_NAME).setText("LOCATION")  # rename
    step()
    assert {s[4] for s in spans_in_db(sample_path)} == {"ACTOR", "LOCATION"}
    dialog.select("LOCATION")
    dialog.color_button.click()  # recolour
    step()
    dialog.table.item(dialog.row_of("LOCATION"), COL_HOTKEY).setText("l")  # hotkey
    step()
    dialog.table.item(dialog.row_of("LOCATION"), COL_AR).setText("موقع")  # Arabic name
    step()
    dialog.select("LOCATION")
    dialog.up_button.click()  # reorder
    step()
    assert [r[0] for r in labels_in_db(sample_path)] == ["EVENT", "LOCATION", "ACTOR", "CLAIM"]
    assert dialog.add_new_label() == "LABEL1"  # add
    step()
    dialog.select("LOCATION")
    dialog.remove_button.click()  # remove a label used by two spans (answer: Yes)
    step()
    assert "LOCATION" not in [r[0] for r in labels_in_db(sample_path)]
    assert [s[4] for s in spans_in_db(sample_path)] == ["ACTOR"]
    assert window.label_palette.count() == 4  # EVENT ACTOR CLAIM LABEL1
    dialog.close()

    # Every state comes back, in reverse order, spans with their ids, creation times, labels.
    for expected in reversed(history[:-1]):
        assert window.ops.can_undo()
        undo(window)
        assert (labels_in_db(sample_path), spans_in_db(sample_path)) == expected
    # ...and on down through the span edits made before the label edits
    undo(window)
    assert [s[5] for s in spans_in_db(sample_path)] == ["واشنطن", "الوزير"]
    assert window.span_model.rowCount() == 1  # the view shows document c, one span left
    for _ in range(2):
        undo(window)
    assert spans_in_db(sample_path) == [] and not window.ops.can_undo()
    assert dict(statuses_in_db(sample_path))["b"] == "new"

    for _ in range(3):
        redo(window)
    assert spans_in_db(sample_path) == history[0][1]
    for expected in history[1:]:
        redo(window)
        assert (labels_in_db(sample_path), spans_in_db(sample_path)) == expected
    assert not window.ops.can_redo()
    # every undo and redo was written to the change log
    actions = [c["action"] for c in window.project.changes(limit=60)]
    assert actions.count("undo") == len(history) + 2 and actions.count("redo") == len(history) + 2


def test_undo_of_removing_a_label_in_use_restores_the_spans_and_the_view(
    window: MainWindow, dialog, sample_path
):
    label_span(window, "b", "واشنطن", K.Key_3)
    label_span(window, "c", "لواشنطن", K.Key_3)
    window.ops.set_status(window.current_id, "new")  # the user put c back to "new"
    before = (labels_in_db(sample_path), spans_in_db(sample_path), statuses_in_db(sample_path))
    place = list(window.view.spans().values())
    assert [s.label for s in place] == ["PLACE"]

    dialog.select("PLACE")
    dialog.remove_button.click()
    assert query(sample_path, "SELECT count(*) FROM spans") == [(0,)]
    assert window.span_model.rowCount() == 0 and not window.view.spans()
    assert "remove label" in window.ops.undo_text() and "2" in window.ops.undo_text()

    undo(window)
    assert (labels_in_db(sample_path), spans_in_db(sample_path), statuses_in_db(sample_path)) == (
        before
    )
    # the label is back in its place in the palette, its span highlighted and listed again
    assert window.label_palette.item(2).data(Qt.ItemDataRole.UserRole) == "PLACE"
    assert [(s.id, s.label) for s in window.view.spans().values()] == [(place[0].id, "PLACE")]
    assert window.span_model.rowCount() == 1
    dialog.refresh()
    assert dialog.table.item(dialog.row_of("PLACE"), 5).text() == "2"

    redo(window)
    assert query(sample_path, "SELECT count(*) FROM spans") == [(0,)]
    assert "PLACE" not in [r[0] for r in labels_in_db(sample_path)]


def test_rename_keeps_the_span_history(window: MainWindow, dialog, sample_path):
    label_span(window, "c", "لواشنطن", K.Key_3)
    (span_id,) = window.view.spans()
    start = window.view.text.index("واشنطن")
    window.ops.move_boundaries(span_id, start, start + len("واشنطن"))
    dialog.table.item(dialog.row_of("PLACE"), COL_NAME).setText("CITY")
    assert query(sample_path, "SELECT label, text FROM spans") == [("CITY", "واشنطن")]
    # a relabel after the rename, then everything undone back to an empty document
    key(window.view, K.Key_2)
    assert query(sample_path, "SELECT label FROM spans") == [("ACTOR",)]
    undo(window)  # relabel
    assert query(sample_path, "SELECT label FROM spans") == [("CITY",)]
    undo(window)  # rename
    assert query(sample_path, "SELECT label, text FROM spans") == [("PLACE", "واشنطن")]
    assert [s.label for s in window.view.spans().values()] == ["PLACE"]
    undo(window)  # boundary move
    assert query(sample_path, "SELECT label, text FROM spans") == [("PLACE", "لواشنطن")]
    undo(window)  # the span itself
    assert query(sample_path, "SELECT count(*) FROM spans") == [(0,)]


def test_failed_undo_of_a_label_removal_leaves_the_project_unchanged(
    window: MainWindow, dialog, sample_path
):
    label_span(window, "c", "لواشنطن", K.Key_3)
    dialog.select("PLACE")
    dialog.remove_button.click()
    # another window takes the name and the hotkey meanwhile: the undo cannot put PLACE back
    with Project.open(sample_path) as other:
        other.add_label("PLACE", color="#000000", hotkey="3")
    before = (labels_in_db(sample_path), spans_in_db(sample_path))
    undo(window)
    assert (labels_in_db(sample_path), spans_in_db(sample_path)) == before
    assert "PLACE" in window.statusBar().currentMessage()


def test_the_dialog_undoes_and_redoes_itself(window: MainWindow, dialog, sample_path, qtbot):
    label_span(window, "c", "لواشنطن", K.Key_3)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    before = (labels_in_db(sample_path), spans_in_db(sample_path))
    dialog.select("PLACE")
    dialog.remove_button.click()
    assert dialog.undo_button.isEnabled() and not dialog.redo_button.isEnabled()
    assert "PLACE" not in [lb.name for lb in dialog.labels]
    dialog.undo_button.click()
    assert (labels_in_db(sample_path), spans_in_db(sample_path)) == before
    assert dialog.table.item(dialog.row_of("PLACE"), 5).text() == "1"  # in the table again
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, K.Key_Z, M.ControlModifier | M.ShiftModifier)  # redo
    assert "PLACE" not in [r[0] for r in labels_in_db(sample_path)]
    assert "PLACE" not in [lb.name for lb in dialog.labels]
    qtbot.keyClick(dialog.table, K.Key_Z, M.ControlModifier)  # undo from the keyboard
    assert (labels_in_db(sample_path), spans_in_db(sample_path)) == before


def test_an_undo_in_the_window_shows_in_the_open_dialog(window: MainWindow, dialog, sample_path):
    dialog.table.item(dialog.row_of("PLACE"), COL_NAME).setText("CITY")
    window.undo()
    assert [lb.name for lb in dialog.labels] == ["EVENT", "ACTOR", "PLACE", "CLAIM"]
    assert dialog.table.item(dialog.row_of("PLACE"), COL_NAME).text() == "PLACE"


def test_the_dialog_undoes_only_label_edits(window: MainWindow, dialog, sample_path, qtbot):
    label_span(window, "c", "لواشنطن", K.Key_3)  # a span edit, made in the window
    assert window.ops.can_undo()
    dialog.refresh()
    assert not dialog.undo_button.isEnabled()
    dialog.undo()  # Ctrl+Z in the dialog: the span edit is left alone
    assert query(sample_path, "SELECT label FROM spans") == [("PLACE",)]
    dialog.select("PLACE")
    dialog.color_button.click()
    assert dialog.undo_button.isEnabled() and "PLACE" in dialog.undo_button.toolTip().upper()
    dialog.undo_button.click()
    assert not dialog.undo_button.isEnabled() and dialog.redo_button.isEnabled()
    assert query(sample_path, "SELECT label FROM spans") == [("PLACE",)]
