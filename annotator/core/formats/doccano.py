"""doccano sequence-labelling JSONL, both variants.

- default: ``{"id", "text", "label": [[start, end, "LABEL"], ...], ...metadata}``
- ``--doccano-entities``: ``{"id", "text", "entities": [{"id", "label", "start_offset",
  "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}], ...metadata}`` (doccano's
  export with relations enabled: ``from_id``/``to_id`` are entity ids of the same example).

Metadata fields (title, status and the document's own metadata) are top-level keys, which doccano
keeps as the example's metadata; a metadata key that collides with a reserved key is written as
``meta.KEY``. Offsets are code points (doccano counts Python string indices).

Import detects the variant per line: ``entities`` (objects) or ``label`` / ``labels`` (triples);
doccano 1.x's ``data`` is accepted for ``text``. A ``label`` list of plain strings is document
classification, not spans: it is kept as metadata ``categories`` and reported. Relations of the
entities variant are imported (a relation naming an entity the example does not have refuses the
line); the ``label`` variant has no relations.

What doccano cannot hold is left out of an export and counted in a warning: relations in the
``label`` variant; in both variants frames, attributes and notes. Frames are NOT written as
relations named by their roles: that would not come back as frames on re-import (a relation
``agent`` from an EVENT trigger cannot say which of several frames on that trigger it belongs to,
a CLAIM ``about`` an EVENT is a frame argument, not a span, and frame attributes and notes have
nowhere to go), and it would be indistinguishable from a relation type of the same name. Use
jsonl for frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import STATUSES, DocRecord, RelationRecord, SpanRecord
from ._links import check_links, export_span_ids
from ._shared import ExportCounter, Warn, check_span_text
from .io import OnError, is_int, iter_json_objects, json_line, open_text_output, reject

_RESERVED = {"id", "text", "label", "labels", "entities", "relations", "title", "status", "data"}


def write_doccano(
    records: Iterable[DocRecord], output: Path, *, doccano_entities: bool = False
) -> dict[str, Any]:
    """Write ``records`` as doccano JSONL; ``doccano_entities`` selects the entities variant."""
    counter = ExportCounter("doccano")
    relations = 0
    with open_text_output(output) as fh:
        for rec in records:
            check_span_text(rec)
            counter.documents += 1
            counter.leave_out_extras(rec, relations=doccano_entities)
            obj: dict[str, Any] = {"id": rec.external_id, "text": rec.text}
            if doccano_entities:
                ids = _entity_ids(rec)
                obj["entities"] = [
                    {"id": k, "label": sp.label, "start_offset": sp.start, "end_offset": sp.end}
                    for k, sp in zip(ids.values(), rec.spans, strict=True)
                ]
                obj["relations"] = [
                    {
                        "id": _int_id(rel.id) or k,
                        "from_id": ids[rel.head],
                        "to_id": ids[rel.tail],
                        "type": rel.type,
                    }
                    for k, rel in enumerate(rec.relations, 1)
                ]
                relations += len(rec.relations)
            else:
                obj["label"] = [[sp.start, sp.end, sp.label] for sp in rec.spans]
            for sp in rec.spans:
                counter.wrote(sp)
            if rec.title:
                obj["title"] = rec.title
            if rec.status:
                obj["status"] = rec.status
            for key, value in (rec.meta or {}).items():
                obj["meta." + key if key in _RESERVED or key.startswith("meta.") else key] = value
            fh.write(json_line(obj))
    counter.extra["variant"] = "entities" if doccano_entities else "label"
    counter.extra["relations"] = relations
    return counter.report()


def _int_id(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and value.isascii() else None


def _entity_ids(rec: DocRecord) -> dict[str, int]:
    """Span id -> doccano entity id (an integer): the span's own when every span's id is a
    number (an import from doccano keeps them), else 1, 2, ... in order."""
    ids = export_span_ids(rec)
    numbers = [_int_id(i) for i in ids]
    if all(n is not None for n in numbers):
        return {i: n for i, n in zip(ids, numbers, strict=True) if n is not None}
    return {i: k for k, i in enumerate(ids, 1)}


def _spans(obj: dict[str, Any], source: str, line: int) -> tuple[list[SpanRecord], list[str]]:
    """Spans of one example, and document categories if ``label`` holds those instead."""
    spans: list[SpanRecord] = []
    if isinstance(obj.get("entities"), list):
        for k, ent in enumerate(obj["entities"], 1):
            if not isinstance(ent, dict):
                raise InputError(source, line, f"entity {k} is not an object")
            s, e, lab = ent.get("start_offset"), ent.get("end_offset"), ent.get("label")
            if not (is_int(s) and is_int(e)):
                raise InputError(source, line, f"entity {k}: start_offset/end_offset not integers")
            if not isinstance(lab, str) or not lab.strip():
                raise InputError(source, line, f"entity {k} has no label")
            eid = ent.get("id")
            sid = str(eid) if is_int(eid) or (isinstance(eid, str) and eid) else None
            spans.append(SpanRecord(s, e, lab.strip(), id=sid))
        return spans, []
    labels = obj.get("label", obj.get("labels"))
    if labels is None:
        return [], []
    if not isinstance(labels, list):
        raise InputError(source, line, '"label" must be a list')
    if labels and all(isinstance(x, str) for x in labels):
        return [], list(labels)
    for k, item in enumerate(labels, 1):
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not is_int(item[0])
            or not is_int(item[1])
            or not isinstance(item[2], str)
        ):
            raise InputError(source, line, f'label {k} is not [start, end, "LABEL"]: {item!r}')
        spans.append(SpanRecord(item[0], item[1], item[2].strip()))
    return spans, []


def _relations(value: Any, source: str, line: int) -> list[RelationRecord]:
    """doccano's ``relations``: ``{"id", "from_id", "to_id", "type"}`` between entity ids."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(source, line, '"relations" must be a list')
    out = []
    for k, rel in enumerate(value, 1):
        if not isinstance(rel, dict):
            raise InputError(source, line, f"relation {k} is not an object")
        head, tail, rtype = rel.get("from_id"), rel.get("to_id"), rel.get("type")
        if not isinstance(rtype, str) or not rtype.strip():
            raise InputError(source, line, f"relation {k} has no type")
        if not (is_int(head) or isinstance(head, str)) or not (
            is_int(tail) or isinstance(tail, str)
        ):
            raise InputError(source, line, f"relation {k} ({rtype}): no from_id and to_id")
        rid = rel.get("id")
        out.append(
            RelationRecord(
                str(head), str(tail), rtype.strip(), id=str(rid) if rid is not None else None
            )
        )
    return out


def read_doccano(
    path: Path, *, name: str, on_error: OnError | None = None, warn: Warn | None = None
) -> Iterator[DocRecord]:
    """Examples of a doccano JSONL file (either variant) as documents."""
    source = str(path)
    categorised = 0
    for lineno, obj in iter_json_objects(path, on_error):
        try:
            text = obj.get("text", obj.get("data"))
            if not isinstance(text, str):
                raise InputError(source, lineno, 'the example has no "text"')
            spans, categories = _spans(obj, source, lineno)
            relations = _relations(obj.get("relations"), source, lineno)
            meta: dict[str, Any] = {}
            for key, value in obj.items():
                if key in _RESERVED:
                    continue
                meta[key[5:] if key.startswith("meta.") else key] = value
            if categories:
                categorised += 1
                meta["categories"] = categories
            status = obj.get("status")
            if status not in STATUSES:
                if status is not None:
                    meta["status"] = status
                status = None
            ext = obj.get("id")
            title = obj.get("title")
            record = DocRecord(
                text=text,
                external_id=str(ext) if ext is not None else f"{name}:{lineno}",
                title=title if isinstance(title, str) else None,
                meta=meta,
                status=status,
                spans=spans,
                relations=relations,
                source=source,
                line=lineno,
            )
            check_links(record)
            yield record
        except InputError as err:
            reject(err, on_error)
    if warn is not None:
        if categorised:
            warn(
                f'{source}: {categorised} example(s) had document categories in "label", '
                'not spans; kept as metadata "categories"'
            )
