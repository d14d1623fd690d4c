"""Attributes and notes of spans, frames and documents, and what a span's relabel invalidates
(docs/frames.md). One transaction, one change-log row and Rows in the ChangeSet per write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..changes import ChangeSet
from ..errors import FrameError
from ..model import Arg, Row, Span
from .common import _now_ms
from .definition_rules import fits, fits_frame, relation_fits
from .frames import FramesMixin
from .frames_read import FLAG, arg_of

_INSTANCE_TABLES = ("frames", "frame_args", "relations", "attribute_values", "notes")


class AnnotationsMixin(FramesMixin):
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
        return [arg_of(r) for r in rows if r.table == "frame_args"]

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
