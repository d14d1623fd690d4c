"""Qt test setup: offscreen platform (set before any Qt import), isolated settings, projects."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import DocRecord
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_7eddefe59b9ed5ed.txt"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> Iterator[None]:
    from annotator.gui import settings

    settings.use_settings_file(tmp_path / "settings.ini")
    # a stored name: the first-run prompt never appears in a test
    settings.set_annotator_name("tester")
    yield
    settings.use_settings_file(None)


def show_window(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """Show and activate ``win``: window shortcuts (Ctrl+Z, Ctrl+F) only reach an active window."""
    from PySide6.QtWidgets import QApplication

    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def make_project(path: Path, records: list[DocRecord]) -> Path:
    with Project.create(path, annotator="tester") as project:
        project.import_records(records, source="test")
    return path


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A project holding the sample article, two short ones and one with CRLF and an emoji."""
    seed = SEED.read_text(encoding="utf-8")
    records = [
        DocRecord(text=seed, external_id="seed", title="ثالث هجوم خلال أسبوع"),
        DocRecord(text="قال الرئيس إن واشنطن سترد.\nوأضاف أن الهجوم فشل.", external_id="b"),
        DocRecord(text="زار الوزير لواشنطن أمس.", external_id="c"),
        # CRLF line ends and an emoji before the span: cleaning happens in import_records
        DocRecord(text="عنوان 😀 الخبر\r\nوصل الرئيس إلى بغداد 😀 صباحا.\r\n", external_id="d"),
    ]
    return make_project(tmp_path / "sample.annotator", records)


@pytest.fixture
def window(qtbot, sample_path: Path):  # type: ignore[no-untyped-def]
    from annotator.gui import open_project_window

    win = open_project_window(sample_path)
    show_window(qtbot, win)
    yield win
    win.close()


def db_spans(path: Path, doc_external_id: str | None = None) -> list[tuple[int, int, str, str]]:
    """Spans read straight from the database file with sqlite3 (not through the app)."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        sql = (
            'SELECT s.start, s."end", s.label, s.text FROM spans s '
            "JOIN documents d ON d.id = s.document_id"
        )
        args: tuple = ()
        if doc_external_id is not None:
            sql += " WHERE d.external_id = ?"
            args = (doc_external_id,)
        return [tuple(r) for r in conn.execute(sql + ' ORDER BY s.start, s."end"', args)]
    finally:
        conn.close()


def db_status(path: Path, doc_external_id: str) -> str:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(
            "SELECT status FROM documents WHERE external_id = ?", (doc_external_id,)
        ).fetchone()[0]
    finally:
        conn.close()
