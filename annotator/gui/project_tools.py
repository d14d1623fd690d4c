"""Tools > Check project, File > Restore from backup…, and the automatic backups of the open
project (issue 14). The work is in ``core.check`` and ``core.backup``; this module adds the menu
actions to a main window and runs backups off the UI thread.

Backups run in plain Python threads, not QThreads: they touch no widget, must finish even when
their window is gone (the one taken at close), and SQLite releases the GIL while it copies, so
labeling never waits on them.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core import backup
from ..core.errors import AnnotatorError
from . import messages, settings
from .operations import restore_project
from .tasks import run_task

# The main window (main_window imports this module: importing it back would be a cycle).
MainWindow = Any

_threads: list[threading.Thread] = []


def backups_kept() -> int:
    """The setting ``backup/keep``: how many recent backups to keep (default 10)."""
    try:
        return max(1, int(str(settings.value("backup/keep", backup.KEEP))))
    except ValueError:
        return backup.KEEP


def backup_in_background(path: Path, *, min_interval_s: float) -> threading.Thread:
    """``core.backup.backup_if_due`` in a thread; a failure (a full disk) costs only the
    backup, never the user's work, so it is not raised."""

    def work() -> None:
        try:
            backup.backup_if_due(path, min_interval_s=min_interval_s, keep=backups_kept())
        except (AnnotatorError, OSError):
            pass

    thread = threading.Thread(target=work, name="annotator-backup")
    _threads.append(thread)
    thread.start()
    return thread


def wait_for_backups(timeout: float | None = None) -> None:
    """Wait for backups under way (at exit, and in tests)."""
    while _threads:
        _threads.pop().join(timeout)


class ProjectTools(QObject):
    """The window's check and restore actions, and its backups on open and close."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.path = Path(window.project.path)
        self.check_action = QAction(window)
        self.check_action.setObjectName("checkProjectAction")
        self.check_action.triggered.connect(lambda _=False: self.check())
        self.restore_action = QAction(window)
        self.restore_action.setObjectName("restoreBackupAction")
        self.restore_action.triggered.connect(lambda _=False: self.restore())
        window.file_menu.insertAction(window.close_action, self.restore_action)
        self.agreement_action = QAction(window)
        self.agreement_action.setObjectName("agreementAction")
        self.agreement_action.triggered.connect(lambda _=False: self.agreement())
        self.agreement_window: Any = None
        self.tools_menu = QMenu(window)
        self.tools_menu.addAction(self.check_action)
        self.tools_menu.addAction(self.agreement_action)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.tools_menu)
        self.last_report: Any = None
        self.retranslate()
        backup_in_background(self.path, min_interval_s=backup.MIN_INTERVAL_S)

    def retranslate(self) -> None:
        self.check_action.setText(self.tr("&Check project"))
        self.restore_action.setText(self.tr("&Restore from backup…"))
        self.agreement_action.setText(self.tr("&Agreement…"))
        self.tools_menu.setTitle(self.tr("&Tools"))

    def closed(self) -> None:
        """The window closed its project: back up what changed since the last backup."""
        if self.agreement_window is not None:  # it reads the project the window closed
            self.agreement_window.close()
        backup_in_background(self.path, min_interval_s=0)

    # --- check ---------------------------------------------------------------------------------

    def check(self) -> Any:
        from ..core.check import check_project

        return run_task(
            self.window,
            self.tr("Checking the project"),
            lambda _ctx: check_project(self.path),
            on_done=self._checked,
            on_error=lambda _exc, message: self._show(QMessageBox.Icon.Warning, message),
        )

    def _checked(self, report: Any) -> None:
        self.last_report = report
        if report.ok:
            text = self.tr("The project file is sound: %1 documents, %2 spans.")
            text = text.replace("%1", str(report.documents)).replace("%2", str(report.spans))
            self._show(QMessageBox.Icon.Information, text)
            return
        text = self.tr(
            "The project file has %1 problem(s). Restore a backup (File > Restore from "
            "backup…), or run  annotator recover  to copy what can be read into a new project."
        ).replace("%1", str(report.problem_count))
        # nothing more is written into it from this window
        self.window.ops.refuse_writes = self.tr(
            "The project file is damaged: nothing is written to it (Tools > Check project)."
        )
        self._show(QMessageBox.Icon.Warning, text, "\n".join(report.problems))

    def _show(self, icon: QMessageBox.Icon, text: str, details: str = "") -> QMessageBox:
        box = QMessageBox(icon, self.tr("Check project"), text, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # problems quote stored text: never rich text
        if details:
            box.setDetailedText(details)
        box.setObjectName("checkResult")
        box.open()
        return box

    # --- agreement -----------------------------------------------------------------------------

    def agreement(self) -> Any:
        """Open (or bring back, read afresh) the agreement window (issue 11)."""
        from .agreement_window import AgreementWindow

        if self.agreement_window is None:
            self.agreement_window = AgreementWindow(self.window)
        else:
            self.agreement_window.reload()
        self.agreement_window.show()
        self.agreement_window.raise_()
        return self.agreement_window

    # --- restore -------------------------------------------------------------------------------

    def choose_backup(self) -> Path | None:
        folder = backup.backup_folder(self.path)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore from backup"),
            str(folder if folder.is_dir() else self.path.parent),
            self.tr("Backups (*.annotator)"),
        )
        return Path(chosen) if chosen else None

    def restore(self, source: Path | None = None) -> bool:
        """Close the project, replace it with a backup, open it again in a new window."""
        source = source or self.choose_backup()
        if source is None:
            return False
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore from backup"),
            self.tr(
                "Replace the project with the backup %1? The project as it is now is backed "
                "up first."
            ).replace("%1", source.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return restore_and_reopen(self.window, self.path, source)


def restore_and_reopen(window: MainWindow, path: Path, source: Path) -> bool:
    """Close ``window`` (and with it this object, when it deletes on close), restore, reopen."""
    from .windows import show_project

    title = QCoreApplication.translate("ProjectTools", "Restore from backup")
    if not window.close():
        return False
    wait_for_backups()
    refused = partial(messages.warning, None, title)
    restored = restore_project(path, source, refused)
    show_project(path)
    return restored
