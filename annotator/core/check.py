"""``annotator check``: is a project file sound? And the one message for a damaged one.

The check opens the file read-only and never writes. It runs SQLite's integrity and foreign key
checks, compares the schema with the one this version creates, reads every document and span
(every span's stored text against its document's text) and the change log. Problems are listed
with the row they concern; ``CheckReport.ok`` says whether there were none.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AnnotatorError, NotAProjectError
from .schema import (
    APPLICATION_ID,
    FTS_TABLE,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
    TEXT_KEY_SQL,
    check_file_header,
)

# Problems listed in full; past this, only counted (a badly damaged file has thousands).
MAX_LISTED = 50


class DamagedProjectError(AnnotatorError):
    """SQLite found the file damaged (malformed pages, text that is not UTF-8)."""


def damaged(path: Path | str | None, exc: BaseException) -> DamagedProjectError | None:
    """The user's message for a SQLite error that means a damaged file; None for other errors
    (a locked or read-only file, or a bug)."""
    message = str(exc)
    signs = ("malformed", "decode", "not a database", "disk image", "corrupt")
    if isinstance(exc, sqlite3.DatabaseError) and any(s in message for s in signs):
        where = f"{path}: " if path else ""
        return DamagedProjectError(
            f"{where}the project file is damaged ({message}); run annotator check "
            "(and annotator recover to copy what can be read into a new project)"
        )
    return None


def refuse_if_damaged(project: Any) -> None:
    """SQLite's integrity check of an open project before a command writes into it: a write
    into a damaged file can spread the damage. DamagedProjectError if it fails. (The quick
    check misses an index that disagrees with its table, which bit flips do leave.)"""
    try:
        rows = project._conn.execute("PRAGMA integrity_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise damaged(project.path, exc) or DamagedProjectError(
            f"{project.path}: the project file is damaged ({exc}); run annotator check"
        ) from None
    if rows != [("ok",)]:
        raise DamagedProjectError(
            f"{project.path}: the project file is damaged ({rows[0][0]}); nothing was "
            "written; run annotator check, and annotator recover to copy what can be read"
        )


def found_damaged(path: str | Path) -> DamagedProjectError | None:
    """DamagedProjectError if SQLite's quick check of ``path`` fails (read-only), else None."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return damaged(path, exc)
    if rows == [("ok",)]:
        return None
    return DamagedProjectError(
        f"{path}: the project file is damaged ({rows[0][0]}); run annotator check "
        "(and annotator recover to copy what can be read into a new project)"
    )


@dataclass
class CheckReport:
    path: str
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    documents: int = 0
    spans: int = 0
    labels: int = 0
    changes: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    def summary(self) -> str:
        counts = (
            f"{self.documents} documents, {self.spans} spans, {self.labels} labels, "
            f"{self.changes} changes read"
        )
        if self.ok:
            return f"{self.path}: ok ({counts})"
        return f"{self.path}: {self.problem_count} problem(s) found ({counts})"


def expected_schema() -> set[tuple[str, str, str]]:
    """(type, name, sql) of every table, index and trigger a new project has."""
    from .project.connection import _run_step

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.create_function(TEXT_KEY_SQL, 1, lambda t: None)  # used by a migration step
    try:
        _run_step(conn, SCHEMA_V1)
        for step in sorted(MIGRATIONS):
            _run_step(conn, MIGRATIONS[step])
        return _schema(conn)
    finally:
        conn.close()


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """The schema as stored, without SQLite's own tables and the search index (derived data,
    present or not depending on the SQLite that searched the file: its shadow tables too)."""
    return {
        (t, n, " ".join((sql or "").split()))
        for t, n, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
        if n != FTS_TABLE and not n.startswith(FTS_TABLE + "_")
    }


def check_project(path: str | Path) -> CheckReport:
    """Check the project ``path`` read-only; NotAProjectError if it is not a project at all."""
    p = Path(path)
    if not p.is_file():
        raise NotAProjectError(f"{p}: no such project file")
    report = CheckReport(str(p))
    try:
        check_file_header(p)
    except NotAProjectError as exc:
        if "truncated" not in str(exc) and "bad page size" not in str(exc):
            raise
        report.add(str(exc).split(": ", 1)[-1])
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise AnnotatorError(f"{p}: cannot open the project ({exc})") from None
    conn.text_factory = bytes  # text that is not UTF-8 is a finding, not an exception
    try:
        for step in (_sqlite_checks, _schema_check, _rows_check, _changes_check):
            try:
                step(conn, report)
            except sqlite3.Error as exc:
                report.add(f"{step.__name__.strip('_').replace('_', ' ')} stopped: {exc}")
    finally:
        conn.close()
    return report


def _sqlite_checks(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA integrity_check(100)").fetchall()
    for (msg,) in rows:
        text = msg.decode("utf-8", "replace")
        if text != "ok":
            report.add(f"integrity: {text}")
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        report.add(f"foreign key: {_text(table)} row {rowid} refers to a missing {_text(parent)}")
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    if app_id & 0xFFFFFFFF != APPLICATION_ID:
        report.add("schema: the application id is not annotator's")
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version != SCHEMA_VERSION:
        report.add(f"schema: version {version}, expected {SCHEMA_VERSION} (open it to migrate)")


def _schema_check(conn: sqlite3.Connection, report: CheckReport) -> None:
    conn.text_factory = str
    try:
        found = _schema(conn)
    finally:
        conn.text_factory = bytes
    want = expected_schema()
    for kind, name, _sql in sorted(want - found):
        if not any(f[0] == kind and f[1] == name for f in found):
            report.add(f"schema: {kind} {name} is missing")
        else:
            report.add(f"schema: {kind} {name} differs from this version's")
    for kind, name, _sql in sorted(found - want):
        if not any(w[0] == kind and w[1] == name for w in want):
            report.add(f"schema: unexpected {kind} {name}")


def _text(value: object) -> str | None:
    """A stored text value, or None when it is not valid UTF-8 text."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def _rows_check(conn: sqlite3.Connection, report: CheckReport) -> None:
    labels = set()
    for (name,) in conn.execute("SELECT name FROM labels"):
        report.labels += 1
        decoded = _text(name)
        if decoded is None:
            report.add("labels: a label name is not valid text")
        else:
            labels.add(decoded)
    has_suggestions = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'suggestions'"
    ).fetchone()
    doc_rows = conn.execute("SELECT id, external_id, title, text FROM documents ORDER BY id")
    for doc_id, ext, title, text in doc_rows:
        report.documents += 1
        decoded = _text(text)
        if decoded is None:
            report.add(f"document {doc_id}: its text is not valid UTF-8")
        if _text(ext) is None or _text(title) is None:
            report.add(f"document {doc_id}: its id or title is not valid UTF-8")
        # spans are checked a document at a time: memory stays at one document's text
        _spans_of(conn, doc_id, decoded, labels, report)
        if has_suggestions and decoded is not None:
            _suggestions_of(conn, doc_id, decoded, report)
    (orphans,) = conn.execute(
        "SELECT count(*) FROM spans WHERE document_id NOT IN (SELECT id FROM documents)"
    ).fetchone()
    if orphans:
        report.add(f"spans: {orphans} span(s) belong to no document")


def _spans_of(
    conn: sqlite3.Connection,
    doc_id: int,
    text: str | None,
    labels: set[str],
    report: CheckReport,
) -> None:
    rows = conn.execute(
        'SELECT id, start, "end", label, text FROM spans WHERE document_id = ?', (doc_id,)
    )
    for span_id, start, end, label, surface in rows:
        report.spans += 1
        where = f"span {span_id} (document {doc_id})"
        name = _text(label)
        if name is None or name not in labels:
            report.add(f"{where}: unknown label")
        if not (isinstance(start, int) and isinstance(end, int)):
            report.add(f"{where}: offsets are not integers")
            continue
        if text is None:
            continue
        if not 0 <= start < end <= len(text):
            report.add(f"{where}: {start}-{end} lies outside the text (length {len(text)})")
        elif _text(surface) != text[start:end]:
            report.add(f"{where}: its stored text does not match the document's text there")


def _suggestions_of(conn: sqlite3.Connection, doc_id: int, text: str, report: CheckReport) -> None:
    """Suggestions (schema 6) point into the text like spans: the same check."""
    for sugg_id, start, end, surface in conn.execute(
        'SELECT id, start, "end", text FROM suggestions WHERE document_id = ?', (doc_id,)
    ):
        where = f"suggestion {sugg_id} (document {doc_id})"
        if not (isinstance(start, int) and isinstance(end, int)):
            report.add(f"{where}: offsets are not integers")
        elif not 0 <= start < end <= len(text):
            report.add(f"{where}: {start}-{end} lies outside the text (length {len(text)})")
        elif _text(surface) != text[start:end]:
            report.add(f"{where}: its stored text does not match the document's text there")


def _changes_check(conn: sqlite3.Connection, report: CheckReport) -> None:
    for change_id, action, detail in conn.execute("SELECT id, action, detail FROM changes"):
        report.changes += 1
        decoded = _text(detail)
        if _text(action) is None or decoded is None:
            report.add(f"change {change_id}: not valid text")
            continue
        try:
            json.loads(decoded)
        except ValueError:
            report.add(f"change {change_id}: its detail is not valid JSON")
