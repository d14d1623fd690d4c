"""Link mode in the real main window: R, then a click (or Tab and Enter) on the other span makes
a role argument or a relation; the picker when several fit; Esc cancels; undo and redo. Results
are read back from the database file."""

from __future__ import annotations

from pathlib import Path

from helpers.frame_steps import (
    ACTOR,
    ATTACK,
    BASE,
    COALITION,
    EVENT,
    FORCES,
    IRAQ,
    PLACE,
    click,
    label,
    link,
    redo,
    undo,
    where,
)
from helpers.frames import db_args, db_frames, db_relations
from helpers.qt import key, open_doc
from PySide6.QtCore import Qt

from annotator.gui.list_delegate import CountRole
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier


def _count(win: MainWindow, span_id: int) -> object:
    row = win.span_model.row_of(span_id)
    return win.span_model.index(row).data(CountRole)


def test_r_and_a_click_make_a_role_argument_undo_and_redo(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    attack = label(window, ATTACK, EVENT)
    base = label(window, BASE, PLACE)
    click(window, ATTACK)
    key(window.view, K.Key_R)
    assert window.frames.link_mode.active
    assert "Esc" in window.statusBar().currentMessage()
    click(window, BASE)
    assert not window.frames.link_mode.active
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    assert db_frames(sample_path) == [ATTACK]
    # the arrow, the span list's counts and the frame panel follow
    [arrow] = window.view.links.links()
    assert (arrow.head, arrow.tail) == (
        (where(window, ATTACK), where(window, ATTACK) + len(ATTACK)),
        (where(window, BASE), where(window, BASE) + len(BASE)),
    )
    assert _count(window, attack) == "↔1" and _count(window, base) == "↔1"

    undo(window)
    assert db_args(sample_path) == []
    assert window.view.links.links() == []
    assert _count(window, base) is None
    redo(window)
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    assert len(window.view.links.links()) == 1
    assert _count(window, base) == "↔1"


def test_tab_steps_through_spans_and_enter_picks(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    label(window, IRAQ, PLACE)
    click(window, ATTACK)
    key(window.view, K.Key_R)
    key(window.view, K.Key_Tab)  # the next span in the text: قاعدة التاجي
    mode = window.frames.link_mode
    assert window.view.spans()[mode.candidate_id].text == BASE
    assert len(window.view.extraSelections()) == 1  # marked, transiently
    key(window.view, K.Key_Tab)
    assert window.view.spans()[mode.candidate_id].text == IRAQ
    key(window.view, K.Key_Backtab, M.ShiftModifier)
    assert window.view.spans()[mode.candidate_id].text == BASE
    count = len(window.view.spans())
    key(window.view, K.Key_1)  # label keys wait while a link is being made
    assert mode.active and len(window.view.spans()) == count
    key(window.view, K.Key_Return)
    assert not mode.active and window.view.extraSelections() == []
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]


def test_esc_cancels_and_nothing_is_written(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    click(window, ATTACK)
    key(window.view, K.Key_R)
    key(window.view, K.Key_Tab)
    key(window.view, K.Key_Escape)
    assert not window.frames.link_mode.active
    assert window.view.extraSelections() == []
    assert "cancelled" in window.statusBar().currentMessage()
    click(window, BASE)  # an ordinary click again: selects the span, links nothing
    assert window.view.selected_span().text == BASE
    assert db_args(sample_path) == [] and db_frames(sample_path) == []
    # opening another document ends link mode, and its prompt goes
    key(window.view, K.Key_R)
    assert window.frames.link_mode.active and window.statusBar().currentMessage()
    open_doc(window, "b")
    assert not window.frames.link_mode.active
    assert window.statusBar().currentMessage() == ""


def test_two_events_are_same_as_else_nothing_fits(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, EVENT)
    link(window, ATTACK, BASE)  # no EVENT role takes an EVENT: the one relation type that fits
    assert db_relations(sample_path) == [("same_as", ATTACK, BASE)]
    undo(window)
    # without that relation type nothing fits, and the status bar says so
    window.ops.run(lambda: window.project.remove_relation_type("same_as"))
    link(window, ATTACK, BASE)
    assert "Nothing links" in window.statusBar().currentMessage()
    assert db_args(sample_path) == [] and db_relations(sample_path) == []


def test_relation_chosen_in_the_picker_by_its_number(window: MainWindow, qtbot, sample_path):
    open_doc(window, "seed")
    label(window, FORCES, ACTOR)
    label(window, COALITION, ACTOR)
    link(window, FORCES, COALITION)  # two actors: several relation types fit
    picker = window.frames.link_mode.picker
    assert picker is not None and picker.isVisible()
    names = picker.names()
    assert len(names) >= 2
    key(picker.list, K.Key_2)
    assert db_relations(sample_path) == [(names[1], FORCES, COALITION)]
    assert window.frames.link_mode.picker is None
    assert len(window.view.links.links()) == 1
    undo(window)
    assert db_relations(sample_path) == []
    redo(window)
    assert db_relations(sample_path) == [(names[1], FORCES, COALITION)]
    # Esc in the picker links nothing
    link(window, COALITION, FORCES)
    picker = window.frames.link_mode.picker
    assert picker is not None
    key(picker.list, K.Key_Escape)
    assert db_relations(sample_path) == [(names[1], FORCES, COALITION)]


def test_relabel_that_invalidates_an_argument_asks_first(window: MainWindow, qtbot, sample_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    link(window, ATTACK, BASE)
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    seen: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(button).click()

    click(window, BASE)
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    key(window.view, ACTOR)  # a location must be a place: asks, and Cancel keeps it all
    assert BASE in seen[0]
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Ok))
    key(window.view, ACTOR)
    assert db_args(sample_path) == []
    assert window.view.spans()[window.view.selected_span_id].label == "ACTOR"
    window.activateWindow()  # the question had the focus: shortcuts need the window active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    undo(window)  # one step puts back the label and the argument
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]


def test_the_picker_names_in_the_interface_language(window: MainWindow, sample_path: Path):
    from annotator.gui import i18n, keys_help

    open_doc(window, "seed")
    label(window, FORCES, ACTOR)
    label(window, COALITION, ACTOR)
    try:
        i18n.set_language("ar")
        link(window, FORCES, COALITION)
        picker = window.frames.link_mode.picker
        assert picker is not None
        texts = [picker.list.item(i).text() for i in range(picker.list.count())]
        assert texts[0].startswith("1") and "جزء من" in texts[0]
        assert window.frames.link_button.text() == "ربط (R)"
        # Enter takes the current row
        key(picker.list, K.Key_Return)
        assert db_relations(sample_path) == [("part_of", FORCES, COALITION)]
        assert window.view.links.links()[0].label == "جزء من"
    finally:
        i18n.set_language("en")
    assert window.view.links.links()[0].label == "Part of"
    assert any(k == "R" for k, _ in keys_help.key_rows())
