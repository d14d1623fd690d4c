"""doccano sequence-labelling JSONL, both variants.

- default: ``{"id", "text", "label": [[start, end, "LABEL"], ...], ...metadata}``
- ``--doccano-entities``: ``{"id", "text", "entities": [{"id", "label", "start_offset",
  "end_offset"}], "relations": [], ...metadata}`` (doccano's export with relations enabled).

Metadata fields (title, status and the document's own metadata) are top-level keys, which doccano
keeps as the example's metadata; a metadata key that collides with a reserved key is written as
``meta.KEY``. Offsets are code points (doccano counts Python string indices).

Import detects the variant per line: ``entities`` (objects) or ``label`` / ``labels`` (triples);
doccano 1.x's ``data`` is accepted for ``text``. A ``label`` list of plain strings is document
classification, not spans: it is kept as metadata ``categories`` and reported. Relations cannot
be stored and are counted in a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import STATUSES, DocRecord, SpanRecord
from ._shared import ExportCounter, Warn, check_span_text
from .io import OnError, is_int, iter_json_objects, json_line, open_text_output, reject

_RESERVED = {"id", "text", "label", "labels", "entities", "relations", "title", "status", "data"}


def write_doccano(
    records: Iterable[DocRecord], output: Path, *, doccano_entities: bool = False
) -> dict[str, Any]:
    """Write ``records`` as doccano JSONL; ``doccano_entities`` selects the entities variant."""
    counter = ExportCounter("doccano")
    with open_text_output(output) as fh:
        for rec in records:
            check_span_text(rec)
            counter.documents += 1
            obj: dict[str, Any] = {"id": rec.external_id, "text": rec.text}
            if doccano_entities:
                obj["entities"] = [
                    {"id": k, "label": sp.label, "start_offset": sp.start, "end_offset": sp.end}
                    for k, sp in enumerate(rec.spans, 1)
                ]
                obj["relations"] = []
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
    return counter.report()


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
            spans.append(SpanRecord(s, e, lab.strip()))
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


def read_doccano(
    path: Path, *, name: str, on_error: OnError | None = None, warn: Warn | None = None
) -> Iterator[DocRecord]:
    """Examples of a doccano JSONL file (either variant) as documents."""
    source = str(path)
    relations = 0
    categorised = 0
    for lineno, obj in iter_json_objects(path, on_error):
        try:
            text = obj.get("text", obj.get("data"))
            if not isinstance(text, str):
                raise InputError(source, lineno, 'the example has no "text"')
            spans, categories = _spans(obj, source, lineno)
            if isinstance(obj.get("relations"), list):
                relations += len(obj["relations"])
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
            yield DocRecord(
                text=text,
                external_id=str(ext) if ext is not None else f"{name}:{lineno}",
                title=title if isinstance(title, str) else None,
                meta=meta,
                status=status,
                spans=spans,
                source=source,
                line=lineno,
            )
        except InputError as err:
            reject(err, on_error)
    if warn is not None:
        if relations:
            warn(f"{source}: {relations} relation(s) ignored (annotator stores spans only)")
        if categorised:
            warn(
                f'{source}: {categorised} example(s) had document categories in "label", '
                'not spans; kept as metadata "categories"'
            )
