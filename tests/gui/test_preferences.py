"""Issue 13, item 4: who is labeling: Preferences, the first-run prompt, every project opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers.qt import drag, key, open_doc, show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from annotator.core.model import DocRecord
from annotator.gui import open_project_window, settings
from annotator.gui.preferences import PreferencesDialog, prompt_name_first_run


def stored_annotator(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'annotator'").fetchone()[0]
    finally:
        conn.close()


def test_preferences_change_who_is_labeling(window, sample_path: Path, qtbot):
    assert "tester" in window.status_label.text()
    window.edit_preferences()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.name.text() == "tester"
    dialog.name.setText("  ليلى  ")
    dialog.zoom.setValue(3)
    dialog.accept()
    assert settings.annotator_name() == "ليلى"
    assert stored_annotator(sample_path) == "ليلى"
    assert "ليلى" in window.status_label.text()
    assert window.view.zoom == 3 and settings.zoom_level() == 3
    open_doc(window, "c")
    text = window.view.text
    start = text.index("الوزير")
    drag(window.view, start, start + len("الوزير"))
    key(window.view, Qt.Key.Key_2)
    conn = sqlite3.connect(str(sample_path))
    try:
        assert conn.execute("SELECT annotator FROM spans").fetchall() == [("ليلى",)]
    finally:
        conn.close()


def test_an_empty_name_cannot_be_accepted(window):
    from PySide6.QtWidgets import QDialogButtonBox

    window.edit_preferences()
    dialog = window.findChild(PreferencesDialog)
    dialog.name.setText("   ")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reject()
    assert settings.annotator_name() == "tester"


def test_the_stored_name_labels_in_every_project_opened(qtbot, tmp_path: Path):
    path = tmp_path / "other.annotator"
    from annotator.core.project import Project

    with Project.create(path, annotator="root") as project:
        project.import_records([DocRecord(text="نص قصير", external_id="a")], source="t")
    win = open_project_window(path)
    show_window(qtbot, win)
    assert win.project.annotator == "tester"
    assert "Annotator: tester" in win.status_label.text()
    win.close()


def test_first_run_prompt_is_prefilled_and_asked_once(
    window, sample_path: Path, tmp_path, monkeypatch
):
    from annotator.gui import preferences
    from annotator.gui.app import use_annotator_everywhere

    monkeypatch.setattr(preferences, "default_annotator", lambda: "layla")
    settings.use_settings_file(tmp_path / "fresh.ini")  # a first run: no name stored
    dialog = prompt_name_first_run(window, use_annotator_everywhere)
    assert isinstance(dialog, QInputDialog) and dialog.isVisible()
    assert dialog.textValue() == "layla"  # prefilled with the system user
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # the app is not blocked
    dialog.setTextValue("Omar")
    dialog.accept()
    assert settings.annotator_name() == "Omar"
    assert window.project.annotator == "Omar" and "Omar" in window.status_label.text()
    assert stored_annotator(sample_path) == "Omar"
    # stored: no prompt the next time
    assert prompt_name_first_run(window, use_annotator_everywhere) is None


def test_first_run_prompt_offers_no_generic_account(window, tmp_path, monkeypatch):
    """root (a container, a lab image) is nobody's name: the prompt starts empty and OK waits
    for a name."""
    from PySide6.QtWidgets import QDialogButtonBox

    from annotator.gui import preferences
    from annotator.gui.app import use_annotator_everywhere

    monkeypatch.setattr(preferences, "default_annotator", lambda: "root")
    settings.use_settings_file(tmp_path / "fresh.ini")
    dialog = prompt_name_first_run(window, use_annotator_everywhere)
    assert dialog is not None and dialog.textValue() == ""
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.setTextValue("سلمى")
    assert ok.isEnabled()
    dialog.accept()
    assert settings.annotator_name() == "سلمى"
