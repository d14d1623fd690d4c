"""A second connection to an open project in the same process (the GUI's worker threads, a
second window) must not cost the first its file locks: closing any descriptor of a file drops
all of the process's POSIX locks on it, and another process would then delete the WAL that the
open connection is still writing to."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.core.schema import is_project_file, open_in_this_process


def _other_process_reads(path: Path) -> int:
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print(c.execute('SELECT count(*) FROM spans').fetchone()[0]); c.close()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return int(out.stdout)


def test_second_open_in_the_process_keeps_the_wal_safe(tmp_path):
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        project.import_records([DocRecord(text="قال الرئيس إن واشنطن سترد")], source="t")
    main = Project.open(path)
    try:
        doc = main.document_ids()[0]
        main.add_span(doc, 0, 3, "EVENT")
        assert open_in_this_process(path)
        worker = Project.open(path)  # what a background task does
        worker.close()
        # another process opens and closes the project: it must see that we still use it
        assert _other_process_reads(path) == 1
        assert path.with_name(path.name + "-wal").exists()
        main.add_span(doc, 4, 10, "ACTOR")
        assert _other_process_reads(path) == 2  # the commit landed in the live WAL
    finally:
        main.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 2
    conn.close()


def test_a_file_not_open_here_is_checked_from_its_header(tmp_path):
    other = tmp_path / "notes.annotator"
    other.write_bytes(b"not a database at all" * 10)
    assert not open_in_this_process(other)
    import pytest

    from annotator.core.errors import NotAProjectError

    with pytest.raises(NotAProjectError, match="not an SQLite database"):
        Project.open(other)


def test_the_app_asks_about_an_open_project_without_reading_it(tmp_path):
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        project.import_records([DocRecord(text="قال الرئيس")], source="t")
    main = Project.open(path)
    try:
        doc = main.document_ids()[0]
        main.add_span(doc, 0, 3, "EVENT")
        assert is_project_file(path)  # the welcome screen's recent list asks this
        assert _other_process_reads(path) == 1
        main.add_span(doc, 4, 10, "ACTOR")
        assert _other_process_reads(path) == 2
    finally:
        main.close()


def test_is_project_file_without_qt(tmp_path):
    """Core answers "is this a project?" (the CLI and the welcome screen ask it) by the header's
    magic bytes only, without Qt."""
    code = (
        "import sys; from pathlib import Path; "
        "from annotator.core.schema import is_project_file; "
        "print([is_project_file(Path(a)) for a in sys.argv[1:]]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules)"
    )
    project = tmp_path / "p.annotator"
    Project.create(project).close()
    text = tmp_path / "notes.txt"
    text.write_text("نص", encoding="utf-8")
    paths = [project, text, tmp_path / "missing.annotator", tmp_path]
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)], check=True, capture_output=True, text=True
    )
    assert out.stdout.strip() == "[True, False, False, False]"
