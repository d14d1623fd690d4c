"""Reading frames, relations, attribute values and notes (docs/frames.md)."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import FrameError
from ..model import Arg, Frame, Relation, Row
from .definitions import DefinitionsMixin

FLAG = "true"  # how a flag attribute is stored (value column)


def arg_of(row: Row) -> Arg:
    v = row.as_dict()
    return Arg(row.id, v["frame_id"], v["role"], v["span_id"], v["arg_frame_id"], v["annotator"])


def value_of(stored: str, flag: bool) -> str | bool:
    return True if flag and stored == FLAG else stored


class FramesReadMixin(DefinitionsMixin):
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
            args_of[row.get("frame_id")].append(arg_of(row))
        flags = {a.name for a in self._attribute_list(conn) if a.is_flag}
        attrs: dict[int, dict[str, str | bool]] = {i: {} for i in ids}
        for fid, name, value in conn.execute(
            f"SELECT frame_id, name, value FROM attribute_values WHERE frame_id IN ({marks}) "
            "ORDER BY id",
            ids,
        ):
            attrs[fid][name] = value_of(value, name in flags)
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
            out.setdefault(span_id, {})[name] = value_of(value, name in flags)
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
