"""JSONL: one JSON object per line.

Import: ``{"text": ...}`` with optional ``id``, ``title``, ``meta`` (an object), ``status``,
``spans`` (``[{"start", "end", "label", "text"?, "annotator"?, "id"?, "attributes"?, "note"?}]``,
offsets into ``text`` exactly as it stands in the file), ``frames``, ``relations`` and ``note``.
Export writes ``id``, ``title``, ``text``, ``meta``, ``status``, ``spans`` (each ``id``,
``start``, ``end``, ``label``, ``text``, ``annotator``, plus ``attributes`` and ``note`` when
set), ``frames``, ``relations`` (always, maybe empty) and ``note`` (when set), which imports back
without loss:

- a span's ``id`` (a string or number, unique within the document; a project's export writes
  "T1", "T2", ...) is what frames and relations point at; spans without one are numbered 1, 2,
  ... on export;
- ``frames``: ``[{"id": "F1", "trigger": 3, "type": "EVENT", "args": [{"role": "agent",
  "span": 4}, {"role": "about", "frame": "F2"}], "attributes": {"type": "attack"},
  "note": "...", "annotator": "..."}]``; ``type`` is the trigger's label (optional on import);
- ``relations``: ``[{"head": 4, "tail": 5, "type": "member_of", "id"?: ..., "annotator"?: ...}]``;
- ``attributes``: ``{"name": "value", "flag": true}`` on spans and frames.

A reference to a span or frame the document does not have, a repeated id, or frames that are
arguments of each other in a cycle refuse the line, naming the frame or relation.
Files without these keys read as before.

An export asked to include suggestions (``--include-suggestions``) adds each pending one to
``spans`` as ``{"start", "end", "label", "text", "suggestion": {"source", "score"}}``; the import
skips span objects with a ``suggestion`` key (they are not spans).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from ..errors import InputError
from ..model import STATUSES, DocRecord, SpanRecord
from ._links import (
    add_extras,
    check_links,
    export_span_ids,
    frame_objects,
    json_id,
    parse_attributes,
    parse_frames,
    parse_note,
    parse_relations,
    relation_objects,
)
from ._shared import check_span_text
from .io import OnError, dumps, dumps_line, is_int, iter_json_lines, open_output, reject

_PLAIN_SPAN = frozenset(("start", "end", "label", "text", "annotator"))


def parse_spans(
    value: Any, text: str, source: str, line: int, *, key: str = "spans"
) -> list[SpanRecord]:
    """Validate a list of span objects against the raw ``text``; InputError on the first bad one."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(source, line, f'"{key}" must be a list, not {type(value).__name__}')
    spans = []
    length = len(text)
    for i, item in enumerate(value):
        if type(item) is dict and "suggestion" in item:
            continue  # an exported suggestion (--include-suggestions), not a span
        # Fast path for the common, valid span (imports of 50,000 documents spend real time
        # here); anything unusual falls through to the checks below, which name the problem.
        if type(item) is dict:
            start, end, label = item.get("start"), item.get("end"), item.get("label")
            surface, annotator = item.get("text"), item.get("annotator")
            if (
                type(start) is int
                and type(end) is int
                and type(label) is str
                and 0 <= start < end <= length
                and label
                and not label[0].isspace()
                and not label[-1].isspace()
                and (surface is None or (type(surface) is str and text[start:end] == surface))
                and (annotator is None or type(annotator) is str)
            ):
                span = SpanRecord(start, end, label, surface, annotator or None)
                if not item.keys() <= _PLAIN_SPAN:  # id, attributes, note (or unknown keys)
                    _span_extras(span, item, f"span {i + 1}", source, line)
                spans.append(span)
                continue
        where = f"span {i + 1}"
        if not isinstance(item, dict):
            raise InputError(source, line, f"{where} must be an object")
        start, end, label = item.get("start"), item.get("end"), item.get("label")
        if not is_int(start) or not is_int(end):
            raise InputError(
                source, line, f"{where}: start and end must be integers, got {start!r}, {end!r}"
            )
        if not isinstance(label, str) or not label.strip():
            raise InputError(source, line, f"{where}: label must be a non-empty string")
        if start >= end:
            raise InputError(source, line, f"{where}: start {start} must be before end {end}")
        if start < 0 or end > len(text):
            raise InputError(
                source,
                line,
                f"{where}: {start}-{end} is outside the text (length {len(text)})",
            )
        surface = item.get("text")
        if surface is not None:
            if not isinstance(surface, str):
                raise InputError(source, line, f"{where}: text must be a string")
            if text[start:end] != surface:
                raise InputError(
                    source,
                    line,
                    f"{where}: text {surface!r} does not match the text at {start}-{end} "
                    f"({text[start:end]!r})",
                )
        annotator = item.get("annotator")
        if annotator is not None and not isinstance(annotator, str):
            raise InputError(source, line, f"{where}: annotator must be a string")
        span = SpanRecord(start, end, label.strip(), surface, annotator or None)
        _span_extras(span, item, where, source, line)
        spans.append(span)
    return spans


def _span_extras(
    span: SpanRecord, item: dict[str, Any], where: str, source: str, line: int
) -> None:
    """A span object's ``id``, ``attributes`` and ``note``."""
    sid = item.get("id")
    if sid is not None:
        if is_int(sid):
            span.id = str(sid)
        elif isinstance(sid, str) and sid.strip():
            span.id = sid.strip()
        else:
            raise InputError(source, line, f"{where}: id must be a string or integer, got {sid!r}")
    if "attributes" in item:
        span.attributes = parse_attributes(item["attributes"], where, source, line)
    if "note" in item:
        span.note = parse_note(item["note"], where, source, line)


def parse_document(obj: Any, source: str, line: int) -> DocRecord:
    """One JSONL object as a DocRecord (raw offsets); InputError naming source and line."""
    if not isinstance(obj, dict):
        raise InputError(source, line, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if text is None:
        raise InputError(source, line, 'missing "text"')
    if not isinstance(text, str):
        raise InputError(source, line, f'"text" must be a string, not {type(text).__name__}')
    if not text.strip():
        raise InputError(source, line, '"text" is empty')
    doc_id = obj.get("id")
    if doc_id is not None:
        if is_int(doc_id):
            doc_id = str(doc_id)
        elif not isinstance(doc_id, str):
            raise InputError(source, line, f'"id" must be a string or integer, got {doc_id!r}')
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(source, line, f'"title" must be a string, got {title!r}')
    meta = obj.get("meta")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise InputError(source, line, f'"meta" must be an object, not {type(meta).__name__}')
    status = obj.get("status")
    if status is not None and status not in STATUSES:
        raise InputError(
            source, line, f'"status" must be one of {", ".join(STATUSES)}, got {status!r}'
        )
    spans = parse_spans(obj.get("spans"), text, source, line)
    record = DocRecord(
        text=text,
        external_id=doc_id,
        title=title,
        meta=meta,
        status=status,
        spans=spans,
        frames=parse_frames(obj.get("frames"), source, line),
        relations=parse_relations(obj.get("relations"), source, line),
        note=parse_note(obj.get("note"), "document", source, line),
        source=source,
        line=line,
        spans_checked=True,  # parse_spans checked each one against ``text``
    )
    check_links(record)
    return record


def read_jsonl(path: Path, *, name: str, on_error: OnError | None = None) -> Iterator[DocRecord]:
    source = str(path)
    for lineno, obj in iter_json_lines(path, on_error):
        try:
            yield parse_document(obj, source, lineno)
        except InputError as err:
            reject(err, on_error)


def span_objects(record: DocRecord) -> list[dict[str, Any]]:
    """The exported spans of one record (JSONL ``spans``, CSV ``spans`` column), each checked
    against the text first (``check_span_text``'s error for one that disagrees)."""
    text = record.text
    spans = record.spans
    own = [s.id for s in spans]
    ids: Iterable[int | str]
    if None not in own:  # from a project ("T1", ...) or a file with ids; "3" is written 3
        ids = [i if not i.isdigit() else json_id(i) for i in cast(list[str], own)]
    elif all(i is None for i in own):  # numbered 1, 2, ...
        ids = range(1, len(spans) + 1)
    else:
        ids = [json_id(i) for i in export_span_ids(record)]
    out: list[dict[str, Any]] = []
    append = out.append
    size = len(text)
    for s, sid in zip(spans, ids, strict=True):
        start, end = s.start, s.end
        surface = text[start:end]
        if not 0 <= start < end <= size or (s.text is not None and s.text != surface):
            check_span_text(record)  # rule 2, checked on the way: it raises, naming the span
        obj: dict[str, Any] = {
            "id": sid,
            "start": start,
            "end": end,
            "label": s.label,
            "text": surface,
            "annotator": s.annotator,
        }
        if s.attributes:
            obj["attributes"] = dict(s.attributes)
        if s.note:
            obj["note"] = s.note
        append(obj)
    return out


def suggestion_objects(record: DocRecord) -> list[dict[str, Any]]:
    """The pending suggestions an export was asked to include, marked as such."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "text": record.text[s.start : s.end],
            "suggestion": s.suggestion,
        }
        for s in record.suggestions
    ]


def record_to_json(record: DocRecord) -> dict[str, Any]:
    """The export object of one record (``span_objects`` checks the spans against the text)."""
    obj = {
        "id": record.external_id,
        "title": record.title,
        "text": record.text,
        "meta": record.meta,
        "status": record.status,
        "spans": span_objects(record) + suggestion_objects(record)
        if record.suggestions
        else span_objects(record),
        "frames": frame_objects(record),
        "relations": relation_objects(record),
    }
    if record.note:
        obj["note"] = record.note
    return obj


def write_jsonl(records: Iterable[DocRecord], output: Path) -> dict[str, Any]:
    documents = spans = suggestions = 0
    extras: dict[str, Any] = {}
    with open_output(output) as fh:
        # orjson's UTF-8 straight to the file under the text layer: decoding each line to str
        # for the text layer to encode it again took a sixth of a JSONL export
        raw = getattr(fh, "buffer", None)
        if raw is not None:
            fh.flush()
        for record in records:
            if raw is not None:
                raw.write(dumps_line(record_to_json(record)))
            else:  # a text-only stream (captured output)
                fh.write(dumps(record_to_json(record)))
                fh.write("\n")
            documents += 1
            spans += len(record.spans)
            suggestions += len(record.suggestions)
            add_extras(extras, record)
    report: dict[str, Any] = {"documents": documents, "spans": spans, **extras}
    if suggestions:
        report["suggestions"] = suggestions
    report["output"] = str(output)
    return report
