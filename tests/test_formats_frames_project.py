"""Frames, relations, attributes and notes through a real project and the file formats: import
a file into a project, export it, import the export into a second project, export again, and
compare what each format can hold. Results are read back from the project files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.frames_doc import NOTE_AR, TEXT, canon, rich_record

from annotator.cli import main
from annotator.core import formats
from annotator.core.errors import InputError
from annotator.core.exporting import export
from annotator.core.formats.events import COLUMNS
from annotator.core.importing import import_paths
from annotator.core.model import DocRecord, RelationRecord
from annotator.core.project import Project


def _project(tmp_path: Path, name: str, src: Path, fmt: str, **options: Any) -> Path:
    path = tmp_path / name
    with Project.create(path, annotator="amal") as project:
        import_paths(project, [src], fmt, **options)
    return path


def _export(path: Path, out: Path, fmt: str, **options: Any) -> dict[str, Any]:
    with Project.open(path, read_only=True) as project:
        return export(project, out, fmt, card=False, **options)


def _records(path: Path) -> list[DocRecord]:
    with Project.open(path, read_only=True) as project:
        return list(project.iter_records())


def _expected() -> dict[str, Any]:
    """``rich_record`` as a project stores it: a frame without an annotator is the importer's."""
    rec = rich_record()
    for fr in rec.frames:
        fr.annotator = fr.annotator or "amal"
    return canon(rec)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    formats.write([rich_record()], src, "jsonl")
    return src


def test_jsonl_project_round_trip_is_lossless(tmp_path: Path, source: Path) -> None:
    first = _project(tmp_path, "a.annotator", source, "jsonl")
    (rec,) = _records(first)
    assert canon(rec) == _expected()
    with Project.open(first, read_only=True) as project:
        doc = project.document_ids()[0]
        frames = project.frames(doc)
        assert len(frames) == 4 and len(project.relations(doc)) == 2
        # the CLAIMs are about the first EVENT frame, itself one of two on its trigger
        event = next(f for f in frames if f.attributes.get("type") == "attack")
        claims = [f for f in frames if f.type == "CLAIM"]
        assert all(any(a.arg_frame_id == event.id for a in c.args) for c in claims)
        assert project.notes(doc)[("document", doc)] == "وثيقة للمراجعة"
    out = tmp_path / "a.jsonl"
    report = _export(first, out, "jsonl")
    assert (report["frames"], report["relations"]) == (4, 2)
    second = _project(tmp_path, "b.annotator", out, "jsonl")
    (again,) = _records(second)
    assert canon(again) == _expected()
    out2 = tmp_path / "b.jsonl"
    _export(second, out2, "jsonl")
    # the second export says the same thing in the same bytes
    assert out2.read_bytes() == out.read_bytes()


def test_doccano_project_round_trip_keeps_relations(tmp_path: Path, source: Path) -> None:
    first = _project(tmp_path, "a.annotator", source, "jsonl")
    out = tmp_path / "a.doccano.jsonl"
    report = _export(first, out, "doccano", doccano_entities=True)
    assert report["left_out_other"] == {"frames": 4, "attributes": 1, "notes": 3}
    second = _project(tmp_path, "b.annotator", out, "doccano")
    (rec,) = _records(second)
    assert canon(rec)["relations"] == canon(rich_record())["relations"]
    assert rec.frames == []


def test_prodigy_project_round_trip_keeps_relations(tmp_path: Path, source: Path) -> None:
    first = _project(tmp_path, "a.annotator", source, "jsonl")
    out = tmp_path / "a.prodigy.jsonl"
    _export(first, out, "prodigy")
    second = _project(tmp_path, "b.annotator", out, "prodigy")
    (rec,) = _records(second)
    assert canon(rec)["relations"] == canon(rich_record())["relations"]


def test_spacy_export_from_a_project_loads_with_spacy(tmp_path: Path, source: Path) -> None:
    first = _project(tmp_path, "a.annotator", source, "jsonl")
    out = tmp_path / "a.spacy"
    _export(first, out, "spacy")
    code = f"""
import json, spacy
from spacy.tokens import DocBin
(doc,) = DocBin().from_disk({str(out)!r}).get_docs(spacy.blank("ar").vocab)
spans = {{(s.start_char, s.end_char, s.label_): s.text for s in doc.spans["sc"]}}
ud = doc.user_data
print(json.dumps({{
    "rel": sorted([spans[tuple(r["head"])], spans[tuple(r["tail"])], r["type"]]
                  for r in ud["annotator_relations"]),
    "triggers": [spans[tuple(f["trigger"])] for f in ud["annotator_frames"]],
    "note": ud["note"]}}, ensure_ascii=False))
"""
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    got = json.loads(run.stdout)
    assert got["rel"] == [
        ["الشرطة", "المتحدث باسم الشرطة", "part_of"],
        ["مسلحين", "الجيش", "same_as"],
    ]
    assert sorted(got["triggers"]) == sorted(["هاجموا", "هاجموا", "قال", "نفى"])
    assert got["note"] == "وثيقة للمراجعة"


def test_cli_exports_events_from_a_project(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="amal"):
        pass
    assert main(["import", "-p", str(path), "-f", "jsonl", str(source)]) == 0
    capsys.readouterr()
    out = tmp_path / "events.csv"
    assert main(["export", "-p", str(path), "-f", "events", "-o", str(out)]) == 0
    assert "exported 1 document with 2 events" in capsys.readouterr().out
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    start = TEXT.index("هاجموا")
    assert [(r["trigger"], r["start"], r["event_type"]) for r in rows] == [
        ("هاجموا", str(start), "attack"),
        ("هاجموا", str(start), "armed_clash"),
    ]
    first = rows[0]
    assert (first["agent"], first["target"], first["location"]) == ("مسلحين", "مقر البلدية", "حلب")
    assert (first["claimant"], first["claim"]) == ("المتحدث باسم الشرطة | الجيش", "قال | نفى")
    assert (first["negated"], first["annotator"], first["note"]) == ("1", "omar", NOTE_AR)
    assert rows[1]["claim"] == "" and rows[1]["negated"] == "0"


def test_symmetric_relation_given_both_ways_is_stored_once(tmp_path: Path) -> None:
    rec = rich_record()
    rec.relations.append(RelationRecord("9", "4", "same_as"))  # same_as is symmetric
    rec.relations.append(RelationRecord("2", "3", "part_of"))  # directed: a second relation
    src = tmp_path / "both.jsonl"
    formats.write([rec], src, "jsonl")
    path = _project(tmp_path, "a.annotator", src, "jsonl")
    (back,) = _records(path)
    assert sorted((r.type, r.head, r.tail) for r in canon_relations(back)) == [
        ("part_of", "الشرطة", "المتحدث باسم الشرطة"),
        ("part_of", "المتحدث باسم الشرطة", "الشرطة"),
        ("same_as", "مسلحين", "الجيش"),
    ]


def canon_relations(rec: DocRecord) -> list[RelationRecord]:
    text = {sp.id: rec.text[sp.start : sp.end] for sp in rec.spans}
    return [RelationRecord(text[r.head], text[r.tail], r.type) for r in rec.relations]


def test_bad_reference_refuses_the_import_and_leaves_the_project_unchanged(
    tmp_path: Path, source: Path
) -> None:
    obj = json.loads(source.read_text(encoding="utf-8"))
    obj["frames"][2]["args"][1]["frame"] = "F9"
    bad = tmp_path / "bad.jsonl"
    good_line = source.read_text(encoding="utf-8")
    bad.write_text(good_line + json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="amal") as project:
        with pytest.raises(InputError) as err:
            import_paths(project, [bad], "jsonl")
        assert str(err.value) == (
            f"{bad}:2: frame 3 (F3): argument 2 (about) points at frame 'F9': "
            "no frame of this document"
        )
    assert _records(path) == []


def test_cli_events_to_stdout_and_split(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="amal"):
        pass
    assert main(["import", "-p", str(path), "-f", "jsonl", str(source)]) == 0
    capsys.readouterr()
    assert main(["export", "-p", str(path), "-f", "events", "-o", "-"]) == 0
    cap = capsys.readouterr()
    lines = cap.out.splitlines()
    assert lines[0].split(",") == COLUMNS and len(lines) == 3
    assert "2 events" in cap.err  # the report stays off the data
    out = tmp_path / "parts"
    assert main(["export", "-p", str(path), "-f", "events", "-o", str(out), "--split", "1,0"]) == 0
    assert "train: 1 documents, 2 events" in capsys.readouterr().out
    assert len((out / "train.csv").read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize("fmt", ["conll", "hf"])
def test_bio_formats_say_what_they_leave_out(tmp_path: Path, fmt: str) -> None:
    """CoNLL and Hugging Face tags hold spans only: frames, relations, attributes and notes are
    counted and named in a warning, never dropped silently."""
    rec = rich_record()
    report = formats.write([rec], tmp_path / f"out.{fmt}", fmt)
    assert report["left_out_other"]["frames"] == len(rec.frames)
    assert report["left_out_other"]["relations"] == len(rec.relations)
    assert any(f"the {fmt} format has no place for them" in w for w in report["warnings"])
