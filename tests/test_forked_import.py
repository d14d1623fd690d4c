"""The forked reader (annotator/core/forked_reader.py, preparing.py): ``annotator import`` reads and
checks records in a child process while the parent writes. It must give exactly what a serial
import gives (the database, the report, the warnings and skipped records in order), refuse bad
input the same way, and leave the project as it was when the child fails or is killed.

Forked imports run in a fresh interpreter (``_run``): a test process that has started Qt's
threads must not fork, and ``can_fork`` would (rightly) refuse there.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError
from annotator.core.forked_reader import can_fork
from annotator.core.importing import create_project_from_files, import_paths
from annotator.core.project import Project

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

ANNOTATOR = Path(sys.executable).with_name("annotator")

# Runs an import in a fresh process with the fork threshold at 0, so even a small file forks;
# prints the result (or the error) as JSON, and how many times the reader was forked.
SCRIPT = r"""
import json, os, signal, sys
from annotator.core import forked_reader, importing, preparing
from annotator.core.importing import create_project_from_files, import_paths
from annotator.core.project import Project

args = json.loads(sys.argv[1])
importing.FORK_MIN_BYTES = 0
forks = []
class Counting(forked_reader.ForkedReader):
    def __init__(self, *a):
        forks.append(1)
        super().__init__(*a)
forked_reader.ForkedReader = Counting
if args.get("kill_at"):
    real_prepare = preparing.RecordPreparer.prepare
    def dying(self, rec, index):
        if index == args["kill_at"]:
            os.kill(os.getpid(), signal.SIGKILL)  # in the child: the reader dies mid-file
        return real_prepare(self, rec, index)
    preparing.RecordPreparer.prepare = dying
if args.get("batch_bytes"):
    forked_reader._BATCH_BYTES = args["batch_bytes"]
real_write = forked_reader._write_frame
def measuring(out, batch):  # runs in the child: the sizes go to a file the test reads
    real_write(out, batch)
    texts = [item[1][2][1] for item in batch if item[0] == "item" and item[1][2]]
    with open(args["frames_log"], "a") as log:
        log.write(f"{sum(map(len, texts))}\n")
if args.get("frames_log"):
    forked_reader._write_frame = measuring
options = dict(args.get("options", {}))
if args.get("cancel_after"):
    calls = []
    options["cancel"] = lambda: calls.append(1) or len(calls) >= args["cancel_after"]
out = {}
try:
    if args.get("create"):
        result = create_project_from_files(
            args["project"], args["paths"], args.get("fmt", "auto"), parallel=True,
            annotator="tester", **options)
    else:
        with Project.open(args["project"]) as p:
            result = import_paths(p, args["paths"], args.get("fmt", "auto"), parallel=True,
                                  **options)
    out["result"] = result.as_dict()
except Exception as exc:
    out["error"] = [type(exc).__name__, str(exc)]
try:
    os.waitpid(-1, os.WNOHANG)
    out["children_left"] = True
except ChildProcessError:
    out["children_left"] = False
out["forks"] = len(forks)
print(json.dumps(out, ensure_ascii=False))
"""


def _run(tmp_path: Path, **args: Any) -> dict[str, Any]:
    script = tmp_path / "forked_import.py"
    script.write_text(SCRIPT, encoding="utf-8")
    args["paths"] = [str(p) for p in args["paths"]]
    args["project"] = str(args["project"])
    proc = subprocess.run(
        [sys.executable, str(script), json.dumps(args, ensure_ascii=False)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    out: dict[str, Any] = json.loads(proc.stdout)
    assert out["forks"] == 1, out  # the import really went through the forked reader
    assert out["children_left"] is False, out  # the child was reaped
    return out


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in id order, without the times (which differ between two runs)."""
    conn = sqlite3.connect(path)
    out = {}
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if r[0] not in ("meta", "changes", "sqlite_stat1", "sqlite_sequence")
        and not r[0].startswith("documents_fts")
    ]
    for table in tables:
        cols = [
            r[1]
            for r in conn.execute(f"PRAGMA table_info({table})")
            if r[1] not in ("created", "updated", "at")
        ]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[table] = conn.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid").fetchall()
    # the text is stored as TEXT, not as the bytes the child sent
    out["text_types"] = conn.execute("SELECT DISTINCT typeof(text) FROM documents").fetchall()
    conn.close()
    return out


ARTICLE = (
    "أعلنت وزارة الخارجية في بيان لواشنطن أن «الهجوم» وقع يوم 12 آذار 2024، وقال المتحدث: لا تعليق."
)


def _records(n: int) -> list[dict[str, Any]]:
    """Documents exercising every path of the writer: plain, cleaned (CRLF, a BOM, decomposed
    letters, control characters), frames and relations, span attributes and notes, new labels,
    a duplicate, an annotator per span."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        text = f"{ARTICLE} رقم {i}"
        a, b = text.index("وزارة"), text.index("لواشنطن")
        spans: list[dict[str, Any]] = [
            {"id": "T1", "start": a, "end": a + 5, "label": "ACTOR", "text": text[a : a + 5]},
            {"id": "T2", "start": b + 1, "end": b + 7, "label": "PLACE"},
        ]
        doc: dict[str, Any] = {"id": f"d{i}", "text": text, "spans": spans, "meta": {"n": i}}
        kind = i % 7
        if kind == 1:
            doc["text"] = text.replace(" ", "\r\n", 1)  # cleaning moves the offsets after it
            for sp in spans:
                sp["start"] += 1
                sp["end"] += 1
                sp.pop("text", None)
        elif kind == 2:
            c = text.index("«الهجوم»") + 1
            spans.append({"id": "T3", "start": c, "end": c + 6, "label": "EVENT"})
            doc["frames"] = [
                {"id": "F1", "trigger": "T3", "args": [{"role": "agent", "span": "T1"}]}
            ]
            doc["relations"] = [{"head": "T1", "tail": "T2", "type": "located_in"}]
            doc["note"] = "ملاحظة"
        elif kind == 3:
            spans[0]["attributes"] = {"certainty": "high"}
            spans[1]["note"] = "مكان"
        elif kind == 4:
            spans.append({"start": 0, "end": 5, "label": f"NEW_{i % 3}", "annotator": "salma"})
        elif kind == 5:
            doc["text"] = "\ufeff" + text.replace("ة", "ة\u0651", 1) + "\x07"
            for sp in spans:
                sp.pop("text", None)
                sp["start"] += 1
                sp["end"] += 1
        elif kind == 6 and i > 10:
            doc = dict(out[0])  # the same text again: a duplicate, not added
        out.append(doc)
    return out


def _write(path: Path, records: list[dict[str, Any]], bad: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for i, line in (bad or {}).items():
        lines[i] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_forked_import_gives_exactly_what_a_serial_import_gives(tmp_path: Path) -> None:
    data = _write(tmp_path / "news.jsonl", _records(300))
    serial = create_project_from_files(tmp_path / "serial.annotator", [data], annotator="tester")
    out = _run(tmp_path, create=True, project=tmp_path / "forked.annotator", paths=[data])
    assert out["result"] == serial.as_dict()
    assert serial.added > 200 and serial.duplicates > 0 and serial.frames and serial.relations
    assert serial.new_labels and serial.controls_replaced
    forked_db, serial_db = (
        _dump(tmp_path / "forked.annotator"),
        _dump(tmp_path / "serial.annotator"),
    )
    assert forked_db == serial_db
    assert forked_db["text_types"] == [("text",)]
    # and the file is a normal project: WAL mode, opens, checks clean
    with Project.open(tmp_path / "forked.annotator") as p:
        assert p._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        doc = p.get_document(p.document_ids()[2])
        assert any(s.text == "الهجوم" for s in p.spans(doc.id))


def test_forked_import_into_an_existing_project(tmp_path: Path) -> None:
    records = _records(120)
    first = _write(tmp_path / "first.jsonl", records[:40])
    data = _write(tmp_path / "more.jsonl", records)  # the first 40 are duplicates now
    for name in ("serial", "forked"):
        create_project_from_files(tmp_path / f"{name}.annotator", [first], annotator="tester")
    with Project.open(tmp_path / "serial.annotator") as p:
        serial = import_paths(p, [data])
    out = _run(tmp_path, project=tmp_path / "forked.annotator", paths=[data])
    assert out["result"] == serial.as_dict()
    assert serial.duplicates >= 40
    assert _dump(tmp_path / "forked.annotator") == _dump(tmp_path / "serial.annotator")


def test_forked_import_of_conll_keeps_repeated_sentences_and_warnings(tmp_path: Path) -> None:
    # IOB1 tags are repaired with a warning; a sentence repeated in the file is kept twice, and
    # a repeated one whose tags differ is reported
    same = "في\tO\nبيروت\tI-LOC\n\n"
    other = "في\tO\nبيروت\tB-PER\n\n"
    data = tmp_path / "gold.conll"
    data.write_text(same + "قال\tO\nمحمد\tB-PER\n\n" + same + other, encoding="utf-8")
    options = {"sentences_per_doc": 1}
    serial = create_project_from_files(
        tmp_path / "serial.annotator", [data], annotator="tester", **options
    )
    out = _run(
        tmp_path, create=True, project=tmp_path / "forked.annotator", paths=[data], options=options
    )
    assert out["result"] == serial.as_dict()
    assert serial.warnings and serial.repeated == 2 and serial.duplicate_conflicts
    assert _dump(tmp_path / "forked.annotator") == _dump(tmp_path / "serial.annotator")


def test_huge_documents_travel_in_batches_of_bounded_size(tmp_path: Path) -> None:
    # three articles of 2.4 MiB each (8 MiB a batch at most) among small ones
    records = _records(20)
    for i in (3, 9, 15):
        text = (ARTICLE + "\n") * 12_000
        records[i] = {
            "id": f"big{i}",
            "text": text,
            "spans": [{"start": 6, "end": 11, "label": "ACTOR"}],
        }
    data = _write(tmp_path / "huge.jsonl", records)
    serial = create_project_from_files(tmp_path / "serial.annotator", [data], annotator="tester")
    log = tmp_path / "frames.log"
    out = _run(tmp_path, create=True, project=tmp_path / "forked.annotator", paths=[data],
               batch_bytes=1 << 20, frames_log=str(log))  # fmt: skip
    assert out["result"] == serial.as_dict()
    text_bytes = [int(n) for n in log.read_text().split()]
    # at the 1 MiB limit each huge text ends its batch: 4 batches, none with two huge texts
    assert len(text_bytes) == 4 and max(text_bytes) < 2 * len((ARTICLE + "\n").encode()) * 12_000
    assert _dump(tmp_path / "forked.annotator") == _dump(tmp_path / "serial.annotator")


def test_bad_record_mid_file_refuses_the_import_naming_its_line(tmp_path: Path) -> None:
    records = _records(200)
    data = _write(
        tmp_path / "bad.jsonl",
        records,
        bad={150: '{"text": "نص", "spans": [{"start": 0, "end": 9, "label": "EVENT"}]}'},
    )
    # a new project: nothing is left behind
    target = tmp_path / "new.annotator"
    out = _run(tmp_path, create=True, project=target, paths=[data])
    assert out["error"][0] == "InputError"
    assert f"{data}:151: span 1" in out["error"][1] and "outside the text" in out["error"][1]
    assert not target.exists() and not list(tmp_path.glob(".new.annotator*"))
    with pytest.raises(InputError) as serial_error:
        create_project_from_files(tmp_path / "serial.annotator", [data])
    assert out["error"][1] == str(serial_error.value)
    # an existing project: exactly as it was
    first = _write(tmp_path / "first.jsonl", records[:5])
    create_project_from_files(tmp_path / "p.annotator", [first], annotator="tester")
    before = _dump(tmp_path / "p.annotator")
    out = _run(tmp_path, project=tmp_path / "p.annotator", paths=[data])
    assert out["error"][0] == "InputError" and f"{data}:151:" in out["error"][1]
    assert _dump(tmp_path / "p.annotator") == before


def test_skip_invalid_lists_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    bad = {
        20: "{not json",
        60: '{"text": ""}',
        61: '{"text": "نص", "status": "finished"}',
        130: '{"text": "نص عربي", "spans": [{"start": 3, "end": 1, "label": "EVENT"}]}',
    }
    data = _write(tmp_path / "some-bad.jsonl", _records(160), bad=bad)
    serial = create_project_from_files(
        tmp_path / "serial.annotator", [data], skip_invalid=True, annotator="tester"
    )
    out = _run(
        tmp_path,
        create=True,
        project=tmp_path / "forked.annotator",
        paths=[data],
        options={"skip_invalid": True},
    )
    assert len(serial.skipped) == 4
    assert out["result"]["skipped"] == serial.skipped
    assert out["result"] == serial.as_dict()
    assert _dump(tmp_path / "forked.annotator") == _dump(tmp_path / "serial.annotator")


def test_a_reader_killed_mid_file_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    records = _records(200)
    create_project_from_files(
        tmp_path / "p.annotator", [_write(tmp_path / "a.jsonl", records[:3])], annotator="t"
    )
    before = _dump(tmp_path / "p.annotator")
    data = _write(tmp_path / "b.jsonl", records)
    out = _run(tmp_path, project=tmp_path / "p.annotator", paths=[data], kill_at=120)
    assert out["error"] == [
        "AnnotatorError",
        "the import's reader process stopped unexpectedly (killed by SIGKILL); "
        "nothing was imported",
    ]
    assert _dump(tmp_path / "p.annotator") == before


def test_a_project_that_cannot_be_created_stops_the_reader(tmp_path: Path) -> None:
    # the reader is forked before the project is created; creating it fails (its folder is a
    # file): the child is stopped and reaped, and the error is the one a serial import gives
    data = _write(tmp_path / "b.jsonl", _records(50))
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    target = tmp_path / "not-a-folder" / "p.annotator"
    out = _run(tmp_path, create=True, project=target, paths=[data])
    with pytest.raises(Exception) as serial_error:
        create_project_from_files(target, [data])
    assert out["error"] == [type(serial_error.value).__name__, str(serial_error.value)]


def test_cancel_stops_the_reader_and_writes_nothing(tmp_path: Path) -> None:
    data = _write(tmp_path / "b.jsonl", _records(400))
    target = tmp_path / "new.annotator"
    out = _run(tmp_path, create=True, project=target, paths=[data], cancel_after=2)
    assert out["error"][0] == "ImportCancelled"
    assert not target.exists()


def test_the_command_line_imports_a_large_file_as_a_serial_import_would(tmp_path: Path) -> None:
    records = _records(3000)  # over FORK_MIN_BYTES: the command line forks its reader
    data = _write(tmp_path / "big.jsonl", records)
    assert data.stat().st_size > 1 << 20
    proc = subprocess.run(
        [str(ANNOTATOR), "import", "-p", str(tmp_path / "cli.annotator"), str(data), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    serial = create_project_from_files(tmp_path / "serial.annotator", [data], annotator="x")
    assert json.loads(proc.stdout) == serial.as_dict()
    cli, ref = _dump(tmp_path / "cli.annotator"), _dump(tmp_path / "serial.annotator")
    # the stored annotator differs (the command line's default name): compare the rest
    assert cli["documents"] == ref["documents"]
    assert [r[:5] for r in cli["spans"]] == [r[:5] for r in ref["spans"]]


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert can_fork() is False  # as in the app, where Qt runs threads of its own
    finally:
        stop.set()
        thread.join()


def test_input_error_survives_pickling() -> None:
    import pickle

    err = InputError("/data/news.jsonl", 12, "span 3: reversed (start 9 > end 2)")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError and str(back) == str(err)
    assert (back.source, back.line, back.reason) == (err.source, err.line, err.reason)
