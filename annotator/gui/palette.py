"""The label palette: one row per label with its key and how often the open document uses it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ..core.model import Label, Span
from . import i18n
from .list_delegate import IdRole, plain_tooltip, swatch

if TYPE_CHECKING:
    from ..core.changes import ChangeSet

# The palette's strings keep the main window's translation context, where they were translated.
translate = QCoreApplication.translate


class LabelPalette(QListWidget):
    """Click a label to apply it: ``labelChosen(name)`` fires. Never takes the focus, so clicking
    it keeps the article's selection."""

    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.labels: list[Label] = []
        self.counts: dict[str, int] = {}
        self.document_id: int | None = None
        self.itemClicked.connect(self._clicked)

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.labels = list(labels)
        self.rebuild()

    def show_document(self, doc_id: int | None, spans: Sequence[Span]) -> None:
        """Count the labels of the document now open."""
        self.document_id = doc_id
        self.counts = {}
        for span in spans:
            self.counts[span.label] = self.counts.get(span.label, 0) + 1
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        for i, label in enumerate(self.labels):
            key = self._key(i, label)
            name = i18n.label_display_name(label)
            item = QListWidgetItem(swatch(label.color, 16), self._text(i, label))
            item.setData(IdRole, label.name)
            item.setToolTip(
                plain_tooltip(
                    translate("MainWindow", "Label the selection as %1 (key %2)")
                    .replace("%1", name)
                    .replace("%2", key)
                )
            )
            self.addItem(item)

    def apply(self, cs: ChangeSet) -> None:
        """Count the spans a change to the open document added and removed."""
        removed, added = cs.spans_in(self.document_id)
        for span in removed:
            self.counts[span.label] = self.counts.get(span.label, 0) - 1
        for span in added:
            self.counts[span.label] = self.counts.get(span.label, 0) + 1
        if removed or added:
            for i, label in enumerate(self.labels):
                item = self.item(i)
                if item is not None:
                    item.setText(self._text(i, label))

    @staticmethod
    def _key(i: int, label: Label) -> str:
        return label.hotkey or (str(i + 1) if i < 9 else "")

    def _text(self, i: int, label: Label) -> str:
        count = self.counts.get(label.name, 0)
        return f"{i18n.label_display_name(label)}   [{self._key(i, label)}]   {count}"

    def _clicked(self, item: QListWidgetItem) -> None:
        name = item.data(IdRole)
        self.labelChosen.emit(name or "")
        self.clearSelection()
