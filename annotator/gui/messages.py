"""Message boxes that show their text as it is.

QMessageBox guesses the text format, and a message that quotes user text (a title
``<b>T</b><img src=x>``, a label name, a file name) would be drawn as rich text. Text that could
pass for markup goes out escaped; other text unchanged (the static functions stay in use).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget


def as_shown(text: str) -> str:
    """``text`` so that Qt shows it literally, line breaks and spaces kept."""
    if "<" not in text and "&" not in text:
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def warning(parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
    return QMessageBox.warning(parent, title, as_shown(text))


def critical(parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
    return QMessageBox.critical(parent, title, as_shown(text))
