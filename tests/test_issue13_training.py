"""Issue 13, training data: gold imports, sentence rows, hf label lists, splits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
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
