"""The main window's project switching: File > New / Open / Open Recent / Close Project / Quit,
and reopening a project on the document and the place in it where the user left it.

Switching opens the other project in a new window and closes this one (one project, one window,
as the welcome screen does); Close Project (Ctrl+W) goes back to the welcome screen instead of
quitting the app; Quit (Ctrl+Q) closes every window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget

from . import settings
from .windows import keep_alive, show_project

# The main window (main_window imports this module: importing it back would be a cycle).
MainWindow = Any

# lupdate finds strings by the name ``translate``; they keep the main window's context
translate = QCoreApplication.translate


def install(window: MainWindow) -> None:
    """Create the File menu's project actions on ``window`` (its ``_action`` makes them)."""
    window.new_project_action = window._action("newProjectAction", lambda: new_project(window))
    window.open_project_action = window._action(
        "openProjectAction", lambda: open_project(window), [QKeySequence.StandardKey.Open]
    )
    window.close_action = window._action(
        "closeAction", lambda: close_project(window), [QKeySequence.StandardKey.Close]
    )
    window.quit_action = window._action("quitAction", quit_app, ["Ctrl+Q"])
    window.merge_action = window._action("mergeAction", lambda: _merge(window))
    window.recent_menu = RecentMenu(window)


def fill_file_menu(window: MainWindow) -> None:
    menu = window.file_menu
    menu.addAction(window.new_project_action)
    menu.addAction(window.open_project_action)
    menu.addMenu(window.recent_menu)
    menu.addSeparator()
    for a in (
        window.import_action,
        window.merge_action,
        window.export_action,
        window.labels_action,
    ):
        menu.addAction(a)
    menu.addSeparator()
    menu.addAction(window.close_action)
    menu.addAction(window.quit_action)


def retranslate(window: MainWindow) -> None:
    window.new_project_action.setText(translate("MainWindow", "&New project…"))
    window.open_project_action.setText(translate("MainWindow", "&Open project…"))
    window.recent_menu.setTitle(translate("MainWindow", "Open &recent"))
    window.merge_action.setText(translate("MainWindow", "&Merge projects…"))
    window.close_action.setText(translate("MainWindow", "&Close project"))
    window.quit_action.setText(translate("MainWindow", "&Quit"))


class RecentMenu(QMenu):
    """The recent projects (other than this one), filled each time it opens."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("recentMenu")
        self._window = window
        self.aboutToShow.connect(self.refill)

    def refill(self) -> None:
        self.clear()
        here = self._window.project.path.resolve()
        for path in settings.recent_projects():
            if path.resolve() == here:
                continue
            action = QAction(path.name, self)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: switch_to(self._window, p))
            self.addAction(action)
        if self.isEmpty():
            none = self.addAction(translate("MainWindow", "No other recent project"))
            none.setEnabled(False)


def switch_to(window: MainWindow, path: str | Path) -> QWidget | None:
    """Open ``path`` in a new window and close ``window``; None (and ``window`` stays) when it
    cannot be opened (the user has been told why)."""
    opened = show_project(path, window)
    if opened is not None:
        window.close()
    return opened


def new_project(window: MainWindow) -> QWidget | None:
    from ..core.errors import AnnotatorError
    from ..core.project import Project
    from .welcome import ask_new_project_path

    path = ask_new_project_path(window)
    if path is None:
        return None
    try:
        Project.create(path).close()
    except (AnnotatorError, OSError) as exc:
        window.statusBar().showMessage(str(exc), 8000)
        return None
    return switch_to(window, path)


def _merge(window: MainWindow) -> Any:
    from .merge_dialog import merge_projects

    return merge_projects(window)


def open_project(window: MainWindow) -> QWidget | None:
    from .welcome import PROJECT_SUFFIX, project_for_path

    folder = settings.value("projects/folder", "")
    name, _ = QFileDialog.getOpenFileName(
        window,
        translate("MainWindow", "Open project"),
        folder if isinstance(folder, str) else "",
        translate("MainWindow", "annotator projects (*%1);;All files (*)").replace(
            "%1", PROJECT_SUFFIX
        ),
    )
    if not name:
        return None
    settings.set_value("projects/folder", str(Path(name).parent))
    chosen = project_for_path(name, window)
    return switch_to(window, chosen) if chosen is not None else None


def close_project(window: MainWindow) -> QWidget:
    """Back to the welcome screen (shown first: the app quits when its last window closes)."""
    from .welcome import WelcomeWindow

    welcome = WelcomeWindow()
    welcome.show()
    keep_alive(welcome)
    window.close()
    return welcome


def quit_app() -> None:
    QApplication.closeAllWindows()  # each window saves its state (close events)
    if not QApplication.topLevelWidgets() or all(
        not w.isVisible() for w in QApplication.topLevelWidgets()
    ):
        QApplication.quit()


# --- where the user left off ----------------------------------------------------------------


def _place_key(window: MainWindow) -> str:
    return "last_place/" + str(window.project.path.resolve()).replace("/", "|")


def top_offset(window: MainWindow) -> int | None:
    """Code-point offset of the text at the top of the article view (None: no document)."""
    view = window.view
    if view.offsets is None:
        return None
    margin = int(view.document().documentMargin())
    cursor = view.cursorForPosition(QPoint(view.viewport().width() - margin - 1, margin + 1))
    return view.offsets.from_qt(cursor.position())


def remember_place(window: MainWindow) -> None:
    """Keep the document shown and the text at the top of the view for the next opening."""
    offset = top_offset(window)
    if window.current_id is not None and offset is not None:
        settings.set_value(_place_key(window), f"{window.current_id}:{offset}")


def restore_place(window: MainWindow) -> None:
    """Scroll back to where the user left the document now shown (once the window has its
    size: the layout decides where the text is)."""
    value = settings.value(_place_key(window), "")
    try:
        doc_id, offset = (int(x) for x in str(value).split(":"))
    except ValueError:
        return
    view = window.view
    if doc_id != window.current_id or view.offsets is None or offset > len(view.text):
        return

    def scroll() -> None:
        if view.offsets is None or window.current_id != doc_id:
            return
        bar = view.verticalScrollBar()
        top = view.position_rect(offset).top() - int(view.document().documentMargin())
        bar.setValue(bar.value() + top)

    QTimer.singleShot(0, scroll)
