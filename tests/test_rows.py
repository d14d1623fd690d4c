"""Records beyond spans (schema 6) travel in ChangeSets as whole Rows: deleting a span deletes
what points at it in the same transaction, and undo puts every record back with its id."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import add_doc

from annotator.core.changes import ChangeSet, compose
from annotator.core.errors import ConflictError
from annotator.core.project import Project


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def _frame_with_args(project: Project, doc: int) -> tuple[int, int, int, int]:
    """An EVENT frame on span 'هجوم' with an agent ACTOR span, a relation and a note, written
    through the row helpers (the public API for frames builds on them)."""
    trigger = project.add_span(doc, 0, 4, "EVENT").added[0].id
    actor = project.add_span(doc, 5, 10, "ACTOR").added[0].id
    rows = []
    with project._tx() as conn:
        rows.append(
            project._insert_row(
                conn,
                "relation_types",
                {"name": "near", "name_en": "near", "name_ar": "قرب", "color": "#000000", "ord": 0},
            )
        )
        frame = project._insert_row(
            conn,
            "frames",
            {
                "document_id": doc,
                "trigger_id": trigger,
                "annotator": "a",
                "created": 1,
                "updated": 1,
            },
        )
        rows.append(frame)
        rows.append(
            project._insert_row(
                conn,
                "frame_args",
                {
                    "document_id": doc,
                    "frame_id": frame.id,
                    "role": "agent",
                    "span_id": actor,
                    "annotator": "a",
                    "created": 1,
                },
            )
        )
        rows.append(
            project._insert_row(
                conn,
                "relations",
                {
                    "document_id": doc,
                    "type": "near",
                    "head_id": actor,
                    "tail_id": trigger,
                    "annotator": "a",
                    "created": 1,
                },
            )
        )
        rows.append(
            project._insert_row(
                conn,
                "notes",
                {
                    "document_id": doc,
                    "frame_id": frame.id,
                    "text": "ملاحظة",
                    "annotator": "a",
                    "created": 1,
                    "updated": 1,
                },
            )
        )
    project._record(ChangeSet("add_frame", doc, rows_added=rows))
    return trigger, actor, frame.id, doc


def _snapshot(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in ("spans", "frames", "frame_args", "relations", "notes")
        }
    finally:
        conn.close()


def test_deleting_a_trigger_takes_its_frame_and_undo_brings_all_back(project):
    doc = add_doc(project, "هجوم قوات على القاعدة")
    trigger, _actor, frame, _ = _frame_with_args(project, doc)
    before = _snapshot(project.path)
    cs = project.delete_span(trigger)
    tables = sorted({r.table for r in cs.rows_removed})
    assert tables == ["frame_args", "frames", "notes", "relations"]
    # children are deleted before what they point at
    order = [r.table for r in cs.rows_removed]
    assert order.index("frame_args") < order.index("frames")
    assert order.index("notes") < order.index("frames")
    after = _snapshot(project.path)
    assert after["frames"] == after["frame_args"] == after["relations"] == after["notes"] == []
    undone = project.undo()
    assert undone is not None and {r.id for r in undone.rows_added} == {
        r.id for r in cs.rows_removed
    }
    assert _snapshot(project.path) == before
    project.redo()
    assert _snapshot(project.path) == after
    project.undo()
    assert _snapshot(project.path) == before
    assert frame in [r[0] for r in before["frames"]]


def test_deleting_an_argument_span_keeps_the_frame(project):
    doc = add_doc(project, "هجوم قوات على القاعدة")
    _trigger, actor, frame, _ = _frame_with_args(project, doc)
    cs = project.delete_span(actor)
    assert sorted(r.table for r in cs.rows_removed) == ["frame_args", "relations"]
    assert [r[0] for r in _snapshot(project.path)["frames"]] == [frame]


def test_undo_refuses_when_another_window_changed_a_record(project):
    doc = add_doc(project, "هجوم قوات على القاعدة")
    trigger, _actor, _frame, _ = _frame_with_args(project, doc)
    project.delete_span(trigger)
    with Project.open(project.path) as other, other._tx() as conn:
        other._insert_row(
            conn,
            "frames",
            {
                "document_id": doc,
                "trigger_id": other.add_span(doc, 14, 21, "PLACE").added[0].id,
                "annotator": "b",
                "created": 2,
                "updated": 2,
            },
        )
    # the deleted frame's id is free, so undo succeeds; a changed row is refused instead
    project.undo()
    row = project._rows_where(project._conn, "notes")[0]
    with project._tx() as conn:
        old, new = project._update_row(conn, "notes", row.id, {"text": "أخرى"})
    project._record(ChangeSet("set_note", doc, rows_changed=[(old, new)]))
    with Project.open(project.path) as other, other._tx() as conn:
        other._update_row(conn, "notes", row.id, {"text": "ثالثة"})
    with pytest.raises(ConflictError, match="note was changed or deleted in another window"):
        project.undo()


def test_compose_nets_rows_like_spans(project):
    doc = add_doc(project, "هجوم قوات على القاعدة")
    with project.transaction():
        _frame_with_args(project, doc)
        trigger = project.spans(doc)[0].id
        project.delete_span(trigger)
    step = project.history.next_undo()
    assert step is not None
    net = compose(step.changes)
    # the frame, its argument, relation and note were added and removed in one step
    assert {r.table for r in net.rows_added} == {"relation_types"}
    assert net.rows_removed == []
    project.undo()
    assert all(v == [] for v in _snapshot(project.path).values())
