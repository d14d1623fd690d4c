"""The events table: one row per EVENT frame, for analysis in R, Stata or a spreadsheet.

Export only. The output's name chooses the form, as the csv export chooses its delimiter: CSV by
default, TSV for ``.tsv``/``.tab`` (or the ``delimiter`` option), the same rows as JSON lines for
``.jsonl``/``.ndjson`` (a ``--split`` writes CSV parts). Columns (docs/formats.md has the table):

``document_id`` (the document's external id), ``title``, ``event_id`` (the frame's id within the
document), ``trigger`` (the trigger's text), ``start``/``end`` (its code-point offsets, end
exclusive), ``event_type`` (the frame's ``type`` attribute), ``negated`` (1 when the frame or its
trigger has the ``negated`` flag, else 0; true/false in JSON), ``agent``, ``target``,
``location`` (the texts of the role fillers; a frame filler gives its trigger's text),
``claimant`` and ``claim`` (from every CLAIM frame ``about`` this event: its claimants' texts and
its trigger's text), ``annotator`` (the frame's, else its trigger's) and ``note`` (the frame's).
Several fillers of one column are joined with `` | `` in document order. The names are the
default scheme's (EVENT, CLAIM, the roles and attributes above); other roles are not columns.

The CSV has no byte-order mark, like the csv export: R's ``read.csv(..., encoding = "UTF-8")`` /
``readr::read_csv`` and Stata's ``import delimited ..., encoding(utf-8)`` read it as is (a BOM
would become part of the first column's name in R's read.csv); Excel opens it through
Data > From Text/CSV with UTF-8 chosen.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import DocRecord, FrameRecord, SpanRecord
from ._links import spans_by_id
from ._shared import check_span_text
from .io import dumps, open_text_output

EVENT, CLAIM = "EVENT", "CLAIM"
ROLES = ("agent", "target", "location")
COLUMNS = [
    "document_id",
    "title",
    "event_id",
    "trigger",
    "start",
    "end",
    "event_type",
    "negated",
    "agent",
    "target",
    "location",
    "claimant",
    "claim",
    "annotator",
    "note",
]
JOIN = " | "


def event_rows(record: DocRecord) -> Iterator[dict[str, Any]]:
    """The rows of one document's EVENT frames, in the order of their triggers."""
    spans = spans_by_id(record)
    frames = {fr.id: fr for fr in record.frames}
    text = record.text

    def surface(sp: SpanRecord) -> str:
        return text[sp.start : sp.end]

    def filler_texts(fr: FrameRecord, role: str) -> str:
        found: list[SpanRecord] = []
        for arg in fr.args:
            if arg.role != role:
                continue
            if arg.span is not None:
                found.append(spans[arg.span])
            elif arg.frame is not None:
                found.append(spans[frames[arg.frame].trigger])
        found.sort(key=lambda sp: (sp.start, sp.end))
        return JOIN.join(surface(sp) for sp in found)

    claims: dict[str, list[FrameRecord]] = {}
    for fr in record.frames:
        if fr.type == CLAIM:
            for arg in fr.args:
                if arg.role == "about" and arg.frame is not None:
                    claims.setdefault(arg.frame, []).append(fr)
    events = [fr for fr in record.frames if fr.type == EVENT]
    events.sort(key=lambda fr: (spans[fr.trigger].start, spans[fr.trigger].end))
    for fr in events:
        trigger = spans[fr.trigger]
        about = sorted(claims.get(fr.id, []), key=lambda c: spans[c.trigger].start)
        yield {
            "document_id": record.external_id or "",
            "title": record.title or "",
            "event_id": fr.id,
            "trigger": surface(trigger),
            "start": trigger.start,
            "end": trigger.end,
            "event_type": fr.attributes.get("type", "") or "",
            "negated": fr.attributes.get("negated") is True
            or trigger.attributes.get("negated") is True,
            **{role: filler_texts(fr, role) for role in ROLES},
            "claimant": JOIN.join(t for c in about if (t := filler_texts(c, "claimant"))),
            "claim": JOIN.join(surface(spans[c.trigger]) for c in about),
            "annotator": fr.annotator or trigger.annotator or "",
            "note": fr.note or "",
        }


def _rows(records: Iterable[DocRecord], report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for rec in records:
        check_span_text(rec)
        report["documents"] += 1
        report["spans"] += len(rec.spans)
        for row in event_rows(rec):
            report["events"] += 1
            yield row


def _report(output: Path) -> dict[str, Any]:
    return {"documents": 0, "spans": 0, "events": 0, "output": str(output)}


JSONL_SUFFIXES = (".jsonl", ".ndjson")


def write_events(
    records: Iterable[DocRecord], output: Path, delimiter: str | None = None
) -> dict[str, Any]:
    """One row per EVENT frame (see the module docstring): JSON lines for a ``.jsonl`` output,
    else CSV; returns the report."""
    if output.suffix.lower() in JSONL_SUFFIXES and delimiter is None:
        return _write_jsonl(records, output)
    return _write_csv(records, output, delimiter)


def _write_csv(records: Iterable[DocRecord], output: Path, delimiter: str | None) -> dict[str, Any]:
    if delimiter in ("tab", "\\t"):
        delimiter = "\t"
    if delimiter is None:
        delimiter = "\t" if output.suffix.lower() in (".tsv", ".tab") else ","
    report = _report(output)
    with open_text_output(output) as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in _rows(records, report):
            row["negated"] = int(row["negated"])
            writer.writerow([row[c] for c in COLUMNS])
    return report


def _write_jsonl(records: Iterable[DocRecord], output: Path) -> dict[str, Any]:
    """The same rows as JSON lines (``negated`` true/false, offsets as numbers)."""
    report = _report(output)
    with open_text_output(output) as fh:
        for row in _rows(records, report):
            fh.write(dumps(row))
            fh.write("\n")
    return report
