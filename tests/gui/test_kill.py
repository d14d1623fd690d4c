"""Nothing lost: a process killed with SIGKILL right after a hotkey keeps the span."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import db_spans, db_status

SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.gui import open_project_window, settings

    settings.use_settings_file(sys.argv[2])
    app = QApplication([])
    win = open_project_window(sys.argv[1])
    win.show()
    app.processEvents()
    view = win.view
    for doc_id in win.project.document_ids():
        if win.project.get_document(doc_id).external_id == "c":
            win.open_document(doc_id)
    start = view.text.index("الوزير")
    view.set_selection(start, start + len("الوزير"))
    QTest.keyClick(view, Qt.Key.Key_2)
    print("labeled", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_span_survives_sigkill_right_after_the_hotkey(qtbot, sample_path: Path, tmp_path: Path):
    script = tmp_path / "label_and_die.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(script), str(sample_path), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
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
