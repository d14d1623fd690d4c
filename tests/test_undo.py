"""Undo and redo in core: exact, across documents, one transaction each, refused on conflict."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.errors import ConflictError, ProjectLockedError
from annotator.core.history import UNDO_LIMIT
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "u.annotator", annotator="layla")
    p.import_records(
        [DocRecord(text="قال الوزير في بغداد"), DocRecord(text="استهدف هجوم قاعدة التاجي")],
        source="t",
    )
    yield p
    p.close()


def rows(path):
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute('SELECT id, document_id, start, "end", label, text FROM spans').fetchall(),
            conn.execute("SELECT id, status FROM documents ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM labels ORDER BY ord").fetchall(),
        )
    finally:
        conn.close()


def test_undo_of_a_span_delete_restores_the_status_exactly(project):
    doc = project.document_ids()[0]
    span = project.add_span(doc, 14, 19, "PLACE").added[0]
    # the user puts the document back to "new" by hand, then deletes the span
    project.set_status(doc, "new")
    project.delete_span(span.id)
    back = project.undo()
    assert [sp.id for sp in back.added] == [span.id]
    assert project.status(doc) == "new" and back.statuses == {}
    # undoing the status change reports it
    again = project.undo()
    assert again.statuses == {doc: ("new", "in_progress")} and again.status == (
        "new",
        "in_progress",
    )
    # undoing the add takes the document back to new, and says so
    first = project.undo()
    assert first.removed[0].id == span.id and first.statuses == {doc: ("in_progress", "new")}
    assert project.spans(doc) == [] and not project.can_undo()


def test_undo_and_redo_work_across_documents_and_are_committed(project, tmp_path):
    a, b = project.document_ids()
    project.add_span(a, 14, 19, "PLACE")
    project.add_span(b, 7, 11, "EVENT")
    project.set_status(b, "done")
    after = rows(project.path)
    for doc in (b, b, a):
        assert project.undo().document_id == doc
    assert rows(project.path)[0] == []
    assert [s for _, s in rows(project.path)[1]] == ["new", "new"]
    for doc in (a, b, b):
        assert project.redo().document_id == doc
    assert rows(project.path)[:2] == after[:2]
    assert project.redo() is None
    kinds = [c["action"] for c in project.changes(limit=6)]
    assert kinds == ["redo"] * 3 + ["undo"] * 3


def test_removing_a_label_with_spans_undoes_to_the_same_ids_place_and_keys(project):
    a, b = project.document_ids()
    project.update_label("PLACE", color="#123456", hotkey="p")
    keep = [project.add_span(a, 14, 19, "PLACE").added[0], project.add_span(b, 13, 24, "PLACE")]
    project.set_status(b, "new")
    before = rows(project.path)
    cs = project.remove_label("PLACE", force=True)
    assert {sp.id for sp in cs.removed} == {keep[0].id, keep[1].added[0].id}
    undone = project.undo()
    assert undone.labels_changed and len(undone.added) == 2
    assert rows(project.path) == before
    project.redo()
    assert "PLACE" not in [lab.name for lab in project.labels()]
    assert rows(project.path)[0] == []


def test_a_rename_is_undone_on_every_span(project):
    a = project.document_ids()[0]
    project.add_span(a, 14, 19, "PLACE")
    cs = project.update_label("PLACE", new_name="LOC")
    assert cs.renamed == [("PLACE", "LOC")] and cs.documents_changed
    assert {sp.label for sp in project.spans(a)} == {"LOC"}
    project.undo()
    assert {sp.label for sp in project.spans(a)} == {"PLACE"}
    assert [lab.name for lab in project.labels()] == ["EVENT", "ACTOR", "PLACE", "CLAIM"]


def test_a_transaction_is_one_undo_step(project):
    a = project.document_ids()[0]
    with project.transaction():
        project.add_span(a, 0, 3, "ACTOR")
        project.add_span(a, 14, 19, "PLACE")
    assert len(project.history) == 1
    undone = project.undo()
    assert len(undone.removed) == 2 and undone.statuses == {a: ("in_progress", "new")}
    assert project.spans(a) == []
    # a transaction that fails records nothing
    with pytest.raises(RuntimeError), project.transaction():
        project.add_span(a, 0, 3, "ACTOR")
        raise RuntimeError("stop")
    assert project.spans(a) == [] and not project.can_undo()


def test_undo_refused_when_another_window_changed_the_span(project):
    a = project.document_ids()[0]
    span = project.add_span(a, 14, 19, "PLACE").added[0]
    with Project.open(project.path, annotator="omar") as other:
        other.update_span(span.id, label="ACTOR")
    before = rows(project.path)
    with pytest.raises(ConflictError, match="changed or deleted in another window"):
        project.undo()
    assert rows(project.path) == before
    # the refused step is dropped: the history goes on with what it can still do
    assert not project.can_undo() and not project.can_redo()


def test_undo_refused_when_another_window_edited_the_labels(project):
    project.add_label("ORG")
    with Project.open(project.path) as other:
        other.update_label("ORG", color="#000000")
    before = rows(project.path)
    with pytest.raises(ConflictError, match="labels were changed in another window"):
        project.undo()
    assert rows(project.path) == before


def test_history_keeps_the_last_thousand_steps(project):
    a = project.document_ids()[0]
    for i in range(UNDO_LIMIT + 5):
        project.set_status(a, ("done", "skipped")[i % 2])
    assert len(project.history) == UNDO_LIMIT


def test_what_is_not_a_user_action_is_not_undone(project):
    project.import_records([DocRecord(text="نص جديد تماما")], source="more")
    project.set_annotator("omar")
    assert not project.can_undo() and project.undo() is None


def test_an_import_reports_its_changes_and_is_not_an_undo_step(project):
    rep = project.import_records([DocRecord(text="نص", spans=[])], source="x")
    assert rep.changes.documents_added == rep.document_ids and rep.changes.documents_changed
    assert rep.changes.labels_before is None
    rep = project.import_records(
        [DocRecord(text="بغداد مدينة", spans=[SpanRecord(0, 5, "CITY")])], source="y"
    )
    assert rep.new_labels == ["CITY"]
    assert [lab.name for lab in rep.changes.labels_after][-1] == "CITY"
    assert not project.can_undo()


def test_a_busy_project_keeps_the_undo_step_for_the_retry(project):
    a, b = project.document_ids()
    first = project.add_span(a, 14, 19, "PLACE").added[0]
    second = project.add_span(b, 7, 11, "EVENT").added[0]
    project.busy_timeout_ms = 50
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectLockedError):
            project.undo()
    finally:
        other.execute("ROLLBACK")
        other.close()
    # the retry undoes the same action, not an older one
    assert project.undo().removed[0].id == second.id
    assert project.undo().removed[0].id == first.id


def test_a_failed_inner_transaction_leaves_nothing_in_the_step(project):
    a, b = project.document_ids()
    with project.transaction():
        project.add_span(a, 0, 3, "EVENT")
        with pytest.raises(RuntimeError), project.transaction():
            project.add_span(a, 4, 10, "ACTOR")
            raise RuntimeError("inner")
        project.add_span(b, 0, 6, "EVENT")
    assert [len(project.spans(d)) for d in (a, b)] == [1, 1]
    undone = project.undo()  # no conflict: only what was committed is in the step
    assert len(undone.removed) == 2 and undone.documents() == {a, b}
    assert project.spans(a) == project.spans(b) == []


def test_undo_puts_back_the_exact_times(project):
    a = project.document_ids()[0]
    span = project.add_span(a, 14, 19, "PLACE").added[0]
    moved = project.update_span(span.id, start=15).changed[0][1]
    project.delete_span(span.id)
    project.undo()
    assert project.get_span(span.id) == moved
    project.undo()
    assert project.get_span(span.id) == span


def test_a_status_another_window_set_since_is_left_as_it_is(project):
    a = project.document_ids()[0]
    project.add_span(a, 14, 19, "PLACE")
    with Project.open(project.path) as other:
        other.set_status(a, "done")
    undone = project.undo()  # the span goes; "done", the other window's choice, stays
    assert project.spans(a) == [] and project.status(a) == "done"
    assert undone.statuses == {}
