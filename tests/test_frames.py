"""Event frames, role arguments, relations, attributes and notes through the Project API: each
action, its undo and redo, what the file holds after reopening, and the rules' messages."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import add_doc

from annotator.core.errors import ConflictError, FrameError
from annotator.core.model import RelationType, RoleDef
from annotator.core.project import Project

TEXT = "هاجمت قوات الأمن المتظاهرين في بغداد وقال المتحدث إن الهجوم لم يقع"
#       0     6          17         28 31   37  41     49 52


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


@pytest.fixture
def spans(project):
    """A document with an EVENT trigger, two ACTORs, a PLACE, a CLAIM and a second EVENT."""
    doc = add_doc(project, TEXT)

    def span(word: str, label: str, nth: int = 0) -> int:
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(word, start + 1)
        return project.add_span(doc, start, start + len(word), label).added[0].id

    return {
        "doc": doc,
        "event": span("هاجمت", "EVENT"),
        "police": span("قوات الأمن", "ACTOR"),
        "crowd": span("المتظاهرين", "ACTOR"),
        "place": span("بغداد", "PLACE"),
        "claim": span("وقال", "CLAIM"),
        "speaker": span("المتحدث", "ACTOR"),
        "event2": span("الهجوم", "EVENT"),
    }


def snapshot(path) -> dict[str, list[tuple]]:
    """Every table of records, read with plain sqlite3 (not through the app)."""
    conn = sqlite3.connect(path)
    try:
        return {
            # labels have no id: undo puts a removed one back in another row
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
            for t in (
                "spans",
                "frames",
                "frame_args",
                "relations",
                "attribute_values",
                "notes",
                "roles",
                "relation_types",
                "attribute_defs",
                "labels",
            )
        }
    finally:
        conn.close()


def undo_redo_reopen(project: Project, before: dict, after: dict) -> Project:
    """Undo gives ``before``, redo ``after`` (ids included), and both survive reopening."""
    assert snapshot(project.path) == after
    project.undo()
    assert snapshot(project.path) == before
    project.redo()
    assert snapshot(project.path) == after
    path = project.path
    project.close()
    reopened = Project.open(path, annotator="tester")
    assert snapshot(path) == after
    return reopened


def test_new_project_has_the_default_definitions(project):
    assert project.frame_types() == ["EVENT", "CLAIM"]
    assert [(r.name, r.fillers, r.name_ar) for r in project.roles("EVENT")] == [
        ("agent", ("ACTOR",), "فاعل الحدث"),
        ("target", ("ACTOR",), "المستهدف"),
        ("location", ("PLACE",), "مكان الحدث"),
    ]
    assert [(r.name, r.fillers, r.name_ar) for r in project.roles("CLAIM")] == [
        ("claimant", ("ACTOR",), "صاحب الادعاء"),
        ("about", ("frame:EVENT",), "موضوع الادعاء"),
    ]
    attrs = {a.name: a for a in project.attribute_defs()}
    assert [v.name_ar for v in attrs["type"].values] == [
        "هجوم",
        "احتجاج",
        "اعتقال",
        "اشتباك مسلح",
        "تصريح",
        "أخرى",
    ]
    assert attrs["type"].targets == ("EVENT", "frame:EVENT")
    assert [v.name for v in attrs["certainty"].values] == ["asserted", "hedged", "denied"]
    assert attrs["negated"].is_flag and attrs["negated"].targets == ("*", "frame:*")
    assert attrs["negated"].name_ar == "منفي"
    types = {t.name: t for t in project.relation_types()}
    assert types["same_as"].symmetric and types["same_as"].heads == ()
    assert types["part_of"].heads == types["part_of"].tails == ("ACTOR",)
    assert [a.name for a in project.attribute_defs()] == ["type", "certainty", "negated"]
    defs = project.definitions()
    assert [lab.name for lab in defs.labels][:4] == ["EVENT", "ACTOR", "PLACE", "CLAIM"]
    assert len(defs.roles) == 5 and len(defs.attributes) == 3


def test_add_frame_and_arguments_undo_redo_reopen(project, spans):
    before = snapshot(project.path)
    cs = project.add_frame(spans["event"])
    frame = cs.detail["frame"]
    assert cs.document_id == spans["doc"] and cs.touches("frames")
    after = snapshot(project.path)
    project = undo_redo_reopen(project, before, after)
    cs = project.add_argument(frame, "agent", span_id=spans["police"])
    out, into = cs.rows_in("frame_args", spans["doc"])
    assert out == [] and [r.id for r in into] == [cs.detail["argument"]]
    after2 = snapshot(project.path)
    project = undo_redo_reopen(project, after, after2)
    f = project.frame(frame)
    assert f.type == "EVENT" and f.trigger_id == spans["event"]
    assert [(a.role, a.span_id) for a in f.args] == [("agent", spans["police"])]
    assert project.frames(spans["doc"]) == [f]
    project.close()


def test_link_makes_the_frame_on_first_use_and_chooses_by_name(project, spans):
    cands = project.link_candidates(spans["event"], spans["police"])
    assert all(isinstance(c, RoleDef) for c in cands)
    assert [c.name for c in cands] == ["agent", "target"]
    with pytest.raises(FrameError, match="several links fit; choose one of: agent, target"):
        project.link(spans["event"], spans["police"])
    before = snapshot(project.path)
    cs = project.link(spans["event"], spans["police"], "agent")
    assert sorted(r.table for r in cs.rows_added) == ["frame_args", "frames"]
    project.link(spans["event"], spans["place"])  # location: the only candidate
    (frame,) = project.frames(spans["doc"])
    assert [a.role for a in frame.args] == ["agent", "location"]
    # one undo step each: two undos take the frame away again
    project.undo()
    project.undo()
    assert snapshot(project.path) == before


def test_link_between_two_actors_is_a_relation(project, spans):
    cands = project.link_candidates(spans["police"], spans["crowd"])
    assert all(isinstance(c, RelationType) for c in cands)
    assert [c.name for c in cands] == ["part_of", "same_as"]
    cs = project.link(spans["police"], spans["crowd"], "part_of")
    assert cs.action == "add_relation"
    (rel,) = project.relations(spans["doc"])
    assert (rel.type, rel.head_id, rel.tail_id) == ("part_of", spans["police"], spans["crowd"])
    assert project.link_candidates(spans["police"], spans["police"]) == []
    # a trigger with no role for the tail: the relation types that fit
    assert [c.name for c in project.link_candidates(spans["event"], spans["event2"])] == ["same_as"]
    with pytest.raises(FrameError, match="'part_of' does not fit this link"):
        project.link(spans["place"], spans["crowd"], "part_of")


def test_claim_about_an_event_links_frames(project, spans):
    cs = project.link(spans["claim"], spans["event2"], "about")
    frames = {f.trigger_id: f for f in project.frames(spans["doc"])}
    claim, event = frames[spans["claim"]], frames[spans["event2"]]
    assert [(a.role, a.arg_frame_id, a.span_id) for a in claim.args] == [("about", event.id, None)]
    assert len([r for r in cs.rows_added if r.table == "frames"]) == 2
    # no cycles: an event cannot be about the claim, nor a frame an argument of itself
    project.add_role("EVENT", "cause", fillers=["frame:CLAIM"])
    with pytest.raises(FrameError, match="cycle"):
        project.add_argument(event.id, "cause", arg_frame_id=claim.id)
    with pytest.raises(FrameError, match="not allowed for a EVENT frame"):
        project.add_argument(event.id, "cause", arg_frame_id=event.id)


def test_argument_rules_have_clear_messages(project, spans, tmp_path):
    frame = project.add_frame(spans["event"]).detail["frame"]
    with pytest.raises(FrameError, match="role 'location' of EVENT is not allowed for label ACTOR"):
        project.add_argument(frame, "location", span_id=spans["police"])
    with pytest.raises(FrameError, match="unknown role 'victim' for EVENT frames"):
        project.add_argument(frame, "victim", span_id=spans["police"])
    with pytest.raises(FrameError, match="exactly one"):
        project.add_argument(frame, "agent")
    with pytest.raises(FrameError, match="ACTOR has no roles"):
        project.add_frame(spans["police"])
    other = add_doc(project, "اعتقلت الشرطة رجلا")
    cop = project.add_span(other, 7, 13, "ACTOR").added[0].id
    with pytest.raises(FrameError, match="another document"):
        project.add_argument(frame, "agent", span_id=cop)
    with pytest.raises(FrameError, match="different documents"):
        project.add_relation(spans["police"], cop, "same_as")
    project.add_argument(frame, "agent", span_id=spans["police"])
    with pytest.raises(FrameError, match="already has this 'agent' argument"):
        project.add_argument(frame, "agent", span_id=spans["police"])
    with pytest.raises(FrameError, match="unknown relation type 'kin'"):
        project.add_relation(spans["police"], spans["crowd"], "kin")
    with pytest.raises(FrameError, match="does not link PLACE to ACTOR"):
        project.add_relation(spans["place"], spans["crowd"], "part_of")
    with pytest.raises(FrameError, match="no frame with id 999"):
        project.frame(999)


def test_update_and_delete_argument(project, spans):
    frame = project.add_frame(spans["event"]).detail["frame"]
    arg = project.add_argument(frame, "agent", span_id=spans["police"]).detail["argument"]
    before = snapshot(project.path)
    cs = project.update_argument(arg, role="target", span_id=spans["crowd"])
    ((old, new),) = cs.rows_changed
    assert (old.get("role"), new.get("role")) == ("agent", "target")
    project = undo_redo_reopen(project, before, snapshot(project.path))
    with pytest.raises(FrameError, match="not allowed for label PLACE"):
        project.update_argument(arg, span_id=spans["place"])
    before = snapshot(project.path)
    cs = project.delete_argument(arg)
    assert [r.id for r in cs.rows_removed] == [arg]
    project = undo_redo_reopen(project, before, snapshot(project.path))
    project.close()


def test_symmetric_relation_is_stored_once(project, spans):
    project.add_relation(spans["police"], spans["crowd"], "same_as")
    with pytest.raises(FrameError, match="already exists"):
        project.add_relation(spans["crowd"], spans["police"], "same_as")
    # a directed type may link both ways
    project.add_relation(spans["police"], spans["crowd"], "part_of")
    project.add_relation(spans["crowd"], spans["police"], "part_of")
    assert len(project.relations(spans["doc"])) == 3


def test_update_and_delete_relation(project, spans):
    rel = project.add_relation(spans["police"], spans["crowd"], "part_of").detail["relation"]
    before = snapshot(project.path)
    project.update_relation(rel, type="same_as", tail_id=spans["speaker"])
    (r,) = project.relations(spans["doc"])
    assert (r.type, r.tail_id) == ("same_as", spans["speaker"])
    project = undo_redo_reopen(project, before, snapshot(project.path))
    before = snapshot(project.path)
    project.delete_relation(rel)
    project = undo_redo_reopen(project, before, snapshot(project.path))
    assert project.relations(spans["doc"]) == []
    project.close()


def test_delete_frame_takes_what_points_at_it(project, spans):
    project.link(spans["claim"], spans["event2"], "about")
    claim, event = project.frames(spans["doc"])
    project.set_attribute("negated", True, span_id=spans["event2"])
    project.add_attribute("confidence", values=["high", "low"], targets=["frame:EVENT"])
    project.set_attribute("confidence", "high", frame_id=event.id)
    project.set_note("تحقق", frame_id=event.id)
    assert project.frame(event.id).attributes == {"confidence": "high"}
    assert project.frame(event.id).note == "تحقق"
    before = snapshot(project.path)
    cs = project.delete_frame(event.id)
    assert sorted(r.table for r in cs.rows_removed) == [
        "attribute_values",
        "frame_args",
        "frames",
        "notes",
    ]
    assert project.frame(claim.id).args == ()
    project = undo_redo_reopen(project, before, snapshot(project.path))
    project.close()


def test_deleting_a_span_cascades_and_undo_restores_ids(project, spans):
    project.link(spans["event"], spans["police"], "agent")
    project.link(spans["claim"], spans["event"], "about")
    project.add_relation(spans["police"], spans["crowd"], "part_of")
    project.set_attribute("type", "attack", span_id=spans["event"])
    project.set_note("ملاحظة", span_id=spans["event"])
    before = snapshot(project.path)
    cs = project.delete_span(spans["event"])
    assert {r.table for r in cs.rows_removed} == {
        "frames",
        "frame_args",
        "attribute_values",
        "notes",
    }
    after = snapshot(project.path)
    assert after["frames"] == [before["frames"][1]]  # the claim's frame stays, its about goes
    project = undo_redo_reopen(project, before, after)
    project.close()


def test_attributes_set_change_remove(project, spans):
    ev = spans["event"]
    before = snapshot(project.path)
    project.set_attribute("type", "attack", span_id=ev)
    project = undo_redo_reopen(project, before, snapshot(project.path))
    mid = snapshot(project.path)
    cs = project.set_attribute("type", "protest", span_id=ev)
    assert len(cs.rows_changed) == 1
    project = undo_redo_reopen(project, mid, snapshot(project.path))
    assert project.span_attributes(spans["doc"]) == {ev: {"type": "protest"}}
    assert project.set_attribute("type", "protest", span_id=ev).is_empty()
    project.set_attribute("negated", True, span_id=ev)
    assert project.span_attributes(spans["doc"]) == {ev: {"type": "protest", "negated": True}}
    project.set_attribute("negated", False, span_id=ev)
    project.set_attribute("type", None, span_id=ev)
    assert project.span_attributes(spans["doc"]) == {}
    with pytest.raises(FrameError, match="unknown value 'riot' of attribute 'type'"):
        project.set_attribute("type", "riot", span_id=ev)
    with pytest.raises(FrameError, match="'type' is not allowed on ACTOR spans"):
        project.set_attribute("type", "attack", span_id=spans["police"])
    with pytest.raises(FrameError, match="unknown attribute 'mood'"):
        project.set_attribute("mood", "x", span_id=ev)
    with pytest.raises(FrameError, match="is a flag"):
        project.set_attribute("negated", "yes", span_id=ev)
    frame = project.add_frame(ev).detail["frame"]
    project.set_attribute("type", "attack", frame_id=frame)
    assert project.frame(frame).attributes == {"type": "attack"}
    with pytest.raises(FrameError, match="not allowed on EVENT frames"):
        project.set_attribute("certainty", "hedged", frame_id=frame)
    project.close()


def test_notes_on_document_span_frame(project, spans):
    doc = spans["doc"]
    frame = project.add_frame(spans["event"]).detail["frame"]
    before = snapshot(project.path)
    project.set_note("مقال مهم", document_id=doc)
    project.set_note("فعل", span_id=spans["event"])
    project.set_note("حدث", frame_id=frame)
    assert project.notes(doc) == {
        ("document", doc): "مقال مهم",
        ("span", spans["event"]): "فعل",
        ("frame", frame): "حدث",
    }
    assert project.frame(frame).note == "حدث"
    cs = project.set_note("مقال مهم جدا", document_id=doc)
    assert cs.touches("notes") and cs.document_id == doc
    project.set_note("", span_id=spans["event"])
    assert ("span", spans["event"]) not in project.notes(doc)
    for _ in range(5):
        project.undo()
    assert snapshot(project.path) == before
    with pytest.raises(FrameError, match="exactly one"):
        project.set_note("x")


def test_relabel_that_invalidates_is_refused_unless_dropped(project, spans):
    project.link(spans["event"], spans["place"])
    project.add_relation(spans["police"], spans["crowd"], "part_of")
    project.set_attribute("type", "attack", span_id=spans["event"])
    assert [a.role for a in project.arguments_invalidated_by(spans["place"], "ACTOR")] == [
        "location"
    ]
    before = snapshot(project.path)
    with pytest.raises(FrameError, match="would delete 1 argument"):
        project.update_span(spans["place"], label="ACTOR")
    assert snapshot(project.path) == before
    # moving a boundary invalidates nothing
    project.update_span(spans["place"], end=TEXT.index("بغداد") + 4)
    project.undo()
    cs = project.update_span(spans["place"], label="ACTOR", drop_invalid=True)
    assert [r.table for r in cs.rows_removed] == ["frame_args"]
    project = undo_redo_reopen(project, before, snapshot(project.path))
    # the trigger relabelled to a label without roles takes its frame, its args, attributes
    with pytest.raises(FrameError, match="frame"):
        project.update_span(spans["event"], label="PLACE")
    cs = project.update_span(spans["crowd"], label="PLACE", drop_invalid=True)
    assert [r.table for r in cs.rows_removed] == ["relations"]
    # the frame (its argument went above) and the EVENT-only attribute value
    assert {r.table for r in project.invalidated_by(spans["event"], "PLACE")} == {
        "frames",
        "attribute_values",
    }
    project.close()


def test_definition_edits_are_undoable_and_checked(project, spans):
    before = snapshot(project.path)
    project.add_role(
        "EVENT", "victim", name_en="Victim", name_ar="الضحية", color="#123456", fillers=["ACTOR"]
    )
    project.add_relation_type(
        "employs", name_en="Employs", name_ar="يوظف", heads=["ACTOR"], tails=["ACTOR"]
    )
    project.add_attribute(
        "source", name_ar="المصدر", values=[("wire", "Wire", "وكالة")], targets=["CLAIM"]
    )
    for _ in range(3):
        project.undo()
    assert snapshot(project.path) == before
    with pytest.raises(FrameError, match="already has a role named 'agent'"):
        project.add_role("EVENT", "agent", fillers=["ACTOR"])
    with pytest.raises(FrameError, match="no label named 'NOPE'"):
        project.add_role("EVENT", "x", fillers=["NOPE"])
    with pytest.raises(FrameError, match="cannot contain spaces"):
        project.add_attribute("bad name", targets=["*"])
    frame = project.add_frame(spans["event"]).detail["frame"]
    project.add_argument(frame, "agent", span_id=spans["police"])
    with pytest.raises(FrameError, match="filled by ACTOR"):
        project.update_role("EVENT", "agent", fillers=["PLACE"])
    project.update_role("EVENT", "agent", color="#000000", name_ar="الفاعل")
    assert project.roles("EVENT")[0].name_ar == "الفاعل"
    with pytest.raises(FrameError, match="used by 1 argument"):
        project.remove_role("EVENT", "agent")
    snap = snapshot(project.path)
    cs = project.remove_role("EVENT", "agent", force=True)
    assert sorted(r.table for r in cs.rows_removed) == ["frame_args", "roles"]
    project.undo()
    assert snapshot(project.path) == snap
    project.add_relation(spans["police"], spans["crowd"], "part_of")
    with pytest.raises(FrameError, match="used for ACTOR -> ACTOR"):
        project.update_relation_type("part_of", heads=["PLACE"])
    with pytest.raises(FrameError, match="used by 1 relation"):
        project.remove_relation_type("part_of")
    project.set_attribute("type", "attack", span_id=spans["event"])
    with pytest.raises(FrameError, match="'attack'"):
        project.update_attribute("type", values=["protest"])
    with pytest.raises(FrameError, match="cannot change name"):
        project.update_attribute("type", name="kind")
    snap = snapshot(project.path)
    project.remove_attribute("type", force=True)
    project.undo()
    assert snapshot(project.path) == snap


def test_label_rename_carries_over_to_definitions(project, spans):
    project.link(spans["event"], spans["police"], "agent")
    before = snapshot(project.path)
    cs = project.update_label("EVENT", new_name="HADATH")
    assert {old.table for old, _ in cs.rows_changed} == {"roles", "attribute_defs"}
    assert project.frame_types() == ["HADATH", "CLAIM"]
    assert project.roles("CLAIM")[1].fillers == ("frame:HADATH",)
    assert project.frames(spans["doc"])[0].type == "HADATH"
    assert project.attribute_defs()[0].targets == ("HADATH", "frame:HADATH")
    project.update_label("ACTOR", new_name="FAEL")
    assert project.relation_types()[0].heads == ("FAEL",)
    project.undo()
    project.undo()
    assert snapshot(project.path) == before


def test_label_removal_leaves_the_definitions(project, spans):
    project.link(spans["event"], spans["place"])
    before = snapshot(project.path)
    cs = project.remove_label("PLACE", force=True)
    assert "location" not in [r.name for r in project.roles("EVENT")]
    assert {r.table for r in cs.rows_removed} == {"frame_args", "roles"}
    assert project.frames(spans["doc"])[0].args == ()
    project.undo()
    assert snapshot(project.path) == before
    # a label used only in definitions goes from their lists; a role of that frame type goes
    project.add_label("RUMOR")
    project.add_role("RUMOR", "spreader", fillers=["ACTOR"])
    project.update_relation_type("same_as", heads=["ACTOR", "RUMOR"])
    project.remove_label("RUMOR")
    assert project.roles("RUMOR") == []
    assert project.relation_types()[1].heads == ("ACTOR",)
    project.undo()
    assert [r.name for r in project.roles("RUMOR")] == ["spreader"]


def test_undo_of_an_argument_refuses_after_another_window_changed_it(project, spans):
    frame = project.add_frame(spans["event"]).detail["frame"]
    arg = project.add_argument(frame, "agent", span_id=spans["police"]).detail["argument"]
    with Project.open(project.path, annotator="other") as other:
        other.update_argument(arg, role="target")
    with pytest.raises(ConflictError, match="role argument was changed or deleted"):
        project.undo()
    assert project.frame(frame).args[0].role == "target"


def test_each_action_is_one_change_log_row(project, spans):
    start = project.last_change_id()
    frame = project.link(spans["event"], spans["police"], "agent").detail["frame"]
    project.set_attribute("type", "attack", span_id=spans["event"])
    project.set_note("x", frame_id=frame)
    assert project.last_change_id() == start + 3
    actions = [c["action"] for c in project.changes(3)]
    assert actions == ["set_note", "set_attribute", "add_argument"]


def test_migration_from_schema_5_adds_the_defaults_its_labels_allow(tmp_path):
    from test_project import old_project

    path = tmp_path / "old.annotator"
    with old_project(path, 5) as conn:
        conn.execute("INSERT INTO meta VALUES ('annotator', 'layla')")
        conn.executemany(
            "INSERT INTO labels VALUES (?, ?, ?, '#E69F00', ?, ?)",
            [("EVENT", "Event", "حدث", "1", 0), ("ACTOR", "Actor", "فاعل", "2", 1)],
        )
    with Project.open(path) as p:
        assert p.schema_version == 6
        # no PLACE and no CLAIM here: no location role, no CLAIM roles, no certainty
        assert [(r.frame_type, r.name) for r in p.roles()] == [
            ("EVENT", "agent"),
            ("EVENT", "target"),
        ]
        assert p.frame_types() == ["EVENT"]
        assert [a.name for a in p.attribute_defs()] == ["type", "negated"]
        assert [t.name for t in p.relation_types()] == ["part_of", "same_as"]
        assert p.roles("EVENT")[0].name_ar == "فاعل الحدث"
    with Project.open(path) as p:  # opening again adds nothing
        assert len(p.roles()) == 2


def test_recover_keeps_frames_relations_attributes_notes_and_definitions(project, spans, tmp_path):
    from annotator.core.recover import recover_project

    project.link(spans["claim"], spans["event"], "about")
    project.link(spans["event"], spans["police"], "agent")
    project.add_relation(spans["police"], spans["crowd"], "part_of")
    project.set_attribute("type", "attack", span_id=spans["event"])
    project.set_note("ملاحظة", span_id=spans["event"])
    project.add_role("EVENT", "victim", fillers=["ACTOR"])
    before = snapshot(project.path)
    out = tmp_path / "recovered.annotator"
    report = recover_project(project.path, out)
    assert report.lost == []
    after = snapshot(out)
    for table in ("frames", "frame_args", "relations", "attribute_values", "notes", "roles"):
        assert after[table] == before[table], table
