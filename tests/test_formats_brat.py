"""brat: export layout, offsets, discontinuous annotations, and hostile folders and zips."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from annotator.core import formats
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.exporting import export
from annotator.core.formats import brat
from annotator.core.importing import import_paths
from annotator.core.model import DocRecord, RelationRecord, SpanRecord
from annotator.core.project import Project

TEXT = "هجوم 😀 على قاعدة التاجي\nفي العراق"


def _read(path: Path, **kw: object) -> tuple[list[DocRecord], list[str]]:
    warnings: list[str] = []
    return list(formats.read(path, "brat", warn=warnings.append, **kw)), warnings


def _zip(path: Path, members: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def test_export_writes_txt_ann_and_conf_with_code_point_offsets(tmp_path: Path) -> None:
    q = TEXT.index("قاعدة")
    rec = DocRecord(
        text=TEXT,
        external_id="news/أ:1",
        spans=[
            SpanRecord(q, q + 5, "PLACE", "قاعدة", "amal"),
            SpanRecord(0, len(TEXT), "EVENT", TEXT),
        ],
    )
    out = tmp_path / "col"
    report = formats.write([rec], out, "brat", project_labels=["EVENT", "ACTOR", "PLACE"])
    assert sorted(p.name for p in out.iterdir()) == [
        "annotation.conf",
        "news_أ_1.ann",
        "news_أ_1.txt",
    ]
    assert (out / "news_أ_1.txt").read_text(encoding="utf-8") == TEXT
    ann = (out / "news_أ_1.ann").read_text(encoding="utf-8").splitlines()
    # the emoji counts as ONE character: قاعدة starts at 11, not 12 (UTF-16 would say 12)
    assert ann[0] == f"T1\tPLACE {q} {q + 5}\tقاعدة"
    assert q == 11
    # a span across the line break is written as brat stores it: two fragments
    nl = TEXT.index("\n")
    assert ann[1] == f"T2\tEVENT 0 {nl};{nl + 1} {len(TEXT)}\t{TEXT.replace(chr(10), ' ')}"
    assert report["spans_split_at_line_breaks"] == 1
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert conf.startswith("[entities]\nEVENT\nACTOR\nPLACE\n")


def test_export_names_are_safe_and_unique(tmp_path: Path) -> None:
    recs = [
        DocRecord(text=f"نص {i}", external_id=name)
        for i, name in enumerate(["../../etc/passwd", "a/b", "a_b", "CON.txt", None])
    ]
    formats.write(recs, tmp_path / "col", "brat")
    names = sorted(p.name for p in (tmp_path / "col").iterdir())
    assert all("/" not in n and not n.startswith(".") for n in names)
    assert len([n for n in names if n.endswith(".txt")]) == 5
    assert not (tmp_path / "etc").exists()


def test_import_folder_and_single_ann(tmp_path: Path) -> None:
    col = tmp_path / "col"
    (col / "sub").mkdir(parents=True)
    (col / "sub" / "d1.txt").write_text(TEXT, encoding="utf-8")
    (col / "sub" / "d1.ann").write_text(
        "T1\tPLACE 11 16\tقاعدة\nR1\tRel Arg1:T1 Arg2:T1\nA1\tNeg T1\n#1\tNote T1\tx\n",
        encoding="utf-8",
    )
    (col / "README.txt").write_text("not a document", encoding="utf-8")
    recs, warnings = _read(col)
    assert [(r.external_id, r.spans[0].text) for r in recs] == [("sub/d1", "قاعدة")]
    # the relation, the flag and the note are kept on the record (nothing "ignored")
    (d1,) = recs
    assert d1.spans[0].id == "T1"
    assert d1.relations == [RelationRecord("T1", "T1", "Rel", "R1")]
    assert d1.spans[0].attributes == {"Neg": True}
    assert d1.spans[0].note == "x"
    assert not any("ignored" in w or "not kept" in w for w in warnings)
    assert any("1 .txt file(s) without an .ann skipped: README.txt" in w for w in warnings)
    recs, _ = _read(col / "sub" / "d1.ann")
    assert recs[0].external_id == "d1"


def test_import_through_project_from_folder(tmp_path: Path) -> None:
    col = tmp_path / "col"
    col.mkdir()
    (col / "a.txt").write_text("قال الرئيس\r\nفي حلب", encoding="utf-8", newline="")
    (col / "a.ann").write_text("T1\tPLACE 15 18\tحلب\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator") as p:
        res = import_paths(p, [col], "brat")
        assert res.added == 1
        doc = p.get_document(res.document_ids[0])
        (span,) = p.spans(doc.id)
    assert doc.text == "قال الرئيس\nفي حلب"
    assert doc.text[span.start : span.end] == "حلب"


def test_offsets_in_utf16_are_converted_and_reported(tmp_path: Path) -> None:
    col = tmp_path / "col"
    col.mkdir()
    (col / "a.txt").write_text(TEXT, encoding="utf-8")
    (col / "a.ann").write_text("T1\tPLACE 12 17\tقاعدة\n", encoding="utf-8")  # UTF-16 units
    recs, warnings = _read(col)
    assert recs[0].spans[0].start == 11
    assert any("UTF-16" in w for w in warnings)


def test_offsets_that_fit_nothing_are_refused_with_line(tmp_path: Path) -> None:
    col = tmp_path / "col"
    col.mkdir()
    (col / "a.txt").write_text(TEXT, encoding="utf-8")
    (col / "a.ann").write_text("T1\tPLACE 11 16\tقاعدة\nT2\tPLACE 0 3\tعلى\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.ann:2: T2: the line says 'على'"):
        _read(col)
    (col / "a.ann").write_text("T1\tPLACE 11 99\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.ann:1: T1: offsets 11-99 are outside"):
        _read(col)
    (col / "a.ann").write_text("T1\tPLACE eleven\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.ann:1: T1: expected 'LABEL START END'"):
        _read(col)


def test_discontinuous_annotations(tmp_path: Path) -> None:
    col = tmp_path / "col"
    col.mkdir()
    text = "قاعدة التاجي\nالجوية في العراق"
    (col / "a.txt").write_text(text, encoding="utf-8")
    nl = text.index("\n")
    fi = text.index("في")
    ir = text.index("العراق")
    (col / "a.ann").write_text(
        f"T1\tPLACE 0 {nl};{nl + 1} {fi - 1}\tقاعدة التاجي الجوية\n"  # split at a line break
        f"T2\tEVENT 0 5;{ir} {ir + 6}\tقاعدة العراق\n",  # really discontinuous
        encoding="utf-8",
    )
    recs, warnings = _read(col)
    spans = sorted((s.label, s.text) for s in recs[0].spans)
    assert spans == [
        ("EVENT", "العراق"),
        ("EVENT", "قاعدة"),
        ("PLACE", "قاعدة التاجي\nالجوية"),
    ]
    assert any(
        "1 discontinuous annotation(s) imported as one span per fragment: T2" in w for w in warnings
    )


def test_missing_txt_is_an_error_naming_the_ann(tmp_path: Path) -> None:
    col = tmp_path / "col"
    col.mkdir()
    (col / "a.ann").write_text("T1\tX 0 1\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.ann: no a\.txt beside"):
        _read(col)


# ------------------------------------------------------------------------ hostile input


def _good() -> dict[str, bytes]:
    return {"d.txt": "في حلب".encode(), "d.ann": "T1\tPLACE 3 6\tحلب\n".encode()}


def test_good_zip_imports(tmp_path: Path) -> None:
    z = _zip(tmp_path / "c.zip", {f"col/{k}": v for k, v in _good().items()})
    recs, _ = _read(z)
    assert [(r.external_id, r.spans[0].text) for r in recs] == [("col/d", "حلب")]
    with Project.create(tmp_path / "p.annotator") as p:
        assert import_paths(p, [z], "brat").added == 1
        with pytest.raises(InputError, match="cannot tell the format"):
            import_paths(p, [z])  # a zip says nothing of its content: --format brat


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.ann", "points outside the archive"),
        ("col/../../evil.txt", "points outside the archive"),
        ("/etc/evil.ann", "absolute path"),
        ("C:/evil.ann", "absolute path"),
        ("..\\evil.ann", "points outside the archive"),
    ],
)
def test_zip_path_traversal_refused(tmp_path: Path, name: str, message: str) -> None:
    z = _zip(tmp_path / "c.zip", {**_good(), name: b"T1\tX 0 1\tx\n"})
    with Project.create(tmp_path / "p.annotator") as p:
        with pytest.raises(InputError, match=message) as err:
            import_paths(p, [z], "brat")
        assert p.document_count() == 0
    assert str(z) in str(err.value) and "refused" in str(err.value)
    assert not (tmp_path / "evil.ann").exists()


def test_zip_symlink_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "c.zip", _good(), symlink="link.txt")
    with pytest.raises(InputError, match=r"'link\.txt' is a symbolic link; refused"):
        _read(z)


def test_zip_bomb_refused_by_ratio(tmp_path: Path) -> None:
    z = _zip(tmp_path / "c.zip", {**_good(), "bomb.txt": b"\0" * 20_000_000})
    with pytest.raises(InputError, match=r"'bomb\.txt' compresses \d+ to 1 \(a zip bomb\?\)"):
        _read(z)


def test_zip_oversized_member_and_total_refused(tmp_path: Path, monkeypatch) -> None:
    big = os.urandom(3000)  # random bytes do not compress: only the size limits catch it
    z = _zip(tmp_path / "c.zip", {**_good(), "big.txt": big, "big2.txt": big})
    monkeypatch.setattr(brat, "MAX_MEMBER_BYTES", 2000)
    with pytest.raises(InputError, match=r"'big\.txt' unpacks to 3000 bytes \(limit 2000\)"):
        _read(z)
    monkeypatch.setattr(brat, "MAX_MEMBER_BYTES", 10_000)
    monkeypatch.setattr(brat, "MAX_TOTAL_BYTES", 5000)
    with pytest.raises(InputError, match="unpacks to more than 5000 bytes"):
        _read(z)


def test_zip_header_that_lies_about_size_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "c.zip", _good())
    data = bytearray(z.read_bytes())
    # shrink the uncompressed size of d.txt in the central directory to 3 bytes
    cd = data.find(b"PK\x01\x02")
    while cd >= 0:
        name_len = int.from_bytes(data[cd + 28 : cd + 30], "little")
        if bytes(data[cd + 46 : cd + 46 + name_len]) == b"d.txt":
            data[cd + 24 : cd + 28] = (3).to_bytes(4, "little")
        cd = data.find(b"PK\x01\x02", cd + 4)
    z.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"member 'd\.txt' is damaged \(Bad CRC-32.*refused"):
        _read(z)


def test_not_a_zip(tmp_path: Path) -> None:
    z = tmp_path / "c.zip"
    z.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable zip file"):
        _read(z)


def test_folder_symlink_refused(tmp_path: Path) -> None:
    col = tmp_path / "col"
    col.mkdir()
    for k, v in _good().items():
        (col / k).write_bytes(v)
    secret = tmp_path / "secret.txt"
    secret.write_text("سر", encoding="utf-8")
    (col / "leak.txt").symlink_to(secret)
    (col / "leak.ann").write_text("T1\tX 0 1\tس\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"leak\.txt is a symbolic link; refused"):
        _read(col)


def test_export_refuses_an_existing_folder(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annotator") as p:
        p.import_records([DocRecord(text="نص")], source="x")
        export(p, tmp_path / "out", "brat")
        with pytest.raises(AnnotatorError, match="already exists"):
            export(p, tmp_path / "out", "brat")
        rep = export(p, tmp_path / "split", "brat", split="0.5,0.5")
    assert (tmp_path / "split" / "train.brat").is_dir() or (
        tmp_path / "split" / "test.brat"
    ).is_dir()
    assert rep["documents"] == 1


def test_zip_read_in_memory_never_extracts(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in _good().items():
            zf.writestr(k, v)
    z = tmp_path / "c.zip"
    z.write_bytes(buf.getvalue())
    before = sorted(os.listdir(tmp_path))
    _read(z)
    assert sorted(os.listdir(tmp_path)) == before
