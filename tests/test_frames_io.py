"""Frames, relations, attributes and notes through import and export at the DocRecord level."""

from __future__ import annotations

import pytest

from annotator.core.errors import InputError
from annotator.core.model import (
    ArgRecord,
    DocRecord,
    FrameRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.core.project import Project

# the CRLF becomes a line break when the text is cleaned: the offsets after it move by one
TEXT = "هاجمت قوات الأمن المتظاهرين في بغداد\r\nوقال المتحدث إن الهجوم لم يقع"


def at(word: str, label: str, sid: str, **kw) -> SpanRecord:
    start = TEXT.index(word)
    return SpanRecord(start, start + len(word), label, word, id=sid, **kw)


def record(**kw) -> DocRecord:
    spans = [
        at("هاجمت", "EVENT", "T1", attributes={"type": "attack", "negated": True}),
        at("قوات الأمن", "ACTOR", "T2", note="الشرطة"),
        at("المتظاهرين", "ACTOR", "T3"),
        at("بغداد", "PLACE", "T4"),
        at("وقال", "CLAIM", "T5"),
        at("المتحدث", "ACTOR", "T6"),
    ]
    frames = [
        FrameRecord(
            "E1",
            "T1",
            "EVENT",
            [ArgRecord("agent", span="T2"), ArgRecord("target", span="T3")],
            note="مؤكد",
        ),
        FrameRecord(
            "E2",
            "T5",
            "CLAIM",
            [ArgRecord("claimant", span="T6"), ArgRecord("about", frame="E1")],
            attributes={"certainty": "hedged"},
        ),
    ]
    relations = [
        RelationRecord("T2", "T3", "same_as", id="R1"),
        RelationRecord("T3", "T2", "same_as", id="R2"),  # the same symmetric pair
    ]
    base = {
        "text": TEXT,
        "external_id": "a1",
        "spans": spans,
        "frames": frames,
        "relations": relations,
        "note": "مقال",
        "source": "in.jsonl",
        "line": 3,
    }
    base.update(kw)
    return DocRecord(**base)


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def test_import_stores_frames_relations_attributes_notes(project):
    report = project.import_records([record()], source="in.jsonl")
    assert (report.frames, report.relations, report.new_definitions) == (2, 1, [])
    (doc,) = report.document_ids
    spans = {sp.text: sp for sp in project.spans(doc)}
    event, claim = project.frames(doc)
    assert event.trigger_id == spans["هاجمت"].id and event.type == "EVENT"
    assert [(a.role, a.span_id) for a in event.args] == [
        ("agent", spans["قوات الأمن"].id),
        ("target", spans["المتظاهرين"].id),
    ]
    assert [(a.role, a.arg_frame_id) for a in claim.args][1] == ("about", event.id)
    assert claim.attributes == {"certainty": "hedged"} and event.note == "مؤكد"
    (rel,) = project.relations(doc)
    assert rel.type == "same_as"
    assert project.span_attributes(doc) == {spans["هاجمت"].id: {"type": "attack", "negated": True}}
    notes = project.notes(doc)
    assert notes[("document", doc)] == "مقال"
    assert notes[("span", spans["قوات الأمن"].id)] == "الشرطة"
    # offsets after the CRLF were remapped through cleaning
    stored = project.get_document(doc).text
    assert "\r" not in stored
    assert stored[spans["المتحدث"].start : spans["المتحدث"].end] == "المتحدث"


def test_cli_import_reports_and_stats_count_frames(project, tmp_path, capsys):
    import json

    from annotator.cli import main

    project.import_records([record()], source="in.jsonl")
    path = project.path
    project.close()
    assert main(["stats", "--project", str(path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["frames"], stats["relations"]) == (2, 1)
    assert main(["stats", "--project", str(path)]) == 0
    out = capsys.readouterr().out
    assert "event frames: 2" in out and "relations: 1" in out


def test_export_gives_the_same_records_back(project, tmp_path):
    project.import_records([record()], source="in.jsonl")
    (out,) = list(project.iter_records())
    assert [sp.id for sp in out.spans] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert out.note == "مقال"
    assert out.spans[0].attributes == {"type": "attack", "negated": True}
    assert out.spans[1].note == "الشرطة"
    assert [(f.id, f.trigger, f.type) for f in out.frames] == [
        ("F1", "T1", "EVENT"),
        ("F2", "T5", "CLAIM"),
    ]
    assert [(a.role, a.span, a.frame) for a in out.frames[1].args] == [
        ("claimant", "T6", None),
        ("about", None, "F1"),
    ]
    assert out.frames[1].attributes == {"certainty": "hedged"}
    assert out.frames[0].note == "مؤكد"
    assert [(r.head, r.tail, r.type) for r in out.relations] == [("T2", "T3", "same_as")]
    # a second project reads the export back to the same records
    other = Project.create(tmp_path / "q.annotator", annotator="tester")
    out.source, out.line = "export", 1
    other.import_records([out], source="export")
    (again,) = list(other.iter_records())
    assert again.frames == out.frames and again.relations == out.relations
    assert again.spans == out.spans and again.note == out.note
    other.close()


def test_label_filter_leaves_out_what_points_at_filtered_spans(project):
    project.import_records([record()], source="in.jsonl")
    (out,) = list(project.iter_records(labels=["EVENT", "ACTOR"]))
    assert [sp.id for sp in out.spans] == ["T1", "T2", "T3", "T6"]
    assert [f.id for f in out.frames] == ["F1"]  # the CLAIM's trigger is filtered out
    assert len(out.relations) == 1


def test_records_without_frames_export_without_any(project):
    project.import_records(
        [DocRecord(text="نص بسيط", spans=[SpanRecord(0, 2, "ACTOR")])], source="t"
    )
    (out,) = list(project.iter_records())
    assert out.frames == [] and out.relations == [] and out.note is None
    assert out.spans[0].id == "T1" and out.spans[0].attributes == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"relations": [RelationRecord("T2", "T9", "same_as", id="R7")]},
            r"in.jsonl:3: relation R7 \(same_as\): the tail: no span with id 'T9' in this record",
        ),
        (
            {"frames": [FrameRecord("E1", "T8", "EVENT")]},
            "in.jsonl:3: frame E1: the trigger: no span with id 'T8'",
        ),
        (
            {"frames": [FrameRecord("E1", "T1", "EVENT", [ArgRecord("agent", frame="E5")])]},
            "frame E1, role 'agent': no frame with id 'E5'",
        ),
        (
            {"frames": [FrameRecord("E1", "T1", "CLAIM")]},
            "frame E1: type 'CLAIM' is not its trigger's label 'EVENT'",
        ),
        (
            {
                "frames": [
                    FrameRecord("E1", "T1", "EVENT", [ArgRecord("cause", frame="E2")]),
                    FrameRecord("E2", "T5", "CLAIM", [ArgRecord("about", frame="E1")]),
                ]
            },
            "cycle",
        ),
    ],
)
def test_bad_references_refuse_the_file(project, change, message):
    before = project.document_count()
    with pytest.raises(InputError, match=message):
        project.import_records([record(**change)], source="in.jsonl")
    assert project.document_count() == before
    assert project.roles("EVENT")[-1].name == "location"  # nothing added


def test_skip_invalid_leaves_out_a_record_with_a_bad_reference(project):
    bad = record(relations=[RelationRecord("T2", "T9", "same_as", id="R7")])
    good = record(text=TEXT + " ثانية", external_id="a2")
    report = project.import_records([bad, good], source="in.jsonl", skip_invalid=True)
    assert report.added == 1 and report.frames == 2
    assert report.skipped == [
        "in.jsonl:3: relation R7 (same_as): the tail: no span with id 'T9' in this record"
    ]


def test_import_adds_the_definitions_it_lacks(project):
    rec = record(
        frames=[
            FrameRecord(
                "E1",
                "T1",
                "EVENT",
                [ArgRecord("victim", span="T3"), ArgRecord("location", span="T2")],
                attributes={"scale": "large"},
            )
        ],
        relations=[RelationRecord("T2", "T4", "based_in")],
    )
    rec.spans[3].attributes = {"type": "riot"}
    report = project.import_records([rec], source="in.jsonl")
    assert report.new_definitions == [
        "role EVENT.victim (ACTOR)",
        "role EVENT.location +ACTOR",
        "attribute scale (frame:EVENT)",
        "relation type based_in (ACTOR -> PLACE)",
        "attribute type +PLACE",
        "attribute type value riot",
    ]
    assert project.roles("EVENT")[2].fillers == ("PLACE", "ACTOR")
    assert "riot" in [v.name for v in project.attribute_defs()[0].values]
    assert project.changes(1)[0]["detail"]["new_definitions"] == report.new_definitions


def test_import_speed_path_is_unchanged_for_plain_records(project):
    """A record without frames never reaches the frames code (nothing to store)."""
    calls = []
    original = project._import_extras
    project._import_extras = lambda *a, **k: calls.append(a) or original(*a, **k)
    project.import_records(
        [DocRecord(text=f"نص رقم {i}", spans=[SpanRecord(0, 2, "ACTOR")]) for i in range(5)],
        source="t",
    )
    assert calls == []
    project.import_records([DocRecord(text="نص آخر", note="ملاحظة")], source="t")
    assert len(calls) == 1


def test_writers_that_ask_for_definitions_get_them(project, tmp_path, monkeypatch):
    """A format declaring ``definitions`` among its writer options (brat) is given the
    project's definitions by the export machinery; the records carry the frames."""
    from types import MappingProxyType

    from annotator.core import exporting, formats
    from annotator.core.formats import registry

    got = {}

    def write_scheme(records, output, definitions=None):
        got["definitions"] = definitions
        got["frames"] = [len(r.frames) for r in records]
        output.write_text("x", encoding="utf-8")
        return {"documents": len(got["frames"])}

    row = registry.Format(
        "scheme",
        "a test writer",
        writer="test.write_scheme",
        extensions=(".scheme",),
        writer_options=("definitions",),
    )
    real_load = registry._load
    monkeypatch.setattr(
        registry, "_load", lambda ref: write_scheme if ref == row.writer else real_load(ref)
    )
    monkeypatch.setattr(formats, "FORMATS", MappingProxyType({**formats.FORMATS, "scheme": row}))
    project.import_records([record()], source="in.jsonl")
    project.add_role("EVENT", "victim", fillers=["ACTOR"])
    exporting.export(project, tmp_path / "out.scheme", "scheme", card=False)
    defs = got["definitions"]
    assert [r.name for r in defs.roles if r.frame_type == "EVENT"][-1] == "victim"
    assert defs.frame_types() == ["EVENT", "CLAIM"]
    assert [t.name for t in defs.relation_types] == ["part_of", "same_as"]
    assert got["frames"] == [2]
