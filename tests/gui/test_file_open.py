"""Opening a .annotator file from the file manager (issue 16).

macOS sends the file as a QFileOpenEvent; Windows (the installer's association) and Linux (the
.desktop file's ``Exec=annotator %f``) start ``annotator PROJECT``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow


def _project_windows() -> list[MainWindow]:
    widgets = QApplication.topLevelWidgets()
    return [w for w in widgets if isinstance(w, MainWindow) and w.isVisible()]


def _close_all() -> None:
    for w in _project_windows():
        w.close()


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


def test_the_command_line_opens_the_project_it_names(qtbot, sample_path: Path) -> None:
    # What a double-click does on Windows and Linux: `annotator "C:\...\x.annotator"`.
    from annotator.cli import main

    seen: list[Path] = []

    def look_then_quit() -> None:
        seen.extend(w.project.path.resolve() for w in _project_windows())
        _close_all()
        QApplication.exit(0)

    QTimer.singleShot(0, look_then_quit)
    assert main([str(sample_path)]) == 0
    assert seen == [sample_path.resolve()]
