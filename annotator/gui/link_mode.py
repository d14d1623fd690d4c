"""Link mode: choosing the other end of a link (a frame's role argument or a relation).

A modal state of the article view: **R** (or the Link button) with a span selected starts it
and the status bar says what to do. Then a click on another span, or **Tab** / **Shift+Tab** to
step through the spans (the one stepped to is marked with a transient ExtraSelection) and
**Enter**, chooses the other end; **Esc** cancels. Tab, Shift+Tab and Enter mean this only while
a link is being made; otherwise they are the article's (suggestions, focus).

What the chosen pair may be comes from ``Project.link_candidates``: one candidate is linked at
once, several open the picker (link_picker.py), none is said in the status bar. Filling an empty
slot or retargeting an argument of the frame panel runs through the same mode with a fixed
action. Every write goes through ``Operations.run``: undoable, a refusal becomes a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ..core.model import RelationType, RoleDef, Span
from .i18n import label_display_name
from .link_picker import LinkPicker

if TYPE_CHECKING:
    from ..core.changes import ChangeSet
    from ..core.project import Project
    from .article_view import ArticleView
    from .frame_store import LinkStore
    from .operations import Operations

CANDIDATE_COLOR = "#9fd3ff"  # the span stepped to with Tab: a colour no label default uses
EXCERPT = 40


def excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[:EXCERPT] + "…"


@dataclass(frozen=True, slots=True)
class FillSlot:
    """Fill ``role`` of frame ``frame_id`` (None: the trigger's first frame, made if need be)."""

    frame_id: int | None
    role: str


@dataclass(frozen=True, slots=True)
class Retarget:
    """Point argument ``arg_id`` (of role ``role``) at another span."""

    arg_id: int
    role: str


Purpose = FillSlot | Retarget | None  # None: a new link, whatever fits


class LinkMode(QObject):
    """The linking state of one article view. ``message(text, ms)`` goes to the status bar
    (ms 0: until replaced); ``finished`` fires when the mode ends, linked or not."""

    message = Signal(str, int)
    finished = Signal()

    def __init__(
        self,
        view: ArticleView,
        ops: Operations,
        store: LinkStore,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.ops = ops
        self.store = store
        self.head_id: int | None = None
        self.purpose: Purpose = None
        self.candidate_id: int | None = None
        self.picker: LinkPicker | None = None
        self._saved_selections: list[QTextEdit.ExtraSelection] = []

    @property
    def project(self) -> Project:
        return self.ops.project

    @property
    def active(self) -> bool:
        return self.head_id is not None

    # --- starting and ending ---------------------------------------------------------------------

    def start(self, head_id: int | None = None, purpose: Purpose = None) -> bool:
        """Start choosing the other end of a link from ``head_id`` (the selected span)."""
        if self.active:
            self.cancel(quiet=True)
        if head_id is None:
            head_id = self.view.selected_span_id
        head = self.view.spans().get(head_id) if head_id is not None else None
        if head is None:
            self.message.emit(self.tr("Select a span first, then press R to link it."), 6000)
            return False
        self.head_id = head.id
        self.purpose = purpose
        self.candidate_id = None
        self._saved_selections = list(self.view.extraSelections())
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.view.setFocus()
        self.message.emit(self._prompt(head), 0)
        return True

    def _prompt(self, head: Span) -> str:
        text = self.tr(
            "Linking from «%1»: click the other span, or Tab / Shift+Tab then Enter; Esc cancels."
        ).replace("%1", excerpt(head.text))
        if isinstance(self.purpose, (FillSlot, Retarget)):
            text = self.tr("Role %1. ").replace("%1", self._role_name(head)) + text
        return text

    def _role_name(self, head: Span) -> str:
        role = cast(FillSlot | Retarget, self.purpose).role
        for r in self.project.roles(head.label):
            if r.name == role:
                return label_display_name(r)
        return role

    def cancel(self, quiet: bool = False) -> None:
        """Leave link mode without linking (Esc, or the head span went away)."""
        if not self.active:
            return
        self._end()
        # quiet (another document opened): the prompt must not stay in the status bar
        self.message.emit("" if quiet else self.tr("Link cancelled."), 4000)

    def _end(self) -> None:
        self.head_id = None
        self.purpose = None
        self.candidate_id = None
        self.view.removeEventFilter(self)
        self.view.viewport().removeEventFilter(self)
        self.view.viewport().unsetCursor()
        self.view.setExtraSelections(self._saved_selections)
        self._saved_selections = []
        self.finished.emit()

    def apply(self, cs: ChangeSet) -> None:
        """A change arrived: linking from a span that is gone ends (an undo of its labeling)."""
        if self.active and any(sp.id == self.head_id for sp in cs.removed):
            if not any(sp.id == self.head_id for sp in cs.added):
                self.cancel()

    # --- events while active ---------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.active:
            return False
        kind = event.type()
        if obj is self.view and kind == QEvent.Type.KeyPress:
            return self._key(cast(QKeyEvent, event))
        if obj is self.view.viewport():
            if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                return True  # no text selection starts while a link is being made
            if kind == QEvent.Type.MouseMove:
                return bool(cast(QMouseEvent, event).buttons())
            if kind == QEvent.Type.MouseButtonRelease:
                mouse = cast(QMouseEvent, event)
                if mouse.button() == Qt.MouseButton.LeftButton:
                    self._clicked(mouse)
                return True
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if key == Qt.Key.Key_Backtab or (
            key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ShiftModifier
        ):
            self.step(-1)
            return True
        if key == Qt.Key.Key_Tab:
            self.step(1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            if self.candidate_id is None:
                self.message.emit(
                    self.tr("Press Tab to step to a span first, or click one; Esc cancels."), 0
                )
            else:
                self.pick(self.candidate_id)
            return True
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False  # Ctrl+Z, Alt+arrows...: the window's, as always
        if key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            return False
        return True  # label keys, Delete: not while a link is being made

    def _clicked(self, event: QMouseEvent) -> None:
        spans = self.view.spans_at_point(event.position().toPoint())
        others = sorted(
            (sp for sp in spans if sp.id != self.head_id), key=lambda s: s.end - s.start
        )
        if not others:
            self.message.emit(
                self.tr("Click a labeled span (not the one linked from); Esc cancels."), 0
            )
            return
        self.pick(others[0].id)

    def ordered_spans(self) -> list[Span]:
        return sorted(self.view.spans().values(), key=lambda s: (s.start, s.end, s.id))

    def step(self, delta: int) -> None:
        """Mark the next (+1) or previous (-1) span in text order, from the head onwards."""
        spans = [sp for sp in self.ordered_spans() if sp.id != self.head_id]
        if not spans:
            self.message.emit(self.tr("There is no other span to link to."), 0)
            return
        keys = [(sp.start, sp.end, sp.id) for sp in spans]
        ref_id = self.candidate_id if self.candidate_id is not None else self.head_id
        ref = self.view.spans().get(ref_id) if ref_id is not None else None
        if ref is None:
            index = 0 if delta > 0 else len(spans) - 1
        else:
            here = (ref.start, ref.end, ref.id)
            if delta > 0:
                index = next((i for i, k in enumerate(keys) if k > here), 0)
            else:
                index = next((i for i in range(len(keys) - 1, -1, -1) if keys[i] < here), -1)
                index %= len(spans)
        self.mark(spans[index].id)

    def mark(self, span_id: int) -> None:
        """Mark ``span_id`` as the span Enter would pick (ExtraSelection, transient)."""
        span = self.view.spans().get(span_id)
        if span is None or self.view.offsets is None:
            return
        self.candidate_id = span_id
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.view.offsets.to_qt(span.start))
        cursor.setPosition(self.view.offsets.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(CANDIDATE_COLOR))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor("#0050a0"))
        mark.format = fmt
        mark.cursor = cursor
        self.view.setExtraSelections([*self._saved_selections, mark])
        self.view.scroll_to(span.start)
        label = next((lb for lb in self.view.labels if lb.name == span.label), None)
        fits = self._fits(span_id)
        self.message.emit(
            self.tr("«%1» (%2)%3: Enter links, Tab / Shift+Tab steps, Esc cancels.")
            .replace("%1", excerpt(span.text))
            .replace("%2", label_display_name(label or span.label))
            .replace("%3", fits),
            0,
        )

    def _fits(self, tail_id: int) -> str:
        if self.head_id is None or self.purpose is not None:
            return ""
        names = [label_display_name(c) for c in self.project.link_candidates(self.head_id, tail_id)]
        if not names:
            return " — " + self.tr("nothing fits")
        return " — " + ", ".join(names)

    # --- choosing ----------------------------------------------------------------------------

    def pick(self, tail_id: int) -> None:
        """The other end is chosen: link, open the picker, or say that nothing fits."""
        head_id, purpose = self.head_id, self.purpose
        if head_id is None:
            return
        if tail_id == head_id:
            self.message.emit(self.tr("A span cannot be linked to itself."), 0)
            return
        self._end()
        if isinstance(purpose, FillSlot):
            self._fill(head_id, tail_id, purpose)
            return
        if isinstance(purpose, Retarget):
            self._retarget(head_id, tail_id, purpose)
            return
        candidates = self.project.link_candidates(head_id, tail_id)
        if not candidates:
            self._nothing_fits(head_id, tail_id)
        elif len(candidates) == 1:
            self._link(head_id, tail_id, candidates[0].name)
        else:
            self._open_picker(head_id, tail_id, candidates)

    def _nothing_fits(self, head_id: int, tail_id: int) -> None:
        spans = self.view.spans()
        head, tail = spans[head_id], spans[tail_id]
        self.message.emit(
            self.tr("Nothing links %1 to %2: no role or relation type allows it.")
            .replace("%1", self._label_name(head.label))
            .replace("%2", self._label_name(tail.label)),
            8000,
        )

    def _label_name(self, name: str) -> str:
        label = next((lb for lb in self.view.labels if lb.name == name), None)
        return label_display_name(label or name)

    def _open_picker(
        self, head_id: int, tail_id: int, candidates: list[RoleDef | RelationType]
    ) -> None:
        spans = self.view.spans()
        picker = LinkPicker(
            candidates, excerpt(spans[head_id].text), excerpt(spans[tail_id].text), self.view
        )
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.chosen.connect(lambda name: self._link(head_id, tail_id, name))
        picker.rejected.connect(lambda: self.message.emit(self.tr("Link cancelled."), 4000))
        picker.finished.connect(self._picker_closed)
        self.picker = picker
        picker.open()

    def _picker_closed(self) -> None:
        self.picker = None
        self.view.setFocus()

    def _run(self, write: Callable[[], ChangeSet]) -> ChangeSet | None:
        cs = self.ops.run(write)
        if cs is not None and cs.description:
            self.message.emit(cs.description, 4000)
        return cs

    def _link(self, head_id: int, tail_id: int, name: str) -> None:
        self._run(lambda: self.project.link(head_id, tail_id, name))

    def _fill(self, head_id: int, tail_id: int, purpose: FillSlot) -> None:
        frames = self.store.frames_on(head_id)
        if purpose.frame_id is None or (frames and frames[0] == purpose.frame_id):
            self._link(head_id, tail_id, purpose.role)
            return
        frame_id = purpose.frame_id
        target = self._filler(head_id, tail_id, purpose.role)
        if target is not None:
            span_id, arg_frame_id = target
            self._run(
                lambda: self.project.add_argument(
                    frame_id, purpose.role, span_id=span_id, arg_frame_id=arg_frame_id
                )
            )

    def _retarget(self, head_id: int, tail_id: int, purpose: Retarget) -> None:
        target = self._filler(head_id, tail_id, purpose.role)
        if target is not None:
            span_id, arg_frame_id = target
            self._run(
                lambda: self.project.update_argument(
                    purpose.arg_id, span_id=span_id, arg_frame_id=arg_frame_id
                )
            )

    def _filler(
        self, head_id: int, tail_id: int, role_name: str
    ) -> tuple[int | None, int | None] | None:
        """(span_id, arg_frame_id) for a filler: a span, or for a role filled by frames
        (``frame:EVENT``) the tail's frame. None (and a message) if the tail has no frame."""
        spans = self.view.spans()
        head, tail = spans[head_id], spans[tail_id]
        role = next((r for r in self.project.roles(head.label) if r.name == role_name), None)
        if role is not None and f"frame:{tail.label}" in role.fillers:
            if tail.label not in role.fillers:
                frames = self.store.frames_on(tail_id)
                if not frames:
                    self.message.emit(
                        self.tr("«%1» has no frame yet: link one of its roles first.").replace(
                            "%1", excerpt(tail.text)
                        ),
                        8000,
                    )
                    return None
                return (None, frames[0])
        return (tail_id, None)
