"""Issue 14: SIGKILL during a 20,000-document import. The import is one transaction: after
the kill the project opens, passes the check, and holds either everything or nothing of the
import, never part of it. 5 kills by default; the slow run makes 40."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.check import check_project
from annotator.core.project import Project

ANNOTATOR = Path(sys.executable).with_name("annotator")
N = 20_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    f = tmp_path_factory.mktemp("corpus") / "big.jsonl"
    f.write_text(
        "".join(
            json.dumps({"id": f"k{i}", "text": f"خبر رقم {i} عن هجوم على قاعدة",
                        "spans": [{"start": 0, "end": 3, "label": "EVENT"}]}) + "\n"
            for i in range(N)
        ),
        encoding="utf-8",
    )  # fmt: skip
    return f


def _kill_runs(tmp_path: Path, corpus: Path, kills: int) -> list[int]:
    project = tmp_path / "p.annotator"
    seed = tmp_path / "seed.jsonl"
    seed.write_text('{"id": "s", "text": "خبر أول"}\n', encoding="utf-8")
    subprocess.run([str(ANNOTATOR), "import", "-p", str(project), str(seed)], check=True)
    rng = random.Random(14)
    expected = 1
    counts = []
    for _ in range(kills):
        proc = subprocess.Popen(
            [str(ANNOTATOR), "import", "-p", str(project), str(corpus)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report = check_project(project)
        assert report.ok, report.problems
        with Project.open(project) as p:
            n = p.stats()["documents"]
        # all or nothing (a finished import adds all; re-importing adds nothing: same texts)
        assert n in (expected, 1 + N), n
        expected = n
        counts.append(n)
    return counts


def test_sigkill_during_a_large_import(tmp_path: Path, corpus: Path) -> None:
    _kill_runs(tmp_path, corpus, 5)


@pytest.mark.slow
def test_forty_sigkills(tmp_path: Path, corpus: Path) -> None:
    _kill_runs(tmp_path, corpus, 40)


def test_sigkill_while_creating_a_project_from_a_large_file(tmp_path: Path, corpus: Path) -> None:
    """A new project is built under a temporary name with its journal in memory and no syncs
    (``unseen_file_writes``), its reader forked: a kill at any moment leaves either no project
    or the whole one, and the next try cleans up what the killed one left and succeeds."""
    project = tmp_path / "new.annotator"
    rng = random.Random(15)
    for _ in range(4):
        proc = subprocess.Popen(
            [str(ANNOTATOR), "import", "-p", str(project), str(corpus)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if project.exists():  # it had finished: complete
            with Project.open(project) as p:
                assert p.stats()["documents"] == N
            project.unlink()
            for extra in tmp_path.glob("new.annotator-*"):
                extra.unlink()
    subprocess.run([str(ANNOTATOR), "import", "-p", str(project), str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    assert not list(tmp_path.glob(".new.annotator.creating*"))
    report = check_project(project)
    assert report.ok, report.problems
    with Project.open(project) as p:
        assert p.stats()["documents"] == N
