"""Edit > Roles, relations and attributes…: cell edits, adding and removing (asking first when
links use it), each undoable in the window; results read back from the database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers.frame_steps import ATTACK, BASE, EVENT, PLACE, label, link, undo
from helpers.frames import db_args
from helpers.qt import key, open_doc, type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from annotator.gui.definitions_dialog import DefinitionsDialog
from annotator.gui.main_window import MainWindow

K = Qt.Key


def _db(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def _row(dialog_table, first: str, second: str | None = None) -> int:  # type: ignore[no-untyped-def]
    for r in range(dialog_table.rowCount()):
        if dialog_table.item(r, 0).text() == first and (
            second is None or dialog_table.item(r, 1).text() == second
        ):
            return r
    raise KeyError(first)


def _type_into(dialog: DefinitionsDialog, field: QLineEdit, text: str) -> None:
    field.setFocus()
    type_text(field, text)


def test_rename_add_and_remove_definitions(window: MainWindow, qtbot, sample_path: Path):
    dialog = window.frames.edit_definitions()
    assert isinstance(dialog, DefinitionsDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    # the Arabic name of the role "location", typed into its cell
    table = dialog.roles.table
    r = _row(table, "EVENT", "location")
    table.setCurrentCell(r, 3)
    table.editItem(table.item(r, 3))
    [editor] = table.viewport().findChildren(QLineEdit)  # the cell's editor
    editor.selectAll()
    type_text(editor, "المكان")
    key(editor, K.Key_Return)  # the delegate commits from the event loop
    qtbot.waitUntil(
        lambda: (
            _db(sample_path, "SELECT name_ar FROM roles WHERE name = 'location'") == [("المكان",)]
        ),
        timeout=3000,
    )

    # a new role of CLAIM, filled by places
    roles = dialog.roles
    roles.fields["frame_type"].setCurrentText("CLAIM")
    _type_into(dialog, roles.fields["name"], "where")
    _type_into(dialog, roles.fields["fillers"], "PLACE")
    QTest.mouseClick(roles.add_button, Qt.MouseButton.LeftButton)
    assert _db(sample_path, "SELECT fillers FROM roles WHERE name = 'where'") == [('["PLACE"]',)]
    assert any(r.name == "where" for r in window.frames.definitions.roles)

    # a new attribute with two values
    attrs = dialog.attributes
    _type_into(dialog, attrs.fields["name"], "source")
    _type_into(dialog, attrs.fields["values"], "official, anonymous")
    _type_into(dialog, attrs.fields["targets"], "frame:CLAIM")
    QTest.mouseClick(attrs.add_button, Qt.MouseButton.LeftButton)
    assert _db(sample_path, "SELECT targets FROM attribute_defs WHERE name = 'source'") == [
        ('["frame:CLAIM"]',)
    ]
    # a bad one: one message, nothing written
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
    _type_into(dialog, attrs.fields["name"], "broken")
    _type_into(dialog, attrs.fields["targets"], "NOSUCHLABEL")
    QTest.mouseClick(attrs.add_button, Qt.MouseButton.LeftButton)
    assert _db(sample_path, "SELECT name FROM attribute_defs WHERE name = 'broken'") == []
    dialog.close()

    # undo in the window takes the attribute out again
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    undo(window)
    assert _db(sample_path, "SELECT name FROM attribute_defs WHERE name = 'source'") == []


def test_removing_a_role_in_use_asks_first(window: MainWindow, qtbot, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    link(window, ATTACK, BASE)
    dialog = window.frames.edit_definitions()
    table = dialog.roles.table
    table.setCurrentCell(_row(table, "EVENT", "location"), 0)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "location" in box.text()
        box.button(answers.pop(0)).click()

    QTimer.singleShot(0, answer)
    QTest.mouseClick(dialog.roles.remove_button, Qt.MouseButton.LeftButton)
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    QTimer.singleShot(0, answer)
    QTest.mouseClick(dialog.roles.remove_button, Qt.MouseButton.LeftButton)
    assert db_args(sample_path) == []
    assert _db(sample_path, "SELECT name FROM roles WHERE name = 'location'") == []
    assert window.view.links.links() == []
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    undo(window)
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    assert len(window.view.links.links()) == 1
