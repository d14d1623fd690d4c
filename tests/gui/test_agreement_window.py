"""Tools > Agreement…: pick two annotators, see their heatmap and the documents sorted by
disagreement; a click or Enter opens the document in the main window. English and Arabic."""

from __future__ import annotations

import os

import pytest
from helpers import add_doc
from helpers.qt import show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.project import Project
from annotator.gui import i18n
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
        for doc in docs:
            p.set_status(doc, "done")
    return path


@pytest.fixture
def team_window(qtbot, team_path):
    i18n.language_manager().apply(i18n.ENGLISH)  # the English plural forms
    win = open_main_window(team_path, "tester")
    show_window(qtbot, win)
    yield win
    win.close()
    i18n.language_manager().apply(i18n.ENGLISH)


def _titles(agreement):
    return [agreement.main_window.project.summaries([d])[0].title for d in agreement.document_ids()]


def test_pick_annotators_list_order_and_click_opens(qtbot, team_window):
    win = team_window
    win.tools.agreement_action.trigger()
    agreement = win.tools.agreement_window
    qtbot.waitExposed(agreement)
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
    agreement = team_window.tools.agreement()
    agreement.b_combo.setCurrentText("amal")
    assert agreement.doc_list.count() == 0
    assert agreement.summary.text() == "Pick two different annotators."
    agreement.b_combo.setCurrentText("badr")
    # a new annotator's spans show after Refresh (or when Tools > Agreement is chosen again)
    project = team_window.project
    project.set_annotator("dina")
    doc = agreement.document_ids()[0]
    project.add_span(doc, 0, 3, "EVENT")
    team_window.tools.agreement()
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
        agreement = win.tools.agreement()
        assert "at least two annotators" in agreement.summary.text()
        assert agreement.heatmap.data is None
    finally:
        win.close()


def test_arabic_ui_is_mirrored_and_translated(qtbot, team_window):
    i18n.language_manager().apply("ar")
    agreement = team_window.tools.agreement()
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
    agreement = team_window.tools.agreement()
    qtbot.waitExposed(agreement)
    QApplication.processEvents()
    image = agreement.grab()
    assert not image.isNull()
    folder = os.environ.get("ANNOTATOR_SCREENSHOTS")
    if folder:
        image.save(os.path.join(folder, f"agreement_{language}.png"))
