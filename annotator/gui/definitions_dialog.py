"""Roles, relation types and attributes of a project (Edit > Roles, relations and attributes…).

Three tables: a cell edit (English or Arabic name, the labels a role is filled by, the labels a
relation joins, the labels an attribute applies to) is written at once; a row of fields under
each table adds one; Remove takes the selected one out (asking first when links use it). Every
write goes through ``Operations``: undoable with Ctrl+Z in the window, and a refused edit shows
core's message and puts the cell back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import ChangeSet
from . import messages
from .operations import Operations


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace("،", ",").split(",") if part.strip()]


def _joined(names: Sequence[Any]) -> str:
    return ", ".join(str(getattr(n, "name", n)) for n in names)


class DefinitionTab(QWidget):
    """One table of definitions with its add fields and Remove button."""

    def __init__(
        self,
        headers: list[str],
        editable: dict[int, str],
        add_fields: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editable = editable  # column -> field name
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        for key, placeholder in add_fields:
            field: QLineEdit | QComboBox
            if key == "frame_type":
                field = QComboBox(self)
            else:
                field = QLineEdit(self)
                field.setPlaceholderText(placeholder)
            field.setObjectName(f"add_{key}")
            field.setToolTip(placeholder)
            self.fields[key] = field
            row.addWidget(field)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addButton")
        row.addWidget(self.add_button)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeButton")
        row.addWidget(self.remove_button)
        layout.addLayout(row)

    def value(self, key: str) -> str:
        field = self.fields[key]
        return field.currentText() if isinstance(field, QComboBox) else field.text().strip()

    def clear_fields(self) -> None:
        for field in self.fields.values():
            if isinstance(field, QLineEdit):
                field.clear()

    def fill(self, rows: list[tuple[tuple[str, ...], list[str]]]) -> None:
        """Rows of (key, cells); the key (frame type and name, or name) sits on column 0."""
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, (key, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = item.flags()
                if c not in self.editable:
                    flags &= ~Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, key)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)

    def key_of(self, row: int) -> tuple[str, ...] | None:
        item = self.table.item(row, 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class DefinitionsDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("definitionsDialog")
        self.setWindowTitle(self.tr("Roles, relations and attributes"))
        self.ops = ops
        self.project = ops.project
        names = [self.tr("English"), self.tr("Arabic")]
        self.roles = DefinitionTab(
            [self.tr("Frame type"), self.tr("Role"), *names, self.tr("Filled by")],
            {2: "name_en", 3: "name_ar", 4: "fillers"},
            [
                ("frame_type", ""),
                ("name", self.tr("role name")),
                ("fillers", self.tr("filled by: ACTOR, frame:EVENT")),
            ],
            self,
        )
        self.relations = DefinitionTab(
            [self.tr("Relation"), *names, self.tr("From"), self.tr("To")],
            {1: "name_en", 2: "name_ar", 3: "heads", 4: "tails"},
            [
                ("name", self.tr("relation name")),
                ("heads", self.tr("from labels (empty: any)")),
                ("tails", self.tr("to labels (empty: any)")),
            ],
            self,
        )
        self.attributes = DefinitionTab(
            [self.tr("Attribute"), *names, self.tr("Values"), self.tr("Applies to")],
            {1: "name_en", 2: "name_ar", 4: "targets"},
            [
                ("name", self.tr("attribute name")),
                ("values", self.tr("values (empty: a flag)")),
                ("targets", self.tr("applies to: EVENT, frame:EVENT, *")),
            ],
            self,
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.roles, self.tr("Roles"))
        self.tabs.addTab(self.relations, self.tr("Relation types"))
        self.tabs.addTab(self.attributes, self.tr("Attributes"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, 420)

        self.roles.table.itemChanged.connect(lambda item: self._edited(self.roles, item))
        self.relations.table.itemChanged.connect(lambda item: self._edited(self.relations, item))
        self.attributes.table.itemChanged.connect(lambda item: self._edited(self.attributes, item))
        self.roles.add_button.clicked.connect(self._add_role)
        self.relations.add_button.clicked.connect(self._add_relation_type)
        self.attributes.add_button.clicked.connect(self._add_attribute)
        self.roles.remove_button.clicked.connect(lambda: self._remove(self.roles))
        self.relations.remove_button.clicked.connect(lambda: self._remove(self.relations))
        self.attributes.remove_button.clicked.connect(lambda: self._remove(self.attributes))
        self.refresh()

    def refresh(self) -> None:
        """Show the definitions as stored."""
        frame_type = self.roles.fields["frame_type"]
        assert isinstance(frame_type, QComboBox)
        current = frame_type.currentText()
        frame_type.clear()
        frame_type.addItems([lab.name for lab in self.project.labels()])
        if current:
            frame_type.setCurrentText(current)
        self.roles.fill(
            [
                (
                    (r.frame_type, r.name),
                    [r.frame_type, r.name, r.name_en, r.name_ar, _joined(r.fillers)],
                )
                for r in self.project.roles()
            ]
        )
        self.relations.fill(
            [
                ((t.name,), [t.name, t.name_en, t.name_ar, _joined(t.heads), _joined(t.tails)])
                for t in self.project.relation_types()
            ]
        )
        self.attributes.fill(
            [
                ((a.name,), [a.name, a.name_en, a.name_ar, _joined(a.values), _joined(a.targets)])
                for a in self.project.attribute_defs()
            ]
        )

    # --- writing -------------------------------------------------------------------------------

    def _run(
        self, write: Callable[[], ChangeSet], on_error: Callable[[str], None] | None = None
    ) -> bool:
        errors: list[str] = []
        cs = self.ops.run(write, on_error or errors.append)
        if errors:
            messages.warning(self, self.windowTitle(), errors[0])
        self.refresh()
        return cs is not None

    def _edited(self, tab: DefinitionTab, item: QTableWidgetItem) -> None:
        field = tab.editable.get(item.column())
        key = tab.key_of(item.row())
        if field is None or key is None:
            return
        text = item.text().strip()
        value: Any = _names(text) if field in ("fillers", "heads", "tails", "targets") else text
        p = self.project
        if tab is self.roles:
            self._run(lambda: p.update_role(key[0], key[1], **{field: value}))
        elif tab is self.relations:
            self._run(lambda: p.update_relation_type(key[0], **{field: value}))
        else:
            self._run(lambda: p.update_attribute(key[0], **{field: value}))

    def _add_role(self) -> None:
        tab, p = self.roles, self.project
        frame_type, name, fillers = tab.value("frame_type"), tab.value("name"), tab.value("fillers")
        if self._run(lambda: p.add_role(frame_type, name, fillers=_names(fillers))):
            tab.clear_fields()

    def _add_relation_type(self) -> None:
        tab, p = self.relations, self.project
        name, heads, tails = (
            tab.value("name"),
            _names(tab.value("heads")),
            _names(tab.value("tails")),
        )
        if self._run(lambda: p.add_relation_type(name, heads=heads, tails=tails)):
            tab.clear_fields()

    def _add_attribute(self) -> None:
        tab, p = self.attributes, self.project
        name, values, targets = (
            tab.value("name"),
            _names(tab.value("values")),
            _names(tab.value("targets")),
        )
        if self._run(lambda: p.add_attribute(name, values=values, targets=targets)):
            tab.clear_fields()

    def _remove(self, tab: DefinitionTab) -> None:
        key = tab.key_of(tab.table.currentRow())
        if key is None:
            return
        p = self.project

        def remove(force: bool) -> ChangeSet:
            if tab is self.roles:
                return p.remove_role(key[0], key[1], force=force)
            if tab is self.relations:
                return p.remove_relation_type(key[0], force=force)
            return p.remove_attribute(key[0], force=force)

        refused: list[str] = []
        self._run(lambda: remove(False), refused.append)
        if not refused:
            return
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            messages.as_shown(refused[0] + "\n\n" + self.tr("Remove it, and what uses it?")),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: remove(True))
