"""The pending suggestions of the open document, listed under its spans in a style of their own
(italic, an outlined swatch): picking one makes it the current suggestion in the article."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from ..core.model import Label, Suggestion
from .list_delegate import LIST_ROLES, IdRole, plain_tooltip
from .span_list import ItemList, LabeledListModel


@functools.cache
def outline_swatch(color: str, size: int = 14) -> QIcon:
    """A dashed square in a label's colour: a suggestion, where a span has a filled one."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = QPen(QColor(color).darker(130), 2.0)
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawRect(1, 1, size - 3, size - 3)
    painter.end()
    return QIcon(pixmap)


class SuggestionListModel(LabeledListModel):
    """Suggestions in text order (the overlay's order); reset on every change (they are few)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Suggestion] = []
        font = QFont()
        font.setItalic(True)
        self._font = font

    def set_items(self, items: Sequence[Suggestion]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def row_of(self, suggestion_id: int | None) -> int | None:
        for row, s in enumerate(self.items):
            if s.id == suggestion_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.SizeHintRole:
            return self._row_size
        if role == Qt.ItemDataRole.FontRole:
            return self._font
        if role not in LIST_ROLES or not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        s = self.items[index.row()]
        label = self.labels.get(s.label)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_text(label, s.label, s.text)
        if role == Qt.ItemDataRole.DecorationRole:
            return outline_swatch(label.color if label is not None else "#777777")
        if role == Qt.ItemDataRole.ToolTipRole:
            score = "" if s.score is None else f" · {s.score:.2f}"
            return plain_tooltip(f"{s.label} {s.start}-{s.end} · {s.source}{score}\n{s.text}")
        if role == IdRole:
            return s.id
        return None


class SuggestionList(ItemList):
    """``suggestionChosen(id)`` when the user picks a row; ``follow`` marks the current one."""

    suggestionChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionList")
        self.suggestion_model = SuggestionListModel(self)
        self._setup(self.suggestion_model)

    def set_labels(self, labels: Iterable[Label]) -> None:
        self.suggestion_model.set_labels(labels)

    def show_items(self, items: Sequence[Suggestion], current: int | None) -> None:
        self.suggestion_model.set_items(items)
        self.follow(current)

    def follow(self, suggestion_id: int | None) -> None:
        self._show_row(self.suggestion_model.row_of(suggestion_id))

    def _emit_chosen(self, item_id: int) -> None:
        self.suggestionChosen.emit(item_id)
