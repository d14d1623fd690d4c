"""The frame panel beside the span list: what the selected span takes part in.

For an EVENT or CLAIM span (a label with roles), a card per frame on it (frame_card.py); for any
span its own attributes (``negated``...), its relations and the frames it fills a role of. It is
rebuilt only when what it shows changed (``refresh`` compares a snapshot), so a change elsewhere
in the document leaves it, and the editor that has the focus, alone. Laid out in the
application's direction: mirrored in the Arabic interface.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Label, Span
from .frame_card import AttributesBox, FrameCard, isolated, keyed, shrink
from .frame_store import ArgInfo, Definitions, LinkStore
from .i18n import current_language, label_display_name
from .link_mode import FillSlot, Retarget
from .operations import Operations


class FramePanel(QScrollArea):
    """Shows the selected span's frames, attributes and links; edits go through ``ops``."""

    spanRequested = Signal(int)  # select this span in the article
    linkRequested = Signal(int, object)  # head span id, link_mode purpose

    def __init__(
        self,
        ops: Operations,
        store: LinkStore,
        definitions: Callable[[], Definitions],
        spans: Callable[[], Mapping[int, Span]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("framePanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ops = ops
        self.store = store
        self._definitions = definitions
        self._spans = spans
        self.labels: dict[str, Label] = {}
        self.span_id: int | None = None
        self._snapshot: object = None
        self.content = QWidget(self)
        self.setWidget(self.content)
        self.refresh(force=True)

    # --- what is shown ---------------------------------------------------------------------------

    def set_labels(self, labels: list[Label]) -> None:
        self.labels = {lab.name: lab for lab in labels}
        self.refresh(force=True)

    def show_span(self, span_id: int | None) -> None:
        if span_id != self.span_id:
            self.span_id = span_id
            self.refresh()

    def span(self) -> Span | None:
        return self._spans().get(self.span_id) if self.span_id is not None else None

    def _snapshot_now(self) -> object:
        span = self.span()
        if span is None:
            return (None, current_language())
        store = self.store
        frames = store.frames_on(span.id)
        return (
            span,
            current_language(),
            tuple(
                (
                    f,
                    tuple(store.args_of(f)),
                    tuple(sorted(store.attributes_of("frame", f).items())),
                    store.note_of("frame", f),
                    tuple(self._filler(a) for a in store.args_of(f)),
                )
                for f in frames
            ),
            tuple(sorted(store.attributes_of("span", span.id).items())),
            tuple(
                (r, self._text_of(r.head_id), self._text_of(r.tail_id))
                for r in store.relations_of(span.id)
            ),
            tuple((a, store.frames.get(a.frame_id)) for a in store.args_pointing_at(span.id)),
        )

    def refresh(self, force: bool = False) -> None:
        """Build the panel again if what it shows changed (or ``force``)."""
        snapshot = self._snapshot_now()
        if not force and snapshot == self._snapshot:
            return
        self._snapshot = snapshot
        focus = QApplication.focusWidget()
        focus_key = None
        if focus is not None and self.content.isAncestorOf(focus):
            focus_key = focus.property("frameKey")
        # the old content may hold the button whose click led here: delete it later
        old = self.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.content = QWidget(self)
        self._build(QVBoxLayout(self.content))
        self.setWidget(self.content)
        if focus_key:
            again = self.content.findChild(QWidget, str(focus_key))
            if again is not None:
                again.setFocus()

    def retranslate(self) -> None:
        self.refresh(force=True)

    # --- building --------------------------------------------------------------------------------

    def _text_of(self, span_id: int | None) -> str:
        span = self._spans().get(span_id) if span_id is not None else None
        return span.text if span is not None else ""

    def _filler(self, arg: ArgInfo) -> tuple[int | None, str]:
        span_id = self.store.filler_span(arg)
        return span_id, self._text_of(span_id)

    def _label_name(self, name: str) -> str:
        return label_display_name(self.labels.get(name) or name)

    def _build(self, layout: QVBoxLayout) -> None:
        span = self.span()
        if span is None:
            hint = QLabel(self.tr("Select a span to see its frames and links."), self.content)
            hint.setObjectName("framePanelHint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
            layout.addStretch(1)
            return
        defs = self._definitions()
        title = QLabel(f"{self._label_name(span.label)} {isolated(span.text)}", self.content)
        title.setObjectName("framePanelTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        layout.addWidget(title)
        attrs = defs.span_attributes(span.label)
        if attrs:
            layout.addWidget(
                AttributesBox(
                    attrs,
                    self.store.attributes_of("span", span.id),
                    f"sattr:{span.id}",
                    lambda name, value: self._set_attribute(name, value, span_id=span.id),
                    self.content,
                )
            )
        if span.label in defs.frame_types:
            self._build_frames(layout, span, defs)
        self._build_links(layout, span, defs)
        layout.addStretch(1)

    def _build_frames(self, layout: QVBoxLayout, span: Span, defs: Definitions) -> None:
        frames = self.store.frames_on(span.id)
        roles = defs.roles_of(span.label)
        kind = self._label_name(span.label)
        for number, frame_id in enumerate(frames or [None], start=1):
            title = self.tr("%1 frame").replace("%1", kind)
            if len(frames) > 1:
                title += f" {number}"
            card = FrameCard(
                title,
                frame_id,
                roles,
                self.store.args_of(frame_id) if frame_id is not None else [],
                self._filler,
                defs.frame_attributes(span.label),
                self.store.attributes_of("frame", frame_id) if frame_id is not None else {},
                self.store.note_of("frame", frame_id) if frame_id is not None else "",
                self.content,
            )
            card.spanRequested.connect(self.spanRequested)
            card.fillRequested.connect(
                lambda f, role, s=span.id: self.linkRequested.emit(s, FillSlot(f, role))
            )
            card.retargetRequested.connect(
                lambda a, role, s=span.id: self.linkRequested.emit(s, Retarget(a, role))
            )
            card.removeRequested.connect(
                lambda a: self.ops.run(lambda: self.ops.project.delete_argument(a))
            )
            card.makeFrameRequested.connect(
                lambda s=span.id: self.ops.run(lambda: self.ops.project.add_frame(s))
            )
            card.deleteFrameRequested.connect(
                lambda f: self.ops.run(lambda: self.ops.project.delete_frame(f))
            )
            card.attributeSet.connect(
                lambda f, name, value: self._set_attribute(name, value, frame_id=f)
            )
            card.noteSet.connect(
                lambda f, text: self.ops.run(lambda: self.ops.project.set_note(text, frame_id=f))
            )
            layout.addWidget(card)
        if frames:
            another = QPushButton(self.tr("Add another frame"), self.content)
            keyed(another, f"addFrame:{span.id}")
            another.clicked.connect(
                lambda _=False, s=span.id: self.ops.run(lambda: self.ops.project.add_frame(s))
            )
            layout.addWidget(another)

    def _build_links(self, layout: QVBoxLayout, span: Span, defs: Definitions) -> None:
        relations = self.store.relations_of(span.id)
        used = self.store.args_pointing_at(span.id)
        if not relations and not used:
            return
        caption = QLabel(self.tr("Links"), self.content)
        font = caption.font()
        font.setBold(True)
        caption.setFont(font)
        layout.addWidget(caption)
        for rel in relations:
            rtype = defs.relation_type(rel.type)
            name = label_display_name(rtype or rel.type)
            outgoing = rel.head_id == span.id
            other = rel.tail_id if outgoing else rel.head_id
            text = (
                (self.tr("%1 → %2") if outgoing else self.tr("%1 ← %2"))
                .replace("%1", name)
                .replace("%2", isolated(self._text_of(other)))
            )
            self._link_row(layout, f"relation:{rel.id}", text, other, rel.id)
        for arg in used:
            trigger = self.store.frames.get(arg.frame_id)
            trigger_span = self._spans().get(trigger) if trigger is not None else None
            role = defs.role(trigger_span.label, arg.role) if trigger_span is not None else None
            text = (
                self.tr("%1 of %2")
                .replace("%1", label_display_name(role or arg.role))
                .replace("%2", isolated(self._text_of(trigger)))
            )
            self._link_row(layout, f"usedBy:{arg.id}", text, trigger, None)

    def _link_row(
        self, layout: QVBoxLayout, key: str, text: str, other: int | None, relation_id: int | None
    ) -> None:
        row = QHBoxLayout()
        button = QPushButton(text, self.content)
        button.setFlat(True)
        shrink(button)
        keyed(button, key)
        button.setToolTip(self.tr("Select this span in the article"))
        if other is not None:
            button.clicked.connect(lambda _=False, s=other: self.spanRequested.emit(s))
        row.addWidget(button, 1)
        if relation_id is not None:
            remove = QToolButton(self.content)
            remove.setText("✕")
            remove.setToolTip(self.tr("Remove this relation"))
            keyed(remove, f"removeRelation:{relation_id}")
            remove.clicked.connect(
                lambda _=False, r=relation_id: self.ops.run(
                    lambda: self.ops.project.delete_relation(r)
                )
            )
            row.addWidget(remove)
        layout.addLayout(row)

    def _set_attribute(self, name: str, value: Any, **owner: int) -> None:
        self.ops.run(lambda: self.ops.project.set_attribute(name, value, **owner))
