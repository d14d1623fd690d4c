"""Teams (docs/teams.md): layers and statuses per annotator, and merging projects made on other
machines, read back from the database files."""

from __future__ import annotations

import json
import sqlite3
import struct
from pathlib import Path

import pytest
from helpers import add_doc
from test_project import old_project

from annotator.core.errors import AnnotatorError, NotAProjectError, SpanError
from annotator.core.project import MergeCancelled, Project

TEXT_1 = "هجوم على قرية في الشمال"
TEXT_2 = "اجتماع الوزراء في عمان"
TEXT_3 = "مظاهرة أمام البرلمان"


def _add_relation(p: Project, doc: int, head: int, tail: int) -> None:
    with p._tx() as conn:
        if not conn.execute("SELECT 1 FROM relation_types WHERE name = 'near'").fetchone():
            p._insert_row(
                conn,
                "relation_types",
                {"name": "near", "name_en": "near", "name_ar": "قرب", "color": "#000000", "ord": 0},
            )
        frame = p._insert_row(
            conn,
            "frames",
            {
                "document_id": doc,
                "trigger_id": tail,
                "annotator": p.annotator,
                "created": 7,
                "updated": 7,
            },
        )
        p._insert_row(
            conn,
            "frame_args",
            {
                "document_id": doc,
                "frame_id": frame.id,
                "role": "agent",
                "span_id": head,
                "annotator": p.annotator,
                "created": 7,
            },
        )
        p._insert_row(
            conn,
            "relations",
            {
                "document_id": doc,
                "type": "near",
                "head_id": head,
                "tail_id": tail,
                "annotator": p.annotator,
                "created": 7,
            },
        )
        p._insert_row(
            conn,
            "notes",
            {
                "document_id": doc,
                "text": f"ملاحظة {p.annotator}",
                "annotator": p.annotator,
                "created": 7,
                "updated": 7,
            },
        )


def make_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two projects labeled on two machines: alice and bob share TEXT_1, each has one more."""
    a_path, b_path = tmp_path / "A.annotator", tmp_path / "B.annotator"
    with Project.create(a_path, annotator="alice") as a:
        d1 = add_doc(a, TEXT_1)
        add_doc(a, TEXT_2)
        ev = a.add_span(d1, 0, 4, "EVENT").added[0].id  # both label this one
        pl = a.add_span(d1, 9, 13, "PLACE").added[0].id
        _add_relation(a, d1, pl, ev)
        a.set_status(d1, "done")
    with Project.create(b_path, annotator="bob") as b:
        d1 = add_doc(b, TEXT_1)
        add_doc(b, TEXT_3)
        ev = b.add_span(d1, 0, 4, "EVENT").added[0].id
        b.add_span(d1, 9, 13, "ACTOR")  # bob disagrees on this one
        b.update_label("PLACE", color="#123456")  # a definition that differs
        b.set_status(d1, "done")
    return a_path, b_path


def _spans(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT d.text_hash, s.start, s."end", s.label, s.annotator FROM spans s '
            "JOIN documents d ON d.id = s.document_id ORDER BY 1, 2, 3, 4, 5"
        ).fetchall()
    finally:
        conn.close()


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_two_annotators_hold_the_same_span_in_one_project(tmp_path):
    with Project.create(tmp_path / "p.annotator", annotator="alice") as p:
        doc = add_doc(p, TEXT_1)
        p.add_span(doc, 0, 4, "EVENT")
        with pytest.raises(SpanError, match="the same EVENT span 0-4 already exists"):
            p.add_span(doc, 0, 4, "EVENT")
        p.set_annotator("bob")
        p.add_span(doc, 0, 4, "EVENT")
        assert sorted(s.annotator for s in p.spans(doc)) == ["alice", "bob"]


def test_status_per_annotator_and_its_undo(tmp_path):
    with Project.create(tmp_path / "p.annotator", annotator="alice") as p:
        doc = add_doc(p, TEXT_1)
        cs = p.set_status(doc, "done")
        assert cs.own_statuses == {(doc, "alice"): ("new", "done")}
        p.set_annotator("bob")
        p.set_status(doc, "done")  # the project's status is already done: bob's row still
        assert p.finished_by(doc) == ["alice", "bob"]
        assert p.finished_counts() == {doc: 2} and p.has_team_statuses()
        assert p.status_annotators() == ["alice", "bob"]
        p.undo()
        assert p.finished_by(doc) == ["alice"] and not p.has_team_statuses()
        p.undo()
        assert p.finished_by(doc) == [] and p.status(doc) == "new"
        p.redo()
        assert p.finished_by(doc) == ["alice"] and p.status(doc) == "done"


def test_merge_keeps_every_layer_side_by_side(tmp_path):
    a_path, b_path = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    seen: list[tuple[int, int]] = []
    with Project.create(team, annotator="lead") as t:
        report = t.merge_from([a_path, b_path], on_progress=lambda d, n: seen.append((d, n)))
        assert report.documents_added == 3 and report.documents_matched == 1
        assert report.spans_added == {"alice": 2, "bob": 2}
        assert report.changes.action == "merge" and not report.changes.undoable
        assert report.changes.documents_changed and len(report.changes.documents_added) == 3
        assert any("label PLACE has colour '#123456' there" in d for d in report.differences)
        assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
        doc = t.document_ids(search="هجوم")[0]
        assert t.finished_by(doc) == ["alice", "bob"]
        assert t.label("PLACE").color != "#123456"  # the target's definition kept
        assert not t.history.can_undo()
    merged = _spans(team)
    assert len(merged) == 4
    assert {(s[3], s[4]) for s in merged if s[1] == 0} == {("EVENT", "alice"), ("EVENT", "bob")}
    for table in ("frames", "frame_args", "relations", "notes"):
        assert _count(team, table) == 1
    conn = sqlite3.connect(team)
    # the relation points at alice's spans in the merged file (ids remapped)
    head, tail = conn.execute(
        "SELECT h.label || h.annotator, t.label || t.annotator FROM relations r "
        "JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id"
    ).fetchone()
    conn.close()
    assert (head, tail) == ("PLACEalice", "EVENTalice")


def test_merging_the_same_file_twice_adds_nothing(tmp_path):
    a_path, b_path = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    with Project.create(team, annotator="lead") as t:
        t.merge_from([a_path, b_path])
        before = {x: _count(team, x) for x in ("documents", "spans", "relations", "notes")}
        again = t.merge_from([b_path, a_path])
        assert again.documents_added == 0 and again.spans_added == {}
        assert again.records_added == {}
        assert {x: _count(team, x) for x in before} == before
    # merging into one of the sources: its own records are already there
    with Project.open(a_path, annotator="alice") as a:
        report = a.merge_from([b_path])
        assert report.spans_added == {"bob": 2} and report.documents_added == 1


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["text", "newer", "damaged", "sqlite", "itself", "missing"])
def test_a_refused_file_leaves_the_target_unchanged(tmp_path, kind):
    a_path, _ = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    Project.create(team, annotator="lead").close()
    bad = tmp_path / "bad.annotator"
    if kind == "text":
        bad.write_text("not a project\n" * 20)
    elif kind == "newer":
        data = bytearray(a_path.read_bytes())
        data[60:64] = struct.pack(">i", 99)
        bad.write_bytes(bytes(data))
    elif kind == "damaged":
        data = a_path.read_bytes()
        bad.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    elif kind == "sqlite":
        sqlite3.connect(bad).execute("CREATE TABLE x (y)").connection.commit()
    elif kind == "itself":
        bad = team
    before = _bytes(team)
    with Project.open(team, annotator="lead") as t:
        with pytest.raises(AnnotatorError) as err:
            t.merge_from([a_path, bad])
        assert str(bad) in str(err.value)
        if kind == "newer":
            assert "newer" in str(err.value)
    assert _bytes(team) == before
    assert _count(team, "documents") == 0


def test_cancel_writes_nothing(tmp_path):
    a_path, b_path = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    with Project.create(team, annotator="lead") as t:
        with pytest.raises(MergeCancelled):
            t.merge_from([a_path, b_path], should_cancel=lambda: t.document_count() > 0)
        assert t.document_count() == 0 and _count(team, "labels") == 4


def test_definitions_that_differ_are_reported(tmp_path):
    a_path, b_path = make_pair(tmp_path)
    with Project.open(b_path) as b, b._tx() as conn:
        b._insert_row(
            conn,
            "relation_types",
            {"name": "near", "name_en": "n", "name_ar": "ق", "color": "#ffffff", "ord": 0},
        )
        conn.execute("UPDATE relation_types SET heads = '[\"ACTOR\"]'")
    with Project.open(a_path, annotator="alice") as a:
        report = a.merge_from([b_path])
    text = "\n".join(report.differences)
    assert "B.annotator: relation type near has color '#ffffff' there, '#000000' here" in text
    assert "label PLACE has colour" in text
    assert 'relation type near allows ["ACTOR"] there, [] here' in text


def test_merge_from_a_schema_5_project_keeps_its_spans_and_file(tmp_path):
    old = tmp_path / "old.annotator"
    with old_project(old, 5) as conn:
        conn.execute(
            "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
            "VALUES ('EVENT', 'Event', 'حدث', '#E69F00', '1', 0)"
        )
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('annotator', 'carol')",
        )
        conn.execute(
            "INSERT INTO documents (id, external_id, title, status, text_hash, created, updated, "
            "text) VALUES (1, 'x', 't', 'done', ?, '2025-01-01', '2025-01-01', ?)",
            (__import__("annotator.core.text", fromlist=["text_key"]).text_key(TEXT_1), TEXT_1),
        )
        conn.execute(
            'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, '
            "updated) VALUES (1, 0, 4, 'EVENT', 'هجوم', 'carol', 5, 5)"
        )
    before = _bytes(old)
    team = tmp_path / "TEAM.annotator"
    with Project.create(team, annotator="lead") as t:
        report = t.merge_from([old])
        assert report.spans_added == {"carol": 1}
        # no per-annotator status there: the project's status is carol's
        assert t.finished_by(t.document_ids()[0]) == ["carol"]
    assert _bytes(old) == before
    # and opening it migrates it to schema 6 with its span
    with Project.open(old, annotator="dan") as p:
        assert p.schema_version == 6
        assert [(s.label, s.annotator) for s in p.spans(1)] == [("EVENT", "carol")]
        p.add_span(1, 0, 4, "EVENT")  # another annotator's layer
        assert len(p.spans(1)) == 2


def test_missing_file_is_named(tmp_path):
    with Project.create(tmp_path / "t.annotator") as t, pytest.raises(NotAProjectError) as err:
        t.merge_from([tmp_path / "nope.annotator"])
    assert "nope.annotator" in str(err.value)


def test_cli_merge_creates_the_team_project_and_reports(tmp_path, capsys):
    from annotator.cli import main

    a_path, b_path = make_pair(tmp_path)
    team = tmp_path / "TEAM.annotator"
    assert main(["merge", "--into", str(team), str(a_path), str(b_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] is True and out["documents_added"] == 3
    assert out["documents_matched"] == 1
    assert out["spans_added"] == {"alice": 2, "bob": 2}
    assert any("label PLACE" in d for d in out["differences"])
    assert main(["merge", "--into", str(team), str(a_path)]) == 0
    text = capsys.readouterr().out
    assert "0 documents added, 2 documents matched" in text and "no new spans" in text
    assert len(_spans(team)) == 4


def test_cli_merge_refuses_with_the_file_name(tmp_path, capsys):
    from annotator.cli import main

    a_path, _ = make_pair(tmp_path)
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n" * 50)
    team = tmp_path / "TEAM.annotator"
    assert main(["merge", "--into", str(team), str(a_path), str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: not an annotator project" in err
    assert not team.exists()  # not left behind empty


def test_an_import_keeps_the_same_span_of_two_annotators(tmp_path):
    from annotator.core.errors import InputError
    from annotator.core.model import DocRecord, SpanRecord

    def rec(*who: str) -> DocRecord:
        return DocRecord(text=TEXT_1, spans=[SpanRecord(0, 4, "EVENT", annotator=w) for w in who])

    with Project.create(tmp_path / "p.annotator", annotator="lead") as p:
        with pytest.raises(InputError, match=r"span 2 \(0-4 EVENT\) is a duplicate"):
            p.import_records([rec("alice", "alice")], source="t")
        report = p.import_records([rec("alice", "bob")], source="t")
        assert report.spans == 2
        assert sorted(s.annotator for s in p.spans(report.document_ids[0])) == ["alice", "bob"]
