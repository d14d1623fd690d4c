"""Adjudicating relations (core/project/adjudication_relations.py): the relations the compared
annotators do not share, accepting one (with the gold ends it lacks) in one undoable step,
rejecting, undo/redo/reopen, symmetric types compared unordered; the gold export has them."""

from __future__ import annotations

import json

import pytest
from helpers import add_doc

from annotator.core.errors import FrameError
from annotator.core.exporting import export
from annotator.core.project import Project

TEXT = "قال المتحدث باسم الجيش إن القوات دخلت مدينة حلب"
SPOKESMAN = (4, 11, "ACTOR")
ARMY = (17, 22, "ACTOR")
FORCES = (26, 32, "ACTOR")


def ids(p, doc, who):
    return {(s.start, s.end, s.label): s.id for s in p.spans(doc) if s.annotator == who}


def team_project(tmp_path):
    """amal: part_of spokesman -> army, same_as army ~ forces; badr: part_of army -> spokesman,
    same_as forces ~ army (the same symmetric relation); open as the adjudicator, rana."""
    p = Project.create(tmp_path / "team.annotator", annotator="amal")
    doc = add_doc(p, TEXT)
    for who in ("amal", "badr"):
        p.set_annotator(who)
        for place in (SPOKESMAN, ARMY, FORCES):
            p.add_span(doc, *place)
    p.set_annotator("amal")
    a = ids(p, doc, "amal")
    p.add_relation(a[SPOKESMAN], a[ARMY], "part_of")
    p.add_relation(a[ARMY], a[FORCES], "same_as")
    p.set_annotator("badr")
    b = ids(p, doc, "badr")
    p.add_relation(b[ARMY], b[SPOKESMAN], "part_of")
    p.add_relation(b[FORCES], b[ARMY], "same_as")
    p.set_annotator("rana")
    return p, doc


def listed(p, doc):
    return [
        (d.type, d.head, d.tail, d.having, d.lacking)
        for d in p.relation_differences(doc, ["amal", "badr"])
    ]


def gold_relations(p, doc):
    spans = {s.id: (s.start, s.end, s.label) for s in p.spans(doc)}
    return [
        (r.type, spans[r.head_id], spans[r.tail_id])
        for r in p.relations(doc)
        if r.annotator == "rana"
    ]


def test_relation_differences_compare_places_and_symmetric_types_unordered(tmp_path):
    p, doc = team_project(tmp_path)
    assert listed(p, doc) == [
        ("part_of", SPOKESMAN, ARMY, ("amal",), ("badr",)),
        ("part_of", ARMY, SPOKESMAN, ("badr",), ("amal",)),
    ]
    d = p.relation_differences(doc, ["amal", "badr"])[0]
    assert (d.head_text, d.tail_text, d.symmetric) == (TEXT[4:11], TEXT[17:22], False)
    assert p.relation_differences(doc, ["amal"]) == []
    # the spans are all shared: no span differences
    assert p.differences(doc, ["amal", "badr"]) == []
    p.close()


def test_accept_creates_missing_gold_ends_in_one_step_undo_redo_reopen(tmp_path):
    p, doc = team_project(tmp_path)
    cs = p.accept_relation(doc, "part_of", SPOKESMAN, ARMY)
    assert sorted(ids(p, doc, "rana")) == [SPOKESMAN, ARMY]
    assert [s.text for s in cs.added] == [TEXT[4:11], TEXT[17:22]]
    assert gold_relations(p, doc) == [("part_of", SPOKESMAN, ARMY)]
    assert listed(p, doc) == [("part_of", ARMY, SPOKESMAN, ("badr",), ("amal",))]
    assert p.adjudicators() == ["rana"]
    with pytest.raises(FrameError, match="already exists"):
        p.accept_relation(doc, "part_of", SPOKESMAN, ARMY)
    with pytest.raises(FrameError, match="gold layer"):
        p.reject_relation(doc, "part_of", SPOKESMAN, ARMY)
    p.undo()  # the relation and both ends at once
    assert ids(p, doc, "rana") == {} and gold_relations(p, doc) == []
    assert len(listed(p, doc)) == 2
    assert p.adjudicators() == []
    p.redo()
    assert gold_relations(p, doc) == [("part_of", SPOKESMAN, ARMY)]
    p.reject_relation(doc, "part_of", ARMY, SPOKESMAN)
    assert listed(p, doc) == []
    p.close()
    q = Project.open(tmp_path / "team.annotator", annotator="rana")
    assert gold_relations(q, doc) == [("part_of", SPOKESMAN, ARMY)]
    rows = q._conn.execute(
        "SELECT type, head_start, tail_start, decision, annotator FROM relation_adjudications "
        "ORDER BY id"
    ).fetchall()
    assert rows == [("part_of", 4, 17, "accept", "rana"), ("part_of", 17, 4, "reject", "rana")]
    q.undo()  # undo history does not survive reopening: nothing to undo
    assert listed(q, doc) == []
    q.close()


def test_accept_uses_gold_ends_already_there(tmp_path):
    p, doc = team_project(tmp_path)
    p.accept(doc, *ARMY)
    cs = p.accept_relation(doc, "part_of", ARMY, SPOKESMAN)
    assert [(s.start, s.end, s.label) for s in cs.added] == [SPOKESMAN]
    assert len(ids(p, doc, "rana")) == 2
    p.undo()
    assert list(ids(p, doc, "rana")) == [ARMY]
    p.close()


def test_reject_undo_and_symmetric(tmp_path):
    p, doc = team_project(tmp_path)
    p.set_annotator("badr")
    b = ids(p, doc, "badr")
    mine = [r.id for r in p.relations(doc) if r.type == "same_as" and r.annotator == "badr"]
    p.delete_relation(mine[0])
    p.set_annotator("rana")
    # the same_as is now amal's only, listed with its ends in order
    assert ("same_as", ARMY, FORCES, ("amal",), ("badr",)) in listed(p, doc)
    assert b  # badr's spans stay
    p.reject_relation(doc, "same_as", FORCES, ARMY)  # either order names it
    assert [d[0] for d in listed(p, doc)] == ["part_of", "part_of"]
    p.undo()
    assert len(listed(p, doc)) == 3
    p.redo()
    p.reject_relation(doc, "part_of", SPOKESMAN, ARMY)
    p.accept_relation(doc, "part_of", SPOKESMAN, ARMY)  # a reject changes to an accept
    decisions = p._conn.execute(
        "SELECT type, decision FROM relation_adjudications ORDER BY id"
    ).fetchall()
    assert decisions == [("same_as", "reject"), ("part_of", "accept")]
    p.undo()
    assert p._conn.execute(
        "SELECT decision FROM relation_adjudications WHERE type = 'part_of'"
    ).fetchall() == [("reject",)]
    p.close()


def test_bad_relation_leaves_the_project_unchanged(tmp_path):
    p, doc = team_project(tmp_path)
    with pytest.raises(FrameError, match="unknown relation type"):
        p.accept_relation(doc, "nope", SPOKESMAN, ARMY)
    with pytest.raises(FrameError, match="does not link"):
        p.accept_relation(doc, "part_of", SPOKESMAN, (38, 43, "PLACE"))
    assert ids(p, doc, "rana") == {}
    assert p._conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 0
    p.close()


def test_export_default_has_the_accepted_relation(tmp_path):
    p, doc = team_project(tmp_path)
    p.accept_relation(doc, "part_of", SPOKESMAN, ARMY)
    out = tmp_path / "gold.jsonl"
    assert export(p, out, card=False)["layer"] == "rana"
    row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert {s["annotator"] for s in row["spans"]} == {"rana"}
    assert len(row["relations"]) == 1
    p.close()
