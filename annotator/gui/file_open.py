"""Open the project macOS hands to the app (Finder double-click, drop on the Dock icon).

Windows and Linux start ``annotator PROJECT`` for a double-clicked ``.annotator`` file (the
installer's and the .desktop file's associations), which ``app.run`` already handles. macOS
starts the app with no argument and then sends a ``QFileOpenEvent`` to the QApplication, also
while it is running: this filter catches that event and opens the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication


class FileOpenFilter(QObject):
    """Application-wide event filter: a FileOpen event opens its file with ``opener``."""

    def __init__(self, opener: Callable[[Path], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opener = opener

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            # file() is empty for a URL that is not a local file: leave that to Qt.
            if event.file():
                self._opener(Path(event.file()))
                return True
        return super().eventFilter(watched, event)


def install(app: QApplication, opener: Callable[[Path], Any]) -> FileOpenFilter:
    """Install the filter on ``app`` once (``application()`` may be called more than once)."""
    existing = app.findChild(FileOpenFilter)
    if existing is not None:
        return existing
    file_filter = FileOpenFilter(opener, app)
    app.installEventFilter(file_filter)
    return file_filter
