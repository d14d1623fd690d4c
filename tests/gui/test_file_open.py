"""Opening a .annotator file from the file manager (issue 16).

macOS sends the file as a QFileOpenEvent; Windows (the installer's association) and Linux (the
.desktop file's ``Exec=annotator %f``) start ``annotator PROJECT``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow


def _project_windows() -> list[MainWindow]:
    widgets = QApplication.topLevelWidgets()
    return [w for w in widgets if isinstance(w, MainWindow) and w.isVisible()]


def test_a_file_open_event_opens_the_project_window(qtbot, sample_path: Path) -> None:
    from annotator.gui.app import application

    app = application()
    application()  # a second call must not install a second filter (two windows per event)
    before = set(_project_windows())
    QCoreApplication.postEvent(app, QFileOpenEvent(str(sample_path)))
    qtbot.waitUntil(lambda: len(set(_project_windows()) - before) == 1, timeout=5000)
    QCoreApplication.processEvents()
    opened = set(_project_windows()) - before
    assert len(opened) == 1
    window = opened.pop()
    assert window.project.path.resolve() == sample_path.resolve()
    window.close()


def test_a_file_open_event_for_another_file_says_why_it_cannot_open(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from annotator.gui.app import application

    other = tmp_path / "notes.annotator"
    other.write_text("not a project", encoding="utf-8")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: messages.append(a[2]))
    before = set(_project_windows())
    QCoreApplication.postEvent(application(), QFileOpenEvent(str(other)))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "notes.annotator" in messages[0]
    assert set(_project_windows()) == before


def test_the_command_line_opens_the_project_it_names(qtbot, sample_path: Path, monkeypatch) -> None:
    # What a double-click does on Windows and Linux: `annotator "C:\\...\\x.annotator"`. The
    # event loop is not entered: running and quitting a nested exec() here left later tests
    # unable to activate their windows.
    from annotator.cli import main

    before = set(_project_windows())
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert main([str(sample_path)]) == 0
    opened = set(_project_windows()) - before
    assert [w.project.path.resolve() for w in opened] == [sample_path.resolve()]
    for window in opened:
        window.close()
