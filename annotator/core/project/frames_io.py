"""Frames, relations, attributes and notes of imported and exported records (DocRecord level).

Import: a record's frames and relations point at its spans by ``SpanRecord.id``; they are stored
in the import's transaction right after the record's spans. A reference to a span or frame the
record does not have refuses the file (source, line and item named). Roles, relation types,
attributes and values the file uses that the project lacks are added (or a definition's lists
widened) and listed in the ImportReport, as new labels are. Records without any of these cost
nothing: the importer calls in only when a record has some.

Export: ``SpanRecord.id`` is "T1", "T2", ... in the order of all the document's spans (start,
end, id), so a label filter leaves the others' ids as they are; frames are "F1", "F2", ... in id
order, relations "R1", ... Frames and relations that point at a span the filter left out are
left out too.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..errors import InputError
from ..frame_defaults import label_of
from ..model import ArgRecord, DocRecord, FrameRecord, RelationRecord, Row, SpanRecord
from ..preparing import _check_no_cycle
from .annotations import AnnotationsMixin
from .common import PALETTE
from .definition_rules import (
    attribute_from_row,
    fits,
    fits_frame,
    relation_fits,
    relation_type_from_row,
    validate_name,
)
from .frames_read import FLAG


class FramesIOMixin(AnnotationsMixin):
    def _import_extras(
        self,
        conn: sqlite3.Connection,
        rec: DocRecord,
        doc_id: int,
        keys: list[Any],
        stride: int,
        report: Any,
        where: str,
        line: int,
        now_ms: int,
    ) -> None:
        """Store ``rec``'s frames, relations, attributes and notes for document ``doc_id``
        whose spans were just inserted (``keys``: the prepared flat span list, ``stride``
        items a span, start, end and label first). ``report``: the ImportReport."""
        stored = {
            (s, e, lab): i
            for i, s, e, lab in conn.execute(
                'SELECT id, start, "end", label FROM spans WHERE document_id = ?', (doc_id,)
            )
        }
        span_ids: dict[str, int] = {}
        labels: dict[int, str] = {}
        for k, sp in enumerate(rec.spans):
            key = tuple(keys[k * stride : k * stride + 3])
            db_id = stored[key]
            labels[db_id] = sp.label
            if sp.id is not None:
                if sp.id in span_ids:
                    raise InputError(where, line, f"span id {sp.id!r} is used twice")
                span_ids[sp.id] = db_id
        who = self._annotator
        defs = _Definitions(self, conn, report)

        def span_of(ref: str | None, what: str) -> int:
            if ref is None or ref not in span_ids:
                raise InputError(where, line, f"{what}: no span with id {ref!r} in this record")
            return span_ids[ref]

        # frames first (an argument may point at a later one), then their arguments
        frame_ids: dict[str, int] = {}
        frame_types: dict[str, str] = {}
        for fr in rec.frames:
            if fr.id in frame_ids:
                raise InputError(where, line, f"frame id {fr.id!r} is used twice")
            trigger = span_of(fr.trigger, f"frame {fr.id}: the trigger")
            ftype = labels[trigger]
            if fr.type and fr.type != ftype:
                raise InputError(
                    where,
                    line,
                    f"frame {fr.id}: type {fr.type!r} is not its trigger's label {ftype!r}",
                )
            cur = conn.execute(
                "INSERT INTO frames (document_id, trigger_id, annotator, created, updated) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc_id, trigger, fr.annotator or who, now_ms, now_ms),
            )
            assert cur.lastrowid is not None
            frame_ids[fr.id] = cur.lastrowid
            frame_types[fr.id] = ftype
        _check_no_cycle(rec.frames, where, line)
        for fr in rec.frames:
            fid, ftype = frame_ids[fr.id], frame_types[fr.id]
            seen: set[tuple[str, str | None, str | None]] = set()
            for arg in fr.args:
                what = f"frame {fr.id}, role {arg.role!r}"
                if (arg.span is None) == (arg.frame is None):
                    raise InputError(where, line, f"{what}: give a span or a frame")
                if (arg.role, arg.span, arg.frame) in seen:
                    continue
                seen.add((arg.role, arg.span, arg.frame))
                span_id = arg_frame = None
                if arg.span is not None:
                    span_id = span_of(arg.span, what)
                    filler = labels[span_id]
                else:
                    if arg.frame not in frame_ids:
                        raise InputError(
                            where, line, f"{what}: no frame with id {arg.frame!r} in this record"
                        )
                    arg_frame = frame_ids[arg.frame]
                    filler = f"frame:{frame_types[arg.frame]}"
                defs.role(ftype, arg.role, filler, where, line)
                conn.execute(
                    "INSERT INTO frame_args (document_id, frame_id, role, span_id, arg_frame_id, "
                    "annotator, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, fid, arg.role, span_id, arg_frame, fr.annotator or who, now_ms),
                )
            for name, value in fr.attributes.items():
                stored_value = defs.attribute(name, value, f"frame:{ftype}", where, line)
                if stored_value is not None:
                    _insert_value(conn, doc_id, "frame_id", fid, name, stored_value, who, now_ms)
            if fr.note:
                _insert_note(conn, doc_id, None, fid, fr.note, who, now_ms)
        report.frames += len(rec.frames)
        pairs: set[tuple[str, int, int]] = set()
        for n, rel in enumerate(rec.relations, 1):
            what = f"relation {rel.id or n} ({rel.type})"
            head = span_of(rel.head, f"{what}: the head")
            tail = span_of(rel.tail, f"{what}: the tail")
            if head == tail:
                raise InputError(where, line, f"{what}: links a span to itself")
            symmetric = defs.relation_type(rel.type, labels[head], labels[tail], where, line)
            key = (rel.type, *sorted((head, tail))) if symmetric else (rel.type, head, tail)
            if key in pairs:  # stored once (a symmetric pair given both ways, or twice)
                continue
            pairs.add(key)
            conn.execute(
                "INSERT INTO relations (document_id, type, head_id, tail_id, annotator, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, rel.type, head, tail, rel.annotator or who, now_ms),
            )
            report.relations += 1
        for k, sp in enumerate(rec.spans):
            if not (sp.attributes or sp.note):
                continue
            db_id = stored[tuple(keys[k * stride : k * stride + 3])]
            for name, value in sp.attributes.items():
                stored_value = defs.attribute(name, value, sp.label, where, line)
                if stored_value is not None:
                    _insert_value(conn, doc_id, "span_id", db_id, name, stored_value, who, now_ms)
            if sp.note:
                _insert_note(conn, doc_id, db_id, None, sp.note, who, now_ms)
        if rec.note:
            _insert_note(conn, doc_id, None, None, rec.note, who, now_ms)


def _insert_value(
    conn: sqlite3.Connection,
    doc: int,
    column: str,
    owner: int,
    name: str,
    value: str,
    who: str,
    now: int,
) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO attribute_values (document_id, {column}, name, value, "
        "annotator, created) VALUES (?, ?, ?, ?, ?, ?)",
        (doc, owner, name, value, who, now),
    )


def _insert_note(
    conn: sqlite3.Connection,
    doc: int,
    span: int | None,
    frame: int | None,
    text: str,
    who: str,
    now: int,
) -> None:
    conn.execute(
        "INSERT INTO notes (document_id, span_id, frame_id, text, annotator, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (doc, span, frame, text, who, now, now),
    )


class _Definitions:
    """The project's definitions during one record's import: what the file uses and the project
    lacks is added (or widened) and listed in the report's ``new_definitions``."""

    def __init__(self, project: FramesIOMixin, conn: sqlite3.Connection, report: Any) -> None:
        self.p = project
        self.conn = conn
        self.report = report

    def _note(self, text: str) -> None:
        if text not in self.report.new_definitions:
            self.report.new_definitions.append(text)

    def _name(self, name: object, what: str, where: str, line: int) -> str:
        try:
            return validate_name(name, what)
        except Exception as exc:
            raise InputError(where, line, str(exc)) from None

    def role(self, frame_type: str, name: str, filler: str, where: str, line: int) -> None:
        name = self._name(name, "role", where, line)
        rows = self.p._rows_where(
            self.conn, "roles", "frame_type = ? AND name = ?", (frame_type, name)
        )
        is_frame = filler.startswith("frame:")
        if not rows:
            order = self.conn.execute("SELECT coalesce(max(ord), -1) + 1 FROM roles").fetchone()
            self.conn.execute(
                "INSERT INTO roles (frame_type, name, name_en, name_ar, color, hotkey, fillers, "
                "ord) VALUES (?, ?, ?, ?, ?, '', ?, ?)",
                (
                    frame_type,
                    name,
                    name,
                    name,
                    PALETTE[order[0] % len(PALETTE)],
                    json.dumps([filler]),
                    order[0],
                ),
            )
            self._note(f"role {frame_type}.{name} ({filler})")
            return
        fillers = json.loads(rows[0].get("fillers"))
        ok = fits_frame(fillers, label_of(filler)) if is_frame else fits(fillers, filler)
        if not ok:
            self._widen(rows[0], "fillers", fillers + [filler])
            self._note(f"role {frame_type}.{name} +{filler}")

    def _widen(self, row: Row, column: str, names: list[str]) -> None:
        self.conn.execute(
            f"UPDATE {row.table} SET {column} = ? WHERE id = ?",
            (json.dumps(names, ensure_ascii=False), row.id),
        )

    def relation_type(self, name: str, head: str, tail: str, where: str, line: int) -> bool:
        """Make sure the type links head to tail; whether it is symmetric."""
        name = self._name(name, "relation type", where, line)
        rows = self.p._rows_where(self.conn, "relation_types", "name = ?", (name,))
        if not rows:
            order = self.conn.execute(
                "SELECT coalesce(max(ord), -1) + 1 FROM relation_types"
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO relation_types (name, name_en, name_ar, color, hotkey, heads, tails, "
                "symmetric, ord) VALUES (?, ?, ?, ?, '', ?, ?, 0, ?)",
                (name, name, name, PALETTE[order % len(PALETTE)], json.dumps([head]),
                 json.dumps([tail]), order),
            )  # fmt: skip
            self._note(f"relation type {name} ({head} -> {tail})")
            return False

        rt = relation_type_from_row(rows[0])
        if not relation_fits(rt, head, tail):
            if rt.heads and not fits(rt.heads, head):
                self._widen(rows[0], "heads", [*rt.heads, head])
            if rt.tails and not fits(rt.tails, tail):
                self._widen(rows[0], "tails", [*rt.tails, tail])
            self._note(f"relation type {name} +{head} -> {tail}")
        return rt.symmetric

    def attribute(self, name: str, value: Any, target: str, where: str, line: int) -> str | None:
        """The value to store (None: none), the attribute added or widened as needed."""
        if value is None or value is False:
            return None
        name = self._name(name, "attribute", where, line)
        flag = value is True
        if not flag and not isinstance(value, str):
            raise InputError(
                where, line, f"attribute {name!r}: value {value!r} is not a string or true"
            )
        if not flag:
            value = self._name(value, f"value of attribute {name!r}", where, line)
        rows = self.p._rows_where(self.conn, "attribute_defs", "name = ?", (name,))
        if not rows:
            order = self.conn.execute(
                "SELECT coalesce(max(ord), -1) + 1 FROM attribute_defs"
            ).fetchone()[0]
            vals = [] if flag else [{"name": value, "name_en": value, "name_ar": value}]
            self.conn.execute(
                "INSERT INTO attribute_defs (name, name_en, name_ar, vals, targets, ord) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, name, name, json.dumps(vals, ensure_ascii=False), json.dumps([target]),
                 order),
            )  # fmt: skip
            self._note(f"attribute {name} ({target})")
            return FLAG if flag else value
        ad = attribute_from_row(rows[0])
        if flag != ad.is_flag:
            kind = "a flag" if ad.is_flag else "a list of values"
            raise InputError(
                where, line, f"attribute {name!r} is {kind} in this project; got {value!r}"
            )
        is_frame = target.startswith("frame:")
        ok = fits_frame(ad.targets, label_of(target)) if is_frame else fits(ad.targets, target)
        if not ok:
            self._widen(rows[0], "targets", [*ad.targets, target])
            self._note(f"attribute {name} +{target}")
        if not flag and value not in {v.name for v in ad.values}:
            vals = [{"name": v.name, "name_en": v.name_en, "name_ar": v.name_ar} for v in ad.values]
            vals.append({"name": value, "name_en": value, "name_ar": value})
            self._widen(rows[0], "vals", vals)  # type: ignore[arg-type]
            self._note(f"attribute {name} value {value}")
        return FLAG if flag else value


# ------------------------------------------------------------------ export
def docs_with_extras(conn: sqlite3.Connection, ids: list[int]) -> set[int]:
    """Which of these documents have frames, relations, attribute values or notes."""
    marks = ",".join("?" * len(ids))
    return {
        r[0]
        for r in conn.execute(
            f"SELECT document_id FROM frames WHERE document_id IN ({marks}) UNION "
            f"SELECT document_id FROM relations WHERE document_id IN ({marks}) UNION "
            f"SELECT document_id FROM attribute_values WHERE document_id IN ({marks}) UNION "
            f"SELECT document_id FROM notes WHERE document_id IN ({marks})",
            ids * 4,
        )
    }


def export_extras(
    conn: sqlite3.Connection,
    docs: list[int],
    span_rows: dict[int, list[tuple[int, SpanRecord]]],
    out: dict[int, DocRecord],
) -> None:
    """Fill the frames, relations, span attributes and notes of the records in ``out`` (by
    document id) for ``docs`` (docs_with_extras); ``span_rows``: each document's exported spans
    with their database ids."""
    dm = ",".join("?" * len(docs))
    flags = {r[0] for r in conn.execute("SELECT name FROM attribute_defs WHERE vals = '[]'")}
    span_of: dict[int, SpanRecord] = {}
    for doc in docs:
        for db_id, sp in span_rows.get(doc, []):
            span_of[db_id] = sp
    frames: dict[int, FrameRecord] = {}
    numbers: dict[int, int] = {}
    for fid, doc, trigger, who in conn.execute(
        f"SELECT id, document_id, trigger_id, annotator FROM frames WHERE document_id IN ({dm}) "
        "ORDER BY id",
        docs,
    ):
        numbers[doc] = numbers.get(doc, 0) + 1
        trig = span_of.get(trigger)
        if trig is None:  # its trigger was filtered out
            continue
        assert trig.id is not None
        new = FrameRecord(f"F{numbers[doc]}", trig.id, trig.label, annotator=who)
        frames[fid] = new
        out[doc].frames.append(new)
    for fid, role, span_id, arg_frame in conn.execute(
        f"SELECT frame_id, role, span_id, arg_frame_id FROM frame_args "
        f"WHERE document_id IN ({dm}) ORDER BY id",
        docs,
    ):
        owner = frames.get(fid)
        if owner is None:
            continue
        if span_id is not None and span_id in span_of:
            owner.args.append(ArgRecord(role, span=span_of[span_id].id))
        elif arg_frame is not None and arg_frame in frames:
            owner.args.append(ArgRecord(role, frame=frames[arg_frame].id))
    rel_numbers: dict[int, int] = {}
    for doc, type_, head, tail, who in conn.execute(
        f"SELECT document_id, type, head_id, tail_id, annotator FROM relations "
        f"WHERE document_id IN ({dm}) ORDER BY id",
        docs,
    ):
        rel_numbers[doc] = rel_numbers.get(doc, 0) + 1
        if head in span_of and tail in span_of:
            out[doc].relations.append(
                RelationRecord(
                    span_of[head].id or "",
                    span_of[tail].id or "",
                    type_,
                    id=f"R{rel_numbers[doc]}",
                    annotator=who,
                )
            )
    for span_id, frame_id, name, value in conn.execute(
        f"SELECT span_id, frame_id, name, value FROM attribute_values "
        f"WHERE document_id IN ({dm}) ORDER BY id",
        docs,
    ):
        v: str | bool = True if name in flags and value == FLAG else value
        if span_id is not None and span_id in span_of:
            span_of[span_id].attributes[name] = v
        elif frame_id is not None and frame_id in frames:
            frames[frame_id].attributes[name] = v
    for doc, span_id, frame_id, text in conn.execute(
        f"SELECT document_id, span_id, frame_id, text FROM notes WHERE document_id IN ({dm}) "
        "ORDER BY id",
        docs,
    ):
        if span_id is not None:
            if span_id in span_of:
                span_of[span_id].note = text
        elif frame_id is not None:
            if frame_id in frames:
                frames[frame_id].note = text
        else:
            out[doc].note = text
