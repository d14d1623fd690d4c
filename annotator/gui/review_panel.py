"""Tools > Review…: adjudicating the compared annotators' layers into the gold layer.

While reviewing, the article's highlighter shows only the gold layer (the spans of the window's
annotator, the adjudicator) and each compared annotator's spans are outlines (review_overlay.py).
The panel under the side column lists the annotators (checked: compared; "outline": drawn) and
the differences of the open document, the spans then the relations. Keys in the list: A or Enter
accepts into the gold layer (a relation with its ends the gold layer lacks), X or Backspace
rejects, E accepts a span and selects it in the article for the boundary keys,
Esc leaves. Every write goes through ``Operations.run``, so Ctrl+Z undoes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import ChangeSet
from ..core.project import Difference, RelationDifference
from .i18n import label_display_name
from .review_overlay import ReviewOverlay, style_of

MainWindow = Any  # main_window imports this module
_ARABIC_KEYS = {"ش": Qt.Key.Key_A, "ء": Qt.Key.Key_X, "ث": Qt.Key.Key_E}


class ReviewPanel(QWidget):
    """The annotators to compare, their outline toggles, and the differences list."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.title = QLabel(self)
        self.annotators = QListWidget(self)
        self.annotators.setObjectName("reviewAnnotators")
        self.annotators.setMaximumHeight(90)
        self.toggles_row = QHBoxLayout()
        self.toggles: dict[str, QCheckBox] = {}
        self.differences_title = QLabel(self)
        self.differences = QListWidget(self)
        self.differences.setObjectName("reviewDifferences")
        buttons = QHBoxLayout()
        self.accept_agreed_button = QPushButton(self)
        self.leave_button = QPushButton(self)
        buttons.addWidget(self.accept_agreed_button)
        buttons.addWidget(self.leave_button)
        layout.addWidget(self.title)
        layout.addWidget(self.annotators)
        layout.addLayout(self.toggles_row)
        layout.addWidget(self.differences_title)
        layout.addWidget(self.differences, 1)
        layout.addLayout(buttons)


class ReviewMode(QObject):
    """Tools > Review…, the panel and the overlay of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.action = QAction(window)
        self.action.setObjectName("reviewAction")
        self.action.triggered.connect(lambda _=False: self.toggle())
        window.tools.tools_menu.addAction(self.action)
        self.overlay = ReviewOverlay(window.view)
        window.view.overlay_painters.append(self.overlay.paint)
        self.panel = ReviewPanel(window)
        self.panel.hide()
        window.side_layout.addWidget(self.panel, 1)
        self.panel.annotators.itemChanged.connect(lambda _item: self.refresh())
        self.panel.differences.installEventFilter(self)
        self.panel.accept_agreed_button.clicked.connect(lambda _=False: self.accept_agreed())
        self.panel.leave_button.clicked.connect(lambda _=False: self.leave())
        window.ops.changed.connect(self._changed)
        window.documentChanged.connect(lambda _doc: self.refresh() if self.active else None)
        self._diffs: list[Difference | RelationDifference] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Review…"))
        self.panel.title.setText(self.tr("Compare annotators"))
        self.panel.differences_title.setText(
            self.tr("Differences (A accept, X reject, E edit, Esc leave)")
        )
        self.panel.accept_agreed_button.setText(self.tr("Accept agreed"))
        self.panel.leave_button.setText(self.tr("Leave review"))
        for box in self.panel.toggles.values():
            box.setText(box.property("annotator") + " " + self.tr("outline"))
        if self.active:
            self._fill_differences()

    # --- entering and leaving ------------------------------------------------------------------

    def compared(self) -> list[str]:
        box = self.panel.annotators
        return [
            box.item(i).text()
            for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked
        ]

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> bool:
        """Start reviewing; False (a message in the status bar) with fewer than two layers."""
        w = self.window
        names = [n for n in w.project.layer_names() if n != w.project.annotator]
        if len(names) < 2:
            w.statusBar().showMessage(
                self.tr("Review needs the spans of two or more annotators besides you."), 8000
            )
            return False
        self.active = True
        box = self.panel.annotators
        box.blockSignals(True)
        box.clear()
        for name in names:
            item = QListWidgetItem(name, box)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        box.blockSignals(False)
        self._make_toggles(names)
        self.panel.show()
        self.refresh()
        self.panel.differences.setFocus()
        return True

    def _make_toggles(self, names: list[str]) -> None:
        row = self.panel.toggles_row
        for old in self.panel.toggles.values():
            row.removeWidget(old)
            old.deleteLater()
        self.panel.toggles = {}
        self.overlay.hidden.clear()
        for index, name in enumerate(names):
            color, _style = style_of(index)
            check = QCheckBox(self.panel)
            check.setObjectName(f"reviewToggle_{name}")
            check.setProperty("annotator", name)
            check.setChecked(True)
            check.setStyleSheet(f"color: {QColor(color).name()}")
            check.toggled.connect(lambda on, n=name: self.overlay.set_shown(n, on))
            row.addWidget(check)
            self.panel.toggles[name] = check
        self.retranslate()

    def leave(self) -> None:
        if not self.active:
            return
        self.active = False
        self.panel.hide()
        self.overlay.set_layers([])
        self._diffs = []
        self.window.open_document(self.window.current_id)  # every layer again

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the open document's gold layer, the compared outlines and the differences."""
        w = self.window
        doc_id = w.current_id
        if not self.active or doc_id is None:
            self.overlay.set_layers([])
            self.panel.differences.clear()
            return
        spans = w.project.spans(doc_id)
        gold = [s for s in spans if s.annotator == w.project.annotator]
        if {s.id for s in w.view.spans().values()} != {s.id for s in gold}:
            # the article and the span list show only the gold layer while reviewing
            w.view.set_document(w.project.get_document(doc_id), gold)
            w.span_list.show_document(doc_id, gold)
            w.label_palette.show_document(doc_id, gold)
        box = self.panel.annotators
        names = [box.item(i).text() for i in range(box.count())]
        compared = set(self.compared())
        self.overlay.set_layers(
            [(n, [s for s in spans if s.annotator == n] if n in compared else []) for n in names]
        )
        self._fill_differences()

    def _fill_differences(self) -> None:
        w = self.window
        doc_id = w.current_id
        lst = self.panel.differences
        row = max(lst.currentRow(), 0)
        lst.clear()
        self._diffs = []
        if doc_id is not None:
            self._diffs += w.project.differences(doc_id, self.compared())
            self._diffs += w.project.relation_differences(doc_id, self.compared())
        for d in self._diffs:
            who = ", ".join(d.having)
            if isinstance(d, RelationDifference):
                QListWidgetItem(self._relation_text(d, who), lst)
                continue
            text = (
                self.tr("%1 «%2» by %3")
                .replace("%1", label_display_name(d.label))
                .replace("%2", d.text)
                .replace("%3", who)
            )
            QListWidgetItem(text, lst)
        if self._diffs:
            lst.setCurrentRow(min(row, len(self._diffs) - 1))

    def _relation_text(self, d: RelationDifference, who: str) -> str:
        arrow = "↔" if d.symmetric else "→"
        return (
            self.tr("%1: «%2» %3 «%4» from %5")
            .replace("%1", d.type)
            .replace("%2", d.head_text)
            .replace("%3", arrow)
            .replace("%4", d.tail_text)
            .replace("%5", who)
        )

    def _changed(self, cs: ChangeSet) -> None:
        if self.active and (cs.document_id in (None, self.window.current_id)):
            self.refresh()

    # --- deciding ------------------------------------------------------------------------------

    def current(self) -> Difference | RelationDifference | None:
        row = self.panel.differences.currentRow()
        return self._diffs[row] if 0 <= row < len(self._diffs) else None

    def accept(self, edit: bool = False) -> ChangeSet | None:
        d, doc_id = self.current(), self.window.current_id
        if d is None or doc_id is None:
            return None
        if isinstance(d, RelationDifference):
            return self.window.ops.run(
                lambda: self.window.project.accept_relation(doc_id, d.type, d.head, d.tail)
            )
        cs = self.window.ops.run(
            lambda: self.window.project.accept(doc_id, d.start, d.end, d.label)
        )
        if edit and cs is not None and cs.select is not None:
            self.window.view.select_span(cs.select)
            self.window.view.setFocus()
        return cs

    def reject(self) -> ChangeSet | None:
        d, doc_id = self.current(), self.window.current_id
        if d is None or doc_id is None:
            return None
        if isinstance(d, RelationDifference):
            return self.window.ops.run(
                lambda: self.window.project.reject_relation(doc_id, d.type, d.head, d.tail)
            )
        return self.window.ops.run(
            lambda: self.window.project.reject(doc_id, d.start, d.end, d.label)
        )

    def accept_agreed(self) -> ChangeSet | None:
        doc_id = self.window.current_id
        if doc_id is None:
            return None
        names = self.compared()
        return self.window.ops.run(lambda: self.window.project.accept_agreed(doc_id, names))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel.differences and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            # the same keys on an Arabic layout (A, X, E type ش, ء, ث)
            key = _ARABIC_KEYS.get(event.text(), key)
            if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                return False  # Ctrl+Z and the other shortcuts go to the window
            if key in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
            if key in (Qt.Key.Key_X, Qt.Key.Key_Backspace):
                self.reject()
                return True
            if key == Qt.Key.Key_E:
                self.accept(edit=True)
                return True
            if key == Qt.Key.Key_Escape:
                self.leave()
                return True
        return False
