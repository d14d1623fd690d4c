"""Labeling in the real main window (offscreen): results are read back from the database file."""

from __future__ import annotations

from pathlib import Path

from helpers import db_spans, db_status
from helpers.qt import char_point, click_char, drag, key, open_doc
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.project import Project
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier


def test_drag_across_rtl_text_and_hotkey_store_exact_offsets(window: MainWindow, sample_path: Path):
    open_doc(window, "seed")
    view = window.view
    text = view.text
    phrase = "قاعدة التاجي الجوية"
    start = text.index(phrase)
    end = start + len(phrase)
    drag(view, start, end)
    assert view.selection_range() == (start, end)
    key(view, K.Key_1)
    assert db_spans(sample_path, "seed") == [(start, end, "EVENT", phrase)]
    # highlighted at once: the paragraph's layout carries the span's format
    block = view.document().findBlockByNumber(view.offsets.block_of(start))
    formats = block.layout().formats()
    assert any(f.format.background().color().alpha() > 0 for f in formats)


def test_drag_in_a_crlf_document_with_an_emoji_before_the_span(window: MainWindow, sample_path):
    open_doc(window, "d")
    view = window.view
    text = view.text
    assert "\r" not in text and text.count("😀") == 2  # cleaned at import
    start = text.index("بغداد")
    end = start + len("بغداد")
    drag(view, end, start)  # right-to-left text dragged from its end back to its start
    key(view, K.Key_3)
    assert db_spans(sample_path, "d") == [(start, end, "PLACE", "بغداد")]
    with Project.open(sample_path) as project:
        doc_id = project.document_ids()[3]
        stored = project.get_document(doc_id).text
    assert stored[start:end] == "بغداد"


def test_selection_snaps_outward_from_inside_words(window: MainWindow, sample_path):
    open_doc(window, "seed")
    view = window.view
    text = view.text
    first = text.index("التاجي")
    second = first + len("التاجي ")  # الجوية
    drag(view, first + 2, second + 3)  # from inside one word to inside the next
    assert view.selection_range() == (first, second + len("الجوية"))
    key(view, K.Key_2)
    assert db_spans(sample_path, "seed") == [
        (first, second + len("الجوية"), "ACTOR", "التاجي الجوية")
    ]


def test_alt_keeps_exact_characters(window: MainWindow, sample_path):
    open_doc(window, "c")
    view = window.view
    start = view.text.index("لواشنطن") + 1
    end = start + len("واشنطن")
    drag(view, start + 1, end - 1, M.AltModifier)
    assert view.selection_range() == (start + 1, end - 1)
    drag(view, start, end, M.AltModifier)
    key(view, K.Key_3)
    assert db_spans(sample_path, "c") == [(start, end, "PLACE", "واشنطن")]


def test_keyboard_selection_with_shift_arrows(window: MainWindow, sample_path):
    open_doc(window, "c")
    view = window.view
    view.set_selection(0, 0)
    view.setFocus()
    # in right-to-left text Shift+Left selects forward in logical order
    for _ in range(3):
        key(view, K.Key_Left, M.ShiftModifier)
    assert view.selection_range() == (0, 3)
    key(view, K.Key_2)
    assert db_spans(sample_path, "c") == [(0, 3, "ACTOR", "زار")]


def test_relabel_and_delete_the_clicked_span(window: MainWindow, sample_path):
    open_doc(window, "c")
    view = window.view
    start = view.text.index("الوزير")
    drag(view, start, start + len("الوزير"))
    key(view, K.Key_1)
    [(s, e, label, _)] = db_spans(sample_path, "c")
    assert label == "EVENT"
    view.select_span(None)
    click_char(view, start + 2)
    assert view.selected_span() is not None
    key(view, K.Key_2)  # a hotkey on a selected span relabels it
    assert db_spans(sample_path, "c") == [(s, e, "ACTOR", "الوزير")]
    assert len(window.project.spans(window.current_id)) == 1
    key(view, K.Key_Delete)
    assert db_spans(sample_path, "c") == []
    assert window.span_model.rowCount() == 0


def test_fix_prefix_with_two_actions(window: MainWindow, sample_path):
    """لواشنطن -> واشنطن: click the span on its first letter, then Shift+Left (RTL: forward)."""
    open_doc(window, "c")
    view = window.view
    start = view.text.index("لواشنطن")
    end = start + len("لواشنطن")
    drag(view, start + 3, start + 4)  # inside the word: snaps to the whole token
    key(view, K.Key_3)
    assert db_spans(sample_path, "c") == [(start, end, "PLACE", "لواشنطن")]
    view.select_span(None)

    click_char(view, start)  # 1: select the span, near its start
    key(view, K.Key_Left, M.ShiftModifier)  # 2: move the start one character forward
    assert db_spans(sample_path, "c") == [(start + 1, end, "PLACE", "واشنطن")]

    key(view, K.Key_Right, M.ShiftModifier)  # and back
    assert db_spans(sample_path, "c") == [(start, end, "PLACE", "لواشنطن")]
    # Ctrl+Shift+Right from the start: one token back (الوزير + the space before it)
    key(view, K.Key_Right, M.ShiftModifier | M.ControlModifier)
    [(s, e, _, surface)] = db_spans(sample_path, "c")
    assert e == end and s < start and surface.endswith("لواشنطن")


def test_end_boundary_moves_when_clicked_near_the_end(window: MainWindow, sample_path):
    open_doc(window, "c")
    view = window.view
    start = view.text.index("لواشنطن")
    end = start + len("لواشنطن")
    view.set_selection(start, end)
    key(view, K.Key_3)
    view.select_span(None)
    click_char(view, end - 1)
    key(view, K.Key_Right, M.ShiftModifier)  # RTL: Right is backward -> the end shrinks
    assert db_spans(sample_path, "c") == [(start, end - 1, "PLACE", "لواشنط")]


def test_overlaps_tooltip_lists_both_labels(window: MainWindow, sample_path):
    open_doc(window, "b")
    view = window.view
    text = view.text
    sentence_end = text.index("\n")
    view.set_selection(0, sentence_end)
    key(view, K.Key_4)  # CLAIM over the whole first line
    actor = text.index("الرئيس")
    view.set_selection(actor, actor + len("الرئيس"))
    key(view, K.Key_2)  # ACTOR inside it
    labels = sorted(r[2] for r in db_spans(sample_path, "b"))
    assert labels == ["ACTOR", "CLAIM"]
    view.select_span(None)

    point = char_point(view, actor + 2)
    tip = view.tooltip_text(point)
    assert "Claim" in tip and "Actor" in tip
    outside = char_point(view, text.index("سترد"))
    assert view.tooltip_text(outside).count("\n") == 0 and "Claim" in view.tooltip_text(outside)

    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    assert "Actor" in QToolTip.text() and "Claim" in QToolTip.text()

    # drawn as background for the CLAIM and an underline for the ACTOR inside it
    block = view.document().findBlockByNumber(0)
    q = view.offsets.to_qt(actor + 2)
    fmts = [f for f in block.layout().formats() if f.start <= q < f.start + f.length]
    assert fmts and fmts[-1].format.fontUnderline()
    assert fmts[-1].format.background().style() != Qt.BrushStyle.NoBrush

    # clicking cycles: innermost first, then the span containing it
    click_char(view, actor + 2)
    assert view.selected_span().label == "ACTOR"
    click_char(view, actor + 2)
    assert view.selected_span().label == "CLAIM"
    click_char(view, actor + 2)
    assert view.selected_span().label == "ACTOR"


def test_palette_click_labels_the_selection(window: MainWindow, sample_path, qtbot):
    open_doc(window, "c")
    view = window.view
    view.set_selection(0, 3)
    item = window.label_palette.item(2)
    rect = window.label_palette.visualItemRect(item)
    qtbot.mouseClick(window.label_palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert db_spans(sample_path, "c") == [(0, 3, "PLACE", "زار")]
    assert "1" in window.label_palette.item(2).text()


def test_span_list_click_selects_the_span(window: MainWindow, sample_path, qtbot):
    open_doc(window, "seed")
    view = window.view
    text = view.text
    last = text.rindex("واشنطن")
    view.set_selection(last, last + len("واشنطن"))
    key(view, K.Key_3)
    view.set_selection(0, 4)
    key(view, K.Key_1)
    view.select_span(None)
    view.verticalScrollBar().setValue(0)
    row = [s.start for s in window.span_model.spans].index(last)
    rect = window.span_list.visualRect(window.span_model.index(row))
    qtbot.mouseClick(window.span_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_span().start == last
    # scrolled so the span is visible
    r = view.position_rect(last)
    assert 0 <= r.top() and r.bottom() <= view.viewport().height()


def test_click_outside_spans_clears_the_selection(window: MainWindow):
    open_doc(window, "c")
    view = window.view
    view.set_selection(0, 3)
    key(view, K.Key_1)
    assert view.selected_span() is not None
    QTestClick = char_point(view, view.text.index("أمس"))
    from PySide6.QtTest import QTest

    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, M.NoModifier, QTestClick)
    assert view.selected_span() is None


def test_first_span_marks_in_progress(window: MainWindow, sample_path):
    open_doc(window, "c")
    assert db_status(sample_path, "c") == "new"
    window.view.set_selection(0, 3)
    key(window.view, K.Key_1)
    assert db_status(sample_path, "c") == "in_progress"
    assert "1" in window.doc_model.data(window.doc_model.index(2))


def test_point_outside_text_has_no_tooltip(window: MainWindow):
    open_doc(window, "c")
    assert window.view.tooltip_text(QPoint(2, window.view.viewport().height() - 2)) == ""


def test_double_click_selects_our_token_without_punctuation(window: MainWindow):
    from PySide6.QtTest import QTest

    open_doc(window, "seed")
    view = window.view
    text = view.text
    at = text.index("صاروخي،")  # Qt's own word selection would keep the Arabic comma
    view.scroll_to(at)
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, M.NoModifier, char_point(view, at + 2)
    )
    assert view.selection_range() == (at, at + len("صاروخي"))


def test_context_menu_labels_the_selection(window: MainWindow, sample_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent

    open_doc(window, "c")
    view = window.view
    view.set_selection(0, 3)
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        action = next(a for a in menu.actions() if a.text() == "Place")
        chosen.append(action.text())
        action.trigger()
        menu.close()

    QTimer.singleShot(50, pick)
    point = char_point(view, 1)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(view.viewport(), event)
    assert chosen == ["Place"]
    assert db_spans(sample_path, "c") == [(0, 3, "PLACE", "زار")]


def test_arabic_indic_digit_is_the_same_hotkey(window: MainWindow, sample_path):
    from helpers.qt import type_text

    open_doc(window, "c")
    window.view.set_selection(0, 3)
    type_text(window.view, "٢")  # an Arabic keyboard's 2
    assert db_spans(sample_path, "c") == [(0, 3, "ACTOR", "زار")]


def test_paragraph_tokens_match_the_whole_text(window: MainWindow):
    import random

    from annotator.core.tokenize import tokenize

    open_doc(window, "seed")
    view = window.view
    everything = set(tokenize(view.text))
    rng = random.Random(5)
    for _ in range(50):
        s = rng.randrange(len(view.text))
        e = min(len(view.text), s + rng.randrange(200))
        near = view.tokens_near(s, e)
        assert near and set(near) <= everything
        assert all(a <= s or b >= e or (a, b) in everything for a, b in near)


def test_highlights_cover_exactly_the_span_characters(window: MainWindow):
    """After an emoji and CRLF-cleaned breaks, formatted Qt ranges are exactly the spans'."""
    open_doc(window, "d")
    view = window.view
    text = view.text
    targets = ["😀", "بغداد", "الخبر\nوصل", "صباحا."]
    for word in targets:
        start = text.index(word)
        view.set_selection(start, start + len(word))
        key(view, K.Key_1)
    view.select_span(None)
    expected: set[int] = set()
    for word in targets:
        start = text.index(word)
        expected.update(range(view.offsets.to_qt(start), view.offsets.to_qt(start + len(word))))
    got: set[int] = set()
    block = view.document().begin()
    while block.isValid():
        for f in block.layout().formats():
            if f.format.background().style() != Qt.BrushStyle.NoBrush:
                got.update(range(block.position() + f.start, block.position() + f.start + f.length))
        block = block.next()
    # the paragraph break inside a span is not a character a block can format
    breaks = {view.offsets.to_qt(i) for i, ch in enumerate(text) if ch == "\n"}
    assert got == expected - breaks


def test_hit_test_finds_every_character_in_mixed_bidi_text(qtbot, tmp_path):
    """Where Latin words, numbers, brackets and an emoji meet Arabic, the character under the
    mouse is the one drawn there (cursor positions are ambiguous at run boundaries)."""
    import unicodedata

    from helpers import make_project
    from helpers.qt import show_window
    from PySide6.QtCore import QPointF

    from annotator.core.model import DocRecord
    from annotator.gui import open_project_window

    text = "قال 😀 Biden إن واشنطن (2020) ستردّ، وفق CNN."
    path = make_project(tmp_path / "mix.annotator", [DocRecord(text=text, external_id="m")])
    win = open_project_window(path)
    show_window(qtbot, win)
    view = win.view
    layout = view.document().begin().layout()
    boxes = {}
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Mn":  # a haraka belongs to its letter
            continue
        runs = layout.glyphRuns(view.offsets.to_qt(i), 2 if ord(ch) > 0xFFFF else 1)
        if runs and runs[0].boundingRect().width() >= 2:  # not a mark drawn on its letter
            boxes[i] = runs[0].boundingRect()
    checked = 0
    for i, box in boxes.items():
        centre = box.center()
        if any(j != i and other.contains(centre) for j, other in boxes.items()):
            continue  # glyphs that overlap (a kerned pair): no single answer there
        point = centre + layout.position() - QPointF(0, view.verticalScrollBar().value())
        assert view.offset_at(point.toPoint()) == i, (i, text[i])
        checked += 1
    assert checked > 30
    win.close()
