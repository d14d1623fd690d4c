"""The suggestion commands (issue 12): ``annotator suggest``, ``train``, ``list --order
uncertainty``, ``stats`` and ``export --include-suggestions``, run through ``main`` and read back
from the project file and the printed output."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers.ner_corpus import make_corpus

from annotator.cli import main
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project

TEXTS = ["زار الرئيس واشنطن ثم عاد من لواشنطن إلى بغداد", "وصل الوفد إلى بغداد صباحا"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    with Project.create(path, annotator="tester") as p:
        p.import_records([DocRecord(text=t) for t in TEXTS], source="t")
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_suggest_from_a_gazetteer_prints_one_json_line_per_suggestion(project, tmp_path, capsys):
    gaz = tmp_path / "places.csv"
    gaz.write_text("name,label\nواشنطن,PLACE\nبغداد,PLACE\n", encoding="utf-8")
    assert main(["suggest", "-p", str(project), "--gazetteer", str(gaz), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    w = TEXTS[0].index("واشنطن")
    w2 = TEXTS[0].index("لواشنطن") + 1
    b = TEXTS[0].index("بغداد")
    assert lines == [
        {"document": 1, "start": w, "end": w + 6, "label": "PLACE", "text": "واشنطن",
         "source": "gazetteer", "score": 1.0},
        {"document": 1, "start": w2, "end": w2 + 6, "label": "PLACE", "text": "واشنطن",
         "source": "gazetteer", "score": 1.0},
        {"document": 1, "start": b, "end": b + 5, "label": "PLACE", "text": "بغداد",
         "source": "gazetteer", "score": 1.0},
        {"document": 2, "start": 14, "end": 19, "label": "PLACE", "text": "بغداد",
         "source": "gazetteer", "score": 1.0},
    ]  # fmt: skip
    assert _rows(project, "SELECT name, label, source FROM gazetteer ORDER BY id") == [
        ("واشنطن", "PLACE", "places.csv"),
        ("بغداد", "PLACE", "places.csv"),
    ]
    assert _rows(project, "SELECT count(*) FROM spans") == [(0,)]  # never spans
    # again: nothing new is made, the entries are there already
    assert main(["suggest", "-p", str(project), "--gazetteer", str(gaz)]) == 0
    assert capsys.readouterr().out.strip() == "0 new suggestions; 0 gazetteer entries imported"
    # stats shows them per source and status
    assert main(["stats", "-p", str(project)]) == 0
    out = capsys.readouterr().out
    assert "  gazetteer         4        0        0" in out
    assert "model: none (annotator train)" in out
    assert main(["stats", "-p", str(project), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["suggestions"]["gazetteer"] == {"pending": 4, "accepted": 0, "rejected": 0}


def test_one_name_a_line_gazetteer_with_label(project, tmp_path, capsys):
    gaz = tmp_path / "names.txt"
    gaz.write_text("# places\nبغداد\n", encoding="utf-8")
    assert main(["suggest", "-p", str(project), "--gazetteer", str(gaz), "--label", "PLACE"]) == 0
    assert capsys.readouterr().out.startswith("2 new suggestions (gazetteer: 2)")


@pytest.mark.parametrize(
    ("content", "label", "message"),
    [
        ("name,label\nواشنطن,PLACE\nبغداد,NOPE\n", None, "places.csv:3: no label named 'NOPE'"),
        ("واشنطن,PLACE,extra\n", None, "places.csv:1: unknown shape: 3 columns"),
        ("واشنطن\n", None, "places.csv:1: unknown shape: one column"),
        ("name,label\n,PLACE\n", None, "places.csv:2: empty name"),
        ("واشنطن\n", "NOPE", "places.csv: no label named 'NOPE'"),
    ],
)
def test_bad_gazetteers_name_file_and_line_and_change_nothing(
    project, tmp_path, capsys, content, label, message
):
    gaz = tmp_path / "places.csv"
    gaz.write_text(content, encoding="utf-8")
    argv = ["suggest", "-p", str(project), "--gazetteer", str(gaz)]
    assert main(argv + (["--label", label] if label else [])) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and message in err
    assert len(err.splitlines()) == 1
    assert _rows(project, "SELECT count(*) FROM gazetteer") == [(0,)]
    assert _rows(project, "SELECT count(*) FROM suggestions") == [(0,)]


def test_usage_errors(project, capsys):
    assert main(["suggest", "-p", str(project)]) == 1
    assert "--gazetteer FILE, --model or --propagate" in capsys.readouterr().err
    assert main(["suggest", "-p", str(project), "--model"]) == 1
    assert "no model yet: train one first" in capsys.readouterr().err
    assert main(["train", "-p", str(project)]) == 1
    assert "nothing to learn from" in capsys.readouterr().err
    assert main(["suggest", "-p", str(project), "--propagate", "--document", "7"]) == 1
    assert "no document with id 7" in capsys.readouterr().err


def test_propagate_command(project, capsys):
    with Project.open(project) as p:
        p.add_span(1, TEXTS[0].index("بغداد"), TEXTS[0].index("بغداد") + 5, "PLACE")
    assert main(["suggest", "-p", str(project), "--propagate", "--json"]) == 0
    (line,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert (line["document"], line["text"], line["source"]) == (2, "بغداد", "propagation")


def _corpus_project(path: Path, n: int = 60, done: int = 40) -> Path:
    docs = make_corpus(n)
    with Project.create(path, annotator="tester") as p:
        p.add_label("ORG")
        p.import_records(
            [
                DocRecord(
                    text=text,
                    spans=[SpanRecord(s, e, lab) for s, e, lab in spans] if i < done else [],
                    status="done" if i < done else "new",
                )
                for i, (text, spans) in enumerate(docs)
            ],
            source="synthetic",
        )
    return path


def test_train_pre_annotate_and_order_by_uncertainty(tmp_path, capsys):
    path = _corpus_project(tmp_path / "c.annotator")
    assert main(["train", "-p", str(path), "--annotator", "trainer", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["trained_on"] == 40 and info["labels"] == ["ACTOR", "ORG", "PLACE"]
    assert _rows(path, "SELECT backend, trained_on, length(data) > 100 FROM models") == [
        ("crf", 40, 1)
    ]
    assert _rows(path, "SELECT annotator FROM changes WHERE action = 'train_model'") == [
        ("trainer",)
    ]
    scored = dict(_rows(path, "SELECT document_id, value FROM uncertainty"))
    assert sorted(scored) == list(range(41, 61))  # the undone documents only
    assert main(["list", "-p", str(path), "--order", "uncertainty", "--status", "new"]) == 0
    listed = [int(line.split()[0]) for line in capsys.readouterr().out.splitlines()]
    assert listed == sorted(scored, key=lambda d: (-scored[d], d))
    argv = ["list", "-p", str(path), "--order", "uncertainty", "--json"]
    assert main(argv) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows[:20]] == listed  # the scored first, the done after
    assert rows[0]["uncertainty"] == scored[listed[0]] and rows[-1]["uncertainty"] is None
    assert main(["suggest", "-p", str(path), "--model", "--json"]) == 0
    made = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert made and all(m["source"] == "model" and 0 < m["score"] <= 1 for m in made)
    assert all(m["document"] > 40 for m in made)
    # the model learned the synthetic names: most of the gold spans of the undone half are found
    gold = {
        (i + 1, s, e, lab)
        for i, (_t, spans) in enumerate(make_corpus(60))
        if i >= 40
        for s, e, lab in spans
    }
    found = {(m["document"], m["start"], m["end"], m["label"]) for m in made}
    assert len(found & gold) / len(gold) > 0.7
    # a higher threshold gives fewer, and nothing twice
    assert main(["suggest", "-p", str(path), "--model", "--min-score", "0.99", "--json"]) == 0
    assert capsys.readouterr().out == ""


def test_export_with_and_without_suggestions(project, tmp_path, capsys):
    gaz = tmp_path / "g.csv"
    gaz.write_text("بغداد,PLACE\n", encoding="utf-8")
    with Project.open(project) as p:
        p.add_span(1, 11, 17, "PLACE")
    assert main(["suggest", "-p", str(project), "--gazetteer", str(gaz)]) == 0
    plain, marked = tmp_path / "plain.jsonl", tmp_path / "marked.jsonl"
    assert main(["export", "-p", str(project), "-o", str(plain)]) == 0
    assert main(["export", "-p", str(project), "-o", str(marked), "--include-suggestions"]) == 0
    out = capsys.readouterr().out
    assert "with 1 span and 2 suggestions" in out
    docs = [json.loads(x) for x in plain.read_text(encoding="utf-8").splitlines()]
    assert [len(d["spans"]) for d in docs] == [1, 0]
    assert all("suggestion" not in s for d in docs for s in d["spans"])
    docs = [json.loads(x) for x in marked.read_text(encoding="utf-8").splitlines()]
    b = TEXTS[0].index("بغداد")
    assert docs[0]["spans"] == [
        {"id": "T1", "start": 11, "end": 17, "label": "PLACE", "text": "واشنطن",
         "annotator": "tester"},
        {"start": b, "end": b + 5, "label": "PLACE", "text": "بغداد",
         "suggestion": {"source": "gazetteer", "score": 1.0}},
    ]  # fmt: skip
    # imported back, the suggestions are not spans
    again = tmp_path / "again.annotator"
    assert main(["import", "-p", str(again), str(marked)]) == 0
    assert _rows(again, "SELECT count(*) FROM spans") == [(1,)]
    # a split carries them too
    folder = tmp_path / "split"
    argv = ["export", "-p", str(project), "-o", str(folder), "--split", "0.5,0.5"]
    assert main([*argv, "--include-suggestions"]) == 0
    marked_lines = [
        s
        for part in ("train", "test")
        for line in (folder / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
        for s in json.loads(line)["spans"]
        if "suggestion" in s
    ]
    assert len(marked_lines) == 2
    # other formats cannot carry them: refused, nothing written
    assert main(["export", "-p", str(project), "-o", str(tmp_path / "x.conll"),
                 "--include-suggestions"]) == 1  # fmt: skip
    assert "cannot carry suggestions" in capsys.readouterr().err
    assert not (tmp_path / "x.conll").exists()


def test_spacy_backend_trains_and_pre_annotates(tmp_path, capsys):
    path = _corpus_project(tmp_path / "c.annotator", n=60, done=45)
    argv = ["train", "-p", str(path), "--backend", "spacy", "--iterations", "15", "--json"]
    assert main(argv) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["backend"] == "spacy" and info["trained_on"] == 45
    # greedy NER has no uncertainty: the ordering falls back to import order
    assert _rows(path, "SELECT count(*) FROM uncertainty") == [(0,)]
    assert main(["suggest", "-p", str(path), "--model", "--json"]) == 0
    made = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert made and {m["score"] for m in made} == {0.5}
    gold = {
        (i + 1, s, e, lab)
        for i, (_t, spans) in enumerate(make_corpus(60))
        if i >= 45
        for s, e, lab in spans
    }
    found = {(m["document"], m["start"], m["end"], m["label"]) for m in made}
    assert len(found & gold) / len(gold) > 0.7
    # a crf trained afterwards is the newest: it is the one used, and orders again
    assert main(["train", "-p", str(path)]) == 0
    assert _rows(path, "SELECT backend FROM models ORDER BY id") == [("spacy",), ("crf",)]
    assert _rows(path, "SELECT count(*) FROM uncertainty") == [(15,)]  # the 15 undone
    assert main(["stats", "-p", str(path)]) == 0
    assert "model: crf, trained on 45 documents marked done (" in capsys.readouterr().out


def test_spacy_backend_without_spacy_says_how_to_get_it(tmp_path, capsys, monkeypatch):
    import sys

    # nothing is done either: the missing spaCy is what the message names first
    path = _corpus_project(tmp_path / "c.annotator", n=4, done=0)
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if the extra were not installed
    assert main(["train", "-p", str(path), "--backend", "spacy"]) == 1
    assert "pip install 'annotator[spacy]'" in capsys.readouterr().err
    assert _rows(path, "SELECT count(*) FROM models") == [(0,)]
