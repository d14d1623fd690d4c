"""Steps shared by the frame tests: label a phrase of the seed's first paragraph like a user
(drag, then the label key), select a span by clicking its highlight, link with R and a click."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from helpers.qt import click_char, drag, key

K = Qt.Key
M = Qt.KeyboardModifier
EVENT, ACTOR, PLACE, CLAIM = K.Key_1, K.Key_2, K.Key_3, K.Key_4

ATTACK = "هجوم صاروخي"
BASE = "قاعدة التاجي"
IRAQ = "العراق"
FORCES = "قوات الأمن العراقية"
COALITION = "التحالف"
REPORTED = "ذكرته"


def where(win: MainWindow, phrase: str) -> int:
    """Offset of ``phrase`` in the seed's first paragraph (the title has هجوم too)."""
    text = win.view.text
    return text.index(phrase, text.index("استهدف هجوم"))


def label(win: MainWindow, phrase: str, label_key: Qt.Key) -> int:
    """Drag over ``phrase`` and press the label key; the new span's id."""
    start = where(win, phrase)
    drag(win.view, start, start + len(phrase))
    assert win.view.selection_range() == (start, start + len(phrase))
    key(win.view, label_key)
    span_id = win.view.selected_span_id
    assert span_id is not None and win.view.spans()[span_id].text == phrase
    return span_id


def click(win: MainWindow, phrase: str) -> None:
    """Click the middle of ``phrase``'s highlight."""
    click_char(win.view, where(win, phrase) + len(phrase) // 2)


def link(win: MainWindow, head: str, tail: str) -> None:
    """Click the head's highlight, press R, click the tail's."""
    click(win, head)
    assert win.view.selected_span().text == head
    key(win.view, K.Key_R)
    assert win.frames.link_mode.active
    click(win, tail)


def undo(win: MainWindow) -> None:
    key(win.view, K.Key_Z, M.ControlModifier)


def redo(win: MainWindow) -> None:
    key(win.view, K.Key_Z, M.ControlModifier | M.ShiftModifier)
