"""The app's top-level windows: which file is a project, and opening one in a window that lives
as long as the app. The launcher (``app``) and the welcome screen both open projects through
here, so neither imports the other."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ..core.errors import AnnotatorError
from ..core.schema import is_project_file
from . import messages, settings

__all__ = ["is_project_file", "keep_alive", "show_project"]

_windows: list[QWidget] = []  # top-level windows kept alive for the life of the app


def keep_alive(window: QWidget) -> None:
    """Hold a reference to ``window`` until it is destroyed (Python would collect it)."""
    _windows.append(window)
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)


def show_project(path: str | Path, parent: QWidget | None = None) -> QWidget | None:
    """Open a project in a new main window, or say clearly why it cannot be opened."""
    from . import open_project_window

    try:
        window = open_project_window(path)
    except AnnotatorError as err:
        messages.critical(parent, "annotator", str(err))
        return None
    settings.add_recent_project(path)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    keep_alive(window)
    return window
