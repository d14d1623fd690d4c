"""The keys help (F1): every key and mouse action of the main window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

# The strings keep the main window's translation context, where they were translated; lupdate
# finds them by the name ``translate``.
translate = QCoreApplication.translate


def keys_text() -> str:
    """Every key and mouse action, one per line (key, tab, what it does)."""
    rows = [
        (
            translate("MainWindow", "Drag over text"),
            translate("MainWindow", "select; snaps to whole words (hold Alt: exact letters)"),
        ),
        (translate("MainWindow", "Double-click"), translate("MainWindow", "select one word")),
        (
            "Shift + ← →",
            translate("MainWindow", "select letter by letter (← moves forward in Arabic)"),
        ),
        (
            "1 2 3 4 / " + translate("MainWindow", "letter"),
            translate("MainWindow", "label the selection, or relabel the selected span"),
        ),
        (
            translate("MainWindow", "Click a highlight"),
            translate("MainWindow", "select its span; click again for overlapping spans"),
        ),
        ("Delete", translate("MainWindow", "delete the selected span")),
        (
            "Shift + ← →",
            translate(
                "MainWindow", "with a span selected: move the boundary nearer to where you clicked"
            ),
        ),
        (
            "Ctrl + Shift + ← →",
            translate("MainWindow", "with a span selected: move that boundary by one word"),
        ),
        ("Ctrl+Z / Ctrl+Shift+Z", translate("MainWindow", "undo / redo, in any document")),
        ("Alt + ← / Alt + →", translate("MainWindow", "next / previous document")),
        ("Ctrl+Enter", translate("MainWindow", "mark done and go to the next undone document")),
        ("Ctrl+Shift+Enter", translate("MainWindow", "skip this document")),
        (
            "Ctrl+F, F3, Shift+Enter",
            translate("MainWindow", "find in document; next and previous hit"),
        ),
        # Enter in the find bar selects the hit, then a label key labels it
        (
            "Ctrl+F … Enter, 1 2 3 4",
            translate("MainWindow", "label the selection, or relabel the selected span"),
        ),
        ("Ctrl+= / Ctrl+-", translate("MainWindow", "zoom in / out")),
    ]
    example = translate(
        "MainWindow",
        "Example: لواشنطن labeled PLACE should be واشنطن. Click the highlight on its first "
        "letter, then press Shift+←.",
    )
    return "\n".join(f"{k}\t{v}" for k, v in rows) + "\n\n" + example


def show_keys(parent: QWidget | None) -> None:
    QMessageBox.information(parent, translate("MainWindow", "Keyboard and mouse"), keys_text())
