"""Real brat files (the brat repository's tutorials and BioNLP-ST 2011 examples, see
tests/data/brat_real/README.md): every event, relation, equivalence, attribute and note line is
kept, and writing then reading gives the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import formats
from annotator.core.model import DocRecord

DATA = Path(__file__).parent / "data" / "brat_real"
DOCS = sorted(p.stem for p in DATA.glob("*.ann"))


def _lines(stem: str, kinds: str) -> list[str]:
    text = (DATA / f"{stem}.ann").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line[:1] in kinds and line.strip()]


def _read(path: Path) -> tuple[dict[str, DocRecord], list[str]]:
    warnings: list[str] = []
    recs = list(formats.read(path, "brat", warn=warnings.append))
    for rec in recs:
        rec.source = None
    return {r.external_id or "": r for r in recs}, warnings


def test_the_files_are_what_the_tests_need() -> None:
    assert DOCS == [
        "GE-PMID-8051172",
        "REL-PMID-8039243",
        "news-090-event_structures",
        "news-100-attribute_annotation",
        "news-110-note_annotation",
    ]


@pytest.mark.parametrize("stem", DOCS)
def test_every_line_is_kept(stem: str) -> None:
    recs, warnings = _read(DATA / f"{stem}.ann")
    rec = recs[stem]
    assert [s.id for s in rec.spans] == [line.split("\t")[0] for line in _lines(stem, "T")]
    assert [f.id for f in rec.frames] == [line.split("\t")[0] for line in _lines(stem, "E")]
    directed = [r for r in rec.relations if r.id != "*"]
    assert [r.id for r in directed] == [line.split("\t")[0] for line in _lines(stem, "R")]
    # each "* Equiv A B C" line is a chain of relations A-B, B-C
    members = sum(len(line.split("\t")[1].split()) - 2 for line in _lines(stem, "*"))
    assert len(rec.relations) - len(directed) == members
    attrs = sum(len(x.attributes) for x in [*rec.spans, *rec.frames])
    assert attrs == len(_lines(stem, "AM"))
    notes = [x.note for x in [*rec.spans, *rec.frames] if x.note is not None]
    on_relations = [line for line in _lines(stem, "#") if line.split()[2].startswith("R")]
    assert len(notes) + len(on_relations) == len(_lines(stem, "#"))
    if on_relations:
        assert warnings == [
            f"{DATA}/{stem}.ann: 1 line(s) not kept: a note (line 12) on relation R1"
        ]
    else:
        assert warnings == []


def test_nested_events_and_several_events_on_one_trigger() -> None:
    recs, _ = _read(DATA)
    news = {f.id: f for f in recs["news-090-event_structures"].frames}
    # My friend told (E3) that Reddit posted (E4) that Wikinews reported (E5) that ... merged (E6)
    chain = ["E3"]
    while any(a.frame for a in news[chain[-1]].args):
        chain.append(next(a.frame for a in news[chain[-1]].args if a.frame))
    assert chain == ["E3", "E4", "E5", "E6"]
    ge = recs["GE-PMID-8051172"]
    assert [f.id for f in ge.frames if f.trigger == "T10"] == ["E3", "E4"]
    attrs = recs["news-100-attribute_annotation"]
    assert attrs.spans[0].attributes == {"Individual": True}
    assert {f.id: f.attributes for f in attrs.frames if f.attributes} == {
        "E1": {"Confidence": "Neutral"},
        "E2": {"Confidence": "Low"},
        "E3": {"Confidence": "Neutral"},
        "E4": {"Confidence": "Neutral"},
        "E5": {"Confidence": "High"},
    }


def test_write_then_read_is_identical(tmp_path: Path) -> None:
    before, _ = _read(DATA)
    report = formats.write(before.values(), tmp_path / "out", "brat")
    assert report["documents"] == 5 and report["frames"] == 27
    after, _ = _read(tmp_path / "out")
    assert after == before
    ge = (tmp_path / "out" / "REL-PMID-8039243.ann").read_text(encoding="utf-8")
    assert "*\tEquiv T3 T4\n*\tEquiv T5 T6\n" in ge


def _meaning(rec: DocRecord) -> tuple:
    """What a record says, independent of ids: spans by offsets, frames by trigger and
    arguments (a nested event by its own trigger), relations, attributes, notes."""
    spans = {s.id: (s.start, s.end, s.label) for s in rec.spans}
    frames = {f.id: f for f in rec.frames}

    def frame_key(fid: str, depth: int = 0) -> tuple:
        f = frames[fid]
        args = sorted(
            (a.role, spans[a.span] if a.span else frame_key(a.frame, depth + 1))
            for a in f.args
            if depth < 5
        )
        return (f.type, spans[f.trigger], tuple(args), tuple(sorted(f.attributes.items())), f.note)

    return (
        sorted(spans.values()),
        sorted(frame_key(f.id) for f in rec.frames),
        sorted((spans[r.head], spans[r.tail], r.type) for r in rec.relations),
        sorted(
            (spans[s.id], tuple(sorted(s.attributes.items())), s.note)
            for s in rec.spans
            if s.attributes or s.note
        ),
        rec.note,
    )


@pytest.mark.parametrize("stem", DOCS)
def test_a_project_keeps_every_event_relation_attribute_and_note(stem: str, tmp_path: Path) -> None:
    """Imported into a project and exported again, the real file says the same thing."""
    from annotator.core.exporting import export
    from annotator.core.importing import import_paths
    from annotator.core.project import Project

    original = _read(DATA / f"{stem}.ann")[0][stem]
    with Project.create(tmp_path / "p.annotator") as p:
        result = import_paths(p, [DATA / f"{stem}.ann"], "brat")
        assert result.frames == len(original.frames)
        export(p, tmp_path / "out", "brat", card=False)
    (back,) = _read(tmp_path / "out")[0].values()
    assert _meaning(back) == _meaning(original)
