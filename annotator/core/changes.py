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

from .model import Label, Row, Span

SPAN_ACTIONS = frozenset({"add_span", "delete_span", "update_span"})
LABEL_ACTIONS = frozenset({"add_label", "update_label", "remove_label", "move_label"})
# Changes that are not a user's action, so the history leaves them out: an import, a merge, the
# annotator's name, another window's commit, suggestions computed in the background. Every other
# action (spans, labels, statuses, frames, relations, attributes, notes, definitions, accepting or
# rejecting a suggestion) is undoable.
NOT_UNDOABLE_ACTIONS = frozenset({"", "import", "merge", "set_annotator", "external", "suggest"})


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
    # (document id, annotator) -> (old, new): each annotator's own status (document_status,
    # docs/teams.md); "new" is no row
    own_statuses: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    # the whole label list before and after a label edit (None when labels were not touched)
    labels_before: tuple[Label, ...] | None = None
    labels_after: tuple[Label, ...] | None = None
    # label renames in the order they were made, (old name, new name); the database renames the
    # label of every span with it (ON UPDATE CASCADE), so those spans are not listed above
    renamed: list[tuple[str, str]] = field(default_factory=list)
    # records of the other tables (frames, arguments, relations, attribute values, notes,
    # suggestions, definitions): whole rows, so undo can put them back with their ids
    rows_added: list[Row] = field(default_factory=list)
    rows_removed: list[Row] = field(default_factory=list)
    rows_changed: list[tuple[Row, Row]] = field(default_factory=list)
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
        return self.action not in NOT_UNDOABLE_ACTIONS and not self.is_empty()

    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.rows_added
            or self.rows_removed
            or self.rows_changed
            or self.statuses
            or self.own_statuses
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
        docs.update(doc for doc, _ in self.own_statuses)
        for row in (
            *self.rows_added,
            *self.rows_removed,
            *(r for pair in self.rows_changed for r in pair),
        ):
            if row.document_id is not None:
                docs.add(row.document_id)
        return docs

    def spans_in(self, document_id: int | None) -> tuple[list[Span], list[Span]]:
        """What a view of ``document_id`` takes out and puts in: removed spans and the old side
        of changed ones, then added spans and the new side (a move is out-then-in)."""
        out = [sp for sp in self.removed if sp.document_id == document_id]
        out += [old for old, _ in self.changed if old.document_id == document_id]
        into = [sp for sp in self.added if sp.document_id == document_id]
        into += [new for _, new in self.changed if new.document_id == document_id]
        return out, into

    def rows_in(
        self, table: str, document_id: int | None = None, *, any_document: bool = False
    ) -> tuple[list[Row], list[Row]]:
        """Like ``spans_in`` for the rows of ``table``: those a view takes out (removed, and the
        old side of changed ones), then those it puts in. ``any_document`` ignores the document."""

        def mine(row: Row) -> bool:
            return row.table == table and (any_document or row.document_id == document_id)

        out = [r for r in self.rows_removed if mine(r)]
        out += [old for old, _ in self.rows_changed if mine(old)]
        into = [r for r in self.rows_added if mine(r)]
        into += [new for _, new in self.rows_changed if mine(new)]
        return out, into

    def touches(self, *tables: str) -> bool:
        """True if any row of these tables was added, removed or changed."""
        rows = (*self.rows_added, *self.rows_removed, *(old for old, _ in self.rows_changed))
        return any(row.table in tables for row in rows)

    # ------------------------------------------------------------------ undo algebra
    def inverted(self) -> ChangeSet:
        """The change that takes the project back from this one's result to where it began."""
        return replace(
            self,
            added=list(self.removed),
            removed=list(self.added),
            changed=[(new, old) for old, new in self.changed],
            rows_added=list(self.rows_removed),
            rows_removed=list(self.rows_added),
            rows_changed=[(new, old) for old, new in self.rows_changed],
            statuses={d: (new, old) for d, (old, new) in self.statuses.items()},
            own_statuses={k: (new, old) for k, (old, new) in self.own_statuses.items()},
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
    own: dict[tuple[int, str], tuple[str, str]] = {}
    labels_before: tuple[Label, ...] | None = None
    labels_after: tuple[Label, ...] | None = None
    renamed: list[tuple[str, str]] = []
    documents_added: list[int] = []
    documents_changed = False
    select = None
    docs: set[int | None] = set()
    rows_before: dict[tuple[str, int], Row | None] = {}
    rows_after: dict[tuple[str, int], Row | None] = {}
    for cs in items:
        for row in cs.rows_removed:
            rows_before.setdefault((row.table, row.id), row)
            rows_after[row.table, row.id] = None
        for old_row, new_row in cs.rows_changed:
            rows_before.setdefault((old_row.table, old_row.id), old_row)
            rows_after[new_row.table, new_row.id] = new_row
        for row in cs.rows_added:
            rows_before.setdefault((row.table, row.id), None)
            rows_after[row.table, row.id] = row
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
        for who, (was, now) in cs.own_statuses.items():
            own[who] = (own[who][0] if who in own else was, now)
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
        own_statuses={w: s for w, s in own.items() if s[0] != s[1]},
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
    for key, first_row in rows_before.items():
        last_row = rows_after[key]
        if first_row is None and last_row is not None:
            out.rows_added.append(last_row)
        elif first_row is not None and last_row is None:
            out.rows_removed.append(first_row)
        elif first_row is not None and last_row is not None and first_row != last_row:
            out.rows_changed.append((first_row, last_row))
    if (
        out.select is not None
        and all(sp.id != out.select for sp in out.added)
        and all(new.id != out.select for _, new in out.changed)
    ):
        out.select = None
    return out


def _first_id(spans: list[Span]) -> int | None:
    return spans[0].id if spans else None
