"""Spans: reading, checking and writing one span at a time (one transaction each)."""

from __future__ import annotations

import sqlite3

from ..changes import ChangeSet
from ..errors import SpanError
from ..model import Row, Span
from .common import _SPAN_COLS, _now, _now_ms, _span
from .rows import RowsMixin


class SpansMixin(RowsMixin):
    def spans(self, doc_id: int) -> list[Span]:
        return [
            _span(row)
            for row in self._conn.execute(
                f'SELECT {_SPAN_COLS} FROM spans WHERE document_id = ? ORDER BY start, "end", id',
                (doc_id,),
            )
        ]

    def get_span(self, span_id: int) -> Span:
        return self._span_in(self._conn, span_id)

    def _doc_text(self, conn: sqlite3.Connection, doc_id: int) -> tuple[str, str]:
        row = conn.execute("SELECT text, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise SpanError(f"no document with id {doc_id}")
        return row[0], row[1]

    def _check_span(
        self,
        conn: sqlite3.Connection,
        doc_id: int,
        text: str,
        start: int,
        end: int,
        label: str,
        ignore_id: int | None = None,
    ) -> None:
        if not isinstance(start, int) or not isinstance(end, int):
            raise SpanError("span offsets must be integers")
        if start == end:
            raise SpanError(f"empty span at {start}")
        if start > end:
            raise SpanError(f"reversed span: start {start} is after end {end}")
        if start < 0 or end > len(text):
            raise SpanError(f"span {start}-{end} is outside the document (length {len(text)})")
        if label not in self._label_names():
            raise SpanError(f"no label named {label!r}")
        # per annotator: in a merged project each annotator's layer may hold the same span
        dup = conn.execute(
            'SELECT id FROM spans WHERE document_id = ? AND start = ? AND "end" = ? AND label = ? '
            "AND annotator = ?",
            (doc_id, start, end, label, self._annotator),
        ).fetchone()
        if dup is not None and dup[0] != ignore_id:
            raise SpanError(f"the same {label} span {start}-{end} already exists")

    def _mark_in_progress(
        self, conn: sqlite3.Connection, doc_id: int, status: str, cs: ChangeSet
    ) -> None:
        """Labeling a new document starts it: the status change is part of the same action."""
        if status == "new":
            conn.execute(
                "UPDATE documents SET status = 'in_progress', updated = ? WHERE id = ?",
                (_now(), doc_id),
            )
            self._log(conn, "set_status", doc_id, old="new", new="in_progress")
            cs.statuses[doc_id] = ("new", "in_progress")
        if status in ("new", "in_progress"):
            # this annotator's own status starts too (a team's project: docs/teams.md)
            self._set_own_status(conn, doc_id, "in_progress", cs)

    def add_span(self, doc_id: int, start: int, end: int, label: str) -> ChangeSet:
        """Store a new span (SpanError if invalid). A new document becomes in progress."""
        with self._tx() as conn:
            text, status = self._doc_text(conn, doc_id)
            span = self._insert_span(conn, doc_id, text, start, end, label)
            self._log(conn, "add_span", doc_id, span.id, start=start, end=end, label=label)
            cs = ChangeSet("add_span", doc_id, added=[span], select=span.id)
            self._mark_in_progress(conn, doc_id, status, cs)
        return self._record(cs)

    def _insert_span(
        self, conn: sqlite3.Connection, doc_id: int, text: str, start: int, end: int, label: str
    ) -> Span:
        """Check and store a new span of this annotator in ``doc_id`` (whose text is ``text``);
        the span as stored. Adding, accepting a suggestion and adjudicating all come here."""
        self._check_span(conn, doc_id, text, start, end, label)
        now = _now_ms()
        cur = conn.execute(
            'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, '
            "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, start, end, label, text[start:end], self._annotator, now, now),
        )
        assert cur.lastrowid is not None
        return self._span_in(conn, cur.lastrowid)

    def update_span(
        self,
        span_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
        drop_invalid: bool = False,
    ) -> ChangeSet:
        """Relabel and/or move boundaries. A change to nothing is an empty ChangeSet.

        A relabel that leaves arguments, relations or attribute values not fitting the new
        label raises FrameError, unless ``drop_invalid``: they are then deleted in the same
        transaction (recorded, so undo brings them back)."""
        with self._tx() as conn:
            # read inside the transaction, so the change log's "old" is what was replaced
            old = self._span_in(conn, span_id)
            start = old.start if start is None else start
            end = old.end if end is None else end
            label = old.label if label is None else label
            if (start, end, label) == (old.start, old.end, old.label):
                return ChangeSet("update_span", old.document_id)
            text, _ = self._doc_text(conn, old.document_id)
            self._check_span(conn, old.document_id, text, start, end, label, ignore_id=span_id)
            dropped = self._span_relabelled(conn, old, label, drop_invalid)
            conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, text = ?, annotator = ?, '
                "updated = ? WHERE id = ?",
                (start, end, label, text[start:end], self._annotator, _now_ms(), span_id),
            )
            self._log(
                conn,
                "update_span",
                old.document_id,
                span_id,
                old=[old.start, old.end, old.label],
                new=[start, end, label],
            )
            new = self._span_in(conn, span_id)
        return self._record(
            ChangeSet(
                "update_span",
                old.document_id,
                changed=[(old, new)],
                rows_removed=dropped,
                select=span_id,
            )
        )

    def delete_span(self, span_id: int) -> ChangeSet:
        with self._tx() as conn:
            # read inside the transaction: what is recorded (for undo) is what was deleted
            old = self._span_in(conn, span_id)
            # frames, arguments, relations, attributes and notes that use it go with it
            dependants = self._delete_rows(conn, "spans", [span_id])
            conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._log(
                conn,
                "delete_span",
                old.document_id,
                span_id,
                start=old.start,
                end=old.end,
                label=old.label,
            )
        return self._record(
            ChangeSet("delete_span", old.document_id, removed=[old], rows_removed=dependants)
        )

    def _span_relabelled(
        self, conn: sqlite3.Connection, span: Span, label: str, drop_invalid: bool
    ) -> list[Row]:
        """What a relabel of ``span`` to ``label`` deletes (frames.py checks the rules)."""
        return []

    def _span_in(self, conn: sqlite3.Connection, span_id: int) -> Span:
        row = conn.execute(f"SELECT {_SPAN_COLS} FROM spans WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise SpanError(f"no span with id {span_id}")
        return _span(row)
