"""Document > Pre-annotate, retraining after N documents done, and "next undone" by the model's
uncertainty, in the real main window (issue 12). Results read back with sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import make_project
from helpers.ner_corpus import make_corpus
from helpers.qt import key, show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import DocRecord, SpanRecord
from annotator.gui import open_project_window, settings
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier
DONE = 40


@pytest.fixture
def corpus_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """60 synthetic news documents: the first 40 labeled and done, the rest new."""
    records = []
    for i, (text, spans) in enumerate(make_corpus(60, seed=5)):
        done = i < DONE
        records.append(
            DocRecord(
                text=text,
                external_id=f"d{i}",
                title=f"d{i}",
                status="done" if done else None,
                spans=[SpanRecord(s, e, lab) for s, e, lab in spans] if done else [],
            )
        )
    path = make_project(tmp_path / "corpus.annotator", records)
    win = open_project_window(path)
    show_window(qtbot, win)
    yield win, path
    win.close()


def _db(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _pre_annotate(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    win.suggestions.pre_annotate_action.trigger()
    qtbot.waitUntil(lambda: win.suggestions.pre_annotate_task is not None, timeout=5000)
    qtbot.waitUntil(lambda: not win.suggestions.busy(), timeout=60000)
    # the progress dialog took the activation: window shortcuts need it back
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def test_pre_annotate_trains_then_suggests_on_undone_documents(qtbot, corpus_window):
    win, path = corpus_window
    assert win.current_id is not None
    _pre_annotate(qtbot, win)
    [(trained_on,)] = _db(path, "SELECT trained_on FROM models")
    assert trained_on == DONE
    rows = _db(
        path,
        "SELECT d.status, count(*) FROM suggestions s JOIN documents d ON d.id = s.document_id "
        "WHERE s.source = 'model' GROUP BY d.status",
    )
    assert dict(rows).keys() == {"new"}  # only undone documents get model suggestions
    assert dict(rows)["new"] >= 20
    # the open document (the first undone) shows its model suggestions as outlines
    pending = _db(
        path,
        f"SELECT count(*) FROM suggestions WHERE document_id = {win.current_id} "
        "AND status = 'pending'",
    )[0][0]
    assert pending and len(win.suggestions.overlay) == pending
    assert "model" in {s.source for s in win.suggestions.overlay.items()}


def test_the_window_stays_usable_while_training(qtbot, corpus_window):
    win, path = corpus_window
    win.suggestions.pre_annotate_action.trigger()
    qtbot.waitUntil(lambda: win.suggestions.pre_annotate_task is not None, timeout=5000)
    # label while the model trains: the span is committed at once
    view = win.view
    view.set_selection(0, 3)
    key(view, K.Key_1)
    doc = win.current_id
    assert _db(path, f"SELECT count(*) FROM spans WHERE document_id = {doc}")[0][0] == 1
    qtbot.waitUntil(lambda: not win.suggestions.busy(), timeout=60000)
    assert _db(path, "SELECT count(*) FROM models")[0][0] == 1


def test_cancel_pre_annotation_stores_no_model(qtbot, corpus_window):
    win, path = corpus_window
    win.suggestions.pre_annotate_action.trigger()
    qtbot.waitUntil(lambda: win.suggestions.pre_annotate_task is not None, timeout=5000)
    win.suggestions.pre_annotate_task.cancel()
    qtbot.waitUntil(lambda: not win.suggestions.busy(), timeout=60000)
    # cancelled during training (nothing stored) or just after it (the model is complete):
    # never a half-written model, and the window goes on
    assert _db(path, "SELECT count(*) FROM models")[0][0] in (0, 1)
    assert win.isVisible()


def test_retrains_after_n_more_documents_done(qtbot, corpus_window):
    win, path = corpus_window
    settings.set_retrain_every(2)
    _pre_annotate(qtbot, win)
    assert _db(path, "SELECT trained_on FROM models") == [(DONE,)]
    key(win.view, K.Key_Return, M.ControlModifier)  # done, next undone
    assert _db(path, "SELECT trained_on FROM models") == [(DONE,)]  # one more is not enough
    key(win.view, K.Key_Return, M.ControlModifier)
    qtbot.waitUntil(lambda: not win.suggestions.busy(), timeout=60000)
    assert _db(path, "SELECT trained_on FROM models") == [(DONE + 2,)]


def test_next_undone_by_uncertainty(qtbot, corpus_window):
    win, path = corpus_window
    _pre_annotate(qtbot, win)
    first = win.current_id
    settings.set_uncertainty_order(True)
    expected = win.project.next_undone("uncertainty", exclude=lambda d: d == first)
    key(win.view, K.Key_Return, M.ControlModifier)
    assert win.current_id == expected
    values = dict(_db(path, "SELECT document_id, value FROM uncertainty"))
    undone = [d for (d,) in _db(path, "SELECT id FROM documents WHERE status = 'new'")]
    assert values[expected] == max(values[d] for d in undone if d in values)
    # off: the next one in the list again
    settings.set_uncertainty_order(False)
    here = win.current_id
    key(win.view, K.Key_Return, M.ControlModifier)
    assert win.current_id == win.project.next_document_id(here, 1, ("new", "in_progress"))
    QApplication.processEvents()


def test_preferences_store_the_suggestion_settings(qtbot, corpus_window):
    from annotator.gui.preferences import PreferencesDialog

    win, _path = corpus_window
    dialog = PreferencesDialog("tester", 0, win)
    assert dialog.propagate.isChecked() and not dialog.uncertainty.isChecked()
    assert dialog.retrain.value() == settings.DEFAULT_RETRAIN_EVERY
    dialog.propagate.setChecked(False)
    dialog.uncertainty.setChecked(True)
    dialog.retrain.setValue(0)
    dialog.store()
    assert not settings.propagation_enabled()
    assert settings.uncertainty_order()
    assert settings.retrain_every() == 0
    win.view_menu.aboutToShow.emit()
    assert not win.suggestions.propagate_action.isChecked()
