"""Event frames, role arguments and relations: the rules and the writes (docs/frames.md).

Every write is one transaction with one change-log row, returns a ChangeSet carrying the Rows it
added, removed or changed (so undo puts them back with their ids), and checks the rules first:
a role allowed for the filler's label, both ends in the same document, no frame that is (through
frame arguments) an argument of itself, a symmetric relation stored once.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..changes import ChangeSet
from ..errors import FrameError
from ..model import RelationType, RoleDef, Row, Span
from .common import _now_ms
from .definition_rules import fits, fits_frame, relation_fits
from .frames_read import FramesReadMixin


class FramesMixin(FramesReadMixin):
    # ----------------------------------------------------------------- checks
    def _existing_row(self, conn: sqlite3.Connection, table: str, row_id: int, what: str) -> Row:
        """The row ``row_id`` of ``table``, or a FrameError naming the missing ``what``."""
        row = self._row_in(conn, table, row_id)
        if row is None:
            raise FrameError(f"no {what} with id {row_id}")
        return row

    def _frame_row(self, conn: sqlite3.Connection, frame_id: int) -> Row:
        return self._existing_row(conn, "frames", frame_id, "frame")

    def _frame_type(self, conn: sqlite3.Connection, frame_id: int) -> str:
        row = conn.execute(
            "SELECT s.label FROM frames f JOIN spans s ON s.id = f.trigger_id WHERE f.id = ?",
            (frame_id,),
        ).fetchone()
        if row is None:
            raise FrameError(f"no frame with id {frame_id}")
        return str(row[0])

    def _span_or_error(self, conn: sqlite3.Connection, span_id: int) -> Span:
        row = conn.execute("SELECT 1 FROM spans WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise FrameError(f"no span with id {span_id}")
        return self._span_in(conn, span_id)

    def _role_def(self, conn: sqlite3.Connection, frame_type: str, role: str) -> RoleDef:
        roles = [r for r in self._role_list(conn) if r.frame_type == frame_type]
        for r in roles:
            if r.name == role:
                return r
        known = ", ".join(r.name for r in roles) or "none"
        raise FrameError(f"unknown role {role!r} for {frame_type} frames (roles: {known})")

    def _check_arg(
        self,
        conn: sqlite3.Connection,
        frame: Row,
        role: str,
        span_id: int | None,
        arg_frame_id: int | None,
        ignore: int | None = None,
    ) -> None:
        """The argument (``role``, filler) may be added to ``frame``; FrameError says why not."""
        if (span_id is None) == (arg_frame_id is None):
            raise FrameError("an argument is a span or a frame: give exactly one")
        frame_type = self._frame_type(conn, frame.id)
        rd = self._role_def(conn, frame_type, role)
        doc = frame.get("document_id")
        if span_id is not None:
            span = self._span_or_error(conn, span_id)
            if span.document_id != doc:
                raise FrameError(
                    f"span {span.text!r} is in another document than the {frame_type} frame"
                )
            if not fits(rd.fillers, span.label):
                raise FrameError(
                    f"role {role!r} of {frame_type} is not allowed for label {span.label} "
                    f"(allowed: {', '.join(rd.fillers)})"
                )
            column, target = "span_id", span_id
        else:
            assert arg_frame_id is not None
            other = self._frame_row(conn, arg_frame_id)
            if other.get("document_id") != doc:
                raise FrameError("the frames are in different documents")
            other_type = self._frame_type(conn, arg_frame_id)
            if not fits_frame(rd.fillers, other_type):
                raise FrameError(
                    f"role {role!r} of {frame_type} is not allowed for a {other_type} frame "
                    f"(allowed: {', '.join(rd.fillers)})"
                )
            if self._reaches(conn, arg_frame_id, frame.id):
                raise FrameError(
                    "a frame cannot be an argument of itself (through its arguments): "
                    "that would make a cycle"
                )
            column, target = "arg_frame_id", arg_frame_id
        dup = conn.execute(
            f"SELECT id FROM frame_args WHERE frame_id = ? AND role = ? AND {column} = ?",
            (frame.id, role, target),
        ).fetchone()
        if dup is not None and dup[0] != ignore:
            raise FrameError(f"the {frame_type} frame already has this {role!r} argument")

    @staticmethod
    def _reaches(conn: sqlite3.Connection, start: int, goal: int) -> bool:
        """``goal`` is ``start`` or one of the frames ``start``'s frame arguments lead to."""
        seen, todo = set(), [start]
        while todo:
            fid = todo.pop()
            if fid == goal:
                return True
            if fid in seen:
                continue
            seen.add(fid)
            todo += [
                r[0]
                for r in conn.execute(
                    "SELECT arg_frame_id FROM frame_args WHERE frame_id = ? "
                    "AND arg_frame_id IS NOT NULL",
                    (fid,),
                )
            ]
        return False

    def _relation_type(self, conn: sqlite3.Connection, name: str) -> RelationType:
        types = self._relation_type_list(conn)
        for rt in types:
            if rt.name == name:
                return rt
        known = ", ".join(t.name for t in types) or "none"
        raise FrameError(f"unknown relation type {name!r} (types: {known})")

    def _check_relation(
        self,
        conn: sqlite3.Connection,
        head_id: int,
        tail_id: int,
        type_: str,
        ignore: int | None = None,
    ) -> int:
        """The relation may be stored; returns its document."""
        rt = self._relation_type(conn, type_)
        head = self._span_or_error(conn, head_id)
        tail = self._span_or_error(conn, tail_id)
        if head.document_id != tail.document_id:
            raise FrameError(f"spans {head.text!r} and {tail.text!r} are in different documents")
        if head_id == tail_id:
            raise FrameError("a relation links two different spans")
        if not relation_fits(rt, head.label, tail.label):
            raise FrameError(f"relation type {type_!r} does not link {head.label} to {tail.label}")
        pairs = [(head_id, tail_id)] + ([(tail_id, head_id)] if rt.symmetric else [])
        for h, t in pairs:
            dup = conn.execute(
                "SELECT id FROM relations WHERE type = ? AND head_id = ? AND tail_id = ?",
                (type_, h, t),
            ).fetchone()
            if dup is not None and dup[0] != ignore:
                raise FrameError(
                    f"the {type_} relation between {head.text!r} and {tail.text!r} already exists"
                )
        return head.document_id

    # ----------------------------------------------------------------- frames
    def _new_frame(self, conn: sqlite3.Connection, trigger: Span) -> Row:
        if trigger.label not in {r.frame_type for r in self._role_list(conn)}:
            raise FrameError(f"{trigger.label} has no roles: a {trigger.label} span has no frame")
        now = _now_ms()
        return self._insert_row(
            conn,
            "frames",
            {
                "document_id": trigger.document_id,
                "trigger_id": trigger.id,
                "annotator": self._annotator,
                "created": now,
                "updated": now,
            },
        )

    def add_frame(self, trigger_span_id: int) -> ChangeSet:
        """A new frame on a trigger span (several frames may share one trigger);
        ``detail["frame"]`` is its id."""
        with self._tx() as conn:
            row = self._new_frame(conn, self._span_or_error(conn, trigger_span_id))
            doc = row.get("document_id")
            self._log(conn, "add_frame", doc, trigger_span_id, frame=row.id)
        return self._record(ChangeSet("add_frame", doc, rows_added=[row], detail={"frame": row.id}))

    def delete_frame(self, frame_id: int) -> ChangeSet:
        """Delete a frame with its arguments, attributes and note, and the arguments of other
        frames that point at it."""
        with self._tx() as conn:
            row = self._frame_row(conn, frame_id)
            doc = row.get("document_id")
            removed = self._delete_rows(conn, "frames", [frame_id])
            self._log(conn, "delete_frame", doc, row.get("trigger_id"), frame=frame_id)
        return self._record(
            ChangeSet("delete_frame", doc, rows_removed=removed, detail={"frame": frame_id})
        )

    # ----------------------------------------------------------------- arguments
    def _insert_arg(
        self,
        conn: sqlite3.Connection,
        frame: Row,
        role: str,
        span_id: int | None,
        arg_frame_id: int | None,
    ) -> Row:
        self._check_arg(conn, frame, role, span_id, arg_frame_id)
        return self._insert_row(
            conn,
            "frame_args",
            {
                "document_id": frame.get("document_id"),
                "frame_id": frame.id,
                "role": role,
                "span_id": span_id,
                "arg_frame_id": arg_frame_id,
                "annotator": self._annotator,
                "created": _now_ms(),
            },
        )

    def add_argument(
        self,
        frame_id: int,
        role: str,
        *,
        span_id: int | None = None,
        arg_frame_id: int | None = None,
    ) -> ChangeSet:
        """A role argument of a frame: a span or another frame; ``detail["argument"]``."""
        with self._tx() as conn:
            frame = self._frame_row(conn, frame_id)
            row = self._insert_arg(conn, frame, role, span_id, arg_frame_id)
            doc = frame.get("document_id")
            self._log(
                conn, "add_argument", doc, span_id, frame=frame_id, role=role, argument=row.id
            )
        return self._record(
            ChangeSet(
                "add_argument",
                doc,
                rows_added=[row],
                detail={"frame": frame_id, "argument": row.id, "role": role},
            )
        )

    def update_argument(
        self,
        arg_id: int,
        *,
        role: str | None = None,
        span_id: int | None = None,
        arg_frame_id: int | None = None,
    ) -> ChangeSet:
        """Change an argument's role and/or what fills it (a span, or a frame)."""
        with self._tx() as conn:
            old = self._existing_row(conn, "frame_args", arg_id, "argument")
            new_role = role if role is not None else old.get("role")
            if span_id is not None and arg_frame_id is not None:
                raise FrameError("an argument is a span or a frame: give exactly one")
            if span_id is None and arg_frame_id is None:
                span_id, arg_frame_id = old.get("span_id"), old.get("arg_frame_id")
            values = {"role": new_role, "span_id": span_id, "arg_frame_id": arg_frame_id}
            doc = old.get("document_id")
            if all(old.get(k) == v for k, v in values.items()):
                return ChangeSet("update_argument", doc, detail={"argument": arg_id})
            frame = self._frame_row(conn, old.get("frame_id"))
            self._check_arg(conn, frame, new_role, span_id, arg_frame_id, ignore=arg_id)
            pair = self._update_row(conn, "frame_args", arg_id, values)
            self._log(conn, "update_argument", doc, span_id, argument=arg_id, role=new_role)
        return self._record(
            ChangeSet(
                "update_argument",
                doc,
                rows_changed=[pair],
                detail={"argument": arg_id, "frame": frame.id, "role": new_role},
            )
        )

    def delete_argument(self, arg_id: int) -> ChangeSet:
        with self._tx() as conn:
            old = self._existing_row(conn, "frame_args", arg_id, "argument")
            doc = old.get("document_id")
            removed = self._delete_rows(conn, "frame_args", [arg_id])
            self._log(conn, "delete_argument", doc, old.get("span_id"), argument=arg_id)
        return self._record(
            ChangeSet(
                "delete_argument",
                doc,
                rows_removed=removed,
                detail={"argument": arg_id, "frame": old.get("frame_id"), "role": old.get("role")},
            )
        )

    # ----------------------------------------------------------------- relations
    def _insert_relation(
        self, conn: sqlite3.Connection, head_id: int, tail_id: int, type_: str
    ) -> Row:
        doc = self._check_relation(conn, head_id, tail_id, type_)
        return self._insert_row(
            conn,
            "relations",
            {
                "document_id": doc,
                "type": type_,
                "head_id": head_id,
                "tail_id": tail_id,
                "annotator": self._annotator,
                "created": _now_ms(),
            },
        )

    def add_relation(self, head_span_id: int, tail_span_id: int, type: str) -> ChangeSet:
        """A relation of ``type`` from head to tail; ``detail["relation"]`` is its id."""
        with self._tx() as conn:
            row = self._insert_relation(conn, head_span_id, tail_span_id, type)
            doc = row.get("document_id")
            self._log(conn, "add_relation", doc, head_span_id, type=type, relation=row.id)
        return self._record(
            ChangeSet(
                "add_relation", doc, rows_added=[row], detail={"relation": row.id, "type": type}
            )
        )

    def update_relation(
        self,
        relation_id: int,
        *,
        type: str | None = None,
        head_id: int | None = None,
        tail_id: int | None = None,
    ) -> ChangeSet:
        with self._tx() as conn:
            old = self._existing_row(conn, "relations", relation_id, "relation")
            values: dict[str, Any] = {
                "type": type if type is not None else old.get("type"),
                "head_id": head_id if head_id is not None else old.get("head_id"),
                "tail_id": tail_id if tail_id is not None else old.get("tail_id"),
            }
            doc = old.get("document_id")
            if all(old.get(k) == v for k, v in values.items()):
                return ChangeSet("update_relation", doc, detail={"relation": relation_id})
            new_doc = self._check_relation(
                conn, values["head_id"], values["tail_id"], values["type"], ignore=relation_id
            )
            if new_doc != doc:
                raise FrameError("a relation cannot move to another document")
            pair = self._update_row(conn, "relations", relation_id, values)
            self._log(conn, "update_relation", doc, None, relation=relation_id, **values)
        return self._record(
            ChangeSet(
                "update_relation",
                doc,
                rows_changed=[pair],
                detail={"relation": relation_id, "type": values["type"]},
            )
        )

    def delete_relation(self, relation_id: int) -> ChangeSet:
        with self._tx() as conn:
            old = self._existing_row(conn, "relations", relation_id, "relation")
            doc = old.get("document_id")
            removed = self._delete_rows(conn, "relations", [relation_id])
            self._log(conn, "delete_relation", doc, old.get("head_id"), relation=relation_id)
        return self._record(
            ChangeSet(
                "delete_relation",
                doc,
                rows_removed=removed,
                detail={"relation": relation_id, "type": old.get("type")},
            )
        )

    # ----------------------------------------------------------------- link (the R action)
    def link_candidates(self, head_span_id: int, tail_span_id: int) -> list[RoleDef | RelationType]:
        """What a link from head to tail may be: the roles of head's frame type that the tail
        may fill (as a span, or as a frame when the tail is a trigger); when no role fits (or
        head is no trigger), the relation types allowing the two labels (two EVENT mentions may
        be the ``same_as``). Empty: nothing fits."""
        conn = self._conn
        head = self._span_or_error(conn, head_span_id)
        tail = self._span_or_error(conn, tail_span_id)
        if head.document_id != tail.document_id or head.id == tail.id:
            return []
        roles = self._role_list(conn)
        frame_types = {r.frame_type for r in roles}
        if head.label in frame_types:
            fitting: list[RoleDef | RelationType] = [
                r
                for r in roles
                if r.frame_type == head.label
                and (
                    fits(r.fillers, tail.label)
                    or (tail.label in frame_types and fits_frame(r.fillers, tail.label))
                )
            ]
            if fitting:
                return fitting
        return [
            rt for rt in self._relation_type_list(conn) if relation_fits(rt, head.label, tail.label)
        ]

    def link(self, head_span_id: int, tail_span_id: int, name: str | None = None) -> ChangeSet:
        """Link head to tail (the GUI's R action): a role argument of the head trigger's frame
        (made on first use: the trigger's first frame), or a relation. ``name`` chooses among
        several candidates."""
        cands = self.link_candidates(head_span_id, tail_span_id)
        if name is not None:
            chosen = [c for c in cands if c.name == name]
            if not chosen:
                known = ", ".join(c.name for c in cands) or "nothing"
                raise FrameError(f"{name!r} does not fit this link (what fits: {known})")
        else:
            chosen = cands
        if not chosen:
            head, tail = self.get_span(head_span_id), self.get_span(tail_span_id)
            where = "" if head.document_id == tail.document_id else " (different documents)"
            raise FrameError(f"no role or relation type links {head.label} to {tail.label}{where}")
        if len(chosen) > 1:
            raise FrameError(
                "several links fit; choose one of: " + ", ".join(c.name for c in chosen)
            )
        pick = chosen[0]
        if isinstance(pick, RelationType):
            return self.add_relation(head_span_id, tail_span_id, pick.name)
        with self._tx() as conn:
            head = self._span_in(conn, head_span_id)
            tail = self._span_in(conn, tail_span_id)
            added: list[Row] = []
            frame = self._first_frame(conn, head, added)
            span_id: int | None = tail.id
            arg_frame_id: int | None = None
            if not fits(pick.fillers, tail.label):
                span_id, arg_frame_id = None, self._first_frame(conn, tail, added).id
            row = self._insert_arg(conn, frame, pick.name, span_id, arg_frame_id)
            added.append(row)
            doc = head.document_id
            self._log(
                conn, "add_argument", doc, head.id, frame=frame.id, role=pick.name, argument=row.id
            )
        return self._record(
            ChangeSet(
                "add_argument",
                doc,
                rows_added=added,
                detail={"frame": frame.id, "argument": row.id, "role": pick.name},
            )
        )

    def _first_frame(self, conn: sqlite3.Connection, trigger: Span, added: list[Row]) -> Row:
        rows = self._rows_where(conn, "frames", "trigger_id = ?", (trigger.id,))
        if rows:
            return rows[0]
        row = self._new_frame(conn, trigger)
        added.append(row)
        return row
