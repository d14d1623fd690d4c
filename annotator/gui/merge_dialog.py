"""File > Merge projects…: choose a team's project files and merge them into this one in the
background (Operations.start_merge), then say what was merged (docs/teams.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core.project import MergeReport
from . import settings
from .messages import as_shown
from .tasks import Task

# The main window (it imports this module's caller)
MainWindow = Any

translate = QCoreApplication.translate

# Differences listed in the message; the rest are counted (the CLI prints them all).
SHOWN_DIFFERENCES = 12


def merge_projects(window: MainWindow) -> Task | None:
    """Ask for project files and start merging them into ``window``'s project."""
    from .welcome import PROJECT_SUFFIX

    folder = settings.value("projects/folder", "")
    names, _ = QFileDialog.getOpenFileNames(
        window,
        translate("MergeDialog", "Merge projects into this one"),
        folder if isinstance(folder, str) else "",
        translate("MergeDialog", "annotator projects (*%1);;All files (*)").replace(
            "%1", PROJECT_SUFFIX
        ),
    )
    if not names:
        return None
    paths = [Path(n) for n in names]

    def progress_text(done: int, total: int) -> str:
        return (
            translate("MergeDialog", "Merging document %1 of %2…")
            .replace("%1", f"{done:,}")
            .replace("%2", f"{max(total, 0):,}")
        )

    task: Task = window.ops.start_merge(
        window,
        paths,
        on_done=lambda report: _show(
            window, translate("MergeDialog", "Projects merged"), summary(report)
        ),
        on_error=lambda message: _show(
            window, translate("MergeDialog", "Merge refused"), message, QMessageBox.Icon.Warning
        ),
        on_cancelled=lambda: window.statusBar().showMessage(
            translate("MergeDialog", "Merge cancelled; the project is unchanged"), 8000
        ),
        progress_text=progress_text,
    )
    window.merge_task = task
    return task


def summary(report: MergeReport) -> str:
    """What a merge did, in the interface's language."""
    lines = [
        translate("MergeDialog", "%1 documents added, %2 matched.")
        .replace("%1", f"{report.documents_added:,}")
        .replace("%2", f"{report.documents_matched:,}")
    ]
    for who, n in sorted(report.spans_added.items()):
        lines.append(
            translate("MergeDialog", "%1: %2 spans added")
            .replace("%1", who)
            .replace("%2", f"{n:,}")
        )
    if report.differences:
        lines.append(translate("MergeDialog", "Definitions that differ (this project's kept):"))
        lines += [f"  {d}" for d in report.differences[:SHOWN_DIFFERENCES]]
        if len(report.differences) > SHOWN_DIFFERENCES:
            lines.append(
                translate("MergeDialog", "… and %1 more").replace(
                    "%1", str(len(report.differences) - SHOWN_DIFFERENCES)
                )
            )
    return "\n".join(lines)


def _show(
    window: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> QMessageBox:
    """A window-modal message that does not block (kept on the window for tests to read)."""
    box = QMessageBox(icon, title, as_shown(text), QMessageBox.StandardButton.Ok, window)
    box.setObjectName("mergeMessage")
    box.open()
    window.merge_message = box  # type: ignore[attr-defined]
    return box
