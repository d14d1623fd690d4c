"""A child process that opens a project window, does something and kills itself with SIGKILL:
what it wrote must be in the file anyway (tests/gui/test_kill.py, test_suggestions_gui.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

# argv[1] is the project, argv[2] the settings file; DOC the external id of the document to open.
# Guarded by __main__: a suggestion helper process is spawned and imports the main module.
_OPEN = """
if __name__ == "__main__":
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
        if win.project.get_document(doc_id).external_id == DOC:
            win.open_document(doc_id)
"""


def kill_script(doc_external_id: str, body: str) -> str:
    """The child's script: open the window on a document, run ``body`` (code at the left margin,
    with ``app``, ``win`` and ``view`` in hand), then SIGKILL itself."""
    tail = textwrap.dedent(body).strip() + "\nos.kill(os.getpid(), signal.SIGKILL)\n"
    return _OPEN.replace("DOC", repr(doc_external_id)) + textwrap.indent(tail, "    ")


def run_killed(
    script: str, project: Path, tmp_path: Path, name: str
) -> subprocess.CompletedProcess:
    """Run ``script`` in a new Python on ``project`` and check SIGKILL ended it."""
    path = tmp_path / name
    path.write_text(script, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(path), str(project), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    return proc
