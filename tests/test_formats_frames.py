"""Frames, relations, attributes and notes through the file formats, at the DocRecord level:
write with a format's writer, read back with its reader, compare what the format can hold, and
check that the report counts what it cannot. Bad references are refused naming file, line and
item."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from helpers.frames_doc import NOTE_AR, TEXT, canon, rich_record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import formats
from annotator.core.errors import InputError
from annotator.core.formats.events import COLUMNS
from annotator.core.model import ArgRecord, DocRecord, FrameRecord, RelationRecord, SpanRecord


def _write(fmt: str, path: Path, **options: Any) -> dict[str, Any]:
    return formats.write([rich_record()], path, fmt, **options)


def _read(path: Path, fmt: str) -> list[DocRecord]:
    return list(formats.read(path, fmt))


# --------------------------------------------------------------------------------- JSONL


def test_jsonl_round_trip_is_lossless(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    report = _write("jsonl", out)
    assert (report["frames"], report["relations"], report["notes"]) == (4, 2, 3)
    assert report["attributes"] == 1 + 5
    (back,) = _read(out, "jsonl")
    assert canon(back) == canon(rich_record())
    assert [sp.id for sp in back.spans] == [sp.id for sp in rich_record().spans]
    assert back.relations[0].annotator == "omar" and back.relations[0].id == "1"
    obj = json.loads(out.read_text(encoding="utf-8"))
    assert obj["frames"][2] == {
        "id": "F3",
        "trigger": 1,
        "type": "CLAIM",
        "args": [{"role": "claimant", "span": 2}, {"role": "about", "frame": "F1"}],
        "attributes": {"certainty": "asserted"},
    }
    assert obj["relations"][1] == {"head": 4, "tail": 9, "type": "same_as", "id": 2}
    assert obj["spans"][1]["note"] == NOTE_AR and obj["note"] == "وثيقة للمراجعة"
    assert obj["spans"][3]["attributes"] == {"negated": True}
    # and again: a second export of what was read is the same bytes
    again = tmp_path / "b.jsonl"
    formats.write([back], again, "jsonl")
    assert again.read_bytes() == out.read_bytes()


def test_jsonl_old_files_read_as_before(tmp_path: Path) -> None:
    src = tmp_path / "old.jsonl"
    src.write_text(
        '{"text": "هجوم في حلب", "spans": [{"start": 0, "end": 4, "label": "EVENT"}]}\n',
        encoding="utf-8",
    )
    (rec,) = _read(src, "jsonl")
    assert rec.frames == [] and rec.relations == [] and rec.note is None
    (span,) = rec.spans
    assert (span.id, span.attributes, span.note) == (None, {}, None)


def test_jsonl_frame_without_type_takes_its_triggers_label(tmp_path: Path) -> None:
    src = tmp_path / "t.jsonl"
    obj = {
        "text": "هجوم في حلب",
        "spans": [{"id": "e", "start": 0, "end": 4, "label": "EVENT"}],
        "frames": [{"id": 1, "trigger": "e"}],
    }
    src.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    (rec,) = _read(src, "jsonl")
    assert rec.frames == [FrameRecord("1", "e", "EVENT")]


def _bad(tmp_path: Path, change: dict[str, Any]) -> str:
    good = json.loads(formats_jsonl_line())
    good.update(change)
    src = tmp_path / "bad.jsonl"
    src.write_text(
        '{"text": "سطر أول"}\n' + json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        _read(src, "jsonl")
    assert err.value.source == str(src) and err.value.line == 2
    return err.value.reason


def formats_jsonl_line() -> str:
    from annotator.core.formats.jsonl import record_to_json

    return json.dumps(record_to_json(rich_record()), ensure_ascii=False)


def test_jsonl_bad_references_name_file_line_and_item(tmp_path: Path) -> None:
    obj = json.loads(formats_jsonl_line())
    frames, relations, spans = obj["frames"], obj["relations"], obj["spans"]

    def with_frame(k: int, **fields: Any) -> list[Any]:
        out = json.loads(json.dumps(frames))
        out[k].update(fields)
        return out

    assert _bad(tmp_path, {"frames": with_frame(0, trigger=99)}) == (
        "frame 1 (F1): trigger '99' is not the id of a span of this document"
    )
    args = [{"role": "agent", "span": 42}]
    assert _bad(tmp_path, {"frames": with_frame(1, args=args)}) == (
        "frame 2 (F2): argument 1 (agent) points at span '42': "
        "not the id of a span of this document"
    )
    args = [{"role": "about", "frame": "F9"}]
    assert _bad(tmp_path, {"frames": with_frame(2, args=args)}) == (
        "frame 3 (F3): argument 1 (about) points at frame 'F9': no frame of this document"
    )
    args = [{"role": "about", "span": 1, "frame": "F1"}]
    assert "needs exactly one of" in _bad(tmp_path, {"frames": with_frame(2, args=args)})
    assert _bad(tmp_path, {"frames": with_frame(0, type="CLAIM")}) == (
        "frame 1 (F1): type 'CLAIM' is not its trigger's label 'EVENT'"
    )
    looped = with_frame(0, args=[{"role": "about", "frame": "F3"}])
    assert _bad(tmp_path, {"frames": looped}) == (
        "frames are arguments of each other: F1 -> F3 -> F1"
    )
    assert _bad(tmp_path, {"frames": with_frame(1, id="F1")}) == (
        "frame 'F1': the id is used by another frame"
    )
    rels = json.loads(json.dumps(relations))
    rels[1]["tail"] = 77
    assert _bad(tmp_path, {"relations": rels}) == (
        "relation 2 (same_as): tail '77' is not the id of a span of this document"
    )
    twice = json.loads(json.dumps(spans))
    twice[2]["id"] = 2
    assert _bad(tmp_path, {"spans": twice}) == "span 3: id '2' is used by another span"
    bad_attr = json.loads(json.dumps(spans))
    bad_attr[0]["attributes"] = {"certainty": 3}
    assert _bad(tmp_path, {"spans": bad_attr}) == (
        "span 1: attribute 'certainty' must be a string or true, got 3"
    )
    assert _bad(tmp_path, {"note": ["x"]}) == 'document: "note" must be a string'
    assert _bad(tmp_path, {"frames": {"F1": {}}}) == '"frames" must be a list, not dict'


def test_jsonl_skip_invalid_skips_only_the_bad_line(tmp_path: Path) -> None:
    obj = json.loads(formats_jsonl_line())
    obj["relations"][0]["head"] = 1000
    src = tmp_path / "mixed.jsonl"
    src.write_text(formats_jsonl_line() + "\n" + json.dumps(obj) + "\n", encoding="utf-8")
    errors: list[InputError] = []
    recs = list(formats.read(src, "jsonl", on_error=errors.append))
    assert len(recs) == 1 and len(errors) == 1 and errors[0].line == 2


def test_csv_spans_keep_ids_attributes_and_notes(tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    report = formats.write([rich_record()], out, "csv")
    # frames, relations and the document's note have no column: counted, with a warning
    assert report["left_out_other"] == {"frames": 4, "relations": 2, "notes": 1}
    assert report["warnings"] == [
        "4 frames, 2 relations, 1 note left out: the csv format has no place for them "
        "(the jsonl format keeps them)"
    ]
    (back,) = _read(out, "csv")
    assert canon(back)["spans"] == canon(rich_record())["spans"]
    assert [sp.id for sp in back.spans] == [sp.id for sp in rich_record().spans]


# --------------------------------------------------------------------------------- doccano


def test_doccano_entities_relations_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "a.doccano.jsonl"
    report = _write("doccano", out, doccano_entities=True)
    obj = json.loads(out.read_text(encoding="utf-8"))
    assert obj["entities"][0] == {"id": 1, "label": "CLAIM", "start_offset": 0, "end_offset": 3}
    assert obj["relations"] == [
        {"id": 1, "from_id": 3, "to_id": 2, "type": "part_of"},
        {"id": 2, "from_id": 4, "to_id": 9, "type": "same_as"},
    ]
    # frames, attributes and notes have no doccano form: counted, with a warning
    assert report["relations"] == 2
    assert report["left_out_other"] == {"frames": 4, "attributes": 1, "notes": 3}
    assert report["warnings"] == [
        "4 frames, 1 attribute, 3 notes left out: the doccano format has no place for them "
        "(the jsonl format keeps them)"
    ]
    (back,) = _read(out, "doccano")
    want = canon(rich_record())
    got = canon(back)
    assert got["relations"] == want["relations"]
    assert [s[:3] for s in got["spans"]] == [s[:3] for s in want["spans"]]
    assert back.frames == []


def test_doccano_non_numeric_span_ids_are_numbered(tmp_path: Path) -> None:
    rec = rich_record()
    for sp in rec.spans:
        sp.id = "T" + (sp.id or "")
    for rel in rec.relations:
        rel.head, rel.tail = "T" + rel.head, "T" + rel.tail
    rec.frames = []
    out = tmp_path / "t.doccano.jsonl"
    formats.write([rec], out, "doccano", doccano_entities=True)
    (back,) = _read(out, "doccano")
    assert canon(back)["relations"] == canon(rich_record())["relations"]


def test_doccano_label_variant_counts_relations_left_out(tmp_path: Path) -> None:
    report = _write("doccano", tmp_path / "l.doccano.jsonl")
    assert report["left_out_other"]["relations"] == 2


def test_doccano_relation_to_a_missing_entity_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "r.doccano.jsonl"
    obj = {
        "text": "هجوم في حلب",
        "entities": [{"id": 10, "label": "EVENT", "start_offset": 0, "end_offset": 4}],
        "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "at"}],
    }
    src.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        _read(src, "doccano")
    assert str(err.value) == (
        f"{src}:1: relation 1 (at): tail '11' is not the id of a span of this document"
    )


# --------------------------------------------------------------------------------- Prodigy


def test_prodigy_relations_as_rel_manual_writes_them(tmp_path: Path) -> None:
    out = tmp_path / "a.prodigy.jsonl"
    report = _write("prodigy", out)
    task = json.loads(out.read_text(encoding="utf-8"))
    tokens = task["tokens"]
    first = task["relations"][0]
    assert first["label"] == "part_of"
    assert first["head_span"]["label"] == "ACTOR"
    hs, cs = first["head_span"], first["child_span"]
    assert TEXT[hs["start"] : hs["end"]] == "الشرطة"
    assert TEXT[cs["start"] : cs["end"]] == "المتحدث باسم الشرطة"
    # head / child: the index of the span's last token
    assert first["head"] == hs["token_end"] and first["child"] == cs["token_end"]
    assert tokens[cs["token_start"]]["start"] == cs["start"]
    assert tokens[cs["token_end"]]["end"] == cs["end"]
    assert report["left_out_other"] == {"frames": 4, "attributes": 1, "notes": 3}
    assert "4 frames" in report["warnings"][0]
    (back,) = _read(out, "prodigy")
    assert canon(back)["relations"] == canon(rich_record())["relations"]


def test_prodigy_relation_ends_by_token_or_new_span(tmp_path: Path) -> None:
    text = "هاجم مسلحون حلب"
    tokens = [
        {"text": "هاجم", "start": 0, "end": 4, "id": 0, "ws": True},
        {"text": "مسلحون", "start": 5, "end": 11, "id": 1, "ws": True},
        {"text": "حلب", "start": 12, "end": 15, "id": 2, "ws": False},
    ]
    task = {
        "text": text,
        "tokens": tokens,
        "spans": [{"start": 0, "end": 4, "label": "EVENT", "token_start": 0, "token_end": 0}],
        "relations": [
            # ends given by token index only: the span whose last token it is
            {"head": 0, "child": 2, "label": "at",
             "child_span": {"start": 12, "end": 15, "token_start": 2, "token_end": 2,
                            "label": "PLACE"}},
            # a dependency arc between plain tokens: nothing to point at
            {"head": 1, "child": 2, "label": "nsubj"},
        ],
        "answer": "accept",
    }  # fmt: skip
    src = tmp_path / "t.prodigy.jsonl"
    src.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    warnings: list[str] = []
    (rec,) = formats.read(src, "prodigy", warn=warnings.append)
    assert [(s.start, s.end, s.label) for s in rec.spans] == [(0, 4, "EVENT"), (12, 15, "PLACE")]
    assert [(r.head, r.tail, r.type) for r in rec.relations] == [("1", "2", "at")]
    assert any("1 relation(s) between tokens" in w for w in warnings)


# --------------------------------------------------------------------------------- spaCy


def test_spacy_user_data_loads_with_plain_spacy(tmp_path: Path) -> None:
    out = tmp_path / "a.spacy"
    report = _write("spacy", out)
    assert report["frames"] == 4 and report["relations"] == 2
    code = f"""
import json, spacy
from spacy.tokens import DocBin
(doc,) = DocBin().from_disk({str(out)!r}).get_docs(spacy.blank("ar").vocab)
spans = {{(s.start_char, s.end_char, s.label_): s.text for s in doc.spans["sc"]}}
ud = doc.user_data
rel = [(spans[tuple(r["head"])], spans[tuple(r["tail"])], r["type"])
       for r in ud["annotator_relations"]]
frames = [(f["id"], spans[tuple(f["trigger"])], f["attributes"],
           [(a["role"], spans[tuple(a["span"])] if "span" in a else a["frame"])
            for a in f["args"]], f["note"]) for f in ud["annotator_frames"]]
attrs = [(spans[tuple(a["span"])], a["attributes"], a["note"])
         for a in ud["annotator_span_attributes"]]
print(json.dumps({{"rel": rel, "frames": frames, "attrs": attrs, "note": ud["note"]}},
                 ensure_ascii=False))
"""
    # a separate interpreter that imports spaCy and json only, never annotator
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONIOENCODING": "utf-8", "PATH": ""}, cwd=tmp_path,
    )  # fmt: skip
    got = json.loads(run.stdout)
    assert got["rel"] == [
        ["الشرطة", "المتحدث باسم الشرطة", "part_of"],
        ["مسلحين", "الجيش", "same_as"],
    ]
    assert got["frames"][0] == [
        "F1",
        "هاجموا",
        {"type": "attack", "negated": True},
        [["agent", "مسلحين"], ["target", "مقر البلدية"], ["location", "حلب"]],
        NOTE_AR,
    ]
    assert got["frames"][2][3] == [["claimant", "المتحدث باسم الشرطة"], ["about", "F1"]]
    assert got["attrs"] == [
        ["المتحدث باسم الشرطة", {}, NOTE_AR],
        ["مسلحين", {"negated": True}, None],
    ]
    assert got["note"] == "وثيقة للمراجعة"


# --------------------------------------------------------------------------------- events


def test_events_csv_one_row_per_event(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    report = _write("events", out)
    assert (report["documents"], report["events"]) == (1, 2)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM, like the csv export
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert list(rows[0]) == COLUMNS
    start = TEXT.index("هاجموا")
    assert rows[0] == {
        "document_id": "a1",
        "title": "هجوم في حلب",
        "event_id": "F1",
        "trigger": "هاجموا",
        "start": str(start),
        "end": str(start + 6),
        "event_type": "attack",
        "negated": "1",
        "agent": "مسلحين",
        "target": "مقر البلدية",
        "location": "حلب",
        "claimant": "المتحدث باسم الشرطة | الجيش",
        "claim": "قال | نفى",
        "annotator": "omar",
        "note": NOTE_AR,
    }
    # the second frame on the same trigger: its own row, no claims, the trigger's annotator
    assert rows[1]["event_id"] == "F2" and rows[1]["event_type"] == "armed_clash"
    assert (rows[1]["agent"], rows[1]["claim"], rows[1]["negated"]) == ("", "", "0")
    assert rows[1]["annotator"] == "omar"


def test_events_jsonl_and_tsv_by_output_name(tmp_path: Path) -> None:
    _write("events", tmp_path / "e.jsonl")
    first = json.loads((tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert list(first) == COLUMNS
    assert first["negated"] is True and isinstance(first["start"], int)
    _write("events", tmp_path / "e.tsv")
    header = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split("\t") == COLUMNS


def test_events_several_fillers_joined_in_text_order(tmp_path: Path) -> None:
    rec = rich_record()
    rec.frames[0].args.insert(0, ArgRecord("agent", span="9"))  # after "مسلحين" in the text
    out = tmp_path / "e.csv"
    formats.write([rec], out, "events")
    row = next(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert row["agent"] == "مسلحين | الجيش"


def test_events_is_export_only() -> None:
    assert "events" in formats.writer_names() and "events" not in formats.reader_names()


def test_map_renames_frame_types_with_their_triggers(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    _write("jsonl", out)
    recs = list(formats.read(out, "jsonl", label_map="EVENT=HADATH,CLAIM=IDDIA"))
    assert {fr.type for fr in recs[0].frames} == {"HADATH", "IDDIA"}


@pytest.mark.parametrize(
    ("relation", "reason"),
    [
        ({"head": 0, "child": 0}, "relation 1 has no label"),
        (
            {"label": "at", "head_span": {"end": 4, "label": "EVENT"}, "child": 0},
            "relation 1 (at): head_span has no integer start and end",
        ),
        ({"label": "at", "child": 0}, 'relation 1 (at): no "head" token index nor "head_span"'),
    ],
)
def test_prodigy_bad_relations_name_the_line(
    tmp_path: Path, relation: dict[str, Any], reason: str
) -> None:
    task = {
        "text": "هجوم في حلب",
        "spans": [{"start": 0, "end": 4, "label": "EVENT"}],
        "relations": [relation],
    }
    src = tmp_path / "r.prodigy.jsonl"
    src.write_text('{"text": "أول"}\n' + json.dumps(task, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as err:
        _read(src, "prodigy")
    assert (err.value.line, err.value.reason) == (2, reason)


@st.composite
def linked_records(draw: st.DrawFn) -> DocRecord:
    """Random spans over an Arabic text, frames on random triggers (arguments: spans, or earlier
    frames, so no cycle), relations between random spans, attributes and notes here and there."""
    words = ["هجوم", "في", "حلب", "قال", "الجيش", "😀", "٣٤", "«نفى»"]
    text = " ".join(draw(st.lists(st.sampled_from(words), min_size=3, max_size=12)))
    starts = [i for i in range(len(text)) if text[i] != " " and (i == 0 or text[i - 1] == " ")]
    spans = []
    for k, start in enumerate(draw(st.lists(st.sampled_from(starts), min_size=2, max_size=8)), 1):
        end = text.find(" ", start)
        end = len(text) if end < 0 else end
        label = draw(st.sampled_from(["EVENT", "ACTOR", "PLACE", "CLAIM"]))
        if any((s.start, s.end, s.label) == (start, end, label) for s in spans):
            continue
        attrs = draw(st.sampled_from([{}, {"negated": True}, {"type": "attack"}]))
        note = draw(st.sampled_from([None, NOTE_AR, 'a "quoted"\nline']))
        spans.append(
            SpanRecord(start, end, label, text[start:end], id=f"T{k}", attributes=attrs, note=note)
        )
    ids = [s.id or "" for s in spans]
    frames: list[FrameRecord] = []
    for n in range(draw(st.integers(0, 4))):
        trigger = draw(st.sampled_from(spans))
        roles = st.sampled_from(["agent", "target"])
        args = [
            ArgRecord(draw(roles), span=draw(st.sampled_from(ids)))
            for _ in range(draw(st.integers(0, 3)))
        ]
        if frames and draw(st.booleans()):
            args.append(ArgRecord("about", frame=draw(st.sampled_from(frames)).id))
        attrs = {"type": "protest"} if n % 2 else {}
        frames.append(
            FrameRecord(
                f"F{n + 1}", trigger.id or "", trigger.label, args, attrs, "ن" if n else None
            )
        )
    relations = [
        RelationRecord(draw(st.sampled_from(ids)), draw(st.sampled_from(ids)), "same_as")
        for _ in range(draw(st.integers(0, 3)))
    ]
    return DocRecord(
        text=text,
        external_id="x",
        spans=spans,
        frames=frames,
        relations=relations,
        note=draw(st.sampled_from([None, NOTE_AR])),
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rec=linked_records())
def test_random_links_round_trip(tmp_path: Path, rec: DocRecord) -> None:
    """JSONL gives back everything; doccano (entities) and Prodigy give back the relations."""
    out = tmp_path / "r.jsonl"
    formats.write([rec], out, "jsonl")
    (back,) = _read(out, "jsonl")
    assert canon(back) == canon(rec)
    for fmt, options in (("doccano", {"doccano_entities": True}), ("prodigy", {})):
        path = tmp_path / f"r.{fmt}.jsonl"
        formats.write([rec], path, fmt, **options)
        (other,) = _read(path, fmt)
        assert canon(other)["relations"] == canon(rec)["relations"], fmt
