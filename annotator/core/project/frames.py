"""Event frames, role arguments, relations, attributes and notes (docs/frames.md).

Every write is one transaction with one change-log row, returns a ChangeSet carrying the Rows it
added, removed or changed (so undo puts them back with their ids), and checks the rules first:
a role allowed for the filler's label, both ends in the same document, no frame that is (through
frame arguments) an argument of itself, a symmetric relation stored once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from ..changes import ChangeSet
from ..errors import FrameError
from ..model import Arg, Frame, Relation, RelationType, RoleDef, Row, Span
from .common import _now_ms
from .definitions import DefinitionsMixin, fits, fits_frame, relation_fits

FLAG = "true"  # how a flag attribute is stored (value column)

_INSTANCE_TABLES = ("frames", "frame_args", "relations", "attribute_values", "notes")


def _arg(row: Row) -> Arg:
    v = row.as_dict()
    return Arg(row.id, v["frame_id"], v["role"], v["span_id"], v["arg_frame_id"], v["annotator"])


def _value(stored: str, flag: bool) -> str | bool:
    return True if flag and stored == FLAG else stored


class FramesMixin(DefinitionsMixin):
    # ----------------------------------------------------------------- reading
    def frames(self, doc_id: int) -> list[Frame]:
        """The document's frames in id order, with their arguments, attributes and notes."""
        return self._frames_where(self._conn, "document_id = ?", (doc_id,))

    def frame(self, frame_id: int) -> Frame:
        found = self._frames_where(self._conn, "id = ?", (frame_id,))
        if not found:
            raise FrameError(f"no frame with id {frame_id}")
        return found[0]

    def _frames_where(self, conn: sqlite3.Connection, where: str, args: Any) -> list[Frame]:
        rows = self._rows_where(conn, "frames", where, args)
        if not rows:
            return []
        ids = [r.id for r in rows]
        marks = ",".join("?" * len(ids))
        args_of: dict[int, list[Arg]] = {i: [] for i in ids}
        for row in self._rows_where(conn, "frame_args", f"frame_id IN ({marks})", ids):
            args_of[row.get("frame_id")].append(_arg(row))
        flags = {a.name for a in self._attribute_list(conn) if a.is_flag}
        attrs: dict[int, dict[str, str | bool]] = {i: {} for i in ids}
        for fid, name, value in conn.execute(
            f"SELECT frame_id, name, value FROM attribute_values WHERE frame_id IN ({marks}) "
            "ORDER BY id",
            ids,
        ):
            attrs[fid][name] = _value(value, name in flags)
        notes = dict(
            conn.execute(f"SELECT frame_id, text FROM notes WHERE frame_id IN ({marks})", ids)
        )
        labels = dict(
            conn.execute(
                f"SELECT f.id, s.label FROM frames f JOIN spans s ON s.id = f.trigger_id "
                f"WHERE f.id IN ({marks})",
                ids,
            )
        )
        return [
            Frame(
                r.id,
                r.get("document_id"),
                r.get("trigger_id"),
                labels[r.id],
                tuple(args_of[r.id]),
                attrs[r.id],
                notes.get(r.id),
                r.get("annotator"),
            )
            for r in rows
        ]

    def relations(self, doc_id: int) -> list[Relation]:
        return [
            Relation(
                r.id,
                r.get("document_id"),
                r.get("type"),
                r.get("head_id"),
                r.get("tail_id"),
                r.get("annotator"),
            )
            for r in self._rows_where(self._conn, "relations", "document_id = ?", (doc_id,))
        ]

    def span_attributes(self, doc_id: int) -> dict[int, dict[str, str | bool]]:
        """span id -> attribute name -> value (True for a flag), for the spans that have any."""
        flags = {a.name for a in self.attribute_defs() if a.is_flag}
        out: dict[int, dict[str, str | bool]] = {}
        for span_id, name, value in self._conn.execute(
            "SELECT span_id, name, value FROM attribute_values "
            "WHERE document_id = ? AND span_id IS NOT NULL ORDER BY id",
            (doc_id,),
        ):
            out.setdefault(span_id, {})[name] = _value(value, name in flags)
        return out

    def notes(self, doc_id: int) -> dict[tuple[str, int], str]:
        """("span", id), ("frame", id) or ("document", doc_id) -> the note's text."""
        out: dict[tuple[str, int], str] = {}
        for span_id, frame_id, text in self._conn.execute(
            "SELECT span_id, frame_id, text FROM notes WHERE document_id = ? ORDER BY id",
            (doc_id,),
        ):
            if span_id is not None:
                out["span", span_id] = text
            elif frame_id is not None:
                out["frame", frame_id] = text
            else:
                out["document", doc_id] = text
        return out

    # ----------------------------------------------------------------- checks
    def _frame_row(self, conn: sqlite3.Connection, frame_id: int) -> Row:
        row = self._row_in(conn, "frames", frame_id)
        if row is None:
            raise FrameError(f"no frame with id {frame_id}")
        return row

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
            old = self._row_in(conn, "frame_args", arg_id)
            if old is None:
                raise FrameError(f"no argument with id {arg_id}")
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
            old = self._row_in(conn, "frame_args", arg_id)
            if old is None:
                raise FrameError(f"no argument with id {arg_id}")
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
            old = self._row_in(conn, "relations", relation_id)
            if old is None:
                raise FrameError(f"no relation with id {relation_id}")
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
            old = self._row_in(conn, "relations", relation_id)
            if old is None:
                raise FrameError(f"no relation with id {relation_id}")
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
        may fill (as a span, or as a frame when the tail is a trigger), else the relation types
        allowing the two labels. Empty: nothing fits."""
        conn = self._conn
        head = self._span_or_error(conn, head_span_id)
        tail = self._span_or_error(conn, tail_span_id)
        if head.document_id != tail.document_id or head.id == tail.id:
            return []
        roles = self._role_list(conn)
        frame_types = {r.frame_type for r in roles}
        if head.label in frame_types:
            return [
                r
                for r in roles
                if r.frame_type == head.label
                and (
                    fits(r.fillers, tail.label)
                    or (tail.label in frame_types and fits_frame(r.fillers, tail.label))
                )
            ]
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

    # ----------------------------------------------------------------- attributes and notes
    def set_attribute(
        self,
        name: str,
        value: str | bool | None,
        *,
        span_id: int | None = None,
        frame_id: int | None = None,
    ) -> ChangeSet:
        """Set (or, with None or False, remove) an attribute of a span or a frame."""
        if (span_id is None) == (frame_id is None):
            raise FrameError("an attribute belongs to a span or a frame: give exactly one")
        with self._tx() as conn:
            ad = next((a for a in self._attribute_list(conn) if a.name == name), None)
            if ad is None:
                raise FrameError(f"unknown attribute {name!r}")
            if span_id is not None:
                span = self._span_or_error(conn, span_id)
                doc, what = span.document_id, f"{span.label} spans"
                allowed = fits(ad.targets, span.label)
                column, owner = "span_id", span_id
            else:
                assert frame_id is not None
                doc = self._frame_row(conn, frame_id).get("document_id")
                ftype = self._frame_type(conn, frame_id)
                what, allowed = f"{ftype} frames", fits_frame(ad.targets, ftype)
                column, owner = "frame_id", frame_id
            old = self._rows_where(
                conn, "attribute_values", f"{column} = ? AND name = ?", (owner, name)
            )
            stored = _stored(ad.is_flag, name, value, [v.name for v in ad.values])
            if stored is not None and not allowed:
                raise FrameError(
                    f"attribute {name!r} is not allowed on {what} (allowed on: "
                    f"{', '.join(ad.targets)})"
                )
            cs = ChangeSet("set_attribute", doc, detail={"attribute": name, "value": value})
            if stored is None:
                cs.rows_removed = self._delete_rows(conn, "attribute_values", [r.id for r in old])
            elif old and old[0].get("value") != stored:
                cs.rows_changed = [
                    self._update_row(
                        conn,
                        "attribute_values",
                        old[0].id,
                        {"value": stored, "annotator": self._annotator},
                    )
                ]
            elif not old:
                cs.rows_added = [
                    self._insert_row(
                        conn,
                        "attribute_values",
                        {
                            "document_id": doc,
                            column: owner,
                            "name": name,
                            "value": stored,
                            "annotator": self._annotator,
                            "created": _now_ms(),
                        },
                    )
                ]
            if cs.is_empty():
                return cs
            self._log(conn, "set_attribute", doc, span_id, frame=frame_id, name=name, value=stored)
        return self._record(cs)

    def set_note(
        self,
        text: str,
        *,
        document_id: int | None = None,
        span_id: int | None = None,
        frame_id: int | None = None,
    ) -> ChangeSet:
        """Write (or, with "", remove) the note of a document, a span or a frame."""
        if sum(x is not None for x in (document_id, span_id, frame_id)) != 1:
            raise FrameError("a note belongs to a document, a span or a frame: give exactly one")
        with self._tx() as conn:
            if span_id is not None:
                doc = self._span_or_error(conn, span_id).document_id
                where, args = "span_id = ?", (span_id,)
            elif frame_id is not None:
                doc = self._frame_row(conn, frame_id).get("document_id")
                where, args = "frame_id = ?", (frame_id,)
            else:
                assert document_id is not None
                if (
                    conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
                    is None
                ):
                    raise FrameError(f"no document with id {document_id}")
                doc = document_id
                where = "document_id = ? AND span_id IS NULL AND frame_id IS NULL"
                args = (document_id,)
            old = self._rows_where(conn, "notes", where, args)
            cs = ChangeSet("set_note", doc, detail={"span": span_id, "frame": frame_id})
            now = _now_ms()
            if not text.strip():
                cs.rows_removed = self._delete_rows(conn, "notes", [r.id for r in old])
            elif old and old[0].get("text") != text:
                cs.rows_changed = [
                    self._update_row(
                        conn,
                        "notes",
                        old[0].id,
                        {"text": text, "annotator": self._annotator, "updated": now},
                    )
                ]
            elif not old:
                cs.rows_added = [
                    self._insert_row(
                        conn,
                        "notes",
                        {
                            "document_id": doc,
                            "span_id": span_id,
                            "frame_id": frame_id,
                            "text": text,
                            "annotator": self._annotator,
                            "created": now,
                            "updated": now,
                        },
                    )
                ]
            if cs.is_empty():
                return cs
            self._log(conn, "set_note", doc, span_id, frame=frame_id, length=len(text))
        return self._record(cs)

    # ----------------------------------------------------------------- relabelling a span
    def arguments_invalidated_by(self, span_id: int, new_label: str) -> list[Arg]:
        """The arguments a relabel of the span to ``new_label`` would delete (for the GUI's
        "ask first"; ``invalidated_by`` lists relations and attributes too)."""
        rows = self.invalidated_by(span_id, new_label)
        return [_arg(r) for r in rows if r.table == "frame_args"]

    def invalidated_by(self, span_id: int, new_label: str) -> list[Row]:
        """Every record a relabel to ``new_label`` would delete (frames with what depends on
        them, arguments, relations, attribute values), read without writing."""
        conn = self._conn
        span = self._span_or_error(conn, span_id)
        top = self._invalid_rows(conn, span, new_label)
        out: list[Row] = []
        seen: set[tuple[str, int]] = set()
        for row in top:
            if row.table == "frames":
                deps: list[Row] = []
                self._collect_dependants(conn, "frames", [row.id], deps, seen)
                out += deps
            if (row.table, row.id) not in seen:
                seen.add((row.table, row.id))
                out.append(row)
        return out

    def _invalid_rows(self, conn: sqlite3.Connection, span: Span, label: str) -> list[Row]:
        """The records that would no longer fit if ``span`` had ``label``: its frames (when
        ``label`` has no roles), their arguments, arguments it or its frames fill, its
        relations and attribute values."""
        if label == span.label:
            return []
        roles = self._role_list(conn)
        role_of = {(r.frame_type, r.name): r for r in roles}
        frame_types = {r.frame_type for r in roles}
        bad: list[Row] = []
        frames = self._rows_where(conn, "frames", "trigger_id = ?", (span.id,))
        frame_ids = [f.id for f in frames]
        marks = ",".join("?" * len(frame_ids))
        if frames and label not in frame_types:
            bad += frames
        elif frames:
            for arg in self._rows_where(conn, "frame_args", f"frame_id IN ({marks})", frame_ids):
                rd = role_of.get((label, arg.get("role")))
                if rd is None:
                    bad.append(arg)
                elif arg.get("span_id") is not None:
                    if not fits(rd.fillers, self._span_in(conn, arg.get("span_id")).label):
                        bad.append(arg)
                elif not fits_frame(rd.fillers, self._frame_type(conn, arg.get("arg_frame_id"))):
                    bad.append(arg)
            for arg in self._rows_where(
                conn, "frame_args", f"arg_frame_id IN ({marks})", frame_ids
            ):
                rd = role_of.get((self._frame_type(conn, arg.get("frame_id")), arg.get("role")))
                if rd is None or not fits_frame(rd.fillers, label):
                    bad.append(arg)
        for arg in self._rows_where(conn, "frame_args", "span_id = ?", (span.id,)):
            rd = role_of.get((self._frame_type(conn, arg.get("frame_id")), arg.get("role")))
            if rd is None or not fits(rd.fillers, label):
                bad.append(arg)
        types = {rt.name: rt for rt in self._relation_type_list(conn)}
        for rel in self._rows_where(
            conn, "relations", "head_id = ? OR tail_id = ?", (span.id, span.id)
        ):
            rt = types[rel.get("type")]
            other = rel.get("tail_id") if rel.get("head_id") == span.id else rel.get("head_id")
            other_label = self._span_in(conn, other).label
            h, t = (label, other_label) if rel.get("head_id") == span.id else (other_label, label)
            if not relation_fits(rt, h, t):
                bad.append(rel)
        attrs = {a.name: a for a in self._attribute_list(conn)}
        for val in self._rows_where(conn, "attribute_values", "span_id = ?", (span.id,)):
            if not fits(attrs[val.get("name")].targets, label):
                bad.append(val)
        if frames and label in frame_types:
            for val in self._rows_where(
                conn, "attribute_values", f"frame_id IN ({marks})", frame_ids
            ):
                if not fits_frame(attrs[val.get("name")].targets, label):
                    bad.append(val)
        return bad

    def _span_relabelled(
        self, conn: sqlite3.Connection, span: Span, label: str, drop_invalid: bool
    ) -> list[Row]:
        bad = self._invalid_rows(conn, span, label)
        if not bad:
            return []
        if not drop_invalid:
            kinds = sorted({_KIND[r.table] for r in bad})
            raise FrameError(
                f"relabelling {span.text!r} from {span.label} to {label} would delete "
                f"{len(bad)} {', '.join(kinds)} that no longer fit; confirm to delete them"
            )
        removed: list[Row] = []
        for table in _INSTANCE_TABLES:
            ids = [r.id for r in bad if r.table == table]
            # a frame deleted first takes some of the others with it
            gone = {(r.table, r.id) for r in removed}
            removed += self._delete_rows(conn, table, [i for i in ids if (table, i) not in gone])
        return removed


_KIND = {
    "frames": "frame(s)",
    "frame_args": "argument(s)",
    "relations": "relation(s)",
    "attribute_values": "attribute value(s)",
}


def _stored(flag: bool, name: str, value: str | bool | None, allowed: Iterable[str]) -> str | None:
    """What the value column holds for ``value`` (None: no value, remove it)."""
    if value is None or value is False:
        return None
    if flag:
        if value is True or value == FLAG:
            return FLAG
        raise FrameError(f"attribute {name!r} is a flag: set it to True or remove it")
    names = list(allowed)
    if not isinstance(value, str) or value not in names:
        raise FrameError(
            f"unknown value {value!r} of attribute {name!r} (values: {', '.join(names)})"
        )
    return value
