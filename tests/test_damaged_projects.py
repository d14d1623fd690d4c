"""Issue 14: projects with bit flips in their span pages. No command traces back; a damaged file
is named as such with "run annotator check"; reading commands never write; import refuses to
write into a file that fails the check; recover copies what can be read into a sound project."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.check import check_project
from annotator.core.importing import create_project_from_files
from annotator.core.project import Project

CASES = 40


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("base")
    src = folder / "in.jsonl"
    rows = []
    for i in range(300):
        text = f"خبر رقم {i}: استهدف هجوم صاروخي قاعدة التاجي في بغداد"
        spans = [
            {"start": 0, "end": 3, "label": "EVENT"},
            {"start": 9, "end": 15, "label": "EVENT"},
            {"start": 16, "end": 19, "label": "ACTOR"},
            {"start": 26, "end": 31, "label": "PLACE"},
        ]
        rows.append(json.dumps({"id": f"d{i}", "text": text, "spans": spans}))
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    p = folder / "p.annotator"
    create_project_from_files(p, [src])
    with Project.open(p):
        pass  # the last close checkpoints: everything is in the main file
    return p


def _span_pages(path: Path) -> tuple[int, list[int]]:
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name IN ('spans', 'sqlite_autoindex_spans_1')"
            )
        ]
    finally:
        conn.close()
    return size, pages


def _damage(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    size, pages = _span_pages(path)
    data = bytearray(path.read_bytes())
    if seed % 5 == 0:  # 64 zeroed bytes
        page = rng.choice(pages)
        at = (page - 1) * size + rng.randrange(size - 64)
        data[at : at + 64] = bytes(64)
    else:
        for _ in range(rng.randrange(1, 12)):
            page = rng.choice(pages)
            at = (page - 1) * size + rng.randrange(size)
            data[at] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))  # an exception here is the failure this test looks for
    out, err = capsys.readouterr()
    assert code in (0, 1), (args, code)
    if code == 1:
        assert "Traceback" not in err
        assert err.strip().splitlines()[-1].startswith("annotator"), err
    return code, out, err


@pytest.mark.parametrize("seed", range(CASES))
def test_bit_flips_in_span_pages(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    p = tmp_path / "p.annotator"
    shutil.copy(base, p)
    _damage(p, seed)
    damaged = not check_project(p).ok
    before = _digest(p)
    for args in (
        ["list", "-p", str(p)],
        ["stats", "-p", str(p)],
        ["labels", "-p", str(p)],
        ["export", "-p", str(p), "-o", str(tmp_path / "out.jsonl"), "--force"],
    ):
        code, _out, err = _run(capsys, *args)
        if code == 1 and damaged:
            assert "damaged" in err and "annotator check" in err, err
        assert _digest(p) == before, f"{args[0]} wrote to the project"
    code, out, _err = _run(capsys, "check", "-p", str(p))
    assert code == (1 if damaged else 0), (out, _err)
    new = tmp_path / "new.jsonl"
    new.write_text('{"text": "خبر جديد"}\n', encoding="utf-8")
    code, _out, err = _run(capsys, "import", "-p", str(p), str(new))
    if damaged:
        assert code == 1 and "damaged" in err, err
        assert _digest(p) == before, "import wrote into a damaged project"
    code, out, err = _run(capsys, "recover", "-p", str(p), "-o", str(tmp_path / "r.annotator"))
    assert code == 0, err
    report = check_project(tmp_path / "r.annotator")
    assert report.ok, report.problems
    with Project.open(tmp_path / "r.annotator") as r:
        assert r.stats()["documents"] >= 1
