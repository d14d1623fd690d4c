"""Project.transaction(): several calls, one commit; a failed inner call undoes only itself."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.errors import AnnotatorError, SpanError
from annotator.core.model import DocRecord
from annotator.core.project import Project


def test_tx(tmp_path):
    p = Project.create(tmp_path / "a.annotator")
    p.import_records([DocRecord(text="قال الرئيس")], source="t")
    d = p.document_ids()[0]
    s = p.add_span(d, 0, 3, "ACTOR").added[0]
    with pytest.raises(SpanError):
        with p.transaction():
            p.add_span(d, 4, 10, "EVENT")
            p.add_span(d, 0, 3, "ACTOR")
    assert len(p.spans(d)) == 1
    with p.transaction():
        p.add_span(d, 4, 10, "EVENT")
        with pytest.raises(SpanError):
            p.add_span(d, 0, 3, "ACTOR")
    assert len(p.spans(d)) == 2
    assert [x.id for x in p.label_spans("ACTOR")] == [s.id]


def _labels_in_file(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM labels ORDER BY ord")]
    finally:
        conn.close()


def _fill_disk(p: Project) -> None:
    """Let the file grow by two pages only: the next large write finds the disk full."""
    pages = p._conn.execute("PRAGMA page_count").fetchone()[0]
    p._conn.execute(f"PRAGMA max_page_count = {pages + 2}")


BIG = [DocRecord(text=f"نص رقم {i} " * 200) for i in range(50)]


def test_full_disk_inside_a_transaction_says_so_and_changes_nothing(tmp_path):
    p = Project.create(tmp_path / "a.annotator")
    _fill_disk(p)
    with pytest.raises(AnnotatorError, match="database or disk is full; nothing was changed"):
        with p.transaction():
            p.add_label("ORG")
            p.import_records(BIG, source="t")
    assert _labels_in_file(p.path) == ["EVENT", "ACTOR", "PLACE", "CLAIM"]
    assert p.document_count() == 0
    # with room again the project works as before
    p._conn.execute("PRAGMA max_page_count = 1073741823")
    with p.transaction():
        p.add_label("ORG")
    assert _labels_in_file(p.path)[-1] == "ORG"
    p.close()


def test_no_write_after_a_full_disk_escapes_the_transaction(tmp_path):
    """A caller that catches the failure and goes on must not write outside the group: SQLite
    ended the transaction, so each later call would otherwise commit on its own."""
    p = Project.create(tmp_path / "a.annotator")
    _fill_disk(p)
    with pytest.raises(AnnotatorError, match="database or disk is full"):
        with p.transaction():
            p.add_label("ORG")
            with pytest.raises(AnnotatorError, match="database or disk is full"):
                p.import_records(BIG, source="t")
            p.add_label("GPE")
    assert _labels_in_file(p.path) == ["EVENT", "ACTOR", "PLACE", "CLAIM"]
    p.close()
