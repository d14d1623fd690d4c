"""CoNLL / BIO import: one test per real-world quirk, and the export side (BIO choices)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import formats
from annotator.core.errors import InputError
from annotator.core.exporting import export
from annotator.core.importing import import_paths
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project


def read(tmp_path: Path, content: str | bytes, **options: object) -> tuple[list[DocRecord], list]:
    src = tmp_path / "in.conll"
    if isinstance(content, str):
        content = content.encode("utf-8")
    src.write_bytes(content)
    warnings: list[str] = []
    recs = list(formats.read(src, "conll", warn=warnings.append, **options))
    return recs, warnings


def spans_of(rec: DocRecord) -> list[tuple[str, str]]:
    return [(s.label, rec.text[s.start : s.end]) for s in rec.spans]


def test_plain_file(tmp_path: Path) -> None:
    recs, warnings = read(tmp_path, "قال\tO\nالرئيس\tB-PER\nمحمد\tI-PER\n\nفي\tO\nبيروت\tB-LOC\n")
    assert len(recs) == 1
    rec = recs[0]
    assert rec.text == "قال الرئيس محمد\nفي بيروت"
    assert spans_of(rec) == [("PER", "الرئيس محمد"), ("LOC", "بيروت")]
    assert rec.tokens == [(0, 3), (4, 10), (11, 15), (16, 18), (19, 24)]
    assert rec.sentence_starts == [0, 3]
    assert warnings == []


def test_bom_and_crlf(tmp_path: Path) -> None:
    recs, _ = read(tmp_path, "\ufeffقال\tO\r\nبيروت\tB-LOC\r\n\r\nنعم\tO\r\n")
    assert recs[0].text == "قال بيروت\nنعم"
    assert spans_of(recs[0]) == [("LOC", "بيروت")]
    assert "\r" not in recs[0].text and "\ufeff" not in recs[0].text


@pytest.mark.parametrize("sep", ["\t", " ", "   ", " \t "])
def test_tab_or_spaces(tmp_path: Path, sep: str) -> None:
    recs, _ = read(tmp_path, f"في{sep}O\nحلب{sep}B-LOC\n")
    assert spans_of(recs[0]) == [("LOC", "حلب")]


def test_middle_columns_are_ignored(tmp_path: Path) -> None:
    recs, _ = read(tmp_path, "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n")
    assert recs[0].text == "EU rejects German"
    assert spans_of(recs[0]) == [("ORG", "EU"), ("MISC", "German")]
    recs, _ = read(tmp_path, "حلب\tNNP\tB-NP\tB-LOC\n")
    assert spans_of(recs[0]) == [("LOC", "حلب")]


def test_labels_with_hyphens(tmp_path: Path) -> None:
    recs, _ = read(tmp_path, "مدينة\tB-Population-Center\nحلب\tI-Population-Center\nو\tO\n")
    assert spans_of(recs[0]) == [("Population-Center", "مدينة حلب")]


def test_whitespace_only_lines_are_sentence_breaks(tmp_path: Path) -> None:
    recs, _ = read(tmp_path, "أ\tO\n   \nب\tO\n\t\nج\tO\n \u200f \n")
    assert recs[0].sentence_starts == [0, 1, 2]
    assert recs[0].text == "أ\nب\nج"


def test_docstart_starts_documents(tmp_path: Path) -> None:
    content = "-DOCSTART- -X- -X- O\n\nأ\tB-X\n\n-DOCSTART-\tO\n\nب\tO\nج\tB-Y\n"
    recs, _ = read(tmp_path, content)
    assert [r.text for r in recs] == ["أ", "ب ج"]
    assert [r.external_id for r in recs] == ["in.conll#1", "in.conll#2"]
    assert spans_of(recs[1]) == [("Y", "ج")]
    assert recs[1].line == 7


def test_sentences_per_doc(tmp_path: Path) -> None:
    content = "".join(f"ج{i}\tO\n\n" for i in range(5))
    recs, _ = read(tmp_path, content, sentences_per_doc=2)
    assert [r.text for r in recs] == ["ج0\nج1", "ج2\nج3", "ج4"]
    with pytest.raises(InputError, match="sentences-per-doc"):
        read(tmp_path, content, sentences_per_doc=0)


def test_bidi_marks_are_stripped_and_reported(tmp_path: Path) -> None:
    recs, warnings = read(tmp_path, "\u200fقال\tO\nبيروت\u200e\tB-LOC\n\u061c\tO\nنعم\tO\n")
    assert recs[0].text == "قال بيروت نعم"
    assert spans_of(recs[0]) == [("LOC", "بيروت")]
    assert len(warnings) == 1
    assert "direction marks from 3 token(s)" in warnings[0]
    assert "first at line 1" in warnings[0]
    assert "1 token(s) held nothing else" in warnings[0]


def test_iob1_i_without_b_starts_a_span_and_is_reported(tmp_path: Path) -> None:
    content = "في\tO\nبيروت\tI-LOC\nو\tO\nحلب\tI-LOC\nدمشق\tI-LOC\nعمان\tB-LOC\nقال\tI-PER\n"
    recs, warnings = read(tmp_path, content)
    assert spans_of(recs[0]) == [
        ("LOC", "بيروت"),
        ("LOC", "حلب دمشق"),
        ("LOC", "عمان"),
        ("PER", "قال"),
    ]
    assert len(warnings) == 1
    assert "3 I- tag(s)" in warnings[0] and "first at line 2" in warnings[0]


def test_bioes_tags(tmp_path: Path) -> None:
    recs, warnings = read(tmp_path, "أ\tS-X\nب\tB-Y\nج\tE-Y\nد\tO\n")
    assert spans_of(recs[0]) == [("X", "أ"), ("Y", "ب ج")]
    assert warnings == []


def test_conllu_comments_skipped_but_hash_token_kept(tmp_path: Path) -> None:
    recs, _ = read(tmp_path, "# sent_id = 1\n#\tO\nأ\tB-X\n")
    assert recs[0].text == "# أ"


def test_line_without_tag_is_refused_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"in\.conll:2: 'ب' has no tag"):
        read(tmp_path, "أ\tO\nب\n")


def test_skip_invalid_skips_only_the_bad_document(tmp_path: Path) -> None:
    src = tmp_path / "in.conll"
    src.write_text("-DOCSTART-\tO\n\nأ\tO\nب\n\n-DOCSTART-\tO\n\nج\tB-X\n", encoding="utf-8")
    errors: list[InputError] = []
    recs = list(formats.read(src, "conll", on_error=errors.append))
    assert [r.text for r in recs] == ["ج"]
    assert len(errors) == 1 and errors[0].line == 4


def test_invalid_utf8_refused_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"in\.conll:2: invalid UTF-8"):
        read(tmp_path, b"a\tO\n\xff\tO\n")


def test_import_keeps_tokens_in_project_and_export_reuses_them(tmp_path: Path) -> None:
    # "لواشنطن" as one CoNLL token: our tokenizer would keep it too, but "U.S." it would split;
    # the document's own tokens win on export.
    src = tmp_path / "in.conll"
    src.write_text("U.S.\tB-GPE\nقال\tO\nلواشنطن\tO\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator") as p:
        import_paths(p, [src], "conll")
        doc = p.get_document(p.document_ids()[0])
        assert doc.tokens == [(0, 4), (5, 8), (9, 16)]
        export(p, tmp_path / "out.conll", "conll")
    lines = (tmp_path / "out.conll").read_text(encoding="utf-8").split("\n")
    assert lines[2:5] == ["U.S.\tB-GPE", "قال\tO", "لواشنطن\tO"]


def test_export_splits_tokens_at_span_edges_and_counts_overlaps(tmp_path: Path) -> None:
    text = "هجوم على أهداف لواشنطن في العراق"
    w = text.index("واشنطن")
    rec = DocRecord(
        text=text,
        external_id="d",
        spans=[
            SpanRecord(w, w + 6, "PLACE", "واشنطن"),
            SpanRecord(0, 4, "EVENT", "هجوم"),
            SpanRecord(0, 8, "CLAIM", "هجوم على"),
        ],
    )
    out = tmp_path / "o.conll"
    report = formats.write([rec], out, "conll", project_labels=["EVENT", "PLACE", "CLAIM"])
    body = out.read_text(encoding="utf-8")
    assert "ل\tO\nواشنطن\tB-PLACE\n" in body
    assert body.startswith("-DOCSTART-\tO\n\nهجوم\tB-EVENT\nعلى\tO\n")
    assert report["spans"] == 2
    assert report["left_out"] == 1
    assert report["left_out_reasons"] == {"overlaps a span of higher priority": 1}
    assert report["left_out_by_label"] == {"CLAIM": 1}
    # --layer picks and orders: CLAIM first now
    report = formats.write([rec], out, "conll", layer="CLAIM,PLACE")
    body = out.read_text(encoding="utf-8")
    assert "هجوم\tB-CLAIM\nعلى\tI-CLAIM\n" in body
    assert report["left_out_reasons"] == {"label not in --layer": 1}


def test_export_refuses_span_whose_text_differs(tmp_path: Path) -> None:
    rec = DocRecord(text="أبجد هوز", spans=[SpanRecord(0, 4, "X", "هوز")])
    with pytest.raises(Exception, match="export stopped"):
        formats.write([rec], tmp_path / "o.conll", "conll")


def test_sentences_follow_the_tokenizer_for_running_text(tmp_path: Path) -> None:
    text = "عنوان الخبر\nقال الرئيس. وأضاف أن"
    out = tmp_path / "o.conll"
    formats.write([DocRecord(text=text, external_id="d")], out, "conll")
    sentences = out.read_text(encoding="utf-8").split("\n\n")
    assert sentences[1] == "عنوان\tO\nالخبر\tO"
    assert sentences[2] == "قال\tO\nالرئيس\tO\n.\tO"


def test_import_result_carries_reader_warnings(tmp_path: Path) -> None:
    """The GUI shows what a reader repaired: import_paths returns the warnings."""
    src = tmp_path / "in.conll"
    src.write_text("في\tO\nبيروت\tI-LOC\n", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator") as p:
        result = import_paths(p, [src], "conll")
    assert len(result.warnings) == 1 and "1 I- tag(s)" in result.warnings[0]
    assert result.as_dict()["warnings"] == result.warnings
