"""Text direction helpers for widgets that show mixed Arabic and Latin lines.

Qt lays a whole list out in the widget's direction. A list holds lines of both kinds (an English
reader warning naming a file and line, an Arabic sentence of the interface, a document title
that starts with ``S&P:`` or ``CNN``), and a line laid out in the wrong direction moves its
punctuation and brackets. Every line, paragraph and title is laid out by one rule, the article
view's: right-to-left when it holds any right-to-left character (an Arabic letter, ، ؟...),
left-to-right when it has letters but none of those, right-to-left when it has no letters at all
(a number in an Arabic corpus). Not the first strong character (Unicode rule P2): an Arabic title
that opens with a Latin name would be laid out left-to-right in the list and right-to-left in
the article.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

# Hebrew, Arabic, Syriac, Thaana, NKo...; the Arabic presentation forms; the right-to-left planes.
_RTL_CHAR = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_LETTER = re.compile(r"[^\W\d_]")
LRI, PDI = "\u2066", "\u2069"


def is_rtl(text: str) -> bool:
    """The one direction rule (see the module): True for right-to-left."""
    return _RTL_CHAR.search(text) is not None or _LETTER.search(text) is None


def text_direction(text: str) -> Qt.LayoutDirection:
    """Direction of a line, paragraph or title of text, by the one rule (``is_rtl``)."""
    return Qt.LayoutDirection.RightToLeft if is_rtl(text) else Qt.LayoutDirection.LeftToRight


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
