"""Frames, relations, attributes and notes in the formats: reading them from JSON, checking
their references, writing them.

A record's frames and relations point at spans by ``SpanRecord.id`` (unique within the record)
and frames at frames by ``FrameRecord.id``. ``check_links`` refuses a record whose references do
not resolve, naming the file, line and item; every reader that fills these calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..model import ArgRecord, DocRecord, FrameRecord, RelationRecord, SpanRecord
from .io import is_int

# ---------------------------------------------------------------------------------------------
# Ids


def export_span_ids(record: DocRecord) -> list[str]:
    """An id for every span of ``record`` in order: its own, or the next free number (1, 2, ...)
    for a span without one, so frames and relations always have something to point at."""
    used = {sp.id for sp in record.spans if sp.id is not None}
    out: list[str] = []
    n = 0
    for sp in record.spans:
        if sp.id is not None:
            out.append(sp.id)
            continue
        n += 1
        while str(n) in used:
            n += 1
        used.add(str(n))
        out.append(str(n))
    return out


def json_id(value: str) -> int | str:
    """A file id as JSON: a number when it is one written plainly ("3" -> 3), else the string."""
    if value.isdigit() and value.isascii() and str(int(value)) == value:
        return int(value)
    return value


def _id(value: Any, what: str, source: str | None, line: int | None) -> str:
    if is_int(value):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise InputError(source, line, f"{what}: id must be a string or integer, got {value!r}")


# ---------------------------------------------------------------------------------------------
# Reading JSON


def parse_attributes(
    value: Any, where: str, source: str | None, line: int | None
) -> dict[str, Any]:
    """``{"type": "attack", "negated": true}``: values are strings, or true for a flag (false
    means the flag is not set and is dropped)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(source, line, f'{where}: "attributes" must be an object')
    out: dict[str, Any] = {}
    for name, val in value.items():
        if not name.strip():
            raise InputError(source, line, f"{where}: an attribute has an empty name")
        if val is True or (isinstance(val, str) and val.strip()):
            out[name] = val.strip() if isinstance(val, str) else True
        elif val is False or val is None:
            continue
        else:
            raise InputError(
                source,
                line,
                f"{where}: attribute {name!r} must be a string or true, got {val!r}",
            )
    return out


def parse_note(value: Any, where: str, source: str | None, line: int | None) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(source, line, f'{where}: "note" must be a string')
    return value


def _who(value: Any, where: str, source: str | None, line: int | None) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(source, line, f"{where}: annotator must be a string")
    return value


def _name(value: Any, key: str, where: str, source: str | None, line: int | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(source, line, f'{where}: "{key}" must be a non-empty string')
    return value.strip()


def _list(value: Any, key: str, source: str | None, line: int | None) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(source, line, f'"{key}" must be a list, not {type(value).__name__}')
    return value


def parse_frames(value: Any, source: str | None, line: int | None) -> list[FrameRecord]:
    """The JSON ``frames`` list (see jsonl.py); references are checked by ``check_links``."""
    frames = []
    for k, item in enumerate(_list(value, "frames", source, line), 1):
        where = f"frame {k}"
        if not isinstance(item, dict):
            raise InputError(source, line, f"{where} must be an object")
        fid = _id(item.get("id"), where, source, line)
        where = f"frame {k} ({fid})"
        if item.get("trigger") is None:
            raise InputError(source, line, f'{where}: no "trigger" (the id of its trigger span)')
        trigger = _id(item.get("trigger"), f"{where}: trigger", source, line)
        ftype = item.get("type")
        args = []
        for j, arg in enumerate(_list(item.get("args"), "args", source, line), 1):
            at = f"{where}: argument {j}"
            if not isinstance(arg, dict):
                raise InputError(source, line, f"{at} must be an object")
            role = _name(arg.get("role"), "role", at, source, line)
            span, frame = arg.get("span"), arg.get("frame")
            if (span is None) == (frame is None):
                raise InputError(
                    source, line, f'{at} ({role}) needs exactly one of "span" and "frame"'
                )
            args.append(
                ArgRecord(
                    role,
                    span=_id(span, at, source, line) if span is not None else None,
                    frame=_id(frame, at, source, line) if frame is not None else None,
                )
            )
        frames.append(
            FrameRecord(
                id=fid,
                trigger=trigger,
                type=_name(ftype, "type", where, source, line) if ftype is not None else "",
                args=args,
                attributes=parse_attributes(item.get("attributes"), where, source, line),
                note=parse_note(item.get("note"), where, source, line),
                annotator=_who(item.get("annotator"), where, source, line),
            )
        )
    return frames


def parse_relations(value: Any, source: str | None, line: int | None) -> list[RelationRecord]:
    """The JSON ``relations`` list: ``{"head", "tail", "type", "id"?, "annotator"?}``."""
    out = []
    for k, item in enumerate(_list(value, "relations", source, line), 1):
        where = f"relation {k}"
        if not isinstance(item, dict):
            raise InputError(source, line, f"{where} must be an object")
        rtype = _name(item.get("type"), "type", where, source, line)
        where = f"relation {k} ({rtype})"
        for end in ("head", "tail"):
            if item.get(end) is None:
                raise InputError(source, line, f'{where}: no "{end}" (a span id)')
        rid = item.get("id")
        out.append(
            RelationRecord(
                head=_id(item["head"], f"{where}: head", source, line),
                tail=_id(item["tail"], f"{where}: tail", source, line),
                type=rtype,
                id=_id(rid, where, source, line) if rid is not None else None,
                annotator=_who(item.get("annotator"), where, source, line),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Checking references


_NO_SPAN = "not the id of a span of this document"


def check_links(record: DocRecord) -> None:
    """Refuse ``record`` (InputError with its source and line) when a span id is repeated, a
    frame or relation points at a span or frame it does not have, a frame's type is not its
    trigger's label, or frames are arguments of each other in a cycle. A frame read without a
    type takes its trigger's label."""
    if not record.frames and not record.relations:
        return
    source, line = record.source, record.line
    spans: dict[str, SpanRecord] = {}
    for k, sp in enumerate(record.spans, 1):
        if sp.id is None:
            continue
        if sp.id in spans:
            raise InputError(source, line, f"span {k}: id {sp.id!r} is used by another span")
        spans[sp.id] = sp
    frames: dict[str, FrameRecord] = {}
    for fr in record.frames:
        if fr.id in frames:
            raise InputError(source, line, f"frame {fr.id!r}: the id is used by another frame")
        frames[fr.id] = fr
    for k, fr in enumerate(record.frames, 1):
        where = f"frame {k} ({fr.id})"
        trigger = spans.get(fr.trigger)
        if trigger is None:
            raise InputError(
                source,
                line,
                f"{where}: trigger {fr.trigger!r} is not the id of a span of this document",
            )
        if not fr.type:
            fr.type = trigger.label
        elif fr.type != trigger.label:
            raise InputError(
                source,
                line,
                f"{where}: type {fr.type!r} is not its trigger's label {trigger.label!r}",
            )
        for j, arg in enumerate(fr.args, 1):
            at = f"{where}: argument {j} ({arg.role})"
            if arg.span is not None and arg.span not in spans:
                raise InputError(
                    source,
                    line,
                    f"{at} points at span {arg.span!r}: {_NO_SPAN}",
                )
            if arg.frame is not None and arg.frame not in frames:
                raise InputError(
                    source,
                    line,
                    f"{at} points at frame {arg.frame!r}: no frame of this document",
                )
    cycle = _cycle(frames)
    if cycle:
        raise InputError(source, line, f"frames are arguments of each other: {' -> '.join(cycle)}")
    for k, rel in enumerate(record.relations, 1):
        where = f"relation {k} ({rel.type})"
        for end, ref in (("head", rel.head), ("tail", rel.tail)):
            if ref not in spans:
                raise InputError(
                    source, line, f"{where}: {end} {ref!r} is not the id of a span of this document"
                )


def _cycle(frames: Mapping[str, FrameRecord]) -> list[str]:
    """A cycle of frame ids through frame arguments (``[a, b, a]``), or []."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    for root in frames:
        if state.get(root):
            continue
        path = [root]
        stack = [iter([a.frame for a in frames[root].args if a.frame is not None])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if state.get(nxt) is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter([a.frame for a in frames[nxt].args if a.frame is not None]))
    return []


# ---------------------------------------------------------------------------------------------
# Writing JSON


def frame_objects(record: DocRecord) -> list[dict[str, Any]]:
    """The JSONL ``frames`` of ``record``."""
    ref = json_id
    out = []
    for fr in record.frames:
        obj: dict[str, Any] = {
            "id": json_id(fr.id),
            "trigger": ref(fr.trigger),
            "type": fr.type,
            "args": [
                {"role": a.role, "span": ref(a.span)}
                if a.span is not None
                else {"role": a.role, "frame": json_id(a.frame or "")}
                for a in fr.args
            ],
        }
        if fr.attributes:
            obj["attributes"] = dict(fr.attributes)
        if fr.note:
            obj["note"] = fr.note
        if fr.annotator:
            obj["annotator"] = fr.annotator
        out.append(obj)
    return out


def relation_objects(record: DocRecord) -> list[dict[str, Any]]:
    """The JSONL ``relations`` of ``record``."""
    ref = json_id
    out = []
    for rel in record.relations:
        obj: dict[str, Any] = {"head": ref(rel.head), "tail": ref(rel.tail), "type": rel.type}
        if rel.id is not None:
            obj["id"] = json_id(rel.id)
        if rel.annotator:
            obj["annotator"] = rel.annotator
        out.append(obj)
    return out


def spans_by_id(record: DocRecord) -> dict[str, SpanRecord]:
    return {sp.id: sp for sp in record.spans if sp.id is not None}


def add_extras(counts: dict[str, Any], record: DocRecord) -> None:
    """Add the frames, relations, attributes and notes of ``record`` to a writer's report."""
    for key in ("frames", "relations", "attributes", "notes"):
        counts.setdefault(key, 0)
    frames = record.frames
    attributes = notes = 0
    for s in record.spans:  # one pass: most spans have neither
        if s.attributes:
            attributes += len(s.attributes)
        if s.note:
            notes += 1
    for f in frames:
        attributes += len(f.attributes)
        if f.note:
            notes += 1
    counts["frames"] += len(frames)
    counts["relations"] += len(record.relations)
    counts["attributes"] += attributes
    counts["notes"] += notes + (1 if record.note else 0)


def leave_out_extras(counts: dict[str, int], record: DocRecord, *, relations: bool) -> None:
    """Count what a format without frames, attributes and notes (and, unless ``relations``,
    relations) leaves out of ``record``."""
    add = {
        "frames": len(record.frames),
        "relations": 0 if relations else len(record.relations),
        "attributes": sum(len(s.attributes) for s in record.spans),
        "notes": sum(1 for s in record.spans if s.note)
        + sum(1 for f in record.frames if f.note)
        + (1 if record.note else 0),
    }
    for key, n in add.items():
        if n:
            counts[key] = counts.get(key, 0) + n


def extras_warnings(counts: Mapping[str, int], fmt: str) -> list[str]:
    """``["3 frames, 1 note left out: the doccano format has no place for them (...)"]``."""
    if not any(counts.values()):
        return []
    parts = [f"{n} {key if n != 1 else key[:-1]}" for key, n in counts.items() if n]
    return [
        f"{', '.join(parts)} left out: the {fmt} format has no place for them "
        "(the jsonl format keeps them)"
    ]
