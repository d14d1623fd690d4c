"""Tools > Review…: the real review panel driven by keys (A, X, E, Ctrl+Z, Esc) and the outline
toggles; results read back from the project file. Screenshots in English and Arabic."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import ROOT, add_doc
from helpers.qt import show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.project import Project
from annotator.gui import i18n
from annotator.gui.main_window import open_main_window

TEXT = "قال المتحدث باسم الجيش إن القوات دخلت مدينة حلب صباح الأحد"
WORK = {
    "amal": [("المتحدث", "ACTOR"), ("الجيش", "ACTOR"), ("حلب", "PLACE")],
    "badr": [("المتحدث باسم", "ACTOR"), ("الجيش", "ACTOR"), ("مدينة حلب", "PLACE")],
    "chadi": [("القوات", "ACTOR")],
}


@pytest.fixture
def team_path(tmp_path):
    path = tmp_path / "team.annotator"
    with Project.create(path, annotator="amal") as p:
        doc = add_doc(p, TEXT, title="حلب")
        for who, items in WORK.items():
            p.set_annotator(who)
            for word, label in items:
                start = TEXT.index(word)
                p.add_span(doc, start, start + len(word), label)
    return path


def _gold(path):
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT text, label FROM spans WHERE annotator = 'rana' ORDER BY start"
        ).fetchall()


def _decisions(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT label, decision FROM adjudications ORDER BY id").fetchall()


def _start_review(qtbot, path, language=i18n.ENGLISH):
    i18n.install(QApplication.instance(), language)
    win = open_main_window(path, "rana")
    win.resize(1280, 800)
    show_window(qtbot, win)
    win.open_document(win.project.document_ids()[0])
    win.review.action.trigger()
    review = win.review
    assert review.active and review.panel.isVisible()
    box = review.panel.annotators
    assert [box.item(i).text() for i in range(box.count())] == ["amal", "badr", "chadi"]
    box.item(2).setCheckState(Qt.CheckState.Unchecked)  # compare amal and badr
    assert review.compared() == ["amal", "badr"]
    return win, review


def test_keys_accept_reject_undo_toggle_leave(qtbot, team_path):
    win, review = _start_review(qtbot, team_path)
    try:
        lst = review.panel.differences
        # the article shows only the gold layer (none yet); the two layers are outlines
        assert win.view.spans() == {}
        assert win.span_model.rowCount() == 0  # the span list too
        assert set(review.overlay.outlined()) == {"amal", "badr", "chadi"}
        assert review.overlay.outlined()["chadi"] == []  # not compared
        rows = [lst.item(i).text() for i in range(lst.count())]
        assert len(rows) == 4 and "المتحدث" in rows[0]
        lst.setFocus()
        lst.setCurrentRow(0)
        qtbot.keyClick(lst, Qt.Key.Key_A)  # amal's المتحدث into gold
        assert _gold(team_path) == [("المتحدث", "ACTOR")]
        assert [s.text for s in win.view.spans().values()] == ["المتحدث"]
        assert lst.count() == 3
        lst.setCurrentRow(0)  # badr's المتحدث باسم
        qtbot.keyClick(lst, Qt.Key.Key_X)
        assert _decisions(team_path) == [("ACTOR", "accept"), ("ACTOR", "reject")]
        assert lst.count() == 2
        qtbot.keyClick(lst, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the reject
        assert _decisions(team_path) == [("ACTOR", "accept")]
        assert lst.count() == 3
        qtbot.keyClick(lst, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the accept
        assert _gold(team_path) == [] and lst.count() == 4
        # accept what both agree on (الجيش), in one step
        review.panel.accept_agreed_button.click()
        assert _gold(team_path) == [("الجيش", "ACTOR")]
        # E: accept and select the new span in the article, for the boundary keys
        lst.setFocus()
        lst.setCurrentRow(
            next(i for i in range(lst.count()) if "مدينة حلب" in lst.item(i).text())
        )  # badr's
        qtbot.keyClick(lst, Qt.Key.Key_E)
        assert _gold(team_path) == [("الجيش", "ACTOR"), ("مدينة حلب", "PLACE")]
        assert win.view.selected_span().text == "مدينة حلب"
        # the outline toggles
        review.panel.toggles["badr"].click()
        assert set(review.overlay.outlined()) == {"amal", "chadi"}
        review.panel.toggles["badr"].click()
        assert "badr" in review.overlay.outlined()
        # Esc leaves: every layer in the article again
        lst.setFocus()
        qtbot.keyClick(lst, Qt.Key.Key_Escape)
        assert not review.active and not review.panel.isVisible()
        assert len(win.view.spans()) == 9
        assert win.span_model.rowCount() == 9
        assert review.overlay.outlined() == {}
    finally:
        win.close()
        i18n.install(QApplication.instance(), i18n.ENGLISH)


def test_review_needs_two_annotators(qtbot, tmp_path):
    path = tmp_path / "solo.annotator"
    with Project.create(path, annotator="amal") as p:
        doc = add_doc(p, TEXT)
        p.add_span(doc, 0, 3, "EVENT")
    win = open_main_window(path, "rana")
    show_window(qtbot, win)
    try:
        win.review.action.trigger()
        assert not win.review.active and not win.review.panel.isVisible()
        assert "two or more" in win.statusBar().currentMessage()
    finally:
        win.close()


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.ARABIC])
def test_screenshot_review(qtbot, team_path, language):
    win, review = _start_review(qtbot, team_path, language)
    try:
        review.panel.differences.setCurrentRow(0)
        qtbot.keyClick(review.panel.differences, Qt.Key.Key_A)
        QApplication.processEvents()
        out = ROOT / "artifacts" / f"review-{'ar' if language == i18n.ARABIC else 'en'}.png"
        out.parent.mkdir(exist_ok=True)
        assert win.grab().save(str(out))
    finally:
        win.close()
        i18n.install(QApplication.instance(), i18n.ENGLISH)


def _gold_relations(path):
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT r.type, h.text, t.text FROM relations r JOIN spans h ON h.id = r.head_id "
            "JOIN spans t ON t.id = r.tail_id WHERE r.annotator = 'rana' ORDER BY r.id"
        ).fetchall()


def _relation_decisions(path):
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT type, head_start, decision FROM relation_adjudications ORDER BY id"
        ).fetchall()


def test_keys_accept_and_reject_a_relation(qtbot, team_path):
    with Project.open(team_path, annotator="amal") as p:
        doc = p.document_ids()[0]
        for who, head in (("amal", "المتحدث"), ("badr", "المتحدث باسم")):
            p.set_annotator(who)
            mine = {s.text: s.id for s in p.spans(doc) if s.annotator == who}
            p.add_relation(mine[head], mine["الجيش"], "part_of")
    win, review = _start_review(qtbot, team_path)
    try:
        lst = review.panel.differences
        rows = [lst.item(i).text() for i in range(lst.count())]
        # the four span differences, then the two relations
        assert len(rows) == 6
        assert rows[4] == "part_of: «المتحدث» → «الجيش» from amal"
        assert rows[5] == "part_of: «المتحدث باسم» → «الجيش» from badr"
        lst.setFocus()
        lst.setCurrentRow(4)
        qtbot.keyClick(lst, Qt.Key.Key_A)  # the relation and both its ends into gold
        assert _gold_relations(team_path) == [("part_of", "المتحدث", "الجيش")]
        assert _gold(team_path) == [("المتحدث", "ACTOR"), ("الجيش", "ACTOR")]
        assert sorted(s.text for s in win.view.spans().values()) == ["الجيش", "المتحدث"]
        rows = [lst.item(i).text() for i in range(lst.count())]
        assert rows[-1].endswith("from badr") and not any("from amal" in r for r in rows)
        lst.setCurrentRow(lst.count() - 1)
        qtbot.keyClick(lst, Qt.Key.Key_X)
        assert _relation_decisions(team_path) == [
            ("part_of", 4, "accept"),
            ("part_of", 4, "reject"),
        ]
        assert not any("part_of" in lst.item(i).text() for i in range(lst.count()))
        qtbot.keyClick(lst, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the reject
        assert _relation_decisions(team_path) == [("part_of", 4, "accept")]
        qtbot.keyClick(lst, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the accept
        assert _gold_relations(team_path) == [] and _gold(team_path) == []
        assert _relation_decisions(team_path) == []
        assert lst.count() == 6
    finally:
        win.close()
