"""Guard against PySide6 builds that corrupt None's refcount (6.12.0 on Python 3.11).

Such a build passes every test and then aborts at interpreter exit (exit code 134, "Fatal Python
error: none_dealloc"). Catch it here with a clear message instead.
"""

from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_do_not_drop_nones_refcount() -> None:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication([])
    assert app is not None
    doc = QTextDocument()
    doc.setPlainText("نص للاختبار " * 10)
    cursor = QTextCursor(doc)
    before = sys.getrefcount(None)
    for i in range(100):
        cursor.setPosition(i % 50)
    after = sys.getrefcount(None)
    # a broken build loses one reference per call (-100); allow a few for a garbage collection
    assert after >= before - 5, (
        f"PySide6 {pyside_version} on Python {sys.version.split()[0]} lowers None's refcount "
        f"({before} -> {after} over 100 calls): the interpreter will abort at exit. "
        "Use another PySide6 version (see pyproject.toml)."
    )
