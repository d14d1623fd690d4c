"""The frame panel in the real main window: slots of the selected EVENT's frame, clickable fillers,
link… on an empty slot, retarget and remove per argument, attributes by keyboard, the note, the
mirrored layout of the Arabic interface. Results are read back from the database file."""

from __future__ import annotations

from pathlib import Path

from helpers.frame_steps import (
    ACTOR,
    ATTACK,
    BASE,
    CLAIM,
    EVENT,
    FORCES,
    IRAQ,
    PLACE,
    REPORTED,
    click,
    label,
    link,
    redo,
    undo,
)
from helpers.frames import db_args, db_attributes, db_notes
from helpers.qt import key, open_doc, type_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QPushButton, QWidget

from annotator.gui import i18n
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier


def _find(win: MainWindow, cls: type, name: str):  # type: ignore[no-untyped-def]
    widget = win.frames.panel.content.findChild(cls, name)
    assert widget is not None, name
    return widget


def _frame_id(win: MainWindow) -> int:
    span_id = win.view.selected_span_id
    assert span_id is not None
    [frame_id] = win.frames.store.frames_on(span_id)
    return frame_id


def _slot_names(win: MainWindow) -> list[str]:
    return [
        w.objectName().rsplit(":", 1)[1]
        for w in win.frames.panel.content.findChildren(QLabel)
        if w.objectName().startswith("slotName:")
    ]


def test_card_shows_slots_fillers_select_their_span(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    click(window, ATTACK)
    # no frame yet: the slots are there, each offering link…
    assert _slot_names(window) == ["agent", "target", "location"]
    assert window.frames.panel.content.findChild(QWidget, "fill:new:location") is not None
    assert window.frames.panel.content.findChild(QComboBox) is None  # the type is the frame's
    link(window, ATTACK, BASE)
    click(window, ATTACK)
    assert _slot_names(window) == ["agent", "target", "location"]
    frame_id = _frame_id(window)
    [arg_id] = [a.id for a in window.frames.store.args_of(frame_id)]
    filler = _find(window, QPushButton, f"arg:{arg_id}")
    assert BASE in filler.text()
    assert _find(window, QLabel, f"slotEmpty:f{frame_id}:agent").text() == "—"
    QTest.mouseClick(filler, Qt.MouseButton.LeftButton)
    assert window.view.selected_span().text == BASE
    # the place's own panel says what it fills
    assert _find(window, QPushButton, f"usedBy:{arg_id}").text().startswith("Location")


def test_link_an_empty_slot_retarget_and_remove_with_undo(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    label(window, IRAQ, PLACE)
    label(window, FORCES, ACTOR)
    click(window, ATTACK)
    # link… on the empty location slot, then a click on the place
    QTest.mouseClick(_find(window, QWidget, "fill:new:location"), Qt.MouseButton.LeftButton)
    assert window.frames.link_mode.active
    click(window, BASE)
    assert db_args(sample_path) == [(ATTACK, "location", BASE)]
    click(window, ATTACK)
    frame_id = _frame_id(window)
    QTest.mouseClick(_find(window, QWidget, f"fill:f{frame_id}:agent"), Qt.MouseButton.LeftButton)
    click(window, FORCES)
    assert db_args(sample_path) == [(ATTACK, "agent", FORCES), (ATTACK, "location", BASE)]

    # retarget the location to العراق
    click(window, ATTACK)
    [location] = [a for a in window.frames.store.args_of(frame_id) if a.role == "location"]
    QTest.mouseClick(_find(window, QWidget, f"retarget:{location.id}"), Qt.MouseButton.LeftButton)
    assert window.frames.link_mode.active
    click(window, IRAQ)
    assert db_args(sample_path) == [(ATTACK, "agent", FORCES), (ATTACK, "location", IRAQ)]
    undo(window)
    assert db_args(sample_path) == [(ATTACK, "agent", FORCES), (ATTACK, "location", BASE)]
    redo(window)
    assert db_args(sample_path) == [(ATTACK, "agent", FORCES), (ATTACK, "location", IRAQ)]

    # remove the agent
    click(window, ATTACK)
    [agent] = [a for a in window.frames.store.args_of(frame_id) if a.role == "agent"]
    QTest.mouseClick(_find(window, QWidget, f"remove:{agent.id}"), Qt.MouseButton.LeftButton)
    assert db_args(sample_path) == [(ATTACK, "location", IRAQ)]
    assert _find(window, QLabel, f"slotEmpty:f{frame_id}:agent").text() == "—"
    undo(window)
    assert db_args(sample_path) == [(ATTACK, "agent", FORCES), (ATTACK, "location", IRAQ)]
    assert window.frames.panel.content.findChild(QPushButton, f"arg:{agent.id}") is not None
    redo(window)
    assert db_args(sample_path) == [(ATTACK, "location", IRAQ)]


def test_attributes_by_keyboard_and_the_note(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    link(window, ATTACK, BASE)
    click(window, ATTACK)
    frame_id = _frame_id(window)
    span_id = window.view.selected_span_id
    # the event type: an attribute of the frame or of its trigger, as the definitions say
    [combo] = [
        c
        for c in window.frames.panel.content.findChildren(QComboBox)
        if c.objectName() in (f"fattr:{frame_id}:type", f"sattr:{span_id}:type")
    ]
    name = combo.objectName()
    owner = "frame" if name.startswith("fattr") else "span"
    combo.setFocus()
    key(combo, K.Key_Down)  # — -> the first type
    value = combo.itemData(1)
    assert db_attributes(sample_path) == [(owner, ATTACK, "type", value)]
    # rebuilt by the change, the panel gives the focus back to the same editor
    combo = _find(window, QComboBox, name)
    assert combo.hasFocus() and combo.currentIndex() == 1
    undo(window)
    assert db_attributes(sample_path) == []
    assert _find(window, QComboBox, name).currentIndex() == 0
    redo(window)

    # a flag: Space on the check box
    box = _find(window, QCheckBox, f"fattr:{frame_id}:negated")
    box.setFocus()
    key(box, K.Key_Space)
    attrs = db_attributes(sample_path)
    assert (owner, ATTACK, "type", value) in attrs
    assert [a[:3] for a in attrs if a[2] == "negated"] == [("frame", ATTACK, "negated")]
    assert _find(window, QCheckBox, f"fattr:{frame_id}:negated").isChecked()

    # the note: plain text, saved with Ctrl+Enter, and on leaving the field
    note = _find(window, QPlainTextEdit, f"note:frame:{frame_id}")
    note.setFocus()
    type_text(note, "مصدر <b>واحد</b>")
    key(note, K.Key_Return, M.ControlModifier)  # saves, and stays on this document
    assert window.view.selected_span().text == ATTACK
    assert db_notes(sample_path) == [(ATTACK, "مصدر <b>واحد</b>")]
    note = _find(window, QPlainTextEdit, f"note:frame:{frame_id}")
    note.setFocus()
    type_text(note, " فقط")
    window.view.setFocus()  # focus out saves
    assert db_notes(sample_path) == [(ATTACK, "مصدر <b>واحد</b> فقط")]


def test_an_actor_shows_its_attributes_and_relations(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, FORCES, ACTOR)
    label(window, REPORTED, CLAIM)
    link(window, REPORTED, FORCES)  # the claimant
    assert db_args(sample_path) == [(REPORTED, "claimant", FORCES)]
    click(window, FORCES)
    span_id = window.view.selected_span_id
    # the actor's panel: what it fills, and its own attributes
    [arg] = window.frames.store.args_pointing_at(span_id)
    assert REPORTED in _find(window, QPushButton, f"usedBy:{arg.id}").text()
    box = _find(window, QCheckBox, f"sattr:{span_id}:negated")
    box.setFocus()
    key(box, K.Key_Space)
    assert [a[:3] for a in db_attributes(sample_path)] == [("span", FORCES, "negated")]
    undo(window)
    assert db_attributes(sample_path) == []
    assert not _find(window, QCheckBox, f"sattr:{span_id}:negated").isChecked()


def test_the_panel_is_mirrored_in_the_arabic_interface(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    label(window, BASE, PLACE)
    link(window, ATTACK, BASE)
    click(window, ATTACK)
    try:
        i18n.set_language("ar")
        panel = window.frames.panel
        assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
        frame_id = _frame_id(window)
        name = _find(window, QLabel, f"slotName:f{frame_id}:location")
        assert name.text() == "مكان الحدث"
        [arg] = window.frames.store.args_of(frame_id)
        filler = _find(window, QPushButton, f"arg:{arg.id}")
        # the role's name on the right, its filler to its left
        origin = name.mapTo(panel, name.rect().center()).x()
        assert origin > filler.mapTo(panel, filler.rect().center()).x()
    finally:
        i18n.set_language("en")
    assert window.frames.panel.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_make_the_frame_first_then_its_type(window: MainWindow, sample_path: Path):
    from helpers.frames import db_frames

    open_doc(window, "seed")
    label(window, ATTACK, EVENT)
    QTest.mouseClick(_find(window, QPushButton, "makeFrame"), Qt.MouseButton.LeftButton)
    assert db_frames(sample_path) == [ATTACK]
    frame_id = _frame_id(window)
    combo = _find(window, QComboBox, f"fattr:{frame_id}:type")
    combo.setFocus()
    key(combo, K.Key_Down)
    assert db_attributes(sample_path) == [("frame", ATTACK, "type", combo.itemData(1))]
    undo(window)
    undo(window)
    assert db_frames(sample_path) == [] and db_attributes(sample_path) == []
    assert window.frames.panel.content.findChild(QPushButton, "makeFrame") is not None
