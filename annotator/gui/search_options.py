"""The search options of the find bar and the document filter: a small menu button.

By default a search matches whole words (Arabic proclitics allowed in front) with Arabic letter
forms folded (``annotator.core.matching``); the two options turn either off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget


class SearchOptionsButton(QToolButton):
    """ "Exact spelling" and "Part of a word", as checkable entries of the button's menu."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setText("⋯")
        menu = QMenu(self)
        self.exact_action = self._option(menu, "exactSpelling")
        self.substring_action = self._option(menu, "partOfWord")
        self.setMenu(menu)
        self.retranslate()

    def _option(self, menu: QMenu, name: str) -> QAction:
        action = menu.addAction("")
        action.setObjectName(name)
        action.setCheckable(True)
        action.toggled.connect(lambda _on: self.changed.emit())
        return action

    def options(self) -> dict[str, bool]:
        """Keyword arguments for ``find_hits`` and ``Project.document_ids``."""
        return {
            "exact": self.exact_action.isChecked(),
            "substring": self.substring_action.isChecked(),
        }

    def retranslate(self) -> None:
        self.exact_action.setText(self.tr("Exact spelling (no folding of letter forms)"))
        self.substring_action.setText(self.tr("Part of a word"))
        self.setToolTip(
            self.tr("Search options: by default whole words, with و ف ب ل ك ال allowed in front")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
