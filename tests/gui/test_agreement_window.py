"""Tools > Agreement…: pick two annotators, see their heatmap and the documents sorted by
disagreement; a click or Enter opens the document in the main window. English and Arabic.
The figures are computed in a worker thread: the tests wait for them."""

from __future__ import annotations

import os
import threading

import pytest
from helpers import add_doc
from helpers.qt import show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.project import Project
from annotator.gui import agreement_task, i18n
from annotator.gui.main_window import open_main_window

TEXTS = [
    ("قال المتحدث باسم الجيش إن القوات دخلت مدينة حلب صباح الأحد", "حلب"),
    ("اجتمع الوزير مع السفير الأمريكي في بيروت لبحث الهدنة", "بيروت"),
    ("أعلنت الحكومة في دمشق عن اتفاق مع المعارضة في إدلب", "دمشق"),
]
# per annotator, per document: (word, label)
WORK = {
    "amal": [
        [("المتحدث", "ACTOR"), ("حلب", "PLACE")],
        [("الوزير", "ACTOR")],
        [("الحكومة", "ACTOR"), ("دمشق", "PLACE"), ("إدلب", "PLACE")],
    ],
    "badr": [
        [("المتحدث باسم", "ACTOR"), ("مدينة حلب", "PLACE")],
        [("الوزي", "ACTOR")],
        [("الحكومة في", "ACTOR"), ("دمشق عن", "ACTOR"), ("المعارضة", "ACTOR"), ("اتفاق", "EVENT")],
    ],
    "chadi": [[("القوات", "ACTOR")], [("السفير", "ACTOR")], [("اتفاق مع", "EVENT")]],
}


@pytest.fixture
def team_path(tmp_path):
    path = tmp_path / "team.annotator"
    with Project.create(path, annotator="amal") as p:
        docs = [add_doc(p, text, title=title) for text, title in TEXTS]
        for who, per_doc in WORK.items():
            p.set_annotator(who)
            for doc, items in zip(docs, per_doc, strict=True):
                text = p.get_document(doc).text
                for word, label in items:
                    start = text.index(word)
                    p.add_span(doc, start, start + len(word), label)
            for doc in docs:  # "done" is each annotator's own
                p.set_status(doc, "done")
    return path


@pytest.fixture
def team_window(qtbot, team_path):
    i18n.language_manager().apply(i18n.ENGLISH)  # the English plural forms
    # amal at this laptop: her status edits change what she finished
    win = open_main_window(team_path, "amal")
    show_window(qtbot, win)
    yield win
    win.close()
    i18n.language_manager().apply(i18n.ENGLISH)


def _settled(qtbot, agreement):
    """Wait for the computation running (if any) to be shown."""
    qtbot.waitUntil(lambda: not agreement.is_busy() and agreement.data is not None)
    return agreement


def _titles(agreement):
    return [agreement.main_window.project.summaries([d])[0].title for d in agreement.document_ids()]


def test_pick_annotators_list_order_and_click_opens(qtbot, team_window):
    win = team_window
    win.tools.agreement_action.trigger()
    agreement = win.tools.agreement_window
    qtbot.waitExposed(agreement)
    _settled(qtbot, agreement)
    assert [agreement.a_combo.itemText(i) for i in range(agreement.a_combo.count())] == [
        "amal", "badr", "chadi",
    ]  # fmt: skip
    assert (agreement.a_combo.currentText(), agreement.b_combo.currentText()) == ("amal", "badr")
    # amal/badr: دمشق has 2 matched spans that differ (offsets; offsets and label), 1 missed
    # and 2 extra: 5 differences; حلب 2, بيروت 1
    assert _titles(agreement) == ["دمشق", "حلب", "بيروت"]
    first = agreement.doc_list.item(0).text()
    assert first == "\u200e\u2068دمشق\u2069 — 5 differences, F1 0.00"
    heat = agreement.heatmap.data
    assert heat.rows[-1] == "extra" and heat.columns[-1] == "missed"
    actor = heat.rows.index("Actor")
    assert heat.counts[actor][heat.columns.index("Actor")] == 3
    assert heat.counts[heat.rows.index("Place")][heat.columns.index("Actor")] == 1  # دمشق
    assert heat.counts[heat.rows.index("extra")][heat.columns.index("Actor")] == 1  # المعارضة
    assert "3 documents finished by both" in agreement.summary.text()

    agreement.b_combo.setCurrentText("chadi")
    _settled(qtbot, agreement)
    assert _titles(agreement)[0] == "دمشق"
    assert heat is not agreement.heatmap.data

    # a click opens the document in the main window
    item = agreement.doc_list.item(1)
    rect = agreement.doc_list.visualItemRect(item)
    qtbot.mouseClick(agreement.doc_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.current_id == item.data(Qt.ItemDataRole.UserRole)
    # Enter opens the current one
    agreement.doc_list.setFocus()
    agreement.doc_list.setCurrentRow(2)
    qtbot.keyClick(agreement.doc_list, Qt.Key.Key_Return)
    assert win.current_id == agreement.doc_list.item(2).data(Qt.ItemDataRole.UserRole)


def test_same_annotator_twice_and_refresh(qtbot, team_window):
    agreement = _settled(qtbot, team_window.tools.agreement())
    agreement.b_combo.setCurrentText("amal")
    _settled(qtbot, agreement)
    assert agreement.doc_list.count() == 0
    assert agreement.summary.text() == "Pick two different annotators."
    agreement.b_combo.setCurrentText("badr")
    _settled(qtbot, agreement)
    # a new annotator's spans show after Refresh (or when Tools > Agreement is chosen again)
    project = team_window.project
    project.set_annotator("dina")
    doc = agreement.document_ids()[0]
    project.add_span(doc, 0, 3, "EVENT")
    team_window.tools.agreement()
    _settled(qtbot, agreement)
    assert agreement.a_combo.count() == 4
    assert (agreement.a_combo.currentText(), agreement.b_combo.currentText()) == ("amal", "badr")


def test_one_annotator_says_why(qtbot, tmp_path):
    path = tmp_path / "solo.annotator"
    with Project.create(path, annotator="amal") as p:
        d = add_doc(p, "نص قصير")
        p.add_span(d, 0, 2, "EVENT")
    win = open_main_window(path, "tester")
    show_window(qtbot, win)
    try:
        agreement = _settled(qtbot, win.tools.agreement())
        assert "at least two annotators" in agreement.summary.text()
        assert agreement.heatmap.data is None
    finally:
        win.close()


def test_arabic_ui_is_mirrored_and_translated(qtbot, team_window):
    i18n.language_manager().apply("ar")
    agreement = _settled(qtbot, team_window.tools.agreement())
    qtbot.waitExposed(agreement)
    assert agreement.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert agreement.heatmap.layoutDirection() == Qt.LayoutDirection.RightToLeft
    heat = agreement.heatmap.data
    assert heat.rows[-1] != "extra" and heat.columns[-1] != "missed"
    assert "فاعل" in heat.rows  # ACTOR's Arabic name
    assert agreement.windowTitle() != "Agreement"
    assert team_window.tools.agreement_action.text() != "&Agreement…"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_screenshot(qtbot, team_window, language):
    i18n.language_manager().apply(language)
    agreement = _settled(qtbot, team_window.tools.agreement())
    qtbot.waitExposed(agreement)
    QApplication.processEvents()
    image = agreement.grab()
    assert not image.isNull()
    folder = os.environ.get("ANNOTATOR_SCREENSHOTS")
    if folder:
        image.save(os.path.join(folder, f"agreement_{language}.png"))


@pytest.fixture
def gated(monkeypatch):
    """``gated(pair)``: the computation of ``pair`` waits for the returned event (and ignores
    Cancel, as a worker past its last check would); every call's thread and request are
    recorded. The gates open at the end, so a failed test leaves no worker waiting."""
    gates = []
    yield lambda pair: _gated(monkeypatch, pair, gates)
    for gate in gates:
        gate.set()


def _gated(monkeypatch, pair, gates):
    gate = threading.Event()
    gates.append(gate)
    calls = []
    original = agreement_task.compute

    def compute(path, wanted, labels, check):
        calls.append((threading.current_thread(), wanted))
        if wanted == pair:
            assert gate.wait(10)
            return original(path, wanted, labels, lambda: None)
        return original(path, wanted, labels, check)

    monkeypatch.setattr(agreement_task, "compute", compute)
    return gate, calls


def test_computed_in_a_worker_with_a_busy_bar(qtbot, team_window, gated):
    gate, calls = gated(("", ""))  # the first request: nothing picked yet
    agreement = team_window.tools.agreement()
    qtbot.waitExposed(agreement)
    # the window answers while the worker waits: it shows it is busy, Cancel at hand
    assert agreement.is_busy()
    assert agreement.busy_bar.isVisible() and agreement.cancel_button.isVisible()
    assert agreement.summary.text() == "Computing…"
    gate.set()
    _settled(qtbot, agreement)
    assert not agreement.busy_bar.isVisible()
    assert calls[0][0] is not threading.current_thread()
    assert calls[0][0] is not threading.main_thread()
    assert (agreement.a_combo.currentText(), agreement.b_combo.currentText()) == ("amal", "badr")
    assert "3 documents finished by both" in agreement.summary.text()


def test_cancel_then_refresh(qtbot, team_window, gated):
    gate, _calls = gated(("", ""))
    agreement = team_window.tools.agreement()
    qtbot.waitExposed(agreement)
    task = agreement.task
    qtbot.mouseClick(agreement.cancel_button, Qt.MouseButton.LeftButton)
    assert not agreement.is_busy() and not agreement.busy_bar.isVisible()
    assert "Refresh" in agreement.summary.text()
    gate.set()
    assert task.wait(10_000)
    qtbot.waitUntil(lambda: not task.is_running())
    assert agreement.data is None and agreement.doc_list.count() == 0  # its result dropped
    qtbot.mouseClick(agreement.refresh_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, agreement)
    assert agreement.doc_list.count() == 3


def test_a_stale_result_is_dropped(qtbot, team_window, gated):
    agreement = _settled(qtbot, team_window.tools.agreement())
    gate, calls = gated(("amal", "chadi"))
    agreement.b_combo.setCurrentText("chadi")  # its computation waits
    slow = agreement.task
    agreement.b_combo.setCurrentText("badr")  # asked for while the first still runs
    _settled(qtbot, agreement)
    assert sorted(w for _t, w in calls) == [("amal", "badr"), ("amal", "chadi")]
    shown = (agreement.heatmap.data, _titles(agreement), agreement.summary.text())
    gate.set()  # the amal/chadi result arrives now, finished despite the cancel
    assert slow.wait(10_000)
    qtbot.waitUntil(lambda: slow.state == "done")
    assert slow.result.pair == ("amal", "chadi")
    assert (agreement.heatmap.data, _titles(agreement), agreement.summary.text()) == shown
    assert agreement.b_combo.currentText() == "badr"


def test_closing_while_computing_is_safe(qtbot, team_window, gated):
    gate, _calls = gated(("", ""))
    agreement = team_window.tools.agreement()
    qtbot.waitExposed(agreement)
    task = agreement.task
    agreement.close()
    assert not agreement.is_busy()
    gate.set()
    assert task.wait(10_000)
    qtbot.waitUntil(lambda: not task.is_running())
    assert agreement.data is None  # the late result did not reach the closed window
    # the main window closes too, and the window with it, while a computation runs again
    gate, _calls = gated(("", ""))
    agreement = team_window.tools.agreement()  # shown again: computed again
    task = agreement.task
    assert task is not None
    team_window.close()
    gate.set()
    assert task.wait(10_000)
    qtbot.waitUntil(lambda: not task.is_running())


def test_follows_edits_in_the_main_window(qtbot, team_window):
    win = team_window
    agreement = _settled(qtbot, win.tools.agreement())
    doc = agreement.document_ids()[0]
    win.open_document(doc)
    win.ops.set_status(doc, "in_progress")  # an edit in the main window
    # recomputed by itself once the edits pause
    qtbot.waitUntil(lambda: "2 documents finished by both" in agreement.summary.text())
    assert doc not in agreement.document_ids()
    # hidden, it does not compute; shown again, it catches up
    agreement.hide()
    win.ops.undo()
    assert not agreement._debounce.isActive() and not agreement.is_busy()
    agreement.show()
    assert agreement.is_busy()
    _settled(qtbot, agreement)
    assert "3 documents finished by both" in agreement.summary.text()
