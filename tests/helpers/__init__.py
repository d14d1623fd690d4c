"""Helpers every test can use, without Qt: the repository's paths, projects made for a test,
and what a project file holds, read with plain sqlite3 (never through the app)."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import DocRecord
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_7eddefe59b9ed5ed.txt"


def make_project(path: Path, records: list[DocRecord]) -> Path:
    with Project.create(path, annotator="tester") as project:
        project.import_records(records, source="test")
    return path


def db_spans(path: Path, doc_external_id: str | None = None) -> list[tuple[int, int, str, str]]:
    """Spans read straight from the database file with sqlite3 (not through the app)."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        sql = (
            'SELECT s.start, s."end", s.label, s.text FROM spans s '
            "JOIN documents d ON d.id = s.document_id"
        )
        args: tuple = ()
        if doc_external_id is not None:
            sql += " WHERE d.external_id = ?"
            args = (doc_external_id,)
        return [tuple(r) for r in conn.execute(sql + ' ORDER BY s.start, s."end"', args)]
    finally:
        conn.close()


def db_status(path: Path, doc_external_id: str) -> str:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(
            "SELECT status FROM documents WHERE external_id = ?", (doc_external_id,)
        ).fetchone()[0]
    finally:
        conn.close()


def add_doc(p: Project, text: str, **kw) -> int:
    """Import one document into an open project; its id."""
    return p.import_records([DocRecord(text=text, **kw)], source="t").document_ids[0]
