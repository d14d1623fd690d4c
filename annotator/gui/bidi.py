"""Text direction helpers for widgets that show mixed Arabic and Latin lines.

Qt lays a whole list out in the widget's direction. A message list holds lines of both kinds
(an English reader warning naming a file and line, an Arabic sentence of the interface), and a
line laid out in the wrong direction moves its punctuation and brackets: each line is laid out
in the direction of its first strong character instead (rule P2 of the bidi algorithm).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

_RTL_STRONG = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_STRONG = re.compile("[A-Za-z\u00c0-\u024f]")
LRI, PDI = "\u2066", "\u2069"


def text_direction(text: str) -> Qt.LayoutDirection:
    """Direction of a line of text from its first strong character (Unicode rule P2)."""
    rtl, ltr = _RTL_STRONG.search(text), _LTR_STRONG.search(text)
    if rtl and (not ltr or rtl.start() < ltr.start()):
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def isolate_ltr(text: str) -> str:
    """A path or command inside a sentence of either direction: its slashes, dots and quotes
    stay where they are (left-to-right isolate)."""
    return f"{LRI}{text}{PDI}"


def align_to(direction: Qt.LayoutDirection) -> Qt.AlignmentFlag:
    """Absolute alignment for text of ``direction`` (a plain AlignRight would flip in a
    mirrored interface)."""
    side = (
        Qt.AlignmentFlag.AlignRight
        if direction == Qt.LayoutDirection.RightToLeft
        else Qt.AlignmentFlag.AlignLeft
    )
    return side | Qt.AlignmentFlag.AlignAbsolute


class MessageDelegate(QStyledItemDelegate):
    """For message lists: each row in its own direction and aligned to match; word wrap and
    icons as the style draws them."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = text_direction(option.text)
        option.displayAlignment = align_to(option.direction) | Qt.AlignmentFlag.AlignVCenter
