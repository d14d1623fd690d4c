"""``annotator [PROJECT]``: start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from . import errors, i18n, settings
from .preferences import prompt_name_first_run
from .windows import is_project_file, keep_alive, show_project

__all__ = ["application", "is_project_file", "run", "show_project"]


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
        first = show_project(target)
        if first is None:
            return 1
    else:
        first = WelcomeWindow(target) if target is not None else WelcomeWindow()
        first.show()
        keep_alive(first)
    # Who is labeling: asked once, over the first window (spans would say "root" otherwise).
    prompt_name_first_run(first, use_annotator_everywhere)
    return app.exec()


def use_annotator_everywhere(name: str) -> None:
    """The name the user gave labels from now on in every open project window."""
    from .main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.use_annotator(name)
