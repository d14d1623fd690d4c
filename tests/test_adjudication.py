"""Adjudication (core/project/adjudication.py): differences between annotators, accept into the
gold layer, reject, accept what all agree on, undo/redo, reopening; exports choose the gold layer
by default, a named layer or every layer (docs/teams.md)."""

from __future__ import annotations

import json

import pytest
from helpers import add_doc

from annotator.cli import main
from annotator.core.errors import AnnotatorError, SpanError
from annotator.core.exporting import export
from annotator.core.project import Project

TEXT = "قال المتحدث باسم الجيش إن القوات دخلت مدينة حلب"
#       0   4       12   17    23 26    33   38    44


def team_project(tmp_path):
    """amal and badr labeled one document; the project is open as the adjudicator, rana."""
    path = tmp_path / "team.annotator"
    p = Project.create(path, annotator="amal")
    doc = add_doc(p, TEXT)
    p.add_span(doc, 0, 3, "EVENT")  # both
    p.add_span(doc, 44, 47, "PLACE")  # both
    p.add_span(doc, 4, 11, "ACTOR")  # amal only
    p.add_span(doc, 26, 32, "CLAIM")  # amal CLAIM, badr ACTOR
    p.set_annotator("badr")
    p.add_span(doc, 0, 3, "EVENT")
    p.add_span(doc, 44, 47, "PLACE")
    p.add_span(doc, 26, 32, "ACTOR")
    p.add_span(doc, 38, 43, "PLACE")  # badr only
    p.set_annotator("rana")
    return p, doc


def places(diffs):
    return [(d.start, d.end, d.label, d.having, d.lacking) for d in diffs]


def test_differences_list_what_is_not_shared(tmp_path):
    p, doc = team_project(tmp_path)
    assert places(p.differences(doc, ["amal", "badr"])) == [
        (4, 11, "ACTOR", ("amal",), ("badr",)),
        (26, 32, "ACTOR", ("badr",), ("amal",)),
        (26, 32, "CLAIM", ("amal",), ("badr",)),
        (38, 43, "PLACE", ("badr",), ("amal",)),
    ]
    assert p.differences(doc, ["amal", "badr"])[0].text == TEXT[4:11]
    # one annotator alone differs from no one
    assert p.differences(doc, ["amal"]) == []


def test_accept_reject_undo_redo_reopen(tmp_path):
    p, doc = team_project(tmp_path)
    cs = p.accept(doc, 26, 32, "ACTOR")
    gold = [s for s in p.spans(doc) if s.annotator == "rana"]
    assert [(s.start, s.end, s.label, s.text) for s in gold] == [(26, 32, "ACTOR", TEXT[26:32])]
    assert cs.select == gold[0].id
    assert (26, 32, "ACTOR") not in [(d.start, d.end, d.label) for d in p.differences(
        doc, ["amal", "badr"])]  # fmt: skip
    p.reject(doc, 26, 32, "CLAIM")
    assert [(d.start, d.end, d.label) for d in p.differences(doc, ["amal", "badr"])] == [
        (4, 11, "ACTOR"),
        (38, 43, "PLACE"),
    ]
    with pytest.raises(SpanError):
        p.accept(doc, 26, 32, "ACTOR")  # already gold
    with pytest.raises(SpanError):
        p.reject(doc, 26, 32, "ACTOR")  # gold: delete it instead
    assert p.adjudicators() == ["rana"]
    p.undo()  # the reject
    assert len(p.differences(doc, ["amal", "badr"])) == 3
    p.undo()  # the accept
    assert len(p.differences(doc, ["amal", "badr"])) == 4
    assert not [s for s in p.spans(doc) if s.annotator == "rana"]
    assert p.adjudicators() == []
    p.redo()
    p.redo()
    p.close()
    q = Project.open(tmp_path / "team.annotator", annotator="rana")
    assert [(s.start, s.label) for s in q.spans(doc) if s.annotator == "rana"] == [(26, "ACTOR")]
    rows = q._conn.execute(
        'SELECT start, "end", label, decision, annotator FROM adjudications ORDER BY id'
    ).fetchall()
    assert rows == [(26, 32, "ACTOR", "accept", "rana"), (26, 32, "CLAIM", "reject", "rana")]
    assert len(q.differences(doc, ["amal", "badr"])) == 2
    q.close()


def test_reject_then_accept_changes_the_decision(tmp_path):
    p, doc = team_project(tmp_path)
    p.reject(doc, 4, 11, "ACTOR")
    p.accept(doc, 4, 11, "ACTOR")
    assert p._conn.execute("SELECT decision FROM adjudications").fetchall() == [("accept",)]
    p.undo()
    assert p._conn.execute("SELECT decision FROM adjudications").fetchall() == [("reject",)]
    p.close()


def test_accept_agreed_in_one_step(tmp_path):
    p, doc = team_project(tmp_path)
    cs = p.accept_agreed(doc, ["amal", "badr"])
    assert [(s.start, s.label) for s in cs.added] == [(0, "EVENT"), (44, "PLACE")]
    assert p.accept_agreed(doc, ["amal", "badr"]).is_empty()  # nothing left to accept
    p.undo()  # the empty one is not recorded: this undoes the whole step
    assert not [s for s in p.spans(doc) if s.annotator == "rana"]
    p.close()


def test_bad_place_leaves_the_project_unchanged(tmp_path):
    p, doc = team_project(tmp_path)
    before = p.spans(doc)
    with pytest.raises(SpanError, match="outside"):
        p.accept(doc, 40, 400, "ACTOR")
    with pytest.raises(SpanError, match="no label"):
        p.accept(doc, 0, 3, "NOPE")
    assert p.spans(doc) == before
    assert p._conn.execute("SELECT count(*) FROM adjudications").fetchone()[0] == 0
    p.close()


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_default_is_the_gold_layer(tmp_path):
    p, doc = team_project(tmp_path)
    out = tmp_path / "all.jsonl"
    # no gold layer yet: every layer
    assert export(p, out, card=False)["layer"] == "all"
    assert {s["annotator"] for s in _jsonl(out)[0]["spans"]} == {"amal", "badr"}
    p.accept_agreed(doc, ["amal", "badr"])
    p.accept(doc, 26, 32, "ACTOR")
    gold = tmp_path / "gold.jsonl"
    assert export(p, gold, card=False)["layer"] == "rana"
    spans = _jsonl(gold)[0]["spans"]
    assert [(s["start"], s["end"], s["label"], s["annotator"]) for s in spans] == [
        (0, 3, "EVENT", "rana"),
        (26, 32, "ACTOR", "rana"),
        (44, 47, "PLACE", "rana"),
    ]
    # a split export writes the gold layer too
    folder = tmp_path / "split"
    assert export(p, folder, card=False, split="0.5,0.5")["layer"] == "rana"
    rows = [r for f in sorted(folder.glob("*.jsonl")) for r in _jsonl(f)]
    assert {s["annotator"] for r in rows for s in r["spans"]} == {"rana"}
    amal = tmp_path / "amal.jsonl"
    export(p, amal, card=False, annotator="amal")
    assert {s["annotator"] for s in _jsonl(amal)[0]["spans"]} == {"amal"}
    every = tmp_path / "every.jsonl"
    export(p, every, card=False, annotator="all")
    assert len(_jsonl(every)[0]["spans"]) == 11
    with pytest.raises(AnnotatorError, match=r"no layer by 'zaid'.*amal, badr, rana"):
        export(p, tmp_path / "z.jsonl", card=False, annotator="zaid")
    assert not (tmp_path / "z.jsonl").exists()
    p.close()


def test_cli_export_annotator(tmp_path, capsys):
    p, doc = team_project(tmp_path)
    project = str(tmp_path / "team.annotator")
    p.close()
    assert main(["export", "-p", project, "-o", str(tmp_path / "a.jsonl")]) == 0
    assert "layer: all annotators' spans" in capsys.readouterr().out
    q = Project.open(project, annotator="rana")
    q.accept(doc, 4, 11, "ACTOR")
    q.close()
    assert main(["export", "-p", project, "-o", str(tmp_path / "g.jsonl")]) == 0
    assert "layer: rana's spans only" in capsys.readouterr().out
    assert [s["text"] for s in _jsonl(tmp_path / "g.jsonl")[0]["spans"]] == [TEXT[4:11]]
    out = tmp_path / "b.jsonl"
    assert main(["export", "-p", project, "-o", str(out), "--annotator", "badr"]) == 0
    assert {s["annotator"] for s in _jsonl(out)[0]["spans"]} == {"badr"}
    out = tmp_path / "e.jsonl"
    assert main(["export", "-p", project, "-o", str(out), "--annotator", "all"]) == 0
    assert len(_jsonl(out)[0]["spans"]) == 9
    assert main(["export", "-p", project, "-o", str(tmp_path / "x.jsonl"), "--annotator", "x"]) == 1
    err = capsys.readouterr().err
    assert "no layer by 'x'" in err and err.count("\n") == 1
