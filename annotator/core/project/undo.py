"""Undo and redo: a step's ChangeSets applied backwards or forwards, checked, in one transaction.

The history records what each write returned (``core/history.py``); this module is the only code
that turns a ChangeSet back into SQL. Before it writes, it checks that the project is exactly as
the ChangeSet says it was (another window may have changed it since) and refuses with a
ConflictError otherwise, leaving the project as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from ..changes import ChangeSet, compose
from ..errors import ConflictError, SpanError
from ..history import Step
from ..model import Label, Row, Span
from .common import _ms_from_iso, _now
from .rows import _own_status, _write_own_status, table_rank
from .spans import SpansMixin

_SAME = ("document_id", "start", "end", "label", "text")


def _key(span: Span) -> tuple[object, ...]:
    return tuple(getattr(span, k) for k in _SAME)


class UndoMixin(SpansMixin):
    def can_undo(self) -> bool:
        return self.history.can_undo()

    def can_redo(self) -> bool:
        return self.history.can_redo()

    def undo(self) -> ChangeSet | None:
        """Undo the last user action (in whatever document); None when there is none.

        A step the project no longer allows (another window changed what it touched) is
        dropped from the history and the ConflictError says why; nothing is written. Any other
        refusal (the project busy, a full disk) keeps the step, to be tried again.
        """
        step = self.history.next_undo()
        if step is None:
            return None
        done = self._replay([cs.inverted() for cs in reversed(step.changes)], "undo", step)
        self.history.undone()
        return done

    def redo(self) -> ChangeSet | None:
        step = self.history.next_redo()
        if step is None:
            return None
        done = self._replay(list(step.changes), "redo", step)
        self.history.redone()
        return done

    def _replay(self, changes: list[ChangeSet], kind: str, step: Step) -> ChangeSet:
        """Apply ``changes`` (a step's, in order) in one transaction. A conflict drops the step
        from the history; any other refusal leaves it there, to be tried again."""
        if self._conn.in_transaction:
            raise ConflictError(f"cannot {kind} inside a transaction")
        summary = step.summary
        try:
            return self._apply_all(changes, kind, summary)
        except ConflictError:
            self.history.drop(kind)
            raise

    def _apply_all(self, changes: list[ChangeSet], kind: str, summary: ChangeSet) -> ChangeSet:
        try:
            with self._tx() as conn:
                # a step may put back a span and the frame pointing at it in either order
                conn.execute("PRAGMA defer_foreign_keys = ON")
                applied = [self._apply(conn, cs) for cs in changes]
                self._log(conn, kind, summary.document_id, None, of=summary.action)
        except sqlite3.IntegrityError as exc:
            raise ConflictError(
                f"cannot {kind}: the project was changed in another window since ({exc})"
            ) from None
        out = compose(applied, action=summary.action)
        out.kind = kind
        out.detail = dict(summary.detail)
        if out.document_id is None:
            out.document_id = summary.document_id
        return out

    def _apply(self, conn: sqlite3.Connection, cs: ChangeSet) -> ChangeSet:
        """Take the project from ``cs``'s before-state to its after-state. Returns ``cs`` with
        the statuses it set (one another window changed since is left as it is)."""
        if cs.labels_before is not None:
            now = self._label_rows(conn)
            if now != cs.labels_before:
                raise ConflictError(
                    "the labels were changed in another window since "
                    f"({', '.join(_labels_that_differ(now, cs.labels_before))}); nothing was "
                    "changed"
                )
        for old_name, new_name in cs.renamed:
            conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new_name, old_name))
        if cs.labels_after is not None:
            have = {lab.name for lab in self._label_rows(conn)}
            for lab in cs.labels_after:
                if lab.name not in have:
                    conn.execute(
                        "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
                        "VALUES (?, ?, ?, ?, '', ?)",
                        (lab.name, lab.name_en, lab.name_ar, lab.color, lab.order),
                    )
        for row in sorted(cs.rows_removed, key=table_rank, reverse=True):
            self._expect_row(conn, row)
            conn.execute(f"DELETE FROM {row.table} WHERE id = ?", (row.id,))
        for sp in cs.removed:
            self._expect_span(conn, sp)
            conn.execute("DELETE FROM spans WHERE id = ?", (sp.id,))
        for old, new in cs.changed:
            self._expect_span(conn, old)
            self._expect_text(conn, new)
            conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, text = ?, annotator = ?, '
                "updated = ? WHERE id = ?",
                (
                    new.start,
                    new.end,
                    new.label,
                    new.text,
                    new.annotator,
                    _ms_from_iso(new.updated),
                    new.id,
                ),
            )
        for sp in cs.added:
            self._expect_text(conn, sp)
            try:
                conn.execute(
                    'INSERT INTO spans (id, document_id, start, "end", label, text, annotator, '
                    "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        sp.id,
                        sp.document_id,
                        sp.start,
                        sp.end,
                        sp.label,
                        sp.text,
                        sp.annotator,
                        _ms_from_iso(sp.created),
                        _ms_from_iso(sp.updated),
                    ),
                )
            except sqlite3.IntegrityError:
                raise ConflictError(
                    f"a {sp.label} span at {sp.start}-{sp.end} of document "
                    f"{sp.document_id} was added in another window since"
                ) from None
        for old_row, new_row in cs.rows_changed:
            self._expect_row(conn, old_row)
            self._update_row(conn, new_row.table, new_row.id, new_row.as_dict())
        for row in sorted(cs.rows_added, key=table_rank):
            try:
                self._insert_row(conn, row.table, {"id": row.id, **row.as_dict()})
            except sqlite3.IntegrityError:
                raise ConflictError(
                    f"a {_RECORD_NAMES.get(row.table, row.table)} was added in another window since"
                ) from None
        if cs.labels_after is not None:
            keep = {lab.name for lab in cs.labels_after}
            for lab in self._label_rows(conn):
                if lab.name not in keep:
                    if conn.execute(
                        "SELECT 1 FROM spans WHERE label = ? LIMIT 1", (lab.name,)
                    ).fetchone():
                        raise ConflictError(
                            f"label {lab.name!r} is used by spans added in another window since"
                        )
                    conn.execute("DELETE FROM labels WHERE name = ?", (lab.name,))
            # hotkeys are unique: clear them all, then set the target's
            conn.execute("UPDATE labels SET hotkey = ''")
            conn.executemany(
                "UPDATE labels SET name_en = ?, name_ar = ?, color = ?, hotkey = ?, ord = ? "
                "WHERE name = ?",
                [
                    (lab.name_en, lab.name_ar, lab.color, lab.hotkey, lab.order, lab.name)
                    for lab in cs.labels_after
                ],
            )
            self._labels_cache = None
        statuses = {}
        for doc, (was, becomes) in cs.statuses.items():
            row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc,)).fetchone()
            # a status another window set since is the user's choice there: it stays
            if row is not None and row[0] == was:
                conn.execute(
                    "UPDATE documents SET status = ?, updated = ? WHERE id = ?",
                    (becomes, _now(), doc),
                )
                statuses[doc] = (was, becomes)
        own = {}
        for key, (was, becomes) in cs.own_statuses.items():
            # an annotator's own status goes back the same way (docs/teams.md)
            if _own_status(conn, key) == was:
                _write_own_status(conn, key, becomes)
                own[key] = (was, becomes)
        # what was written is exactly what the ChangeSet records (times and annotator included)
        return replace(cs, statuses=statuses, own_statuses=own)

    def _expect_span(self, conn: sqlite3.Connection, span: Span) -> None:
        try:
            same = _key(self._span_in(conn, span.id)) == _key(span)
        except SpanError:
            same = False
        if not same:
            raise ConflictError(
                f"the {span.label} span {span.text!r} was changed or deleted "
                "in another window since"
            )

    def _expect_row(self, conn: sqlite3.Connection, row: Row) -> None:
        if self._row_in(conn, row.table, row.id) != row:
            raise ConflictError(
                f"a {_RECORD_NAMES.get(row.table, row.table)} was changed or deleted in another "
                "window since"
            )

    def _expect_text(self, conn: sqlite3.Connection, span: Span) -> None:
        row = conn.execute(
            "SELECT text FROM documents WHERE id = ?", (span.document_id,)
        ).fetchone()
        if row is None or row[0][span.start : span.end] != span.text:
            raise ConflictError(
                f"document {span.document_id} no longer has {span.text!r} "
                f"at {span.start}-{span.end}"
            )


# what a conflict message calls a record of each table
_RECORD_NAMES = {
    "frames": "frame",
    "frame_args": "role argument",
    "relations": "relation",
    "attribute_values": "attribute",
    "notes": "note",
    "suggestions": "suggestion",
    "roles": "role",
    "relation_types": "relation type",
    "attribute_defs": "attribute definition",
    "gazetteer": "gazetteer entry",
    "models": "model",
}


def _labels_that_differ(a: tuple[Label, ...], b: tuple[Label, ...]) -> list[str]:
    """Names of the labels that are not the same in two snapshots (added, removed or edited)."""
    left = {lab.name: lab for lab in a}
    right = {lab.name: lab for lab in b}
    names = [n for n in {**left, **right} if left.get(n) != right.get(n)]
    return names or ["their order"]
