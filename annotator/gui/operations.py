"""The one place every change to a project goes through in the GUI.

Each operation writes through ``Project`` (one transaction, committed before it returns, so a
process killed right after a hotkey keeps the span), pushes an undo entry and emits ``changed``
with a ``ChangeSet`` that tells the views exactly what to redraw. Undo and redo work across
documents and are committed to the database like any other change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from ..core.errors import AnnotatorError
from ..core.model import Label, Span
from ..core.project import Project
from .i18n import label_display_name

UNDO_LIMIT = 1000


@dataclass(slots=True)
class ChangeSet:
    """What one operation (or its undo) changed."""

    document_id: int | None = None
    added: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    # (old, new) pairs for spans whose boundaries or label changed; same id
    changed: list[tuple[Span, Span]] = field(default_factory=list)
    # (old, new) status of document_id, None when it did not change
    status: tuple[str, str] | None = None
    labels_changed: bool = False
    # documents added or removed (an import) or changed by another window: reload lists
    documents_changed: bool = False
    # the span the views should select after this change (None: keep the selection)
    select: int | None = None
    # "undo", "redo" or "" for a new action
    kind: str = ""
    description: str = ""


@dataclass(slots=True)
class _Entry:
    description: str
    document_id: int | None
    undo: Callable[[], ChangeSet]
    redo: Callable[[], ChangeSet]


class Operations(QObject):
    """Mutations of one open project, with undo/redo. Views listen to ``changed``."""

    changed = Signal(object)  # ChangeSet
    undo_state_changed = Signal()

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._undo: list[_Entry] = []
        self._redo: list[_Entry] = []

    # --- undo stack ----------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return self._undo[-1].description if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1].description if self._redo else ""

    def clear_history(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self.undo_state_changed.emit()

    def undo(self) -> ChangeSet | None:
        """Undo the last action (in whatever document). None when there is nothing to undo.

        If the database no longer allows it (another window changed the span), the entry is
        dropped and the AnnotatorError propagates, so the user sees why.
        """
        if not self._undo:
            return None
        entry = self._undo.pop()
        try:
            cs = entry.undo()
        except AnnotatorError:
            self.undo_state_changed.emit()
            raise
        self._redo.append(entry)
        cs.kind = "undo"
        cs.description = entry.description
        self._emit(cs)
        return cs

    def redo(self) -> ChangeSet | None:
        if not self._redo:
            return None
        entry = self._redo.pop()
        try:
            cs = entry.redo()
        except AnnotatorError:
            self.undo_state_changed.emit()
            raise
        self._undo.append(entry)
        cs.kind = "redo"
        cs.description = entry.description
        self._emit(cs)
        return cs

    def _push(self, entry: _Entry) -> None:
        self._undo.append(entry)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    def _emit(self, cs: ChangeSet) -> None:
        self.changed.emit(cs)
        self.undo_state_changed.emit()

    # --- helpers -------------------------------------------------------------------------------

    def _label_text(self, name: str) -> str:
        """A label as undo/redo messages show it: its name in the UI language."""
        for label in self.project.labels():
            if label.name == name:
                return label_display_name(label)
        return label_display_name(name)

    def _status(self, doc_id: int) -> str:
        # summaries() reads one row, where get_document() would load the whole article
        return self.project.summaries([doc_id])[0].status

    def _restore_status(self, doc_id: int, status: str) -> tuple[str, str] | None:
        current = self._status(doc_id)
        if current == status:
            return None
        self.project.set_status(doc_id, status)
        return (current, status)

    # --- spans ---------------------------------------------------------------------------------

    def add_span(self, doc_id: int, start: int, end: int, label: str) -> Span:
        """Store a new span (SpanError if invalid). The document becomes in progress if new."""
        before = self._status(doc_id)
        span = self.project.add_span(doc_id, start, end, label)
        after = self._status(doc_id)
        status = (before, after) if before != after else None
        state = {"span": span}

        def undo() -> ChangeSet:
            removed = self.project.delete_span(state["span"].id)
            st = self._restore_status(doc_id, before)
            return ChangeSet(doc_id, removed=[removed], status=st)

        def redo() -> ChangeSet:
            old_status = self._status(doc_id)
            # same id back, so later entries that refer to this span keep working
            restored = self.project.restore_span(state["span"])
            state["span"] = restored
            new_status = self._status(doc_id)
            st = (old_status, new_status) if old_status != new_status else None
            return ChangeSet(doc_id, added=[restored], status=st, select=restored.id)

        desc = self.tr("add %1").replace("%1", self._label_text(label))
        self._push(_Entry(desc, doc_id, undo, redo))
        self._emit(ChangeSet(doc_id, added=[span], status=status, select=span.id, description=desc))
        return span

    def delete_span(self, span_id: int) -> Span:
        span = self.project.delete_span(span_id)
        doc_id = span.document_id

        def undo() -> ChangeSet:
            restored = self.project.restore_span(span)
            return ChangeSet(doc_id, added=[restored], select=restored.id)

        def redo() -> ChangeSet:
            removed = self.project.delete_span(span.id)
            return ChangeSet(doc_id, removed=[removed])

        desc = self.tr("delete %1").replace("%1", self._label_text(span.label))
        self._push(_Entry(desc, doc_id, undo, redo))
        self._emit(ChangeSet(doc_id, removed=[span], description=desc))
        return span

    def update_span(
        self,
        span_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
    ) -> Span:
        """Relabel and/or move boundaries. A no-op change pushes nothing."""
        old = self.project.get_span(span_id)
        new = self.project.update_span(span_id, start=start, end=end, label=label)
        if (new.start, new.end, new.label) == (old.start, old.end, old.label):
            return new
        doc_id = old.document_id

        def undo() -> ChangeSet:
            cur = self.project.get_span(span_id)
            back = self.project.update_span(span_id, start=old.start, end=old.end, label=old.label)
            return ChangeSet(doc_id, changed=[(cur, back)], select=span_id)

        def redo() -> ChangeSet:
            cur = self.project.get_span(span_id)
            again = self.project.update_span(span_id, start=new.start, end=new.end, label=new.label)
            return ChangeSet(doc_id, changed=[(cur, again)], select=span_id)

        if old.label != new.label:
            desc = (
                self.tr("relabel %1 as %2")
                .replace("%1", self._label_text(old.label))
                .replace("%2", self._label_text(new.label))
            )
        else:
            desc = self.tr("move boundary")
        self._push(_Entry(desc, doc_id, undo, redo))
        self._emit(ChangeSet(doc_id, changed=[(old, new)], select=span_id, description=desc))
        return new

    def relabel(self, span_id: int, label: str) -> Span:
        return self.update_span(span_id, label=label)

    def move_boundaries(self, span_id: int, start: int, end: int) -> Span:
        return self.update_span(span_id, start=start, end=end)

    # --- documents -----------------------------------------------------------------------------

    def set_status(self, doc_id: int, status: str) -> None:
        before = self._status(doc_id)
        if before == status:
            return
        self.project.set_status(doc_id, status)

        def undo() -> ChangeSet:
            return ChangeSet(doc_id, status=self._restore_status(doc_id, before))

        def redo() -> ChangeSet:
            return ChangeSet(doc_id, status=self._restore_status(doc_id, status))

        desc = {
            "new": self.tr("mark new"),
            "in_progress": self.tr("mark in progress"),
            "done": self.tr("mark done"),
            "skipped": self.tr("mark skipped"),
        }.get(status, status)
        self._push(_Entry(desc, doc_id, undo, redo))
        self._emit(ChangeSet(doc_id, status=(before, status), description=desc))

    def documents_changed(self) -> None:
        """Documents were added (an import) or changed elsewhere: tell the views to reload."""
        self._emit(ChangeSet(labels_changed=True, documents_changed=True))

    # --- labels (not undoable: a label change can touch thousands of spans) ---------------------
    # With labels() and label_usage() this class is a LabelStore for the labels dialog, so label
    # edits reach the views like every other change.

    def labels(self) -> list[Label]:
        return self.project.labels()

    def label_usage(self, name: str) -> int:
        return self.project.label_usage(name)

    def add_label(self, name: str, **kwargs: object) -> Label:
        label = self.project.add_label(name, **kwargs)  # type: ignore[arg-type]
        self._emit(ChangeSet(labels_changed=True))
        return label

    def update_label(self, name: str, **kwargs: object) -> Label:
        label = self.project.update_label(name, **kwargs)  # type: ignore[arg-type]
        if "new_name" in kwargs and kwargs["new_name"] and kwargs["new_name"] != name:
            # spans were renamed by the database (ON UPDATE CASCADE): old undo entries are stale
            self._undo.clear()
            self._redo.clear()
        self._emit(ChangeSet(labels_changed=True, documents_changed=True))
        return label

    def remove_label(self, name: str, *, force: bool = False) -> int:
        removed = self.project.remove_label(name, force=force)
        if removed:
            self._undo.clear()
            self._redo.clear()
        self._emit(ChangeSet(labels_changed=True, documents_changed=bool(removed)))
        return removed

    def move_label(self, name: str, new_index: int) -> list[Label]:
        labels = self.project.move_label(name, new_index)
        self._emit(ChangeSet(labels_changed=True))
        return labels
