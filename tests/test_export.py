"""Export: JSONL fields, lossless re-import, filters, deterministic split, writer checks."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import formats
from annotator.core.errors import AnnotatorError
from annotator.core.exporting import export, parse_split, partition
from annotator.core.formats.jsonl import write_jsonl
from annotator.core.importing import import_paths
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.text import is_blank


def jl(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def project(tmp_path: Path):
    p = Project.create(tmp_path / "p.annotator", annotator="amal")
    src = tmp_path / "in.jsonl"
    src.write_text(
        jl(
            {
                "id": "a1",
                "title": "هجوم",
                "meta": {"source": "وكالة", "tags": ["x", 1]},
                "text": "هجوم صاروخي على قاعدة التاجي 😀 في العراق",
                "status": "done",
                "spans": [
                    {"start": 0, "end": 11, "label": "EVENT", "annotator": "omar"},
                    {"start": 22, "end": 28, "label": "PLACE"},
                    {"start": 34, "end": 40, "label": "PLACE"},
                    {"start": 16, "end": 28, "label": "PLACE"},
                ],
            },
            {"id": "a2", "text": "قال المتحدث باسم الحكومة", "status": "new"},
            {
                "id": "a3",
                "text": "وزير الخارجية زار بيروت",
                "spans": [{"start": 0, "end": 13, "label": "ACTOR"}],
            },
            {"id": "a4", "text": "تخطى", "status": "skipped"},
        ),
        encoding="utf-8",
    )
    import_paths(p, [src])
    yield p
    p.close()


def spans_of(project: Project) -> dict[str, list[tuple]]:
    out = {}
    for doc_id in project.document_ids():
        doc = project.get_document(doc_id)
        out[doc.external_id] = [
            (s.start, s.end, s.label, s.text, s.annotator) for s in project.spans(doc_id)
        ]
    return out


def docs_of(project: Project) -> list[tuple]:
    return [
        (d.external_id, d.title, d.text, d.meta, d.status)
        for d in (project.get_document(i) for i in project.document_ids())
    ]


def test_jsonl_export_fields(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = export(project, out)
    assert (report["documents"], report["spans"]) == (4, 5)
    rows = read_jsonl(out)
    assert list(rows[0]) == [
        "id",
        "title",
        "text",
        "meta",
        "status",
        "spans",
        "frames",
        "relations",
    ]
    assert rows[0]["id"] == "a1"
    assert rows[0]["meta"] == {"source": "وكالة", "tags": ["x", 1]}
    assert rows[0]["spans"][0] == {
        "id": "T1",  # the span's id in the document: frames and relations point at it
        "start": 0,
        "end": 11,
        "label": "EVENT",
        "text": "هجوم صاروخي",
        "annotator": "omar",
    }
    # Spans are ordered by start, then end; nested and overlapping spans survive.
    assert [(s["start"], s["end"]) for s in rows[0]["spans"]] == [
        (0, 11),
        (16, 28),
        (22, 28),
        (34, 40),
    ]
    for row in rows:
        for s in row["spans"]:
            assert row["text"][s["start"] : s["end"]] == s["text"]
    # Readable Arabic, one document per line, LF only.
    raw = out.read_bytes()
    assert "هجوم".encode() in raw and b"\r" not in raw
    assert raw.count(b"\n") == 4


def test_export_reimports_losslessly(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    export(project, out)
    with Project.create(tmp_path / "copy.annotator", annotator="someone-else") as copy:
        result = import_paths(copy, [out])
        assert result.added == 4
        assert docs_of(copy) == docs_of(project)
        assert spans_of(copy) == spans_of(project)
        export(copy, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == out.read_bytes()


def test_status_filter(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "done.jsonl"
    export(project, out, status="done")
    assert [r["id"] for r in read_jsonl(out)] == ["a1"]
    export(project, out, status=["new", "in_progress"], force=True)
    assert [r["id"] for r in read_jsonl(out)] == ["a2", "a3"]


def test_unknown_status_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="unknown status 'finished'"):
        export(project, tmp_path / "x.jsonl", status="finished")
    assert not (tmp_path / "x.jsonl").exists()


def test_label_filter_keeps_documents(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "places.jsonl"
    export(project, out, labels=["PLACE"])
    rows = read_jsonl(out)
    assert len(rows) == 4
    assert {s["label"] for r in rows for s in r["spans"]} == {"PLACE"}
    assert sum(len(r["spans"]) for r in rows) == 3


def test_unknown_label_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match=r"unknown label 'PERSON' \(labels: EVENT, ACTOR"):
        export(project, tmp_path / "x.jsonl", labels=["PERSON"])


def test_output_folder_refused_without_split(project: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="is a folder; give a file name"):
        export(project, tmp_path)


def test_output_in_missing_folder_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="no such folder"):
        export(project, tmp_path / "nope" / "x.jsonl")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll"])
def test_export_never_overwrites_a_project(project: Project, tmp_path: Path, fmt: str) -> None:
    """``-o p.annotator`` for ``-p p.annotator`` would swap every label for a text file."""
    # (the project's own bytes are not read here: that would drop its connection's locks)
    before = (project.stats(), spans_of(project))
    with pytest.raises(AnnotatorError, match="is the project being exported; give another"):
        export(project, project.path, fmt)
    wal = Path(f"{project.path}-wal")
    if wal.exists():
        with pytest.raises(AnnotatorError, match="is the project being exported"):
            export(project, wal, fmt)
    other = tmp_path / "other.annotator"
    Project.create(other).close()
    other_bytes = other.read_bytes()
    with pytest.raises(AnnotatorError, match=r"is an SQLite database \(a project\?\)"):
        export(project, other, fmt)
    assert other.read_bytes() == other_bytes
    assert (project.stats(), spans_of(project)) == before and before[0]["documents"] == 4
    with Project.open(project.path) as again:  # still a project on disk
        assert again.document_count() == 4
    assert not list(tmp_path.glob("*.partial*")) and not list(tmp_path.glob("*README.md"))


def test_writer_checks_surface_text(tmp_path: Path) -> None:
    """Rule 2: a span whose text does not match the document's text is never written."""
    rec = DocRecord(
        text="قال الرئيس", external_id="d", spans=[SpanRecord(4, 10, "ACTOR", "الرئيس")]
    )
    ok = tmp_path / "ok.jsonl"
    assert write_jsonl([rec], ok)["spans"] == 1
    bad = DocRecord(
        text="قال الرئيس", external_id="d", spans=[SpanRecord(3, 10, "ACTOR", "الرئيس")]
    )
    with pytest.raises(AnnotatorError, match=r"span 3-10 \(ACTOR\) is 'الرئيس' but the text"):
        write_jsonl([bad], tmp_path / "bad.jsonl")
    outside = DocRecord(text="نص", external_id="d", spans=[SpanRecord(0, 5, "ACTOR")])
    with pytest.raises(AnnotatorError, match="lies outside the text"):
        formats.write([outside], tmp_path / "x.csv", "csv")
    # a record from a project names the project file and the document's row
    bad.source, bad.line = "p.annotator", 7
    with pytest.raises(AnnotatorError, match=r"^p\.annotator: document 7 \('d'\): span 3-10"):
        formats.write([bad], tmp_path / "bad.conll", "conll")


def test_failed_export_leaves_no_file(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n", encoding="utf-8")

    def boom(done: int, total: int) -> None:
        raise AnnotatorError("stop")

    with pytest.raises(AnnotatorError, match="stop"):
        export(project, out, progress=boom, force=True)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p.annotator"))
    assert left == ["in.jsonl", "out.jsonl"]


def test_csv_export(project: Project, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "out.tsv"
    report = export(project, out, None)
    assert report["format"] == "csv"
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert [r["id"] for r in rows] == ["a1", "a2", "a3", "a4"]
    assert json.loads(rows[0]["spans"])[0]["text"] == "هجوم صاروخي"


# ---------------------------------------------------------------- split
def test_parse_split() -> None:
    assert parse_split("0.8,0.1,0.1") == (0.8, 0.1, 0.1)
    assert parse_split("0.5,0.5") == (0.5, 0.5)
    for bad, why in [
        ("0.8,0.1", "sum to 1"),
        ("1", "give 2"),
        ("a,b", "expected fractions"),
        ("1.2,-0.2", "between 0 and 1"),
    ]:
        with pytest.raises(AnnotatorError, match=why):
            parse_split(bad)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 10, 11, 101])
def test_partition_exact_sizes(n: int) -> None:
    ids = list(range(1, n + 1))
    parts = partition(ids, (0.8, 0.1, 0.1), seed=3)
    assert sorted(i for p in parts for i in p) == ids
    sizes = [len(p) for p in parts]
    assert sum(sizes) == n
    for size, frac in zip(sizes, (0.8, 0.1, 0.1), strict=True):
        assert abs(size - frac * n) < 1


def test_partition_deterministic() -> None:
    ids = list(range(1, 1001))
    a = partition(ids, (0.8, 0.1, 0.1), seed=7)
    assert a == partition(list(reversed(ids)), (0.8, 0.1, 0.1), seed=7)
    assert a != partition(ids, (0.8, 0.1, 0.1), seed=8)
    assert [len(p) for p in a] == [800, 100, 100]


def test_split_export_files(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annotator") as p:
        src = tmp_path / "many.jsonl"
        src.write_text(jl(*({"id": f"d{i}", "text": f"وثيقة رقم {i}"} for i in range(20))))
        import_paths(p, [src])
        first = export(p, tmp_path / "s1", split="0.8,0.1,0.1", seed=5)
        export(p, tmp_path / "s2", split="0.8,0.1,0.1", seed=5)
        export(p, tmp_path / "s3", split="0.8,0.1,0.1", seed=6)
    names = ["dev.jsonl", "test.jsonl", "train.jsonl"]
    card = ["README.md", "dataset_info.json"]  # the dataset card beside the data
    assert sorted(f.name for f in (tmp_path / "s1").iterdir()) == card + names
    assert {k: v["documents"] for k, v in first["files"].items()} == {
        "train": 16,
        "dev": 2,
        "test": 2,
    }
    ids = {n: [r["id"] for r in read_jsonl(tmp_path / "s1" / n)] for n in names}
    assert sorted(i for v in ids.values() for i in v) == sorted(f"d{i}" for i in range(20))
    for n in names:
        assert (tmp_path / "s1" / n).read_bytes() == (tmp_path / "s2" / n).read_bytes()
    assert any(
        (tmp_path / "s1" / n).read_bytes() != (tmp_path / "s3" / n).read_bytes() for n in names
    )


def test_split_with_status_filter(project: Project, tmp_path: Path) -> None:
    report = export(project, tmp_path / "s", split="0.5,0.5", status=["done", "new"], seed=1)
    assert sorted(report["files"]) == ["test", "train"]
    got = sorted(
        r["id"] for n in ("train", "test") for r in read_jsonl(tmp_path / "s" / f"{n}.jsonl")
    )
    assert got == ["a1", "a2"]


def test_split_output_must_be_folder(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "file.jsonl"
    f.write_text("")
    with pytest.raises(AnnotatorError, match="with --split, --output must be a folder"):
        export(project, f, split="0.8,0.2")


# ---------------------------------------------------------------- property test
ARABIC = "".join(chr(c) for c in range(0x0621, 0x064B))  # hamza .. yeh
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))
PIECES = st.one_of(
    st.text(alphabet=ARABIC, min_size=1, max_size=6),
    st.sampled_from(
        [
            " ",
            "\r\n",
            "\n",
            "\r",
            "ـ",  # tatweel
            "\u200c",  # ZWNJ
            "\u200d",
            "\u200e",  # LRM
            "\u200f",  # RLM
            "\u061c",  # ALM
            "😀",
            "👍🏽",
            "،",
            "؟",
            "«",
            "»",
            "ا\u0653",  # NFC composes this into آ
            "CNN",
            "٢٠٢٠",
        ]
    ),
    st.text(alphabet=HARAKAT, min_size=1, max_size=2),
)
LABELS = ["EVENT", "ACTOR", "PLACE", "CLAIM"]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]], list]:
    raw = "".join(draw(st.lists(PIECES, min_size=1, max_size=40)))
    if draw(st.booleans()):
        raw = "\ufeff" + raw
    if is_blank(raw.replace("\r", "")):  # only spaces and direction marks: an empty text
        raw += "نص"
    n = len(raw)
    file_spans = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(1, n), st.sampled_from(LABELS)).filter(
                lambda t: t[0] < t[1]
            ),
            max_size=5,
            unique_by=lambda t: t,
        )
    )
    added = draw(
        st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(LABELS)), max_size=5)
    )
    return raw, file_spans, added


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=documents())
def test_property_import_span_export_import(
    tmp_path_factory: pytest.TempPathFactory, doc: tuple
) -> None:
    """Random Arabic with emoji, CRLF, harakat, tatweel, ZWNJ and bidi marks:
    import (JSONL) -> add spans -> export -> import into a new project gives identical spans."""
    raw, file_spans, added = doc
    tmp = tmp_path_factory.mktemp("prop")
    src = tmp / "in.jsonl"
    rec = {
        "id": "doc",
        "text": raw,
        "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in file_spans],
    }
    src.write_text(jl(rec), encoding="utf-8")
    with Project.create(tmp / "a.annotator", annotator="first") as a:
        try:
            import_paths(a, [src])
        except AnnotatorError as exc:
            # The only acceptable refusals: spans that cleaning collapses onto each other or
            # onto nothing (a span of just the BOM, or of the LF half of a CRLF).
            assert "duplicate" in str(exc) or "dropped by cleaning" in str(exc), exc
            return
        doc_id = a.document_ids()[0]
        text = a.get_document(doc_id).text
        assert text == unicodedata.normalize(
            "NFC", raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        )
        # Every file span still covers what it covered, modulo cleaning.
        for sp in a.spans(doc_id):
            assert text[sp.start : sp.end] == sp.text
        for fs, fe, lab in added:
            s, e = sorted((int(fs * len(text)), int(fe * len(text))))
            if s == e:
                continue
            try:
                a.add_span(doc_id, s, e, lab)
            except AnnotatorError as exc:
                assert "duplicate" in str(exc) or "already" in str(exc), exc
        before = [(s.start, s.end, s.label, s.text, s.annotator) for s in a.spans(doc_id)]
        out = tmp / "out.jsonl"
        export(a, out)
    with Project.create(tmp / "b.annotator", annotator="second") as b:
        import_paths(b, [out])
        doc_id = b.document_ids()[0]
        assert b.get_document(doc_id).text == text
        after = [(s.start, s.end, s.label, s.text, s.annotator) for s in b.spans(doc_id)]
    assert after == before


def test_export_same_bytes_without_orjson(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.core.formats import io as formats_io

    fast = tmp_path / "fast.jsonl"
    export(project, fast)
    monkeypatch.setattr(formats_io, "orjson", None)
    slow = tmp_path / "slow.jsonl"
    export(project, slow)
    assert fast.read_bytes() == slow.read_bytes()


def test_jsonl_writes_the_same_bytes_to_a_file_stdout_and_a_text_only_stream(
    tmp_path: Path, monkeypatch, capsysbinary
):
    # the file and stdout get orjson's UTF-8 under the text layer, a text-only stream str lines
    import io
    import sys

    rec = DocRecord(
        text="قال «الوزير» 😀\tx",
        external_id="a1",
        meta={"n": 2**70, "s": "م"},  # beyond 64 bits: the standard library writes it
        spans=[SpanRecord(0, 3, "EVENT", "قال", "sara")],
    )
    plain = DocRecord(text="نص", external_id="b")
    out = tmp_path / "o.jsonl"
    write_jsonl([rec, plain], out)
    data = out.read_bytes()
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert lines[0]["meta"]["n"] == 2**70 and lines[0]["spans"][0]["text"] == "قال"
    assert data.count(b"\n") == 2 and b"\\u" not in data  # UTF-8 as is, LF line ends
    write_jsonl([rec, plain], Path("-"))
    assert capsysbinary.readouterr().out == data
    text_only = io.StringIO()
    monkeypatch.setattr(sys, "stdout", text_only)
    write_jsonl([rec, plain], Path("-"))
    assert text_only.getvalue().encode("utf-8") == data
