"""The pending suggestions of the open document, listed under its spans in a style of their own
(italic, an outlined swatch): picking one makes it the current suggestion in the article."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ..core.model import Label, Suggestion
from . import i18n
from .list_delegate import LIST_ROLES, IdRole, plain_tooltip, uniform_row_size
from .span_list import _isolated_excerpt


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


class SuggestionListModel(QAbstractListModel):
    """Suggestions in text order (the overlay's order); reset on every change (they are few)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Suggestion] = []
        self.labels: dict[str, Label] = {}
        self._row_size = uniform_row_size()
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
            name = i18n.label_display_name(label) if label else s.label
            return f"{name} — {_isolated_excerpt(s.text)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return outline_swatch(label.color if label is not None else "#777777")
        if role == Qt.ItemDataRole.ToolTipRole:
            score = "" if s.score is None else f" · {s.score:.2f}"
            return plain_tooltip(f"{s.label} {s.start}-{s.end} · {s.source}{score}\n{s.text}")
        if role == IdRole:
            return s.id
        return None


class SuggestionList(QListView):
    """``suggestionChosen(id)`` when the user picks a row; ``follow`` marks the current one."""

    suggestionChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionList")
        self.suggestion_model = SuggestionListModel(self)
        self.setModel(self.suggestion_model)
        self.setUniformItemSizes(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)

    def set_labels(self, labels: Iterable[Label]) -> None:
        self.suggestion_model.labels = {lab.name: lab for lab in labels}
        self.suggestion_model.layoutChanged.emit()

    def show_items(self, items: Sequence[Suggestion], current: int | None) -> None:
        self.suggestion_model.set_items(items)
        self.follow(current)

    def follow(self, suggestion_id: int | None) -> None:
        row = self.suggestion_model.row_of(suggestion_id)
        if row is None:
            self.clearSelection()
            return
        idx = self.suggestion_model.index(row)
        self.setCurrentIndex(idx)
        self.scrollTo(idx)

    def _chosen(self, index: QModelIndex) -> None:
        sid = index.data(IdRole)
        if sid is not None:
            self.suggestionChosen.emit(sid)
