"""CSV and TSV: one row per document, with a header row.

``text_column`` names the text, ``title_column`` and ``id_column`` the title and id; without them
the columns called ``text``, ``title`` and ``id`` are used when present (as in JSONL), and a file
without a ``text`` column is refused with the columns it has. A missing title is the text's first
line (made at import, the rule of every reader). Every other column goes into the document's
metadata. The delimiter comes from the extension (.tsv is
tab) or is sniffed from the start of the file. Export writes ``id, title, status, text, meta,
spans`` with ``meta`` and ``spans`` as JSON (the JSONL span objects, code-point offsets), and
imports back without loss: a column called ``spans`` is always read as those span objects (with
their ids, attributes and notes), and a file with exactly the export's header also gives back
``status`` and ``meta``. Frames, relations and document notes have no column: they are counted
in a warning (the jsonl format keeps them).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError, InputError
from ..model import DocRecord
from ..text import UTF8_BOM, decode_line
from ._links import extras_warnings
from ._shared import check_span_text
from .io import OnError, open_input, open_output, reject, utf16_error
from .jsonl import parse_spans, span_objects

EXPORT_HEADER = ["id", "title", "status", "text", "meta", "spans"]

_SNIFF_BYTES = 64 * 1024
# The sniffer's regular expressions take time that grows faster than the sample (64 KiB of
# '"a,' took 20 s): it sees at most this many characters, whole lines where there are any.
_SNIFF_CHARS = 4096

# Large article texts exceed the csv module's default field limit of 128 KiB.
csv.field_size_limit(1 << 30)


def _lines(fh: Any, source: str) -> Iterator[str]:
    """Decoded lines (line ends kept, so quoted multi-line fields survive), refusing bad bytes."""
    for lineno, raw in enumerate(fh, start=1):
        if lineno == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
        if b"\x00" in raw:
            raise InputError(source, lineno, "not a text file (contains NUL bytes)")
        yield decode_line(raw, source, lineno)


def _delimiter(path: Path, sample: bytes, delimiter: str | None) -> str:
    if delimiter:
        return "\t" if delimiter in ("tab", "\\t") else delimiter
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    text = sample.decode("utf-8", errors="replace")[:_SNIFF_CHARS]
    # Sniff on whole lines only: a cut-off last line misleads the sniffer.
    if "\n" in text:
        text = text[: text.rfind("\n")]
    try:
        return csv.Sniffer().sniff(text, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _column_list(header: list[str]) -> str:
    """The header's columns for a message: the first ten, each cut to 40 characters."""
    shown = ", ".join(repr(h[:40]) for h in header[:10])
    return shown + (f", ... ({len(header)} columns)" if len(header) > 10 else "")


def _column(
    header: list[str], wanted: str | None, option: str, source: str, default: str | None = None
) -> int | None:
    """The index of column ``wanted``; without one, of column ``default`` if the file has it.
    An empty ``wanted`` means no such column (the import dialog's "(none)")."""
    if wanted == "":
        return None
    if wanted is None:
        if default is None:
            return None
        found = _find_column(header, default)
        if found is None and option == "--text-column":
            columns = _column_list(header)
            raise AnnotatorError(
                f"{source}: no column called 'text'; choose the text's column with "
                f"--text-column (columns: {columns})"
            )
        return found
    found = _find_column(header, wanted)
    if found is not None:
        return found
    columns = _column_list(header)
    raise InputError(source, 1, f"no column {wanted!r} for {option} (columns: {columns})")


def _find_column(header: list[str], wanted: str) -> int | None:
    if wanted in header:
        return header.index(wanted)
    # Forgive case and surrounding spaces, but only when that is unambiguous.
    folded = [i for i, h in enumerate(header) if h.strip().casefold() == wanted.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def read_csv(
    path: Path,
    *,
    name: str,
    on_error: OnError | None = None,
    text_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    delimiter: str | None = None,
) -> Iterator[DocRecord]:
    source = str(path)
    fh = open_input(path, on_error)
    if fh is None:
        return
    with fh:
        sample = fh.read(_SNIFF_BYTES)
        fh.seek(0)
        wide = utf16_error(sample, source)
        if wide is not None:
            reject(wide, on_error)
            return
        sep = _delimiter(path, sample, delimiter)
        reader = csv.reader(_lines(fh, source), delimiter=sep)
        try:
            header = next(reader, None)
        except InputError as err:
            reject(err, on_error)
            return
        except csv.Error as exc:  # a stray CR in the header row, ...
            reject(InputError(source, 1, f"bad CSV header row: {exc}"), on_error)
            return
        if header is None:
            reject(InputError(source, None, "the file is empty (no header row)"), on_error)
            return
        header = [h.strip() for h in header]
        # Column problems concern the whole file, not a record: skipping cannot help, so they
        # are raised even with --skip-invalid.
        text_i = _column(header, text_column, "--text-column", source, "text")
        assert text_i is not None
        title_i = _column(header, title_column, "--title-column", source, "title")
        id_i = _column(header, id_column, "--id-column", source, "id")
        # a column chosen for the text is not also taken by default as the title or id
        if title_column is None and title_i == text_i:
            title_i = None
        if id_column is None and id_i in (text_i, title_i):
            id_i = None
        spans_i = _find_column(header, "spans")
        if spans_i in (text_i, title_i, id_i):
            spans_i = None
        # our own export: status and meta (JSON) come back as what they were
        own = header == EXPORT_HEADER
        status_i, meta_i = (2, 4) if own else (None, None)
        used = {i for i in (text_i, title_i, id_i, spans_i, status_i, meta_i) if i is not None}
        try:
            width = len(header)
            last_line = reader.line_num
            for row in reader:
                line = last_line + 1
                last_line = reader.line_num
                if not row or all(not cell.strip() for cell in row):
                    continue
                if len(row) != width:
                    reject(
                        InputError(
                            source, line, f"has {len(row)} fields but the header has {width}"
                        ),
                        on_error,
                    )
                    continue
                text = row[text_i]
                if not text.strip():
                    reject(InputError(source, line, f"empty {header[text_i]!r}"), on_error)
                    continue
                meta = {header[i]: cell for i, cell in enumerate(row) if i not in used}
                title = row[title_i].strip() if title_i is not None else None
                doc_id = row[id_i].strip() if id_i is not None else None
                try:
                    spans = _json_cell(row, spans_i, source, line, "spans")
                    spans = parse_spans(spans, text, source, line)
                    if meta_i is not None:
                        own_meta = _json_cell(row, meta_i, source, line, "meta") or {}
                        if not isinstance(own_meta, dict):
                            raise InputError(source, line, '"meta" must be a JSON object')
                        meta = {**own_meta, **meta}
                except InputError as err:
                    reject(err, on_error)
                    continue
                yield DocRecord(
                    text=text,
                    external_id=doc_id or f"{name}:{line}",
                    title=title or None,  # else made from the cleaned text at import
                    meta=meta,
                    status=(row[status_i].strip() or None) if status_i is not None else None,
                    spans=spans,
                    source=source,
                    line=line,
                )
        except InputError as err:
            # From the line decoder: the rest of the file cannot be read.
            reject(err, on_error)
        except csv.Error as exc:
            reject(InputError(source, reader.line_num, f"bad CSV: {exc}"), on_error)


def _json_cell(row: list[str], i: int | None, source: str, line: int, column: str) -> Any:
    """The JSON in column ``i`` of ``row`` (None for no column or an empty cell)."""
    if i is None or not row[i].strip():
        return None
    try:
        return json.loads(row[i])
    except json.JSONDecodeError as exc:
        raise InputError(source, line, f"column {column!r} is not valid JSON ({exc.msg})") from None


def write_csv(
    records: Iterable[DocRecord], output: Path, delimiter: str | None = None
) -> dict[str, Any]:
    if delimiter is None:
        delimiter = "\t" if output.suffix.lower() in (".tsv", ".tab") else ","
    documents = spans = 0
    left: dict[str, int] = {}
    with open_output(output) as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["id", "title", "status", "text", "meta", "spans"])
        for record in records:
            check_span_text(record)
            writer.writerow(
                [
                    record.external_id or "",
                    record.title or "",
                    record.status or "",
                    record.text,
                    json.dumps(record.meta, ensure_ascii=False),
                    json.dumps(span_objects(record), ensure_ascii=False),
                ]
            )
            documents += 1
            spans += len(record.spans)
            # span ids, attributes and notes travel in the spans JSON; these have no column
            for key, n in (
                ("frames", len(record.frames)),
                ("relations", len(record.relations)),
                ("notes", 1 if record.note else 0),
            ):
                if n:
                    left[key] = left.get(key, 0) + n
    report: dict[str, Any] = {"documents": documents, "spans": spans, "output": str(output)}
    if left:
        report["left_out_other"] = left
        report["warnings"] = extras_warnings(left, "csv")
    return report
