"""Labels dialog: rename, recolour, change hotkey, add, remove and reorder a project's labels.

Every edit is written at once (one transaction each) through a *label store*: the Project itself
or the window's Operations, which has the same label methods, tells the open views and puts each
edit on the undo stack (the dialog then shows Undo and Redo buttons).
A refused edit (a duplicate hotkey or name) shows one message and puts the cell back; names and
hotkeys are checked by core's validators, so the dialog and the database never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import ChangeSet
from ..core.errors import SpanError
from ..core.model import Label
from ..core.project import Project, validate_hotkey, validate_label_name
from . import messages
from .i18n import DEFAULT_LABEL_NAMES
from .keys_help import key_sequences
from .list_delegate import plain_tooltip
from .operations import Operations

# Colours offered to a new label, in order; then any unused one from Qt's named colours.
NEW_LABEL_COLORS = (
    "#8e44ad",
    "#16a085",
    "#d35400",
    "#2c3e50",
    "#c0392b",
    "#27ae60",
    "#2980b9",
    "#f39c12",
)

COL_COLOR, COL_NAME, COL_EN, COL_AR, COL_HOTKEY, COL_SPANS = range(6)


class LabelsDialog(QDialog):
    """Edits the labels of ``store`` in place. ``labels_changed`` fires after every saved edit."""

    labels_changed = Signal()

    def __init__(self, store: Operations | Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelsDialog")
        # every edit goes through Operations (undoable, one message per refusal); a dialog
        # opened on a bare project gets its own
        self._store = store if isinstance(store, Operations) else Operations(store, self)
        self._labels: list[Label] = []
        self._refreshing = False

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("labelsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_AR, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.table.cellDoubleClicked.connect(self._cell_double_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addLabelButton")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeLabelButton")
        self.color_button = QPushButton(self)
        self.color_button.setObjectName("colorLabelButton")
        self.up_button = QPushButton(self)
        self.up_button.setObjectName("moveUpButton")
        self.down_button = QPushButton(self)
        self.down_button.setObjectName("moveDownButton")
        self.add_button.clicked.connect(self.add_new_label)
        self.remove_button.clicked.connect(self.remove_selected)
        self.color_button.clicked.connect(self.recolor_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        # With Operations as the store, every edit is on the window's undo stack: the dialog is
        # modal, so it offers undo and redo itself (Ctrl+Z, Ctrl+Shift+Z here too).
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undoLabelButton")
        self.redo_button = QPushButton(self)
        self.redo_button.setObjectName("redoLabelButton")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        # the window's keys: Ctrl+Shift+Z redoes on every platform, as the issue asks
        undo_keys: list[QKeySequence.StandardKey | str] = [QKeySequence.StandardKey.Undo]
        redo_keys: list[QKeySequence.StandardKey | str] = [
            "Ctrl+Shift+Z",
            QKeySequence.StandardKey.Redo,
        ]
        for sequences, slot in ((undo_keys, self.undo), (redo_keys, self.redo)):
            action = QAction(self)
            action.setShortcuts(key_sequences(sequences))
            action.triggered.connect(slot)
            self.addAction(action)
        self._store.undo_state_changed.connect(self._update_undo_buttons)
        # an undo from the main window, or another view, changed the labels: show them
        self._store.changed.connect(self._store_changed)

        side = QVBoxLayout()
        for button in (
            self.add_button,
            self.remove_button,
            self.color_button,
            self.up_button,
            self.down_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.undo_button)
        side.addWidget(self.redo_button)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        # Delete in the table removes the selected label (after the usual question if in use).
        self.table.installEventFilter(self)
        self.buttons.accepted.connect(self.accept)

        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.retranslate()
        self.refresh()
        self.resize(680, 320)

    # --- state ----------------------------------------------------------------------------

    @property
    def labels(self) -> list[Label]:
        return list(self._labels)

    def row_of(self, name: str) -> int:
        for row, label in enumerate(self._labels):
            if label.name == name:
                return row
        raise KeyError(name)

    def selected_name(self) -> str | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows:
            row = self.table.currentRow()
            if row < 0:
                return None
            rows = {row}
        row = min(rows)
        return self._labels[row].name if 0 <= row < len(self._labels) else None

    def select(self, name: str) -> None:
        # Through the selection model: QTableView.selectRow() selects nothing in a right-to-left
        # layout until the view has been laid out (hidden dialog, Arabic interface).
        index = self.table.model().index(self.row_of(name), COL_NAME)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)

    def refresh(self, select: str | None = None) -> None:
        """Reload from the store (after an edit, or when another view changed the labels)."""
        keep = select or self.selected_name()
        self._labels = list(self._store.labels())
        self._refreshing = True
        try:
            self.table.setRowCount(len(self._labels))
            for row, label in enumerate(self._labels):
                self._fill_row(row, label)
        finally:
            self._refreshing = False
        if keep is not None and any(lb.name == keep for lb in self._labels):
            self.select(keep)
        self._update_buttons()

    def _fill_row(self, row: int, label: Label) -> None:
        # LRM: keeps "#" in front of the hex digits in a right-to-left layout.
        color = QTableWidgetItem("\u200e" + label.color)
        color.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        qcolor = QColor(label.color)
        color.setBackground(QBrush(qcolor))
        color.setForeground(QBrush(QColor("#000000" if qcolor.lightness() > 140 else "#ffffff")))
        color.setToolTip(self.tr("Double-click to change the colour"))
        name = QTableWidgetItem(label.name)
        english = QTableWidgetItem(label.name_en)
        arabic = QTableWidgetItem(label.name_ar)
        arabic.setTextAlignment(
            Qt.AlignmentFlag.AlignRight
            | Qt.AlignmentFlag.AlignAbsolute
            | Qt.AlignmentFlag.AlignVCenter
        )
        hotkey = QTableWidgetItem(label.hotkey)
        hotkey.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        spans = QTableWidgetItem(str(self._store.label_usage(label.name)))
        spans.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        spans.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        for col, item in (
            (COL_COLOR, color),
            (COL_NAME, name),
            (COL_EN, english),
            (COL_AR, arabic),
            (COL_HOTKEY, hotkey),
            (COL_SPANS, spans),
        ):
            self.table.setItem(row, col, item)

    def _update_buttons(self) -> None:
        name = self.selected_name()
        row = self.row_of(name) if name is not None else -1
        has = name is not None
        self.remove_button.setEnabled(has)
        self.color_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self._labels) - 1)
        self._update_undo_buttons()

    @Slot()
    def _update_undo_buttons(self) -> None:
        # Only label edits: a span edit made in the window before the dialog opened is undone
        # there, where the user can see it.
        store = self._store
        can_undo, can_redo = store.can_undo_label_edit(), store.can_redo_label_edit()
        self.undo_button.setEnabled(can_undo)
        self.redo_button.setEnabled(can_redo)
        self.undo_button.setToolTip(plain_tooltip(store.undo_text()) if can_undo else "")
        self.redo_button.setToolTip(plain_tooltip(store.redo_text()) if can_redo else "")

    @Slot(object)
    def _store_changed(self, change: ChangeSet) -> None:
        if change.labels_changed and not self._refreshing:
            self.refresh()

    @Slot()
    def undo(self) -> None:
        """Undo the last action if it is a label edit."""
        self._undo_or_redo("undo")

    @Slot()
    def redo(self) -> None:
        self._undo_or_redo("redo")

    def _undo_or_redo(self, which: str) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            return
        store = self._store
        allowed = store.can_undo_label_edit() if which == "undo" else store.can_redo_label_edit()
        if not allowed:
            return
        template = self.tr("Cannot undo: %1") if which == "undo" else self.tr("Cannot redo: %1")
        getattr(store, which)(
            on_error=lambda message: self._refuse(template.replace("%1", message))
        )
        self._saved()

    # --- edits ----------------------------------------------------------------------------

    def _refuse(self, message: str) -> None:
        messages.warning(self, self.tr("Labels"), message)

    def _saved(self, select: str | None = None) -> None:
        self.refresh(select)
        self.labels_changed.emit()

    @Slot(QTableWidgetItem)
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._refreshing:
            return
        row, col = item.row(), item.column()
        if not 0 <= row < len(self._labels):
            return
        label = self._labels[row]
        text = item.text().strip()
        if col == COL_NAME:
            self.rename(label.name, text)
        elif col == COL_EN:
            self.set_display_names(label.name, name_en=text)
        elif col == COL_AR:
            self.set_display_names(label.name, name_ar=text)
        elif col == COL_HOTKEY:
            self.set_hotkey(label.name, text)

    def rename(self, name: str, new_name: str) -> bool:
        new_name = new_name.strip()
        if new_name == name:
            self.refresh(name)
            return True
        # core's rule and message, checked before anything is written
        try:
            new_name = validate_label_name(
                new_name, [lb.name for lb in self._labels if lb.name != name]
            )
        except SpanError as exc:
            self._refuse(str(exc))
            self.refresh(name)
            return False
        return self._update(name, select=new_name, new_name=new_name)

    def set_display_names(
        self, name: str, *, name_en: str | None = None, name_ar: str | None = None
    ) -> bool:
        changes: dict[str, str] = {}
        if name_en is not None:
            changes["name_en"] = name_en.strip() or name
        if name_ar is not None:
            builtin = DEFAULT_LABEL_NAMES.get(name.upper(), {})
            changes["name_ar"] = name_ar.strip() or builtin.get("ar", name)
        return self._update(name, select=name, **changes)

    def set_hotkey(self, name: str, hotkey: str) -> bool:
        taken = {lb.hotkey: lb.name for lb in self._labels if lb.name != name and lb.hotkey}
        try:
            key = validate_hotkey(hotkey, taken)
        except SpanError as exc:
            self._refuse(str(exc))
            self.refresh(name)
            return False
        return self._update(name, select=name, hotkey=key)

    def set_color(self, name: str, color: QColor | str) -> bool:
        qcolor = QColor(color)
        if not qcolor.isValid():
            return False
        return self._update(name, select=name, color=qcolor.name(QColor.NameFormat.HexRgb))

    def _update(self, name: str, *, select: str, **changes: str) -> bool:
        if self._store.update_label(name, on_error=self._refuse, **changes) is None:
            self.refresh(name)
            return False
        self._saved(select)
        return True

    @Slot()
    def recolor_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        current = QColor(self._labels[self.row_of(name)].color)
        color = QColorDialog.getColor(current, self, self.tr("Colour of %1").replace("%1", name))
        if color.isValid():
            self.set_color(name, color)

    @Slot(int, int)
    def _cell_double_clicked(self, row: int, col: int) -> None:
        if col == COL_COLOR and 0 <= row < len(self._labels):
            self.select(self._labels[row].name)
            self.recolor_selected()

    def _unused_color(self) -> str:
        used = {lb.color.lower() for lb in self._labels}
        for color in NEW_LABEL_COLORS:
            if color not in used:
                return color
        return QColor.fromHsv((len(self._labels) * 67) % 360, 160, 200).name()

    def _unused_hotkey(self) -> str:
        used = {lb.hotkey.lower() for lb in self._labels}
        for key in "123456789":
            if key not in used:
                return key
        return ""

    @Slot()
    def add_new_label(self) -> str | None:
        """Add a label with a free name, colour and hotkey, then start editing its name."""
        names = {lb.name.upper() for lb in self._labels}
        n = 1
        while f"LABEL{n}" in names:
            n += 1
        name = f"LABEL{n}"
        added = self._store.add_label(
            name,
            on_error=self._refuse,
            name_en=f"Label {n}",  # the English name, whatever the interface language
            name_ar=f"تسمية {n}",
            color=self._unused_color(),
            hotkey=self._unused_hotkey(),
        )
        if added is None:
            return None
        self._saved(name)
        item = self.table.item(self.row_of(name), COL_NAME)
        if item is not None:  # _saved just filled the row
            self.table.setCurrentItem(item)
            if self.isVisible():
                self.table.editItem(item)
        return name

    @Slot()
    def remove_selected(self) -> bool:
        name = self.selected_name()
        return self.remove(name) if name is not None else False

    def remove(self, name: str) -> bool:
        """Remove ``name``; a label in use is removed with its spans only if the user agrees."""
        usage = self._store.label_usage(name)
        if usage:
            answer = QMessageBox.question(
                self,
                self.tr("Remove label"),
                self.tr(
                    "The label %1 is used by %n span(s) in this project. "
                    "Remove the label and its spans?",
                    "",
                    usage,
                ).replace("%1", name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self._store.remove_label(name, force=bool(usage), on_error=self._refuse) is None:
            self.refresh()
            return False
        self._saved()
        return True

    def move_selected(self, step: int) -> None:
        name = self.selected_name()
        if name is None:
            return
        row = self.row_of(name)
        target = row + step
        if not 0 <= target < len(self._labels):
            return
        self._store.move_label(name, target, on_error=self._refuse)
        self._saved(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Delete)
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Labels"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Colour"),
                self.tr("Name"),
                self.tr("English name"),
                self.tr("Arabic name"),
                self.tr("Hotkey"),
                self.tr("Spans"),
            ]
        )
        self.add_button.setText(self.tr("&Add"))
        self.remove_button.setText(self.tr("&Remove…"))
        self.color_button.setText(self.tr("&Colour…"))
        self.up_button.setText(self.tr("Move &up"))
        self.down_button.setText(self.tr("Move &down"))
        self.undo_button.setText(self.tr("U&ndo"))
        self.redo_button.setText(self.tr("R&edo"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
