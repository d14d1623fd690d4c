"""The desktop app (PySide6). ``annotator.core`` never imports from here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow


def open_project_window(path: str | Path, annotator: str | None = None) -> MainWindow:
    """Open the project at ``path`` and return its main window (not shown).

    The caller owns the QApplication. The window owns the project and closes it with itself.
    """
    from .main_window import open_main_window

    return open_main_window(path, annotator)


__all__ = ["open_project_window"]
