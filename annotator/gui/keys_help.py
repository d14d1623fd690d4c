"""The keys help (F1): a table of every label's key and every key and mouse action of the main
window; and menu shortcuts that read left to right in the mirrored (Arabic) interface."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.model import Label
from .bidi import isolate_ltr
from .i18n import is_rtl, label_display_name

# The strings keep the main window's translation context, where they were translated; lupdate
# finds them by the name ``translate``.
translate = QCoreApplication.translate


def key_rows(labels: Sequence[Label] = ()) -> list[tuple[str, str]]:
    """(key, what it does) for every label with a hotkey, then every other key and action."""
    rows = [
        (
            lb.hotkey,
            translate(
                "MainWindow", "label the selection as %1, or relabel the selected span"
            ).replace("%1", label_display_name(lb)),
        )
        for lb in labels
        if lb.hotkey
    ]
    rows += [
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
        (
            "R",
            translate(
                "MainWindow",
                "with a span selected: link it to another (a role of its frame, or a relation)",
            ),
        ),
        (
            translate("MainWindow", "Click a span, or Tab / Shift+Tab and Enter"),
            translate("MainWindow", "while linking: choose the other end; Esc cancels"),
        ),
        ("1–9", translate("MainWindow", "in the link picker: link as that role or relation")),
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
            "Ctrl+F … Enter, " + translate("MainWindow", "a label's key"),
            translate("MainWindow", "label the selection, or relabel the selected span"),
        ),
        ("Ctrl+= / Ctrl+-", translate("MainWindow", "zoom in / out")),
        # suggestions (suggestion_tools.py): dashed outlines in the article
        (
            "Tab / Shift+Tab",
            translate("MainWindow", "suggestions: make the next / previous one current"),
        ),
        (
            "Enter / Backspace",
            translate(
                "MainWindow",
                "accept / reject the current suggestion, else the one at the cursor or after it",
            ),
        ),
        (
            "A / X",
            translate(
                "MainWindow",
                "accept / reject, only while a suggestion is current (else a label's key)",
            ),
        ),
        ("Ctrl+Shift+A", translate("MainWindow", "accept every suggestion in the document")),
        # Tools > Review… (review_panel.py): keys in its list of differences
        (
            "A, Enter / X, Backspace",
            translate("MainWindow", "review: accept into the gold layer / reject the difference"),
        ),
        (
            "E / Esc",
            translate("MainWindow", "review: accept and select the span to edit / leave review"),
        ),
    ]
    return rows


def _example() -> str:
    return translate(
        "MainWindow",
        "Example: لواشنطن labeled PLACE should be واشنطن. Click the highlight on its first "
        "letter, then press Shift+←.",
    )


def keys_text(labels: Sequence[Label] = ()) -> str:
    """The help as plain text, one row per line (key, tab, what it does)."""
    rows = key_rows(labels)
    return "\n".join(f"{k}\t{v}" for k, v in rows) + "\n\n" + _example()


def keys_html(labels: Sequence[Label] = ()) -> str:
    """The help as a two-column table (interface text, never article text: rich text is fine).
    Keys are left-to-right isolates, so "Ctrl+=" never reads "=+Ctrl" in Arabic."""
    rtl = is_rtl()
    rows = []
    for k, v in key_rows(labels):
        key_cell = f"<td style='padding:2px 12px'><b>{html.escape(isolate_ltr(k))}</b></td>"
        what_cell = f"<td style='padding:2px 0'>{html.escape(v)}</td>"
        # Qt lays table columns out left to right: the key column goes on the reading side
        rows.append(f"<tr>{what_cell}{key_cell}</tr>" if rtl else f"<tr>{key_cell}{what_cell}</tr>")
    return f"<table width='100%'>{''.join(rows)}</table><p>{html.escape(_example())}</p>"


def show_keys(parent: QWidget | None, labels: Sequence[Label] = ()) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("keysHelp")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("MainWindow", "Keyboard and mouse"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(keys_html(labels))
    # wide enough that each row is one line (a message box wraps its text narrowly)
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 640px; }")
    box.open()
    return box


def key_sequences(
    specs: Iterable[QKeySequence | QKeySequence.StandardKey | str],
) -> list[QKeySequence]:
    """The key sequences of ``specs`` (a platform's standard keys expanded), without repeats: a
    platform's standard key may repeat one given explicitly (Redo is Ctrl+Shift+Z on X11), and a
    duplicate makes Qt call the shortcut ambiguous and fire neither."""
    keys: list[QKeySequence] = []
    for spec in specs:
        found = (
            QKeySequence.keyBindings(spec)
            if isinstance(spec, QKeySequence.StandardKey)
            else [QKeySequence(spec)]
        )
        keys.extend(k for k in found if k not in keys)
    return keys


def show_shortcuts_ltr(actions: Iterable[QAction], rtl: bool) -> None:
    """In a right-to-left interface a menu lays out "Ctrl+=" as "=+Ctrl": give each action's
    shortcut as its own left-to-right isolate after a tab (QMenu shows that text in the shortcut
    column). Call after setting the actions' texts."""
    for action in actions:
        text = action.text().split("\t", 1)[0]
        keys = action.shortcuts()
        if rtl and keys:
            shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
            text = f"{text}\t{isolate_ltr(shown)}"
        if text != action.text():
            action.setText(text)
        # A toolbar button shows iconText, which Qt derives from the whole text: set it to the
        # name alone (mnemonic taken out), or the shortcut would be drawn on the button too.
        # Set every time: once set, iconText no longer follows the text (a language switch).
        plain = text.split("\t", 1)[0]
        action.setIconText(plain.replace("&&", "\0").replace("&", "").replace("\0", "&"))
