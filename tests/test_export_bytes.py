"""A project's JSONL export, byte for byte (issue 15: the export path was made faster and its
output must not move). The project holds every kind of record an export writes: frames,
relations, attributes and notes, spans of two annotators, two spans on one place with different
labels (the order among them is the span ids'), digit-only and Arabic ids, nested Arabic meta, a
document without spans and pending suggestions. The expected files are in
``tests/data/export_bytes`` and were written by the export before it was made faster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers.frames_doc import rich_record

from annotator.cli import main
from annotator.core import formats
from annotator.core.exporting import export
from annotator.core.importing import import_paths
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project

EXPECTED = Path(__file__).parent / "data" / "export_bytes"

PLACE = "مدرسة النور في الموصل"
TIES = f"افتتحت {PLACE} أبوابها، وقال المدير إن «الدراسة» ستبدأ غداً.\n\nسطر ثانٍ"


def _records() -> list[DocRecord]:
    start = TIES.index(PLACE)
    school = TIES.index("مدرسة")
    said = TIES.index("قال")
    ties = DocRecord(
        text=TIES,
        external_id="12",
        title="",
        meta={"source": "وكالة", "tags": ["تعليم", 3, None], "nested": {"a": {"b": [1.5, True]}}},
        status="in_progress",
        spans=[
            # two labels on one place, the later label first: the export orders them by id
            SpanRecord(start, start + len(PLACE), "PLACE", PLACE, "omar"),
            SpanRecord(start, start + len(PLACE), "ACTOR", PLACE, "amal"),
            SpanRecord(school, school + len("مدرسة"), "ACTOR", "مدرسة", "amal"),
            SpanRecord(said, said + len("قال"), "CLAIM", "قال", "omar", note="تحقق"),
        ],
    )
    empty = DocRecord(text="نص بلا وسوم", external_id="بلا-وسوم", title="عنوان", status="new")
    return [rich_record(), ties, empty]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    formats.write(_records(), src, "jsonl")
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="amal") as p:
        import_paths(p, [src], "jsonl")
        doc = p.document_ids()[1]
        text = p.get_document(doc).text
        at = text.index("الدراسة")
        p.add_suggestions(
            [
                (doc, at, at + len("الدراسة"), "EVENT", "gazetteer", 0.75),
                (doc, 0, len("افتتحت"), "EVENT", "propagation", 1.0),
            ]
        )
    return path


CASES: dict[str, dict[str, Any]] = {
    "all": {},
    "suggestions": {"include_suggestions": True},
    "labels": {"labels": ["ACTOR", "CLAIM"]},
    "status": {"status": ["done", "new"]},
    "layer": {"annotator": "omar"},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_jsonl_export_is_byte_identical(project: Path, tmp_path: Path, case: str) -> None:
    out = tmp_path / f"{case}.jsonl"
    with Project.open(project, read_only=True) as p:
        export(p, out, "jsonl", card=False, **CASES[case])
    assert out.read_bytes() == (EXPECTED / f"{case}.jsonl").read_bytes()


def test_jsonl_export_to_stdout_is_byte_identical(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-p", str(project), "-o", "-", "--include-suggestions"]) == 0
    out = capsys.readouterr().out
    assert out.encode("utf-8") == (EXPECTED / "suggestions.jsonl").read_bytes()
