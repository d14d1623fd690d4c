"""JSONL: one JSON object per line.

Import: ``{"text": ...}`` with optional ``id``, ``title``, ``meta`` (an object), ``status`` and
``spans`` (``[{"start", "end", "label", "text"?, "annotator"?}]``, offsets into ``text`` exactly
as it stands in the file). Export writes ``id``, ``title``, ``text``, ``meta``, ``status`` and
``spans`` (each ``start``, ``end``, ``label``, ``text``, ``annotator``), which imports back
without loss. An export asked to include suggestions (``--include-suggestions``) adds each
pending one to ``spans`` as ``{"start", "end", "label", "text", "suggestion": {"source",
"score"}}``; the import skips span objects with a ``suggestion`` key (they are not spans).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import STATUSES, DocRecord, SpanRecord
from ._shared import check_span_text
from .io import OnError, dumps, dumps_line, is_int, iter_json_lines, open_output, reject


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
                spans.append(SpanRecord(start, end, label, surface, annotator or None))
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
        spans.append(SpanRecord(start, end, label.strip(), surface, annotator or None))
    return spans


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
    return DocRecord(
        text=text,
        external_id=doc_id,
        title=title,
        meta=meta,
        status=status,
        spans=spans,
        source=source,
        line=line,
        spans_checked=True,  # parse_spans checked each one against ``text``
    )


def read_jsonl(path: Path, *, name: str, on_error: OnError | None = None) -> Iterator[DocRecord]:
    source = str(path)
    for lineno, obj in iter_json_lines(path, on_error):
        try:
            yield parse_document(obj, source, lineno)
        except InputError as err:
            reject(err, on_error)


def span_objects(record: DocRecord) -> list[dict[str, Any]]:
    """The exported spans of one record (JSONL ``spans``, CSV ``spans`` column)."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "text": record.text[s.start : s.end],
            "annotator": s.annotator,
        }
        for s in record.spans
    ]


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
    """The export object of one record (spans checked against the text first)."""
    check_span_text(record)
    return {
        "id": record.external_id,
        "title": record.title,
        "text": record.text,
        "meta": record.meta,
        "status": record.status,
        "spans": span_objects(record) + suggestion_objects(record)
        if record.suggestions
        else span_objects(record),
    }


def write_jsonl(records: Iterable[DocRecord], output: Path) -> dict[str, Any]:
    documents = spans = suggestions = 0
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
    report: dict[str, Any] = {"documents": documents, "spans": spans, "output": str(output)}
    if suggestions:
        report["suggestions"] = suggestions
    return report
