"""The small picker shown when a link between two spans could be several things (roles of the
head's frame, relation types): one row per candidate with its key 1-9, Enter takes the current
row, Esc cancels. Names are shown in the interface language."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..core.model import RelationType, RoleDef
from .i18n import label_display_name
from .list_delegate import IdRole, swatch

# Arabic-Indic and Extended Arabic-Indic digits type the same keys as 1-9
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class LinkPicker(QDialog):
    """Emits ``chosen(name)`` with the candidate picked; ``rejected`` on Esc."""

    chosen = Signal(str)

    def __init__(
        self,
        candidates: Sequence[RoleDef | RelationType],
        head_text: str,
        tail_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("linkPicker")
        self.setWindowTitle(self.tr("Link as…"))
        self.candidates = list(candidates)
        layout = QVBoxLayout(self)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.caption.setText(
            self.tr("What is «%2» to «%1»? Press its number, or Enter.")
            .replace("%1", head_text)
            .replace("%2", tail_text)
        )
        layout.addWidget(self.caption)
        self.list = QListWidget(self)
        self.list.setObjectName("linkPickerList")
        for i, cand in enumerate(self.candidates):
            key = str(i + 1) if i < 9 else " "
            text = f"{key}   {label_display_name(cand)}"
            if isinstance(cand, RelationType):
                text += "   " + self.tr("(relation)")
            item = QListWidgetItem(swatch(cand.color), text)
            item.setData(IdRole, cand.name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda item: self._choose(item.data(IdRole)))
        self.list.itemClicked.connect(lambda item: self._choose(item.data(IdRole)))
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        self.resize(320, min(80 + 28 * len(self.candidates), 400))

    def names(self) -> list[str]:
        return [c.name for c in self.candidates]

    def _choose(self, name: str) -> None:
        self.chosen.emit(name)
        self.accept()

    def choose_number(self, text: str) -> bool:
        digit = text.translate(_DIGITS)
        if len(digit) == 1 and digit.isdigit() and 1 <= int(digit) <= len(self.candidates):
            self._choose(self.candidates[int(digit) - 1].name)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._key(event):
            return
        super().keyPressEvent(event)

    def eventFilter(self, obj: object, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            return self._key(event)
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def _key(self, event: QKeyEvent) -> bool:
        if self.choose_number(event.text()):
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.list.currentItem()
            if item is not None:
                self._choose(item.data(IdRole))
                return True
        return False
