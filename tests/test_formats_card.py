"""Dataset card beside every export, and the CLI options of the training-data formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import annotator
from annotator.cli import main
from annotator.core.exporting import export
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project


def _docs() -> list[DocRecord]:
    out = []
    for i in range(10):
        text = f"هجوم رقم {i} على قاعدة التاجي في العراق"
        q = text.index("قاعدة")
        spans = [SpanRecord(0, 4, "EVENT", "هجوم", "amal" if i % 2 else "omar")]
        spans.append(SpanRecord(q, q + 5, "PLACE", "قاعدة", "amal"))
        spans.append(SpanRecord(q, q + 12, "ACTOR", text[q : q + 12], "amal"))  # overlaps PLACE
        out.append(DocRecord(text=text, external_id=f"d{i}", spans=spans, status="done"))
    return out


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.annotator", annotator="amal") as p:
        p.import_records(_docs(), source="t")
        yield p


def test_card_for_split_export(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    report = export(project, out, "conll", split="0.6,0.2,0.2", seed=3, status="done")
    assert report["card"] == [str(out / "README.md"), str(out / "dataset_info.json")]
    info = json.loads((out / "dataset_info.json").read_text(encoding="utf-8"))
    assert info["tool"] == "annotator" and info["tool_version"] == annotator.__version__
    assert info["format"] == "conll"
    assert info["created"][:4].isdigit()
    assert info["filters"]["status"] == ["done"] and info["filters"]["seed"] == 3
    assert set(info["splits"]) == {"train", "dev", "test"}
    assert [info["splits"][s]["documents"] for s in ("train", "dev", "test")] == [6, 2, 2]
    train = info["splits"]["train"]
    assert train["by_label"] == {"ACTOR": 6, "EVENT": 6, "PLACE": 6}
    assert train["spans"] == 18 and train["spans_written"] == 12 and train["spans_left_out"] == 6
    assert train["left_out_reasons"] == {"overlaps a span of higher priority": 6}
    assert train["file"].endswith("train.conll")
    assert info["annotators"] == {"amal": 25, "omar": 5}
    labels = {d["name"]: d for d in info["labels"]}
    assert labels["PLACE"]["name_ar"] == "مكان" and labels["PLACE"]["name_en"] == "Place"
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("---\nlanguage:\n- ar\n")
    assert "| train | `train.conll` | 6 | 18 | 6 | 6 | 6 | 0 | 6 |" in readme
    assert "| PLACE | Place | مكان |" in readme
    assert "- amal: 25 spans" in readme
    assert "overlaps a span of higher priority: 10" in readme


def test_card_beside_a_single_file_never_over_a_readme(project: Project, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine", encoding="utf-8")
    report = export(project, tmp_path / "all.jsonl", "jsonl")
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "all.jsonl.README.md").is_file()
    info = json.loads((tmp_path / "all.jsonl.dataset_info.json").read_text(encoding="utf-8"))
    assert info["splits"]["all"]["documents"] == 10
    assert report["card"][0].endswith("all.jsonl.README.md")
    export(project, tmp_path / "nocard.jsonl", "jsonl", card=False)
    assert not (tmp_path / "nocard.jsonl.README.md").exists()


def test_cli_export_prints_spans_left_out(project: Project, tmp_path: Path, capsys) -> None:
    path = str(project.path)
    project.close()
    assert main(["export", "-p", path, "-f", "hf", "-o", str(tmp_path / "o.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "exported 10 documents with 20 spans" in out
    assert "10 spans left out (overlaps a span of higher priority: 10)" in out
    assert "dataset card:" in out
    code = main(
        ["export", "-p", path, "-f", "conll", "-o", str(tmp_path / "o.conll"), "--layer", "ACTOR"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "20 spans left out (label not in --layer: 20)" in out
    assert main(["export", "-p", path, "-f", "spacy", "-o", str(tmp_path / "o.spacy")]) == 0
    assert "left out of doc.ents" in capsys.readouterr().out
    assert (
        main(
            [
                "export",
                "-p",
                path,
                "-f",
                "doccano",
                "--doccano-entities",
                "-o",
                str(tmp_path / "d.jsonl"),
            ]
        )
        == 0
    )
    line = (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert "entities" in json.loads(line)
    # an option the format does not take is refused, not ignored
    assert (
        main(["export", "-p", path, "-f", "jsonl", "--layer", "X", "-o", str(tmp_path / "x.jsonl")])
        == 1
    )
    assert "--layer does not apply" in capsys.readouterr().err


def test_cli_import_conll_with_map_and_sentences_per_doc(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.conll"
    src.write_text(
        "قال\tO\nعلي\tI-PERS\n\nفي\tO\nحلب\tB-LOC\n\nو\tO\nإدلب\tB-LOC\n\nنعم\tB-MISC\n",
        encoding="utf-8",
    )
    proj = str(tmp_path / "p.annotator")
    code = main(
        [
            "import",
            "-p",
            proj,
            "-f",
            "conll",
            "--map",
            "PERS=ACTOR,LOC=PLACE",
            "--sentences-per-doc",
            "2",
            str(src),
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "imported 2 documents with 4 spans" in captured.out
    assert "new labels added: MISC" in captured.out
    assert "warning: label 'MISC' is not in --map" in captured.err
    assert "1 I- tag(s) did not continue a span" in captured.err
    with Project.open(proj) as p:
        assert p.stats()["by_label"]["ACTOR"] == 1
        assert p.stats()["by_label"]["PLACE"] == 2
        doc = p.get_document(p.document_ids()[0])
        assert doc.text == "قال علي\nفي حلب" and doc.sentence_starts == [0, 2]
    txt = tmp_path / "a.txt"
    txt.write_text("نص", encoding="utf-8")
    assert main(["import", "-p", proj, "--sentences-per-doc", "2", str(txt)]) == 1
    assert "--sentences-per-doc does not apply" in capsys.readouterr().err


def test_layer_with_an_unknown_label_is_refused(project: Project, tmp_path: Path) -> None:
    from annotator.core.errors import AnnotatorError

    with pytest.raises(AnnotatorError, match=r"--layer: unknown label 'PLCAE' \(labels: EVENT"):
        export(project, tmp_path / "o.conll", "conll", layer="PLCAE")
    assert not (tmp_path / "o.conll").exists()
