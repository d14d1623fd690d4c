"""The `annotator` command: contract, exit codes, one-line errors, --json, shaping."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest

from annotator import __version__
from annotator.cli import main
from annotator.cli_common import shape_for_terminal

ANNOTATOR = Path(sys.executable).with_name("annotator")


def jl(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    f = tmp_path / "news.jsonl"
    f.write_text(
        jl(
            {
                "id": "n1",
                "title": "هجوم على قاعدة التاجي",
                "text": "هجوم صاروخي على قاعدة التاجي",
                "status": "done",
                "spans": [{"start": 0, "end": 11, "label": "EVENT", "annotator": "omar"}],
            },
            {
                "id": "n2",
                "text": "قال المتحدث",
                "spans": [{"start": 4, "end": 11, "label": "ACTOR"}],
            },
            {"id": "n3", "text": "خبر ثالث"},
        ),
        encoding="utf-8",
    )
    return f


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(ANNOTATOR), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, contains: str) -> None:
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("annotator: error: ")
    assert contains in lines[0]
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- subprocess: the real script
def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"annotator {__version__}"


def test_import_export_stats_roundtrip(tmp_path: Path, corpus: Path) -> None:
    project = tmp_path / "p.annotator"
    proc = run("import", "--project", str(project), str(corpus))
    assert proc.returncode == 0, proc.stderr
    assert "imported 3 documents with 2 spans from 1 file" in proc.stdout
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal

    proc = run("stats", "--project", str(project), "--json")
    assert proc.returncode == 0
    stats = json.loads(proc.stdout)
    assert stats["documents"] == 3 and isinstance(stats["documents"], int)
    assert stats["by_status"] == {"new": 1, "in_progress": 1, "done": 1, "skipped": 0}
    assert stats["by_label"]["EVENT"] == 1 and stats["by_label"]["ACTOR"] == 1
    assert sorted(stats["by_annotator"].items())[0] == ("omar", 1)

    out = tmp_path / "done.jsonl"
    proc = run(
        "export",
        "--project",
        str(project),
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--status",
        "done",
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["n1"]

    split = tmp_path / "split"
    proc = run(
        "export",
        "--project",
        str(project),
        "--format",
        "jsonl",
        "--output",
        str(split),
        "--split",
        "0.8,0.1,0.1",
        "--seed",
        "4",
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in split.iterdir()) == [
        "README.md",  # the dataset card
        "dataset_info.json",
        "dev.jsonl",
        "test.jsonl",
        "train.jsonl",
    ]
    assert "train:" in proc.stdout


def test_user_errors_are_one_line(tmp_path: Path, corpus: Path) -> None:
    project = tmp_path / "p.annotator"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"text": 3}\n', encoding="utf-8")
    assert_one_line_error(
        run("import", "--project", str(project), str(bad)),
        f'{bad}:2: "text" must be a string, not int',
    )
    # A refused import into a new project leaves no project file behind.
    assert not project.exists()
    assert not list(tmp_path.glob("p.annotator*"))
    good = run("import", "--project", str(project), str(corpus))
    assert good.returncode == 0
    before = project.read_bytes()
    assert_one_line_error(run("import", "--project", str(project), str(bad)), f"{bad}:2:")
    assert project.exists() and project.read_bytes() == before

    missing = tmp_path / "missing.annotator"
    assert_one_line_error(
        run("stats", "--project", str(missing)), f"{missing}: no such project file"
    )
    assert not missing.exists()
    assert_one_line_error(run("import", "--project", str(project)), "PATH")
    assert_one_line_error(run("frobnicate", "x"), "unknown command 'frobnicate'")
    assert_one_line_error(
        run(
            "export",
            "--project",
            str(project),
            "--output",
            str(tmp_path / "x.jsonl"),
            "--split",
            "0.5",
        ),
        "--split '0.5'",
    )
    not_project = tmp_path / "notes.txt"
    not_project.write_bytes(b"hello, not a database\n" * 20)
    assert_one_line_error(run("stats", "--project", str(not_project)), str(not_project))
    assert not_project.read_bytes() == b"hello, not a database\n" * 20


def test_default_project_in_user_data_dir(tmp_path: Path, corpus: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    proc = run("import", str(corpus), env=env)
    assert proc.returncode == 0, proc.stderr
    proc = run("stats", "--json", env=env)
    assert json.loads(proc.stdout)["documents"] == 3
    assert (tmp_path / "data" / "annotator" / "default.annotator").is_file()


def test_commands_never_import_qt(tmp_path: Path, corpus: Path) -> None:
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        f"assert main(['import', '--project', {str(tmp_path / 'p.annotator')!r}, "
        f"{str(corpus)!r}]) == 0\n"
        f"assert main(['stats', '--project', {str(tmp_path / 'p.annotator')!r}]) == 0\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'annotator.gui'))]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# ---------------------------------------------------------------- main(argv) in process
@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Path:
    path = tmp_path / "p.annotator"
    assert main(["import", "--project", str(path), str(corpus)]) == 0
    return path


def test_main_import_report(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "q.annotator"
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        jl({"text": "نص", "spans": [{"start": 0, "end": 2, "label": "WEAPON"}]}) + "{oops\n",
        encoding="utf-8",
    )
    assert main(["import", "-p", str(path), "--skip-invalid", str(corpus), str(extra)]) == 0
    out = capsys.readouterr().out
    assert "imported 4 documents with 3 spans from 2 files" in out
    assert "new labels added: WEAPON" in out
    assert "skipped 1 invalid record:" in out
    assert f"  {extra}:2: bad JSON" in out
    assert main(["import", "-p", str(path), "--json", str(corpus)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["duplicates"]) == (0, 3)


def test_main_errors(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("body,date\nنص,2020\n", encoding="utf-8")
    assert main(["import", "-p", str(project), str(csv)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"annotator: error: {csv}: no column called 'text'; choose the text's column with "
        "--text-column (columns: 'body', 'date')\n"
    )
    assert main(["import", "-p", str(project), "--text-column", "text", str(csv)]) == 1
    assert "no column 'text' for --text-column (columns: 'body', 'date')" in capsys.readouterr().err
    assert main(["import", "-p", str(project), "--format", "nope", str(csv)]) == 1
    assert "invalid choice: 'nope'" in capsys.readouterr().err
    assert main(["export", "-p", str(project), "-o", str(tmp_path / "x"), "--label", "X"]) == 1
    assert "unknown label 'X'" in capsys.readouterr().err
    assert main(["export", "-p", str(project), "-o", str(tmp_path / "no" / "x.jsonl")]) == 1
    assert "no such folder" in capsys.readouterr().err
    # a command's usage error names the command, not the main parser's two-line usage
    assert main(["export", "-p", str(project)]) == 1
    assert capsys.readouterr().err == (
        "annotator: error: annotator export: the following arguments are required: "
        "--output/-o (see annotator export --help)\n"
    )


def test_main_csv_import(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("id\ttitle\tbody\nx1\tعنوان\tنص المقال\n", encoding="utf-8")
    argv = [
        "import",
        "-p",
        str(project),
        "--text-column",
        "body",
        "--title-column",
        "title",
        "--id-column",
        "id",
        "--json",
        str(tsv),
    ]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1


def test_main_export_to_stdout(project: Path, capsys: pytest.CaptureFixture) -> None:
    capsys.readouterr()
    assert main(["export", "-p", str(project), "-o", "-", "--label", "EVENT"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(x) for x in captured.out.splitlines()]
    assert [r["id"] for r in rows] == ["n1", "n2", "n3"]
    assert [len(r["spans"]) for r in rows] == [1, 0, 0]
    assert "exported 3 documents" in captured.err


def test_main_stats_text(project: Path, capsys: pytest.CaptureFixture) -> None:
    capsys.readouterr()
    assert main(["stats", "-p", str(project)]) == 0
    out = capsys.readouterr().out
    assert "documents: 3" in out
    assert "  done" in out
    assert "EVENT" in out and "حدث" in out  # logical order: not shaped, not reversed


def test_main_labels_and_list(project: Path, capsys: pytest.CaptureFixture) -> None:
    capsys.readouterr()
    assert main(["labels", "-p", str(project), "--shape"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:2] == ["1", "EVENT"]
    # --shape is ignored when stdout is not a terminal: plain logical text.
    assert out[0].endswith("حدث")
    assert main(["list", "-p", str(project), "--status", "done"]) == 0
    out = capsys.readouterr().out
    assert "هجوم على قاعدة التاجي" in out and "n2" not in out
    assert main(["list", "-p", str(project), "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["external_id"] for r in rows] == ["n1", "n2", "n3"]


def test_open_app_dispatch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    calls: list[tuple[str | None, bool]] = []
    fake = types.ModuleType("annotator.gui.app")
    fake.run = lambda path, sample=False: calls.append((path, sample)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "annotator.gui.app", fake)
    assert main([]) == 0
    assert main([str(tmp_path / "x.annotator")]) == 0
    assert main(["--sample"]) == 0
    assert calls == [(None, False), (str(tmp_path / "x.annotator"), False), (None, True)]


def test_open_app_missing_gui(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setitem(sys.modules, "annotator.gui.app", None)  # import raises ImportError
    assert main(["some.annotator"]) == 1
    assert "desktop app is not part of this build" in capsys.readouterr().err


def test_help_lists_commands(capsys: pytest.CaptureFixture) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for cmd in ("import", "export", "stats", "labels", "list"):
        assert cmd in out


# ---------------------------------------------------------------- shaping on a terminal
def read_pty(master: int) -> bytes:
    """Everything written to a pseudo-terminal until the child closes it."""
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def run_on_tty(args: list[str], env: dict[str, str]) -> str:
    """Run the command with stdout on a pseudo-terminal; return what it printed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(ANNOTATOR), *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )
    os.close(slave)
    data = read_pty(master)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    return data.decode("utf-8").replace("\r\n", "\n")


def test_shaping_only_when_asked_on_a_terminal(project: Path) -> None:
    shaped = shape_for_terminal("فاعل")
    assert shaped != "فاعل" and all("\ufe70" <= ch <= "\ufeff" for ch in shaped)
    plain = run_on_tty(["labels", "-p", str(project)], {"ANNOTATOR_SHAPE": "0"})
    assert "فاعل" in plain and shaped not in plain
    asked = run_on_tty(["labels", "-p", str(project), "--shape"], {"ANNOTATOR_SHAPE": "0"})
    assert shaped in asked and "فاعل" not in asked
    by_env = run_on_tty(["list", "-p", str(project)], {"ANNOTATOR_SHAPE": "1"})
    assert shape_for_terminal("هجوم على قاعدة التاجي") in by_env
    # Piped output stays logical even when asked.
    piped = run("labels", "-p", str(project), "--shape", env={"ANNOTATOR_SHAPE": "1"})
    assert "فاعل" in piped.stdout


def test_progress_only_on_a_terminal(tmp_path: Path, corpus: Path) -> None:
    """A progress line goes to stderr when it is a terminal, and never into piped output."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(ANNOTATOR), "import", "-p", str(tmp_path / "p.annotator"), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    data = read_pty(master)
    out, _ = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    err = data.decode("utf-8")
    assert "\rimporting: 3 documents" in err
    assert b"importing:" not in out


def test_export_several_labels_and_statuses(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    argv = ["export", "-p", str(project), "-o", str(out), "--label", "EVENT", "ACTOR"]
    assert main([*argv, "--status", "done", "in_progress"]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], len(r["spans"])) for r in rows] == [("n1", 1), ("n2", 1)]
    again = [*argv[:-1], "--label", "ACTOR", "--status", "done", "--status", "new", "--force"]
    assert main(again) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], [s["label"] for s in r["spans"]]) for r in rows] == [
        ("n1", ["EVENT"]),
        ("n3", []),
    ]


def test_mistyped_command_is_not_a_project(tmp_path: Path) -> None:
    """`annotator stat` is a typo, not a project to open: one line, exit 1, no window."""
    proc = run("stat", cwd=tmp_path)
    assert_one_line_error(proc, "unknown command 'stat' (commands: import, export, stats")
    assert list(tmp_path.iterdir()) == []


def test_app_without_display_is_one_line(tmp_path: Path) -> None:
    env = {k: "" for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = run(str(tmp_path / "x.annotator"), env=env)
    assert_one_line_error(proc, "no graphical session")


# ---------------------------------------------------------------- the contract, input by input
def _binary(path: Path) -> None:
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))


@pytest.mark.parametrize(
    ("name", "make", "args", "message"),
    [
        ("missing.txt", None, [], "{f}: no such file or folder"),
        ("binary.txt", _binary, [], "{f}:1: not a text file (contains NUL bytes)"),
        (
            "latin1.txt",
            lambda f: f.write_bytes("سطر\n".encode() + b"na\xefve\n"),  # Latin-1 "naïve"
            [],
            "{f}:2: invalid UTF-8 (byte 0xEF at column 3)",
        ),
        (
            "bad.jsonl",
            lambda f: f.write_text('{"text": "نص"}\n{"text": "x",}\n', encoding="utf-8"),
            [],
            "{f}:2: bad JSON: Expecting property name enclosed in double quotes",
        ),
        (
            "mismatch.jsonl",
            lambda f: f.write_text(
                jl({"text": "هجوم على بغداد", "spans": [{"start": 0, "end": 4, "label": "EVENT",
                                                          "text": "بغداد"}]}),
                encoding="utf-8",
            ),
            [],
            "{f}:1: span 1: text 'بغداد' does not match the text at 0-4 ('هجوم')",
        ),
        (
            "no_text.csv",
            lambda f: f.write_text("body,date\nنص,2020\n", encoding="utf-8"),
            ["--text-column", "text"],
            "{f}:1: no column 'text' for --text-column (columns: 'body', 'date')",
        ),
    ],
)  # fmt: skip
def test_refused_input_is_one_line_and_leaves_the_project(
    tmp_path: Path, corpus: Path, name: str, make, args: list[str], message: str
) -> None:
    project = tmp_path / "p.annotator"
    assert run("import", "-p", str(project), str(corpus)).returncode == 0
    before = project.read_bytes()
    f = tmp_path / name
    if make is not None:
        make(f)
    proc = run("import", "-p", str(project), *args, str(f))
    assert_one_line_error(proc, message.format(f=f))
    assert project.read_bytes() == before
    # and into a new project: none is left behind
    fresh = tmp_path / "fresh.annotator"
    assert_one_line_error(run("import", "-p", str(fresh), *args, str(f)), str(f))
    assert not list(tmp_path.glob("fresh.annotator*"))


def run_without_write_permission(*args: str) -> subprocess.CompletedProcess:
    """``run`` as a user whom file modes bind: root ignores them unless it drops the
    capabilities that override them (setpriv, util-linux)."""
    prefix = []
    if os.geteuid() == 0:
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
    return subprocess.run(
        [*prefix, str(ANNOTATOR), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture
def read_only_folder(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["-o", "{ro}/out.jsonl"], "{ro}/out.jsonl"),
        (["-o", "{ro}/out.conll", "-f", "conll"], "{ro}/out.conll"),
        (["-o", "{ro}/collection", "-f", "brat"], "{ro}/collection"),
        (["-o", "{ro}", "--split", "0.5,0.5"], "{ro}/train.jsonl"),
        (["-o", "{ro}/sub", "--split", "0.5,0.5"], "{ro}/sub"),
    ],
)
def test_export_to_a_folder_that_cannot_be_written(
    project: Path, read_only_folder: Path, args: list[str], named: str
) -> None:
    ro = str(read_only_folder)
    proc = run_without_write_permission(
        "export", "-p", str(project), *[a.format(ro=ro) for a in args]
    )
    assert_one_line_error(proc, f"{named.format(ro=ro)}: cannot write: Permission denied")
    assert list(read_only_folder.iterdir()) == []


def test_read_only_project_and_folder(
    project: Path, corpus: Path, read_only_folder: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("خبر جديد", encoding="utf-8")
    project.chmod(0o444)
    before = project.read_bytes()
    proc = run_without_write_permission("import", "-p", str(project), str(extra))
    assert_one_line_error(proc, f"{project}: the project file is read-only; nothing was changed")
    assert project.read_bytes() == before
    # reading a read-only project still works
    proc = run_without_write_permission("stats", "-p", str(project), "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["documents"] == 3
    new = read_only_folder / "new.annotator"
    proc = run_without_write_permission("import", "-p", str(new), str(corpus))
    assert_one_line_error(proc, f"{new}: cannot create the project here")
    assert list(read_only_folder.iterdir()) == []


def test_locked_project_is_one_line(
    project: Path, corpus: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.core.project import Project

    monkeypatch.setattr(Project, "BUSY_TIMEOUT_MS", 50)
    before = project.read_bytes()
    other = sqlite3.connect(project, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        extra = corpus.with_name("extra.txt")
        extra.write_text("خبر جديد", encoding="utf-8")
        assert main(["import", "-p", str(project), str(extra)]) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert err == (
        f"annotator: error: {project}: another window or process is writing to this project; "
        "nothing was changed, try again when it has finished\n"
    )
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("brat", "the brat format writes a folder: give its name with --output"),
        ("spacy", "the spacy format is binary: give a file name with --output"),
    ],
)
def test_folder_and_binary_formats_refuse_stdout(
    project: Path, tmp_path: Path, fmt: str, message: str
) -> None:
    proc = run("export", "-p", str(project), "-f", fmt, "-o", "-", cwd=tmp_path)
    assert_one_line_error(proc, message)
    assert proc.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p.annotator")) == [
        "news.jsonl"
    ]


def test_stats_json_documents_is_an_integer(project: Path) -> None:
    proc = run("stats", "-p", str(project), "--json")
    assert proc.returncode == 0
    documents = json.loads(proc.stdout)["documents"]
    assert type(documents) is int and documents == 3
