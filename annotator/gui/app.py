"""``annotator [PROJECT]``: start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..core.errors import AnnotatorError
from ..core.schema import SQLITE_MAGIC, open_in_this_process
from . import errors, i18n, settings

_windows: list[QWidget] = []  # top-level windows kept alive for the life of the app


def is_project_file(path: Path) -> bool:
    """An existing SQLite file (what a project is); anything else is data to import."""
    if path.is_file() and open_in_this_process(path):
        # a window has it open: reading it again here would drop that window's file locks
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("annotator")
    try:
        from .icons import app_icon

        app.setWindowIcon(app_icon())
    except (ImportError, FileNotFoundError):
        pass
    from . import file_open  # macOS opens a double-clicked .annotator file with an event

    file_open.install(app, show_project)
    return app


def show_project(path: str | Path, parent: QWidget | None = None) -> QWidget | None:
    """Open a project in a new main window, or say clearly why it cannot be opened."""
    from . import open_project_window

    try:
        window = open_project_window(path)
    except AnnotatorError as err:
        QMessageBox.critical(parent, "annotator", str(err))
        return None
    settings.add_recent_project(path)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    _windows.append(window)
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)
    return window


def run(path: str | None = None, *, sample: bool = False) -> int:
    """Run the app until its last window closes. Returns the exit status.

    ``sample``: open the bundled sample article (created in the user data folder on first use).
    """
    from .welcome import WelcomeWindow, create_sample_project

    app = application()
    i18n.install(app)
    errors.install_excepthook(app)
    target = Path(path) if path else None
    if sample:
        target = create_sample_project()
    if target is not None and target.is_file() and is_project_file(target):
        if show_project(target) is None:
            return 1
    else:
        welcome = WelcomeWindow(target) if target is not None else WelcomeWindow()
        welcome.show()
        _windows.append(welcome)
    return app.exec()
