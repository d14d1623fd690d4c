"""Operations, the GUI's one door to core writes: refusals become one message, never a raise."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import db_spans, db_status
from helpers.qt import key, open_doc, show_window
from PySide6.QtCore import Qt

from annotator.core.project import Project
from annotator.gui import open_project_window
from annotator.gui.operations import GUI_BUSY_TIMEOUT_MS, Operations

K = Qt.Key
M = Qt.KeyboardModifier


def test_done_and_next_while_another_process_imports_says_busy(qtbot, sample_path: Path):
    win = open_project_window(sample_path)
    show_window(qtbot, win)
    assert win.project.busy_timeout_ms == GUI_BUSY_TIMEOUT_MS
    doc = open_doc(win, "b")
    other = sqlite3.connect(sample_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # what an import in another process holds
    try:
        key(win.view, K.Key_Return, M.ControlModifier)
        # the window says why and stays on the document; nothing was written
        assert "busy" in win.statusBar().currentMessage()
        assert win.current_id == doc
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db_status(sample_path, "b") == "new"
    # usable at once: the same key now works
    key(win.view, K.Key_Return, M.ControlModifier)
    assert db_status(sample_path, "b") == "done" and win.current_id != doc
    win.close()


def test_a_refused_span_is_a_status_bar_message(qtbot, sample_path: Path):
    win = open_project_window(sample_path)
    show_window(qtbot, win)
    open_doc(win, "c")
    for _ in range(2):
        win.view.set_selection(0, 3)
        key(win.view, K.Key_1)
    assert "already exists" in win.statusBar().currentMessage()
    assert db_spans(sample_path, "c") == [(0, 3, "EVENT", "زار")]
    win.close()


def test_run_returns_none_and_emits_failed_instead_of_raising(qtbot, sample_path: Path):
    project = Project.open(sample_path)
    ops = Operations(project)
    messages: list[str] = []
    ops.failed.connect(messages.append)
    doc = project.document_ids()[0]
    assert ops.add_span(doc, 5, 2, "EVENT") is None
    assert messages and "reversed span" in messages[0]
    # on_error takes the message instead of the signal
    mine: list[str] = []
    assert ops.add_label("EVENT", on_error=mine.append) is None
    assert mine and "already exists" in mine[0] and len(messages) == 1
    # a write that works emits its ChangeSet with a description
    seen = []
    ops.changed.connect(seen.append)
    cs = ops.add_span(doc, 0, 2, "EVENT")
    assert seen == [cs] and cs.description.startswith("add ")
    undone = ops.undo()
    assert undone.kind == "undo" and seen[-1] is undone
    project.close()


def test_a_change_across_documents_reaches_every_view(qtbot, sample_path: Path):
    win = open_project_window(sample_path)
    show_window(qtbot, win)
    b = open_doc(win, "b")
    c = win.project.document_ids()[2]
    project = win.project

    def label_both() -> object:
        with project.transaction():
            project.add_span(b, 0, 3, "EVENT")
            project.add_span(c, 0, 3, "ACTOR")
        return project.history.next_undo().summary  # type: ignore[union-attr]

    cs = win.ops.run(label_both)  # type: ignore[arg-type]
    assert cs.document_id is None and cs.documents() == {b, c}
    # the open document shows its span; both rows count theirs
    assert [s.label for s in win.view.spans().values()] == ["EVENT"]
    assert win.span_model.rowCount() == 1
    rows = {win.doc_model.summary(r).id: win.doc_model.summary(r) for r in range(4)}
    assert rows[b].span_count == 1 and rows[c].span_count == 1
    key(win.view, K.Key_Z, M.ControlModifier)  # one undo step takes both away
    assert "Undone: 2 change" in win.statusBar().currentMessage()
    assert win.view.spans() == {} and win.span_model.rowCount() == 0
    rows = {win.doc_model.summary(r).id: win.doc_model.summary(r) for r in range(4)}
    assert rows[b].span_count == 0 and rows[c].span_count == 0
    assert db_spans(sample_path, "b") == db_spans(sample_path, "c") == []
    win.close()
