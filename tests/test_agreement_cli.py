"""``annotator agreement``: the table, the JSON object scripts read, the heatmap PNG, and the
errors (one line, exit 1, the project unchanged)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from helpers import add_doc
from test_agreement import _two_annotator_project

from annotator.cli import main
from annotator.core import agreement as ag
from annotator.core.agreement_data import load_for_agreement
from annotator.core.project import Project


@pytest.fixture
def team(tmp_path):
    p, _ = _two_annotator_project(tmp_path)
    p.close()
    return tmp_path / "team.annotator"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_json_is_the_computed_object(team, capsys):
    before = _digest(team)
    assert main(["agreement", "-p", str(team), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    with Project.open(team, read_only=True) as p:
        expected = ag.compute(load_for_agreement(p)).as_json()
    assert out == json.loads(json.dumps(expected))
    assert out["annotators"] == ["amal", "badr"]
    assert out["documents"] == 2
    overall = next(x for x in out["pairs"] if x["label"] is None)
    assert overall["f1_exact"] == 0.0
    assert overall["f1_overlap"] == pytest.approx(1 / 3)
    assert set(out["alpha"]) == {"all", "ACTOR", "PLACE"}
    assert _digest(team) == before  # read-only


def test_label_and_annotators_options(team, capsys):
    assert main(["agreement", "-p", str(team), "--json", "--label", "ACTOR"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [x["label"] for x in out["pairs"]] == ["ACTOR"]
    assert list(out["alpha"]) == ["ACTOR"]
    assert main(["agreement", "-p", str(team), "--json", "--annotators", "badr,amal"]) == 0
    assert json.loads(capsys.readouterr().out)["annotators"] == ["badr", "amal"]


def test_human_table(team, capsys):
    assert main(["agreement", "-p", str(team)]) == 0
    out = capsys.readouterr().out
    assert "documents finished by all of them: 2" in out
    assert "amal / badr" in out
    assert "F1 exact" in out and "kappa" in out
    assert "Krippendorff's alpha" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annotators", "amal"], "at least two annotators"),
        (["--annotators", "amal,zed"], "no spans by zed"),
        (["--label", "NOPE"], "no label named 'NOPE'"),
        (["--pair", "amal,badr"], "--pair goes with --plot"),
        (["--plot", "x.png", "--pair", "amal"], "--pair takes two annotators"),
        (["--plot", "x.annotator"], "must end in .png"),
    ],
)
def test_errors_are_one_line(team, capsys, args, message):
    before = _digest(team)
    assert main(["agreement", "-p", str(team), *args]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert _digest(team) == before


def test_one_annotator_project(tmp_path, capsys):
    path = tmp_path / "solo.annotator"
    with Project.create(path, annotator="amal") as p:
        d = add_doc(p, "نص قصير")
        p.add_span(d, 0, 2, "EVENT")
    assert main(["agreement", "-p", str(path)]) == 1
    assert "only 'amal' has spans" in capsys.readouterr().err


def test_plot_writes_the_heatmap_png(team, tmp_path):
    # a separate process: the command starts its own offscreen Qt application
    target = tmp_path / "heat.png"
    code = (
        "import sys; from annotator.cli import main; "
        f"sys.exit(main(['agreement', '-p', {str(team)!r}, '--plot', {str(target)!r}, "
        "'--pair', 'amal,badr']))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"heatmap: {target}" in run.stdout
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(target))
    assert image.width() > 200 and image.height() > 150
    # the cells are painted: some pixels are the agreement blue's or disagreement orange's shade
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert len(colours) > 5


def test_plot_pair_must_be_compared(team, tmp_path, capsys):
    assert (
        main(
            ["agreement", "-p", str(team), "--plot", str(tmp_path / "h.png"), "--pair", "amal,zed"]
        )
        == 1
    )
    assert "'zed' is not one of amal, badr" in capsys.readouterr().err
    assert not (tmp_path / "h.png").exists()
