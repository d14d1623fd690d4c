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
    # "label" for label edits (the labels dialog offers to undo only those)
    kind: str = ""


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

    def can_undo_label_edit(self) -> bool:
        return bool(self._undo) and self._undo[-1].kind == "label"

    def can_redo_label_edit(self) -> bool:
        return bool(self._redo) and self._redo[-1].kind == "label"

    def undo_text(self) -> str:
        return self._undo[-1].description if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1].description if self._redo else ""

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

    # --- labels -------------------------------------------------------------------------------
    # With labels() and label_usage() this class is a LabelStore for the labels dialog, so label
    # edits reach the views and the undo stack like every other change.
    #
    # Undo entries name their labels, and those names stay right across a rename: every label
    # edit is an entry too, and undo/redo are strictly last-in first-out, so when an entry is
    # undone (or redone) the labels are exactly as they were just after (or before) it was done.

    def labels(self) -> list[Label]:
        return self.project.labels()

    def label_usage(self, name: str) -> int:
        return self.project.label_usage(name)

    def _label_index(self, name: str) -> int:
        return [label.name for label in self.project.labels()].index(name)

    def _put_back_label(self, label: Label, index: int) -> None:
        """Re-create ``label`` with all its attributes at position ``index`` (in a transaction)."""
        self.project.add_label(
            label.name,
            name_en=label.name_en,
            name_ar=label.name_ar,
            color=label.color,
            hotkey=label.hotkey,
        )
        self.project.move_label(label.name, index)

    def add_label(self, name: str, **kwargs: object) -> Label:
        label = self.project.add_label(name, **kwargs)  # type: ignore[arg-type]
        index = self._label_index(label.name)

        def undo() -> ChangeSet:
            # refused (SpanError) if another window has labeled with it meanwhile
            self.project.remove_label(label.name)
            return ChangeSet(labels_changed=True)

        def redo() -> ChangeSet:
            with self.project.transaction():
                self._put_back_label(label, index)
            return ChangeSet(labels_changed=True)

        desc = self.tr("add label %1").replace("%1", label_display_name(label))
        self._push(_Entry(desc, None, undo, redo, "label"))
        self._emit(ChangeSet(labels_changed=True, description=desc))
        return label

    def update_label(self, name: str, **kwargs: object) -> Label:
        """Rename, recolour, change the hotkey or display names; one undoable action."""
        old = self.project.label(name)
        new = self.project.update_label(name, **kwargs)  # type: ignore[arg-type]
        if new == old:
            return new
        renamed = new.name != old.name

        def restore(current: str, target: Label) -> ChangeSet:
            self.project.update_label(
                current,
                new_name=target.name,
                name_en=target.name_en,
                name_ar=target.name_ar,
                color=target.color,
                hotkey=target.hotkey,
            )
            # a rename relabels spans in every document (ON UPDATE CASCADE): reload the views
            return ChangeSet(labels_changed=True, documents_changed=renamed)

        old_text, new_text = label_display_name(old), label_display_name(new)
        if renamed:
            desc = self.tr("rename label %1 to %2").replace("%1", old.name).replace("%2", new.name)
        elif (old.name_en, old.name_ar) != (new.name_en, new.name_ar):
            desc = self.tr("rename label %1 to %2").replace("%1", old_text).replace("%2", new_text)
        elif old.color != new.color and old.hotkey == new.hotkey:
            desc = self.tr("recolour label %1").replace("%1", new_text)
        elif old.hotkey != new.hotkey and old.color == new.color:
            desc = self.tr("change the hotkey of label %1").replace("%1", new_text)
        else:
            desc = self.tr("change label %1").replace("%1", new_text)
        self._push(
            _Entry(
                desc, None, lambda: restore(new.name, old), lambda: restore(old.name, new), "label"
            )
        )
        self._emit(ChangeSet(labels_changed=True, documents_changed=renamed, description=desc))
        return new

    def remove_label(self, name: str, *, force: bool = False) -> int:
        """Remove a label (and, with ``force``, its spans). Undo brings back the label, its place,
        hotkey and colour, and every span with its id, in one transaction."""
        label = self.project.label(name)
        index = self._label_index(name)
        state = {"spans": self.project.label_spans(name) if force else []}
        removed = self.project.remove_label(name, force=force)

        def undo() -> ChangeSet:
            spans = state["spans"]
            docs = sorted({sp.document_id for sp in spans})
            statuses = {d.id: d.status for d in self.project.summaries(docs)}
            with self.project.transaction():
                self._put_back_label(label, index)
                for span in spans:
                    self.project.restore_span(span)
                # restore_span marks a "new" document in progress: put back what the user set
                for doc in self.project.summaries(docs):
                    if doc.status != statuses[doc.id]:
                        self.project.set_status(doc.id, statuses[doc.id])
            return ChangeSet(labels_changed=True, documents_changed=bool(spans))

        def redo() -> ChangeSet:
            state["spans"] = self.project.label_spans(label.name)
            self.project.remove_label(label.name, force=True)
            return ChangeSet(labels_changed=True, documents_changed=bool(state["spans"]))

        if removed:
            desc = self.tr("remove label %1 and its %n span(s)", "", removed)
        else:
            desc = self.tr("remove label %1")
        desc = desc.replace("%1", label_display_name(label))
        self._push(_Entry(desc, None, undo, redo, "label"))
        self._emit(
            ChangeSet(labels_changed=True, documents_changed=bool(removed), description=desc)
        )
        return removed

    def move_label(self, name: str, new_index: int) -> list[Label]:
        old_index = self._label_index(name)
        labels = self.project.move_label(name, new_index)
        moved_to = self._label_index(name)
        if moved_to == old_index:
            return labels

        def move(index: int) -> Callable[[], ChangeSet]:
            def run() -> ChangeSet:
                self.project.move_label(name, index)
                return ChangeSet(labels_changed=True)

            return run

        desc = self.tr("move label %1").replace("%1", self._label_text(name))
        self._push(_Entry(desc, None, move(old_index), move(moved_to), "label"))
        self._emit(ChangeSet(labels_changed=True, description=desc))
        return labels
