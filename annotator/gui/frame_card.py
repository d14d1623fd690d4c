"""The pieces of the frame panel: a frame's card (its slots, attributes and note), the attribute
editors, and the note field. Widgets only; every write is a callback into the panel, which runs
it through ``Operations``. Every editor has a ``key`` so the panel can give the focus back to
the same editor after it is rebuilt by a change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import AttributeDef, RoleDef
from .frame_store import ArgInfo
from .i18n import label_display_name

EMPTY = "—"
FSI, PDI = "\u2068", "\u2069"
FILLER_CHARS = 36


def isolated(text: str) -> str:
    """A span's text on a button: one line, cut, in a bidi isolate (Arabic next to Latin)."""
    line = " ".join(text.split())
    if len(line) > FILLER_CHARS:
        line = line[:FILLER_CHARS] + "…"
    return f"{FSI}{line}{PDI}"


def flag_on(value: Any) -> bool:
    """A flag attribute's stored value (True, or text such as "true"/"1") as a bool."""
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no")
    return bool(value)


def shrink(widget: QWidget) -> None:
    """Let a button with a span's text get narrower than its text (the panel is narrow)."""
    widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    widget.setMinimumWidth(48)


def keyed(widget: QWidget, key: str) -> QWidget:
    widget.setProperty("frameKey", key)
    widget.setObjectName(key)
    return widget


class NoteEdit(QPlainTextEdit):
    """A plain-text note (never rich text): ``commit(text)`` on focus-out or Ctrl+Enter, only
    when the text differs from what is stored."""

    commit = Signal(str)

    def __init__(self, stored: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stored = stored
        self.setPlainText(stored)
        self.moveCursor(QTextCursor.MoveOperation.End)  # rebuilt after a save: type on
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

    def text(self) -> str:
        return self.toPlainText()

    def _commit(self) -> None:
        text = self.toPlainText()
        if text != self.stored:
            self.stored = text
            self.commit.emit(text)

    @staticmethod
    def _is_save_key(event: QKeyEvent) -> bool:
        return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )

    def event(self, event: QEvent) -> bool:
        # Ctrl+Enter is the window's "done, next undone" elsewhere: here it saves the note
        if event.type() == QEvent.Type.ShortcutOverride and self._is_save_key(
            cast(QKeyEvent, event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_save_key(event):
            self._commit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._commit()
        super().focusOutEvent(event)


def attribute_editor(
    definition: AttributeDef,
    value: Any,
    key: str,
    on_set: Callable[[str, str | bool | None], None],
    parent: QWidget,
) -> QWidget:
    """A check box for a flag, a combo box (— and the values) for a closed list."""
    if definition.is_flag:
        box = QCheckBox(label_display_name(definition), parent)
        box.setChecked(flag_on(value))
        box.clicked.connect(lambda checked: on_set(definition.name, bool(checked) or None))
        return keyed(box, key)
    combo = QComboBox(parent)
    # as narrow as the panel: the longest value never widens it past the dock
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    combo.addItem(EMPTY, None)
    for v in definition.values:
        combo.addItem(label_display_name(v), v.name)
    index = combo.findData(value) if value is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.activated.connect(lambda i: on_set(definition.name, combo.itemData(i)))
    return keyed(combo, key)


class AttributesBox(QWidget):
    """The attributes allowed on one span or frame, one editor a row."""

    def __init__(
        self,
        definitions: Sequence[AttributeDef],
        values: dict[str, Any],
        key_prefix: str,
        on_set: Callable[[str, str | bool | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, definition in enumerate(definitions):
            editor = attribute_editor(
                definition,
                values.get(definition.name),
                f"{key_prefix}:{definition.name}",
                on_set,
                self,
            )
            if definition.is_flag:
                grid.addWidget(editor, row, 0, 1, 2)
            else:
                name = QLabel(label_display_name(definition), self)
                name.setBuddy(editor)
                grid.addWidget(name, row, 0)
                grid.addWidget(editor, row, 1)
        grid.setColumnStretch(1, 1)


class FrameCard(QFrame):
    """One frame: a row per role with its fillers (click: select that span), remove and
    retarget per argument, link… for an empty slot; attributes; the note."""

    spanRequested = Signal(int)
    fillRequested = Signal(object, str)  # frame id (None: the trigger's first, made on use), role
    retargetRequested = Signal(int, str)  # argument id, role
    removeRequested = Signal(int)  # argument id
    deleteFrameRequested = Signal(int)
    makeFrameRequested = Signal()
    attributeSet = Signal(object, str, object)  # frame id, name, value (None removes)
    noteSet = Signal(object, str)  # frame id, text

    def __init__(
        self,
        title: str,
        frame_id: int | None,
        roles: Sequence[RoleDef],
        args: Sequence[ArgInfo],
        filler_text: Callable[[ArgInfo], tuple[int | None, str]],
        attributes: Sequence[AttributeDef],
        values: dict[str, Any],
        note: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.frame_id = frame_id
        self.setObjectName(f"frameCard{frame_id or ''}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        head.addWidget(self.title, 1)
        if frame_id is not None:
            delete = QToolButton(self)
            delete.setText("✕")
            delete.setToolTip(self.tr("Delete this frame, its arguments, attributes and note"))
            keyed(delete, f"deleteFrame:{frame_id}")
            delete.clicked.connect(lambda: self.deleteFrameRequested.emit(frame_id))
            head.addWidget(delete)
        outer.addLayout(head)

        grid = QGridLayout()
        self.slot_grid = grid
        row = 0
        known = {r.name for r in roles}
        extra = sorted({a.role for a in args if a.role not in known})
        slots: list[tuple[str, str]] = [(r.name, label_display_name(r)) for r in roles]
        slots += [(name, name) for name in extra]
        prefix = f"f{frame_id}" if frame_id is not None else "new"
        for role, role_text in slots:
            name = QLabel(role_text, self)
            name.setObjectName(f"slotName:{prefix}:{role}")
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            mine = [a for a in args if a.role == role]
            if not mine:
                dash = QLabel(EMPTY, self)
                dash.setObjectName(f"slotEmpty:{prefix}:{role}")
                grid.addWidget(dash, row, 1)
                link = QToolButton(self)
                link.setText(self.tr("link…"))
                keyed(link, f"fill:{prefix}:{role}")
                link.setToolTip(
                    self.tr("Choose the span that fills this role (click it, or Tab and Enter)")
                )
                link.clicked.connect(lambda _=False, r=role: self.fillRequested.emit(frame_id, r))
                grid.addWidget(link, row, 2)
                row += 1
                continue
            for arg in mine:
                span_id, text = filler_text(arg)
                filler = QPushButton(isolated(text), self)
                filler.setFlat(True)
                shrink(filler)
                filler.setStyleSheet("text-align: start; text-decoration: underline;")
                keyed(filler, f"arg:{arg.id}")
                filler.setToolTip(self.tr("Select this span in the article"))
                if span_id is not None:
                    filler.clicked.connect(lambda _=False, s=span_id: self.spanRequested.emit(s))
                grid.addWidget(filler, row, 1)
                buttons = QHBoxLayout()
                retarget = QToolButton(self)
                retarget.setText("✎")
                retarget.setToolTip(self.tr("Retarget: pick another span for this role"))
                keyed(retarget, f"retarget:{arg.id}")
                retarget.clicked.connect(
                    lambda _=False, a=arg.id, r=role: self.retargetRequested.emit(a, r)
                )
                remove = QToolButton(self)
                remove.setText("✕")
                remove.setToolTip(self.tr("Remove this argument"))
                keyed(remove, f"remove:{arg.id}")
                remove.clicked.connect(lambda _=False, a=arg.id: self.removeRequested.emit(a))
                buttons.addWidget(retarget)
                buttons.addWidget(remove)
                grid.addLayout(buttons, row, 2)
                row += 1
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)

        if frame_id is None:
            hint = QLabel(self.tr("No frame yet: link a role to make one."), self)
            hint.setWordWrap(True)
            outer.addWidget(hint)
            make = QPushButton(self.tr("Make the frame"), self)
            make.setToolTip(self.tr("Make the frame now, to set its attributes or note"))
            keyed(make, "makeFrame")
            make.clicked.connect(lambda: self.makeFrameRequested.emit())
            outer.addWidget(make)
            return
        if attributes:
            outer.addWidget(
                AttributesBox(
                    attributes,
                    values,
                    f"fattr:{frame_id}",
                    lambda name, value: self.attributeSet.emit(frame_id, name, value),
                    self,
                )
            )
        note_label = QLabel(self.tr("Note"), self)
        self.note = NoteEdit(note, self)
        keyed(self.note, f"note:frame:{frame_id}")
        self.note.setPlaceholderText(
            self.tr("A note on this frame (saved when you leave the field, or Ctrl+Enter)")
        )
        note_label.setBuddy(self.note)
        self.note.commit.connect(lambda text: self.noteSet.emit(frame_id, text))
        outer.addWidget(note_label)
        outer.addWidget(self.note)
