"""Nothing lost: a process killed with SIGKILL right after a hotkey keeps the span."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from helpers import db_spans, db_status
from helpers.kill import kill_script, run_killed

SCRIPT = kill_script(
    "c",
    """
    start = view.text.index("الوزير")
    view.set_selection(start, start + len("الوزير"))
    QTest.keyClick(view, Qt.Key.Key_2)
    print("labeled", flush=True)
    """,
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_span_survives_sigkill_right_after_the_hotkey(qtbot, sample_path: Path, tmp_path: Path):
    proc = run_killed(SCRIPT, sample_path, tmp_path, "label_and_die.py")
    assert "labeled" in proc.stdout
    # reopened by another process (sqlite3 on the file), then by the app's own Project
    assert db_spans(sample_path, "c") == [(4, 10, "ACTOR", "الوزير")]
    assert db_status(sample_path, "c") == "in_progress"
    from annotator.core.project import Project

    with Project.open(sample_path) as project:
        doc_id = project.document_ids()[2]
        [span] = project.spans(doc_id)
        assert (span.start, span.end, span.label) == (4, 10, "ACTOR")

    # and the app shows it again
    from helpers.qt import open_doc, show_window

    from annotator.gui import open_project_window

    win = open_project_window(sample_path)
    show_window(qtbot, win)
    open_doc(win, "c")
    assert [s.text for s in win.view.spans().values()] == ["الوزير"]
    win.close()
