"""brat events (E), relations (R), equivalences (*), attributes (A, M) and notes (#): what the
reader makes of them, what it refuses, what the writer writes, and a lossless round trip."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import formats
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.exporting import export
from annotator.core.importing import import_paths
from annotator.core.model import (
    ArgRecord,
    AttributeDef,
    AttributeValue,
    Definitions,
    DocRecord,
    FrameRecord,
    RelationRecord,
    RelationType,
    RoleDef,
    SpanRecord,
)
from annotator.core.project import Project

TEXT = "قال الجيش إن هجوما صاروخيا استهدف قاعدة التاجي في العراق\nونفت الجماعة ذلك 😀"
W = {w: TEXT.index(w) for w in ("قال", "الجيش", "هجوما", "استهدف", "قاعدة", "العراق", "ونفت")}


def _t(tid: str, label: str, word: str) -> str:
    return f"{tid}\t{label} {W[word]} {W[word] + len(word)}\t{word}\n"


def _folder(tmp_path: Path, ann: str, text: str = TEXT) -> Path:
    col = tmp_path / "col"
    col.mkdir(exist_ok=True)
    (col / "a.txt").write_text(text, encoding="utf-8")
    (col / "a.ann").write_text(ann, encoding="utf-8")
    return col


def _read(path: Path) -> tuple[list[DocRecord], list[str]]:
    warnings: list[str] = []
    return list(formats.read(path, "brat", warn=warnings.append)), warnings


ANN = (
    _t("T1", "ACTOR", "الجيش")
    + _t("T2", "CLAIM", "قال")
    + _t("T3", "EVENT", "استهدف")
    + _t("T4", "PLACE", "قاعدة")
    + _t("T5", "PLACE", "العراق")
    + _t("T6", "ACTOR", "هجوما")
    + "E1\tCLAIM:T2 Source:T1 About:E2\n"  # an event as the argument of an event ...
    + "E2\tEVENT:T3 Place:T4 Place2:T5\n"  # ... written before or after it
    + "E3\tEVENT:T3 Agent:T6\n"  # a second event on the same trigger
    + "R1\tLocatedIn Arg1:T4 Arg2:T5\n"
    + "*\tEquiv T1 T6\n"
    + "A1\tNegation E3\n"
    + "M2\tConfidence E1 High\n"
    + "A3\tPlural T1\n"
    + "#1\tAnnotatorNotes E2\tخبر غير مؤكد\n"
    + "#2\tAnnotatorNotes T4\tسطر أول\n"
    + "#3\tAnnotatorNotes T4\tسطر ثان\n"
    + "#4\tDocumentNote *\tملاحظة على الوثيقة\n"
    + "N1\tReference T5 Wikidata:Q796\tالعراق\n"
)


def test_reader_keeps_events_relations_equivalences_attributes_and_notes(tmp_path: Path) -> None:
    (rec,), warnings = _read(_folder(tmp_path, ANN))
    assert [s.id for s in rec.spans] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert rec.frames == [
        FrameRecord(
            "E1",
            "T2",
            "CLAIM",
            [ArgRecord("Source", span="T1"), ArgRecord("About", frame="E2")],
            attributes={"Confidence": "High"},
        ),
        FrameRecord(
            "E2",
            "T3",
            "EVENT",
            [ArgRecord("Place", span="T4"), ArgRecord("Place2", span="T5")],
            note="خبر غير مؤكد",
        ),
        FrameRecord("E3", "T3", "EVENT", [ArgRecord("Agent", span="T6")], {"Negation": True}),
    ]
    assert rec.relations == [
        RelationRecord("T4", "T5", "LocatedIn", "R1"),
        RelationRecord("T1", "T6", "Equiv", "*"),
    ]
    assert rec.spans[0].attributes == {"Plural": True}
    assert rec.spans[3].note == "سطر أول\nسطر ثان"
    assert rec.note == "ملاحظة على الوثيقة"
    assert warnings == [f"{tmp_path / 'col'}/a.ann: 1 normalization (N) line(s) not kept"]
    # written back (M as A, the two note lines again as two): the same records
    formats.write([rec], tmp_path / "out", "brat")
    ann = (tmp_path / "out" / "a.ann").read_text(encoding="utf-8")
    assert "A2\tConfidence E1 High\n" in ann and "\nM" not in ann
    (back,), _ = _read(tmp_path / "out")
    back.source = rec.source = None
    assert back == rec


def test_import_through_a_project_stores_frames_relations_attributes_and_notes(
    tmp_path: Path,
) -> None:
    col = _folder(tmp_path, ANN + "\tstray line\n")
    with Project.create(tmp_path / "p.annotator") as p:
        result = import_paths(p, [col], "brat")
        assert (result.spans, result.frames, result.relations) == (6, 3, 2)
        (doc,) = p.document_ids()
        assert len(p.frames(doc)) == 3 and len(p.relations(doc)) == 2
        notes = p.notes(doc)
        assert notes[("document", doc)] == "ملاحظة على الوثيقة"
    assert not any("not stored" in w for w in result.warnings)
    assert any("1 line(s) of unknown kind ignored" in w for w in result.warnings)


def test_equivalences_one_chain_per_connected_group(tmp_path: Path) -> None:
    ann = (
        "".join(_t(f"T{k}", "ACTOR", w) for k, w in enumerate(W, 1))
        + "*\tEquiv T1 T2\n*\tEquiv T5 T6\n*\tEquiv T3 T2\n*\tSame T1 T2\n"
    )
    (rec,), _ = _read(_folder(tmp_path, ann))
    assert [(r.head, r.tail, r.type, r.id) for r in rec.relations] == [
        ("T1", "T2", "Equiv", "*"),
        ("T2", "T3", "Equiv", "*"),
        ("T5", "T6", "Equiv", "*"),
        ("T1", "T2", "Same", "*"),
    ]
    out = tmp_path / "out"
    formats.write([rec], out, "brat")
    lines = (out / "a.ann").read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if x.startswith("*")] == [
        "*\tEquiv T1 T2 T3",
        "*\tEquiv T5 T6",
        "*\tSame T1 T2",
    ]
    assert "<REL-TYPE>:symmetric-transitive" in (out / "annotation.conf").read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("E1\tEVENT:T3 Place:T9\n", r"a\.ann:7: E1: Place:T9 is not an annotation of the file"),
        ("E1\tEVENT:T9 Place:T4\n", r"a\.ann:7: E1: T9 is not an annotation of the file"),
        ("E1\tEVENT:T3 About:E7\n", r"a\.ann:7: E1: About:E7 is not an annotation"),
        ("E1\tEVENT:T3\nE2\tEVENT:E1\n", r"a\.ann:8: E2: the trigger E1 is an event, not text"),
        ("R1\tIn Arg1:T4 Arg2:T8\n", r"a\.ann:7: R1: T8 is not an annotation of the file"),
        ("*\tEquiv T1 T7\n", r"a\.ann:7: \* Equiv: T7 is not an annotation of the file"),
        ("A1\tNegation E4\n", r"a\.ann:7: A1: E4 is not an annotation of the file"),
        ("#1\tAnnotatorNotes T0\tx\n", r"a\.ann:7: the note \(AnnotatorNotes\): T0 is not"),
        ("E1\tEVENT:T3\nE1\tEVENT:T3\n", r"a\.ann:8: E1: this id is used twice in the file"),
        ("T1\tPLACE 0 3\tقال\n", r"a\.ann:7: T1: this id is used twice in the file \(line 1\)"),
        ("E1\tEVENT:T3 Place\n", r"a\.ann:7: E1: expected 'TYPE:TRIGGER ROLE:ID \.\.\.'"),
        ("R1\tIn Arg1:T4\n", r"a\.ann:7: R1: expected 'TYPE Arg1:ID Arg2:ID'"),
        ("A1\tNegation\n", r"a\.ann:7: A1: expected 'NAME TARGET \[VALUE\]'"),
    ],
)
def test_a_reference_to_a_missing_id_refuses_the_file(
    tmp_path: Path, line: str, message: str
) -> None:
    ann = ANN.split("E1\t")[0] + line
    with pytest.raises(InputError, match=message):
        _read(_folder(tmp_path, ann))


def test_what_is_not_kept_is_reported(tmp_path: Path) -> None:
    ann = (
        _t("T1", "ACTOR", "الجيش")
        + _t("T2", "ACTOR", "هجوما")
        + _t("T3", "EVENT", "استهدف")
        + "E1\tEVENT:T3 Agent:T1\n"
        + "R1\tAlias Anaphor:T1 Antecedent:T2\n"
        + "R2\tCause Arg1:E1 Arg2:T2\n"
        + "#1\tAnnotatorNotes R1\tلماذا؟\n"
        + "A1\tSure R1\n"
        + "X1\twhat is this\n"
    )
    (rec,), warnings = _read(_folder(tmp_path, ann))
    assert rec.relations == [RelationRecord("T1", "T2", "Alias", "R1")]
    text = "\n".join(warnings)
    assert "3 line(s) not kept: R2 (line 6): a relation of an event, A1 (line 8)" in text
    assert "a note (line 7) on relation R1" in text
    assert "other than Arg1/Arg2 are not kept (the first is the head" in text
    assert "1 line(s) of unknown kind ignored" in text


def test_arguments_of_a_discontinuous_annotation_point_at_its_first_piece(tmp_path: Path) -> None:
    q, i = W["قاعدة"], W["العراق"]
    ann = (
        f"T1\tPLACE {q} {q + 5};{i} {i + 6}\tقاعدة العراق\n"
        + _t("T2", "EVENT", "استهدف")
        + "E1\tEVENT:T2 Place:T1\n"
        + "A1\tFar T1\n"
    )
    (rec,), warnings = _read(_folder(tmp_path, ann))
    assert [(s.id, s.text) for s in rec.spans] == [
        ("T1", "قاعدة"),
        (None, "العراق"),
        ("T2", "استهدف"),
    ]
    assert rec.frames[0].args == [ArgRecord("Place", span="T1")]
    assert rec.spans[0].attributes == {"Far": True}
    assert any("point at discontinuous annotation(s) T1 (line 1)" in w for w in warnings)


def test_writer_numbers_ids_and_writes_every_kind_of_line(tmp_path: Path) -> None:
    s = [
        SpanRecord(W["الجيش"], W["الجيش"] + 5, "ACTOR", id="17", attributes={"Plural": True}),
        SpanRecord(W["استهدف"], W["استهدف"] + 6, "EVENT", id="3"),
        SpanRecord(W["قاعدة"], W["قاعدة"] + 5, "PLACE", id="9", note="a\nb"),
        SpanRecord(W["العراق"], W["العراق"] + 6, "PLACE", id="12"),
    ]
    rec = DocRecord(
        TEXT,
        external_id="d",
        spans=s,
        frames=[
            FrameRecord("40", "3", "EVENT", [ArgRecord("agent", span="17")]),
            FrameRecord("41", "3", "EVENT", [ArgRecord("place", span="9")], {"Confidence": "Low"}),
            FrameRecord("42", "17", "CLAIM", [ArgRecord("about", frame="41")], note="n"),
        ],
        relations=[
            RelationRecord("9", "12", "part of", "5"),
            RelationRecord("12", "9", "same", "6"),
            RelationRecord("17", "9", "same", "7"),
        ],
        note="ملاحظة",
    )
    out = tmp_path / "out"
    report = formats.write(
        [rec],
        out,
        "brat",
        definitions=Definitions(
            relation_types=(RelationType("same", "same", "نفس", "#000000", "", (), (), True, 1),)
        ),
    )
    assert report["frames"] == 3 and report["relations"] == 3
    assert report["attributes"] == 2 and report["notes"] == 3
    assert (out / "d.ann").read_text(encoding="utf-8").splitlines()[4:] == [
        "E1\tEVENT:T2 agent:T1",
        "E2\tEVENT:T2 place:T3",
        "E3\tCLAIM:T1 about:E2",
        "R1\tpart_of Arg1:T3 Arg2:T4",
        "*\tsame T4 T3 T1",
        "A1\tPlural T1",
        "A2\tConfidence E2 Low",
        "#1\tAnnotatorNotes T3\ta",
        "#2\tAnnotatorNotes T3\tb",
        "#3\tAnnotatorNotes E3\tn",
        "#4\tDocumentNote *\tملاحظة",
    ]
    (back,), _ = _read(out)
    assert back.note == "ملاحظة" and back.spans[2].note == "a\nb"
    assert [f.id for f in back.frames] == ["E1", "E2", "E3"]


def test_writer_refuses_a_dangling_reference(tmp_path: Path) -> None:
    rec = DocRecord(
        TEXT,
        external_id="d",
        spans=[SpanRecord(0, 3, "EVENT", id="T1")],
        frames=[FrameRecord("E1", "T1", "EVENT", [ArgRecord("agent", span="T8")])],
    )
    with pytest.raises(AnnotatorError, match="document 'd': frame E1 points at span 'T8'"):
        formats.write([rec], tmp_path / "out", "brat")


def test_annotation_conf_from_definitions_and_from_use(tmp_path: Path) -> None:
    rec = DocRecord(
        TEXT,
        spans=[
            SpanRecord(
                W["الجيش"],
                W["الجيش"] + 5,
                "ACTOR",
                id="T1",
                attributes={"Hedge": "Low", "Certainty": "High"},
            ),
            SpanRecord(W["استهدف"], W["استهدف"] + 6, "EVENT", id="T2"),
            SpanRecord(W["قال"], W["قال"] + 3, "CLAIM", id="T3"),
        ],
        frames=[
            FrameRecord("E1", "T2", "EVENT", [ArgRecord("agent", span="T1")]),
            FrameRecord("E2", "T3", "CLAIM", [ArgRecord("about", frame="E1")]),
        ],
        relations=[RelationRecord("T1", "T2", "knows", "R1")],
    )
    roles = [
        RoleDef("EVENT", "agent", "agent", "فاعل", "#000000", "", ("ACTOR",), 1),
        RoleDef("CLAIM", "about", "about", "عن", "#000000", "", ("frame:EVENT",), 2),
    ]
    attrs = [
        AttributeDef("Negated", "negated", "منفي", (), ("frame:EVENT",), 1),
        AttributeDef("Certainty", "c", "ي", (AttributeValue("High", "h", "ع"),), ("*",), 2),
    ]
    out = tmp_path / "out"
    formats.write(
        [rec],
        out,
        "brat",
        project_labels=["EVENT", "ACTOR", "CLAIM"],
        definitions=Definitions(roles=tuple(roles), attributes=tuple(attrs)),
    )
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert conf == (
        "[entities]\nACTOR\n\n"
        "[relations]\nknows\tArg1:ACTOR, Arg2:EVENT\n\n"
        "[events]\nEVENT\tagent:ACTOR\nCLAIM\tabout:EVENT\n\n"
        "[attributes]\nNegated\tArg:EVENT\nCertainty\tArg:<ANY>, Value:High\n"
        "Hedge\tArg:ACTOR, Value:Low\n"
    )


# ------------------------------------------------------------------ lossless round trip

NAMES = st.sampled_from(["EVENT", "CLAIM", "ACTOR", "PLACE", "Theme", "Theme2", "حدث", "X-1"])
NOTE = (
    st.text(st.sampled_from(list("ab ج\tد😀\n:*#") + ["\u200f"]), min_size=0, max_size=12)
    | st.none()
)
WORDS = ["قال", "الجيش", "هجوم", "على", "قاعدة", "😀", "UN", "في"]


@st.composite
def brat_records(draw: st.DrawFn) -> DocRecord:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=12))
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\n", " \n"]), min_size=len(words)))
    text, starts = "", []
    for w, sep in zip(words, seps, strict=False):
        starts.append(len(text))
        text += w + sep
    spans: list[SpanRecord] = []
    seen = set()
    ids = draw(st.permutations(range(1, 40)))
    for _ in range(draw(st.integers(1, 8))):
        a = draw(st.integers(0, len(words) - 1))
        b = draw(st.integers(a, min(a + 2, len(words) - 1)))
        s, e = starts[a], starts[b] + len(words[b])
        label = draw(NAMES)
        if (s, e, label) in seen:
            continue
        seen.add((s, e, label))
        attrs = draw(st.dictionaries(NAMES, st.just(True) | NAMES, max_size=2))
        spans.append(
            SpanRecord(s, e, label, text[s:e], None, f"T{ids[len(spans)]}", attrs, draw(NOTE))
        )
    span_ids = [sp.id or "" for sp in spans]
    n_frames = draw(st.integers(0, 4))
    frame_ids = [f"E{k}" for k in draw(st.permutations(range(1, 9)))[:n_frames]]
    frames = []
    for fid in frame_ids:
        args = draw(
            st.lists(
                st.tuples(
                    NAMES, st.booleans(), st.sampled_from(span_ids), st.sampled_from(frame_ids)
                ),
                max_size=3,
            )
        )
        frames.append(
            FrameRecord(
                fid,
                draw(st.sampled_from(span_ids)),
                draw(NAMES),
                [
                    ArgRecord(role, frame=f) if to_frame else ArgRecord(role, span=s)
                    for role, to_frame, s, f in args
                ],
                draw(st.dictionaries(NAMES, st.just(True) | NAMES, max_size=2)),
                draw(NOTE),
            )
        )
    relations = [
        RelationRecord(draw(st.sampled_from(span_ids)), draw(st.sampled_from(span_ids)), t, f"R{k}")
        for k, t in enumerate(draw(st.lists(NAMES, max_size=3)), 1)
    ]
    # equivalences as the reader gives them: per type, disjoint groups, each a chain
    if len(spans) >= 2:
        for etype in draw(st.lists(st.sampled_from(["Equiv", "Same"]), unique=True)):
            pool = list(dict.fromkeys(draw(st.permutations(span_ids))))
            while len(pool) >= 2 and draw(st.booleans()):
                size = draw(st.integers(2, len(pool)))
                group, pool = pool[:size], pool[size:]
                relations += [
                    RelationRecord(a, b, etype, "*") for a, b in itertools.pairwise(group)
                ]
    return DocRecord(text, "d", spans=spans, frames=frames, relations=relations, note=draw(NOTE))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brat_records())
def test_write_then_read_gives_identical_records(rec: DocRecord) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        formats.write([rec], out, "brat")
        (back,) = list(formats.read(out, "brat"))
        formats.write([back], Path(tmp) / "again", "brat")
        again = (Path(tmp) / "again" / "d.ann").read_text(encoding="utf-8")
        assert again == (out / "d.ann").read_text(encoding="utf-8")
    back.source = back.line = None
    assert back == rec


@st.composite
def project_records(draw: st.DrawFn) -> DocRecord:
    """Records as a project gives them: database ids (or none), symmetric relations in any
    orientation and order."""
    rec = draw(brat_records())
    renumber = dict(
        zip([s.id for s in rec.spans], draw(st.permutations(range(100, 140))), strict=False)
    )
    for sp in rec.spans:
        sp.id = str(renumber[sp.id]) if draw(st.booleans()) or sp.id in _referenced(rec) else None
    fids = {
        f.id: str(n) for f, n in zip(rec.frames, draw(st.permutations(range(7, 20))), strict=False)
    }
    for f in rec.frames:
        f.id = fids[f.id]
        f.trigger = str(renumber[f.trigger])
        for a in f.args:
            a.span = str(renumber[a.span]) if a.span is not None else None
            a.frame = fids[a.frame] if a.frame is not None else None
    rels = []
    for r in rec.relations:
        h, t = str(renumber[r.head]), str(renumber[r.tail])
        if r.id == "*":
            if h == t:
                continue
            h, t = (t, h) if draw(st.booleans()) else (h, t)
        rels.append(RelationRecord(h, t, r.type, str(draw(st.integers(1, 10**6)))))
    rec.relations = draw(st.permutations(rels))
    # ids must stay unique where given
    seen: set[str] = set()
    for r in rec.relations:
        while r.id in seen:
            r.id = f"{r.id}0"
        seen.add(r.id or "")
    return rec


def _referenced(rec: DocRecord) -> set[str]:
    out = {f.trigger for f in rec.frames} | {a.span for f in rec.frames for a in f.args if a.span}
    return out | {r.head for r in rec.relations} | {r.tail for r in rec.relations}


def _meaning(rec: DocRecord, symmetric: set[str]) -> tuple:
    """What a record says, whatever its ids and the orientation of symmetric relations."""
    span_at = {sp.id: k for k, sp in enumerate(rec.spans) if sp.id is not None}
    frame_at = {f.id: k for k, f in enumerate(rec.frames)}
    spans = [(s.start, s.end, s.label, s.attributes, s.note) for s in rec.spans]
    frames = [
        (
            span_at[f.trigger],
            f.type,
            [(a.role, span_at.get(a.span or ""), frame_at.get(a.frame or "")) for a in f.args],
            f.attributes,
            f.note,
        )
        for f in rec.frames
    ]
    directed = [
        (span_at[r.head], span_at[r.tail], r.type) for r in rec.relations if r.type not in symmetric
    ]
    groups: dict[str, list[set[int]]] = {}
    for r in rec.relations:
        if r.type in symmetric:
            pair = {span_at[r.head], span_at[r.tail]}
            chains = groups.setdefault(r.type, [])
            touching = [g for g in chains if g & pair]
            merged = set().union(pair, *touching)
            chains[:] = [g for g in chains if not g & pair] + [merged]
    classes = {t: sorted(sorted(g) for g in gs) for t, gs in groups.items()}
    return spans, frames, directed, classes, rec.note


SYMMETRIC = [
    RelationType(t, t, t, "#000000", "", (), (), True, k) for k, t in enumerate(["Equiv", "Same"])
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project_records())
def test_records_from_a_project_keep_their_meaning(rec: DocRecord) -> None:
    """Database ids become brat ids, symmetric relations one `*` line per group: reading the
    export says the same thing (the same spans, frames, relations, groups, attributes, notes)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        formats.write([rec], out, "brat", definitions=Definitions(relation_types=tuple(SYMMETRIC)))
        (back,) = list(formats.read(out, "brat"))
        stars = [x for x in (out / "d.ann").read_text(encoding="utf-8").split("\n") if x[:1] == "*"]
    assert _meaning(back, {"Equiv", "Same"}) == _meaning(rec, {"Equiv", "Same"})
    # one line per connected group of a type
    expected = _meaning(rec, {"Equiv", "Same"})[3]
    assert len(stars) == sum(len(gs) for gs in expected.values())


def test_a_project_export_writes_its_definitions_to_annotation_conf(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annotator") as p:
        p.import_records(
            [DocRecord(TEXT, "d", spans=[SpanRecord(0, 3, "CLAIM", "قال")])], source="t"
        )
        p.add_relation_type(
            "Equiv", name_en="Equiv", name_ar="مكافئ", color="#000000", symmetric=True
        )
        export(p, tmp_path / "out", "brat", card=False)
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "Equiv\tArg1:<ANY>, Arg2:<ANY>, <REL-TYPE>:symmetric-transitive\n" in conf
    # the default roles of a new project: CLAIM frames with a claimant and what they are about
    assert "claimant" in conf and "about" in conf
