"""What a write did to a project: the ``ChangeSet`` every ``Project`` write returns.

A ChangeSet is complete enough to be applied backwards (undo) and forwards again (redo): spans
carry their whole record (id, offsets, label, surface text, annotator, times), statuses their old
and new value, label edits the whole label list before and after. Views read the same object to
update themselves, so the GUI never has to ask the database what an action changed.

Anki's ``OpChanges`` plays this role in its ``pylib``; here the ChangeSet is also the undo record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .model import Label, Span

# Actions a user can undo, by the name each ChangeSet carries in ``action``.
SPAN_ACTIONS = frozenset({"add_span", "delete_span", "update_span"})
LABEL_ACTIONS = frozenset({"add_label", "update_label", "remove_label", "move_label"})
UNDOABLE_ACTIONS = SPAN_ACTIONS | LABEL_ACTIONS | {"set_status", "group"}


@dataclass(slots=True)
class ChangeSet:
    """What one write (or one undo, or one redo) changed, old and new values included."""

    # what was done: "add_span", "delete_span", "update_span", "set_status", "add_label",
    # "update_label", "remove_label", "move_label", "group" (several in one transaction),
    # "import", "set_annotator", "external" (another window or process committed)
    action: str = ""
    # the document the action was in; None for project-wide changes (labels, imports)
    document_id: int | None = None
    added: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    # (old, new) pairs for spans whose boundaries or label changed; same id
    changed: list[tuple[Span, Span]] = field(default_factory=list)
    # document id -> (old, new) status
    statuses: dict[int, tuple[str, str]] = field(default_factory=dict)
    # the whole label list before and after a label edit (None when labels were not touched)
    labels_before: tuple[Label, ...] | None = None
    labels_after: tuple[Label, ...] | None = None
    # label renames in the order they were made, (old name, new name); the database renames the
    # label of every span with it (ON UPDATE CASCADE), so those spans are not listed above
    renamed: list[tuple[str, str]] = field(default_factory=list)
    # documents an import added
    documents_added: list[int] = field(default_factory=list)
    # lists must be reloaded: an import, a rename that relabels spans in many documents, or a
    # change committed by another window
    documents_changed: bool = False
    # the span the views should select after this change (None: keep the selection)
    select: int | None = None
    # "" for the action itself, "undo" or "redo" when the history replays it
    kind: str = ""
    # what a description needs beyond the records above (the label moved, ...)
    detail: dict[str, Any] = field(default_factory=dict)
    # what the interface says it did ("add Event"): set by the GUI adapter, in its language
    description: str = ""

    # ------------------------------------------------------------------ reading
    @property
    def status(self) -> tuple[str, str] | None:
        """(old, new) status of ``document_id``, None when it did not change."""
        if self.document_id is None:
            return None
        return self.statuses.get(self.document_id)

    @property
    def labels_changed(self) -> bool:
        return self.labels_before != self.labels_after or bool(self.renamed)

    @property
    def is_label_edit(self) -> bool:
        """True for an edit of the label set only (the labels dialog undoes only these)."""
        return self.action in LABEL_ACTIONS

    @property
    def undoable(self) -> bool:
        return self.action in UNDOABLE_ACTIONS and not self.is_empty()

    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.statuses
            or self.labels_changed
            or self.documents_added
            or self.documents_changed
        )

    def documents(self) -> set[int]:
        """Every document whose spans or status this change touched."""
        docs = {sp.document_id for sp in self.added}
        docs.update(sp.document_id for sp in self.removed)
        for old, new in self.changed:
            docs.update((old.document_id, new.document_id))
        docs.update(self.statuses)
        return docs

    def spans_in(self, document_id: int | None) -> tuple[list[Span], list[Span]]:
        """What a view of ``document_id`` takes out and puts in: removed spans and the old side
        of changed ones, then added spans and the new side (a move is out-then-in)."""
        out = [sp for sp in self.removed if sp.document_id == document_id]
        out += [old for old, _ in self.changed if old.document_id == document_id]
        into = [sp for sp in self.added if sp.document_id == document_id]
        into += [new for _, new in self.changed if new.document_id == document_id]
        return out, into

    # ------------------------------------------------------------------ undo algebra
    def inverted(self) -> ChangeSet:
        """The change that takes the project back from this one's result to where it began."""
        return replace(
            self,
            added=list(self.removed),
            removed=list(self.added),
            changed=[(new, old) for old, new in self.changed],
            statuses={d: (new, old) for d, (old, new) in self.statuses.items()},
            labels_before=self.labels_after,
            labels_after=self.labels_before,
            renamed=[(new, old) for old, new in reversed(self.renamed)],
            documents_added=[],
            select=_first_id(self.removed) or _first_id([new for _, new in self.changed]),
            detail=dict(self.detail),
        )


def compose(changes: Iterable[ChangeSet], action: str = "group") -> ChangeSet:
    """One ChangeSet with the net effect of several made one after another (a transaction).

    Per span id, the first "before" and the last "after" decide: a span added and then deleted
    in the same group is not in the result at all, so a view that applies it never sees it.
    """
    items = list(changes)
    if len(items) == 1:
        return items[0]
    before: dict[int, Span | None] = {}
    after: dict[int, Span | None] = {}
    statuses: dict[int, tuple[str, str]] = {}
    labels_before: tuple[Label, ...] | None = None
    labels_after: tuple[Label, ...] | None = None
    renamed: list[tuple[str, str]] = []
    documents_added: list[int] = []
    documents_changed = False
    select = None
    docs: set[int | None] = set()
    for cs in items:
        for sp in cs.removed:
            before.setdefault(sp.id, sp)
            after[sp.id] = None
        for old, new in cs.changed:
            before.setdefault(old.id, old)
            after[new.id] = new
        for sp in cs.added:
            before.setdefault(sp.id, None)
            after[sp.id] = sp
        for doc, (was, now) in cs.statuses.items():
            statuses[doc] = (statuses[doc][0] if doc in statuses else was, now)
        if cs.labels_before is not None and labels_before is None:
            labels_before = cs.labels_before
        if cs.labels_after is not None:
            labels_after = cs.labels_after
        renamed += cs.renamed
        documents_added += cs.documents_added
        documents_changed |= cs.documents_changed
        if cs.select is not None:
            select = cs.select
        docs.add(cs.document_id)
    out = ChangeSet(
        action=action,
        document_id=docs.pop() if len(docs) == 1 else None,
        statuses={d: s for d, s in statuses.items() if s[0] != s[1]},
        labels_before=labels_before,
        labels_after=labels_after,
        renamed=renamed,
        documents_added=documents_added,
        documents_changed=documents_changed,
        select=select,
    )
    for span_id, first in before.items():
        last = after[span_id]
        if first is None and last is not None:
            out.added.append(last)
        elif first is not None and last is None:
            out.removed.append(first)
        elif first is not None and last is not None and first != last:
            if (first.document_id, first.created) != (last.document_id, last.created):
                # not one span edited but two that had the same id (a file older than schema 5)
                out.removed.append(first)
                out.added.append(last)
            else:
                out.changed.append((first, last))
    if (
        out.select is not None
        and all(sp.id != out.select for sp in out.added)
        and all(new.id != out.select for _, new in out.changed)
    ):
        out.select = None
    return out


def _first_id(spans: list[Span]) -> int | None:
    return spans[0].id if spans else None
