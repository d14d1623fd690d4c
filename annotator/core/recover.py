"""``annotator recover``: copy what can still be read of a damaged project into a new one.

The damaged file is opened read-only. Rows are read in id order a batch at a time; where a
batch cannot be read (a malformed page), each id is tried on its own, so one bad page loses only
the rows on it. A document is kept if its text is readable UTF-8; a span if it is readable, its
label exists and its stored text matches the document's text there. Everything left behind is
counted and, for the first rows, listed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AnnotatorError
from .schema import ROW_TABLES
from .text import text_key

MAX_LISTED = 50
_BATCH = 200


@dataclass
class RecoverReport:
    output: str
    documents: int = 0
    spans: int = 0
    labels: int = 0
    lost: list[str] = field(default_factory=list)
    lost_count: int = 0

    def lose(self, what: str) -> None:
        self.lost_count += 1
        if len(self.lost) < MAX_LISTED:
            self.lost.append(what)


def _rows(
    conn: sqlite3.Connection, table: str, columns: str, report: RecoverReport, key: str = "id"
) -> Iterator[tuple[Any, ...]]:
    """Every readable row of ``table``; ``columns`` start with its integer key ``key``."""
    try:
        (top,) = conn.execute(f"SELECT max({key}) FROM {table}").fetchone()
    except sqlite3.DatabaseError as exc:
        report.lose(f"{table}: cannot be read at all ({exc})")
        return
    last = 0
    while top is not None and last < top:
        try:
            batch = conn.execute(
                f"SELECT {columns} FROM {table} WHERE {key} > ? ORDER BY {key} LIMIT {_BATCH}",
                (last,),
            ).fetchall()
        except sqlite3.DatabaseError:
            batch = None
        if batch:
            yield from batch
            last = batch[-1][0]
            continue
        if batch == []:
            return
        # a bad page somewhere after `last`: one id at a time until a batch reads again
        end = min(last + _BATCH, top)
        for rid in range(last + 1, end + 1):
            try:
                sql = f"SELECT {columns} FROM {table} WHERE {key} = ?"
                row = conn.execute(sql, (rid,)).fetchone()
            except sqlite3.DatabaseError:
                report.lose(f"{table} row {rid}: unreadable")
                continue
            if row is not None:
                yield row
        last = end


def _str(value: Any) -> str | None:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def recover_project(source: str | Path, output: str | Path) -> RecoverReport:
    """Copy the readable documents, spans and labels of ``source`` into the new ``output``."""
    from .project import Project

    src, out = Path(source), Path(output)
    if not src.is_file():
        raise AnnotatorError(f"{src}: no such project file")
    if out.exists():
        raise AnnotatorError(f"{out}: already exists; give a new file for the recovered project")
    try:
        conn = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        conn.text_factory = bytes
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise AnnotatorError(f"{src}: cannot be read at all ({exc})") from None
    report = RecoverReport(str(out))
    try:
        with Project.create(out) as project:
            with project._tx() as dest:
                _copy(conn, dest, report)
                project._log(
                    dest,
                    "recover",
                    source=str(src),
                    documents=report.documents,
                    spans=report.spans,
                    lost=report.lost_count,
                )
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    return report


def _copy(conn: sqlite3.Connection, dest: sqlite3.Connection, report: RecoverReport) -> None:
    labels = []
    label_cols = "rowid, name, name_en, name_ar, color, hotkey, ord"
    for row in _rows(conn, "labels", label_cols, report, key="rowid"):
        values = [_str(v) if i < 6 else v for i, v in enumerate(row)]
        if any(v is None for v in values[1:6]) or not isinstance(values[6], int):
            report.lose(f"label row {row[0]}: unreadable")
            continue
        labels.append(values[1:])
    if labels:
        dest.execute("DELETE FROM labels")
        seen_keys: set[str | None] = set()  # None never comes: unreadable rows are dropped above
        for name, en, ar, color, hotkey, order in labels:
            if hotkey in seen_keys:
                hotkey = ""
            seen_keys.add(hotkey)
            dest.execute(
                "INSERT OR IGNORE INTO labels (name, name_en, name_ar, color, hotkey, ord) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, en, ar, color, hotkey, order),
            )
            report.labels += 1
    known = {r[0] for r in dest.execute("SELECT name FROM labels")}
    texts: dict[int, str] = {}
    doc_cols = (
        "id, external_id, title, status, created, updated, meta, text, tokens, sentence_starts"
    )
    for row in _rows(conn, "documents", doc_cols, report):
        doc_id = row[0]
        values = [_str(v) for v in row[1:]]
        ext, title, status, created, updated, meta, text, tokens, sents = values
        if text is None or ext is None or title is None:
            report.lose(f"document {doc_id}: its text, id or title is unreadable")
            continue
        if status not in ("new", "in_progress", "done", "skipped"):
            status = "in_progress"
        try:
            json.loads(meta or "{}")
        except ValueError:
            meta = "{}"
        dest.execute(
            "INSERT INTO documents (id, external_id, title, status, text_hash, created, updated, "
            "meta, text, search_text, tokens, sentence_starts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?) ON CONFLICT (text_hash) DO NOTHING",
            (doc_id, ext, title, status, text_key(text), created or "", updated or "",
             meta or "{}", text, tokens, sents),
        )  # fmt: skip
        texts[doc_id] = text
        report.documents += 1
    span_cols = 'id, document_id, start, "end", label, text, annotator, created, updated'
    for row in _rows(conn, "spans", span_cols, report):
        span_id, doc_id, start, end = row[:4]
        label, surface, annotator = (_str(v) for v in row[4:7])
        text = texts.get(doc_id)
        if (
            text is None
            or label not in known
            or annotator is None
            or not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end)
            or text[start:end] != surface
        ):
            report.lose(f"span {span_id} (document {doc_id}): unreadable or does not fit its text")
            continue
        dest.execute(
            'INSERT OR IGNORE INTO spans (id, document_id, start, "end", label, text, annotator, '
            "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (span_id, doc_id, start, end, label, surface, annotator,
             row[7] if isinstance(row[7], int) else 0, row[8] if isinstance(row[8], int) else 0),
        )  # fmt: skip
        report.spans += 1
    _copy_records(conn, dest, report)


def _copy_records(
    conn: sqlite3.Connection, dest: sqlite3.Connection, report: RecoverReport
) -> None:
    """The records beyond spans (schema 6: definitions, frames, arguments, relations, attribute
    values, notes...), each row that reads and still fits (its span, frame or document was
    recovered) kept with its id. A file older than schema 6 has none: the new project keeps its
    default definitions then."""
    tables = {r[0] for r in dest.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    try:
        have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return
    have = {_str(t) for t in have}
    for table in ROW_TABLES:
        if table not in have or table not in tables:
            continue
        cols = [r[1] for r in dest.execute(f"PRAGMA table_info({table})")]
        if table in ("roles", "relation_types", "attribute_defs"):
            dest.execute(f"DELETE FROM {table}")  # the file's own definitions replace defaults
        quoted = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"
        for row in _rows(conn, table, quoted, report):
            values = [_str(v) if isinstance(v, bytes) and not _is_blob(table, c) else v
                      for c, v in zip(cols, row, strict=True)]  # fmt: skip
            try:
                dest.execute("SAVEPOINT rec")
                dest.execute(sql, values)
                dest.execute("RELEASE rec")
            except sqlite3.DatabaseError:
                dest.execute("ROLLBACK TO rec")
                dest.execute("RELEASE rec")
                report.lose(f"{table} row {row[0]}: unreadable or points at something lost")


def _is_blob(table: str, column: str) -> bool:
    return (table, column) == ("models", "data")
