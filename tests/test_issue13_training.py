"""Issue 13, training data: gold imports, sentence rows, hf label lists, splits."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.exporting import export
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project

# Two sentences without -DOCSTART-: one document of two sentences.
CONLL = (
    "قال\tO\nالرئيس\tB-PER\nمحمد\tI-PER\n.\tO\n\n"
    "في\tO\nبيروت\tB-LOC\n.\tO\n\n"
    "وصل\tO\nالوزير\tB-PER\nإلى\tO\nحلب\tB-LOC\n"
)


@pytest.fixture
def conll(tmp_path: Path) -> Path:
    f = tmp_path / "gold.conll"
    f.write_text(CONLL, encoding="utf-8")
    return f


def statuses(path: Path) -> list[str]:
    with Project.open(path) as project:
        return [project.get_document(i).status for i in project.document_ids()]


def test_import_status_done_for_a_gold_corpus(tmp_path: Path, conll: Path, capsys) -> None:
    plain = tmp_path / "plain.annotator"
    assert main(["import", "-p", str(plain), str(conll)]) == 0
    assert "done" not in statuses(plain)
    gold = tmp_path / "gold.annotator"
    assert main(["import", "-p", str(gold), "--status", "done", str(conll)]) == 0
    assert statuses(gold) == ["done"]
    out = tmp_path / "out.jsonl"
    assert main(["export", "-p", str(gold), "--status", "done", "-o", str(out)]) == 0
    assert len(out.read_text("utf-8").splitlines()) == 1
    capsys.readouterr()
    assert main(["import", "-p", str(gold), "--status", "finished", str(conll)]) == 1
    assert "invalid choice" in capsys.readouterr().err


# ------------------------------------------------------------ item 10: sentence rows

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def gold_project(tmp_path: Path, conll: Path) -> Path:
    path = tmp_path / "gold.annotator"
    assert main(["import", "-p", str(path), "--status", "done", str(conll)]) == 0
    return path


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_hf_export_is_a_sentence_a_row_by_default(tmp_path: Path, conll: Path) -> None:
    gold = gold_project(tmp_path, conll)
    out = tmp_path / "s.jsonl"
    assert main(["export", "-p", str(gold), "-f", "hf", "-o", str(out)]) == 0
    got = rows(out)
    assert [r["tokens"] for r in got] == [
        ["قال", "الرئيس", "محمد", "."],
        ["في", "بيروت", "."],
        ["وصل", "الوزير", "إلى", "حلب"],
    ]
    assert [r["id"][-3:] for r in got] == [":s1", ":s2", ":s3"]
    doc = tmp_path / "d.jsonl"
    assert main(["export", "-p", str(gold), "-f", "hf", "--unit", "document", "-o", str(doc)]) == 0
    assert len(rows(doc)) == 1 and len(rows(doc)[0]["tokens"]) == 11


def test_sentences_of_running_text_and_spans_never_cut(tmp_path: Path) -> None:
    text = "وقع الهجوم في 2020/06/14 الساعة 05:09؛ قال الرئيس محمد. وأضاف: هل انتهى؟ نعم!\nسطر"
    a = text.index("الرئيس محمد. وأضاف")
    with Project.create(tmp_path / "p.annotator", annotator="t") as p:
        p.import_records(
            [
                DocRecord(
                    text=text,
                    external_id="n",
                    status="done",
                    spans=[SpanRecord(a, a + len("الرئيس محمد. وأضاف"), "ACTOR")],
                )
            ],
            source="t",
        )
        export(p, tmp_path / "o.jsonl", "hf")
    got = [r["tokens"] for r in rows(tmp_path / "o.jsonl")]
    assert got[0] == ["وقع", "الهجوم", "في", "2020/06/14", "الساعة", "05:09", "؛"]
    # the span across "." keeps its two sentences in one row
    assert got[1] == ["قال", "الرئيس", "محمد", ".", "وأضاف", ":", "هل", "انتهى", "؟"]
    assert got[2:] == [["نعم", "!"], ["سطر"]]


def test_docbin_has_sentence_starts(tmp_path: Path, conll: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    gold = gold_project(tmp_path, conll)
    out = tmp_path / "g.spacy"
    assert main(["export", "-p", str(gold), "-f", "spacy", "-o", str(out)]) == 0
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("ar").vocab)
    sents = [[t.text for t in s if not t.is_space] for s in doc.sents]
    assert sents == [["قال", "الرئيس", "محمد", "."], ["في", "بيروت", "."],
                     ["وصل", "الوزير", "إلى", "حلب"]]  # fmt: skip


# ------------------------------------------------------------ item 12: hf label lists


def test_two_hf_exports_in_one_folder_keep_their_own_label_lists(
    tmp_path: Path, conll: Path, capsys
) -> None:
    import datasets

    gold = gold_project(tmp_path, conll)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", "-p", str(gold), "-f", "hf", "-o", str(out / "a.jsonl")]) == 0
    assert (
        main(["export", "-p", str(gold), "-f", "hf", "--layer", "LOC", "-o", str(out / "b.jsonl")])
        == 0
    )
    a = json.loads((out / "a.label_list.json").read_text("utf-8"))
    b = json.loads((out / "b.label_list.json").read_text("utf-8"))
    assert a == ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
    assert b == ["O", "B-LOC", "I-LOC"]
    assert not (out / "label_list.json").exists()
    # the project's default labels (EVENT, ...) are used by no span: listed only on request
    c = str(out / "c.jsonl")
    assert main(["export", "-p", str(gold), "-f", "hf", "--all-labels", "-o", c]) == 0
    assert "B-EVENT" in json.loads((out / "c.label_list.json").read_text("utf-8"))
    # datasets gives named tags straight from dataset_info.json, no cast
    info = json.loads((out / "a.jsonl.dataset_info.json").read_text("utf-8"))
    assert info["project"] == "gold.annotator"
    assert all("/" not in (sp["file"] or "") for sp in info["splits"].values())
    ds = datasets.load_dataset(
        "json",
        data_files=str(out / "a.jsonl"),
        features=datasets.Features.from_dict(info["features"]),
        cache_dir=str(tmp_path / "cache"),
    )["train"]
    feature = ds.features["ner_tags"].feature
    assert isinstance(feature, datasets.ClassLabel)
    assert [feature.int2str(i) for i in ds[0]["ner_tags"]] == ["O", "B-PER", "I-PER", "O"]
    # stdout cannot carry the label list
    capsys.readouterr()
    assert main(["export", "-p", str(gold), "-f", "hf", "-o", "-"]) == 1
    assert "label list" in capsys.readouterr().err


def test_split_hf_folder_loads_with_named_tags(tmp_path: Path, conll: Path) -> None:
    import datasets

    gold = tmp_path / "three.annotator"
    assert main(["import", "-p", str(gold), "--sentences-per-doc", "1", str(conll)]) == 0
    out = tmp_path / "split"
    with Project.open(gold) as p:
        export(p, out, "hf", split="0.5,0.5", seed=0, unit="document")
    names = json.loads((out / "train.label_list.json").read_text("utf-8"))
    assert names == json.loads((out / "test.label_list.json").read_text("utf-8"))
    card = (out / "README.md").read_text("utf-8")
    assert str(tmp_path) not in card
    ds = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert ds["train"].features["ner_tags"].feature.names == names


# ------------------------------------------------------------ item 13: split


def test_split_of_one_document_warns_and_hf_splits_by_sentence(
    tmp_path: Path, conll: Path, capsys
) -> None:
    gold = gold_project(tmp_path, conll)  # one document of three sentences
    capsys.readouterr()
    folder = tmp_path / "j"
    assert main(["export", "-p", str(gold), "-o", str(folder), "--split", "0.8,0.1,0.1"]) == 0
    err = capsys.readouterr().err
    assert "dev.jsonl is empty: 1 document cannot fill 3 parts" in err
    assert "test.jsonl is empty" in err
    assert (folder / "dev.jsonl").read_text("utf-8") == ""
    hf = tmp_path / "h"
    args = ["export", "-p", str(gold), "-f", "hf", "-o", str(hf), "--split", "0.4,0.3,0.3"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "warning" not in err
    assert "train: 1 sentences" in out or "train: 2 sentences" in out
    got = {name: rows(hf / f"{name}.jsonl") for name in ("train", "dev", "test")}
    assert sorted(len(r) for r in got.values()) == [1, 1, 1]
    every = sorted(r["id"][-3:] for part in got.values() for r in part)
    assert every == [":s1", ":s2", ":s3"]
    # each sentence keeps its gold spans
    tags = {tuple(r["tokens"]): r["ner_tags"] for part in got.values() for r in part}
    names = json.loads((hf / "train.label_list.json").read_text("utf-8"))
    assert [names[i] for i in tags[("في", "بيروت", ".")]] == ["O", "B-LOC", "O"]


# ------------------------------------------------------------ item 11: repeated sentences


def test_repeated_sentences_stay_documents_of_their_own(tmp_path: Path, capsys) -> None:
    src = tmp_path / "rep.conll"
    same = "في\tO\nبيروت\tB-LOC\n\n"
    other = "في\tO\nبيروت\tB-PER\n\n"
    src.write_text(same + "قال\tO\nمحمد\tB-PER\n\n" + same + other, encoding="utf-8")
    path = tmp_path / "rep.annotator"
    assert main(["import", "-p", str(path), "--sentences-per-doc", "1", str(src)]) == 0
    out, err = capsys.readouterr()
    assert "imported 4 documents with 4 spans" in out
    assert "2 sentences repeated in this file kept as documents of their own" in out
    assert "1 repeated document in this import had spans that differ from the first copy" in err
    assert f"{src}:10" in err  # the line where the disagreeing copy starts
    with Project.open(path) as p:
        tags = sorted((r.text, tuple(s.label for s in r.spans)) for r in p.iter_records())
    assert tags == [("في بيروت", ("LOC",)), ("في بيروت", ("LOC",)), ("في بيروت", ("PER",)),
                    ("قال محمد", ("PER",))]  # fmt: skip
    # importing the same file again adds nothing: duplicate detection is for that
    assert main(["import", "-p", str(path), "--sentences-per-doc", "1", "--json", str(src)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["duplicates"], report["repeated"]) == (0, 4, 0)
    assert report["duplicate_spans"] == 4 and report["duplicate_conflicts"] == []


def test_a_duplicate_text_reports_the_spans_it_drops(tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.jsonl"
    line = '{"text": "في بيروت", "spans": [{"start": 3, "end": 8, "label": "%s"}]}\n'
    src.write_text(line % "LOC" + line % "PER", encoding="utf-8")
    path = tmp_path / "d.annotator"
    assert main(["import", "-p", str(path), str(src)]) == 0
    out, err = capsys.readouterr()
    assert "1 document with 1 span already in the project or earlier in this import" in out
    assert f"{src}:2" in err and "differ from the first copy" in err


# ------------------------------------------------------------ item 15: NFC in CoNLL


def test_conll_import_reports_tokens_nfc_changed(tmp_path: Path, capsys) -> None:
    shadda_kasra = "الحج\u0651\u0650"  # shadda then kasra: NFC puts kasra first
    src = tmp_path / "nfc.conll"
    src.write_text(f"موسم\tO\n{shadda_kasra}\tB-EVENT\nبدأ\tO\n", encoding="utf-8")
    path = tmp_path / "nfc.annotator"
    assert main(["import", "-p", str(path), "--json", str(src)]) == 0
    out, err = capsys.readouterr()
    message = "Unicode NFC normalisation changed 1 of 3 token(s)"
    assert message in err
    assert any(message in w for w in json.loads(out)["warnings"])
    back = tmp_path / "back.conll"
    assert main(["export", "-p", str(path), "-f", "conll", "-o", str(back)]) == 0
    assert "الحج\u0650\u0651\tB-EVENT" in back.read_text("utf-8")


# ------------------------------------------------------------ item 16: CSV round trip


def test_csv_export_imports_back_with_its_spans(tmp_path: Path) -> None:
    text = "استهدف هجوم صاروخي، قاعدة التاجي\nفي العراق 😀 أمس"
    a = text.index("قاعدة التاجي")
    with Project.create(tmp_path / "p.annotator", annotator="t") as p:
        p.import_records(
            [
                DocRecord(
                    text=text,
                    external_id="n1",
                    meta={"source": "عربي بوست"},
                    status="done",
                    spans=[SpanRecord(a, a + len("قاعدة التاجي"), "PLACE"),
                           SpanRecord(7, 18, "EVENT")],
                )
            ],
            source="t",
        )  # fmt: skip
        export(p, tmp_path / "out.csv", "csv")
        before = [(r.text, r.status, r.meta, [(s.start, s.end, s.label) for s in r.spans])
                  for r in p.iter_records()]  # fmt: skip
    back = tmp_path / "back.annotator"
    assert main(["import", "-p", str(back), str(tmp_path / "out.csv")]) == 0
    with Project.open(back) as p:
        after = [(r.text, r.status, r.meta, [(s.start, s.end, s.label) for s in r.spans])
                 for r in p.iter_records()]  # fmt: skip
    assert after == before
    assert after[0][3]  # the spans came back
