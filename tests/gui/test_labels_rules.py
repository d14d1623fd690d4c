"""The labels dialog applies core's label rule and shows core's message (real widget, real file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.core.errors import SpanError
from annotator.core.project import Project, validate_hotkey, validate_label_name
from annotator.gui.labels_dialog import COL_HOTKEY, COL_NAME, LabelsDialog
from annotator.gui.operations import Operations


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def label_rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, hotkey FROM labels ORDER BY ord").fetchall()
    finally:
        conn.close()


def core_message(check, *args) -> str:
    with pytest.raises(SpanError) as info:
        check(*args)
    return str(info.value)


def test_dialog_accepts_an_arabic_name_and_an_arabic_indic_hotkey(qtbot, project, warnings):
    dialog = LabelsDialog(Operations(project))
    qtbot.addWidget(dialog)
    dialog.table.item(dialog.row_of("PLACE"), COL_NAME).setText("مكان_الحدث")
    dialog.table.item(dialog.row_of("مكان_الحدث"), COL_HOTKEY).setText("٧")
    assert warnings == []
    assert label_rows(project.path)[2] == ("مكان_الحدث", "7")
    assert dialog.table.item(dialog.row_of("مكان_الحدث"), COL_HOTKEY).text() == "7"


@pytest.mark.parametrize("typed", ["event", "حدث سياسي", "EV\u200fENT", "ACTOR"])
def test_dialog_refuses_a_name_with_cores_message(qtbot, project, warnings, typed):
    dialog = LabelsDialog(project)
    qtbot.addWidget(dialog)
    before = label_rows(project.path)
    others = ["EVENT", "ACTOR", "CLAIM"]
    dialog.table.item(dialog.row_of("PLACE"), COL_NAME).setText(typed)
    assert warnings == [core_message(validate_label_name, typed, others)]
    assert label_rows(project.path) == before
    assert dialog.table.item(2, COL_NAME).text() == "PLACE"  # the cell is put back


@pytest.mark.parametrize("typed", ["12", "#", "2", "٢"])
def test_dialog_refuses_a_hotkey_with_cores_message(qtbot, project, warnings, typed):
    dialog = LabelsDialog(project)
    qtbot.addWidget(dialog)
    before = label_rows(project.path)
    dialog.table.item(dialog.row_of("PLACE"), COL_HOTKEY).setText(typed)
    taken = {"1": "EVENT", "2": "ACTOR", "4": "CLAIM"}
    assert warnings == [core_message(validate_hotkey, typed, taken)]
    assert label_rows(project.path) == before
    assert dialog.table.item(dialog.row_of("PLACE"), COL_HOTKEY).text() == "3"
