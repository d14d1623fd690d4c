"""Item 1 of issue 13: a mouse drag snaps like a double-click, leaving out edge punctuation.

The drags press and release on the punctuation glyphs themselves (three quarters of the way
across them, so Qt puts the cursor on their far side), with real mouse events.
"""

from __future__ import annotations

from helpers import db_spans
from helpers.qt import key, open_doc
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from annotator.core import tokenize as tok
from annotator.gui.article_view import ArticleView
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier


def glyph_point(view: ArticleView, offset: int, far: bool) -> QPoint:
    """A point inside the glyph at ``offset``: near its logical start, or near its far side."""
    a = view.position_rect(offset).center()
    b = view.position_rect(offset + 1).center()
    w = 3 if far else 1
    return QPoint((a.x() * (4 - w) + b.x() * w) // 4, a.y())


def glyph_drag(view: ArticleView, press: QPoint, release: QPoint, mods: M = M.NoModifier) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, mods, press)
    QTest.mouseMove(vp, QPoint((press.x() + release.x()) // 2, (press.y() + release.y()) // 2))
    QTest.mouseMove(vp, release)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, mods, release)


def test_drag_ending_on_a_comma_leaves_it_out(window: MainWindow, sample_path):
    open_doc(window, "seed")
    view = window.view
    text = view.text
    start = text.index("هجوم صاروخي،")
    comma = start + len("هجوم صاروخي")
    view.scroll_to(start)
    glyph_drag(view, glyph_point(view, start, far=False), glyph_point(view, comma, far=True))
    assert view.selection_range() == (start, comma)
    key(view, K.Key_1)
    assert db_spans(sample_path, "seed") == [(start, comma, "EVENT", "هجوم صاروخي")]


def test_drag_starting_on_dots_and_ending_on_a_comma(window: MainWindow, sample_path):
    open_doc(window, "seed")
    view = window.view
    text = view.text
    dots = text.index(".. صواريخ")
    word = dots + len(".. ")
    view.scroll_to(dots)
    # from the first dot to the far side of the last letter of صواريخ
    glyph_drag(view, glyph_point(view, dots, far=False), glyph_point(view, word + 5, far=True))
    assert view.selection_range() == (word, word + len("صواريخ"))
    # Alt keeps the exact characters, dots included
    glyph_drag(
        view,
        glyph_point(view, dots, far=False),
        glyph_point(view, word + 5, far=True),
        M.AltModifier,
    )
    assert view.selection_range() == (dots, word + len("صواريخ"))


def test_drag_over_baghdad_and_its_comma(qtbot, tmp_path):
    from helpers import make_project
    from helpers.qt import show_window

    from annotator.core.model import DocRecord
    from annotator.gui import open_project_window

    text = "وصل الرئيس إلى بغداد، ثم غادر."
    path = make_project(tmp_path / "b.annotator", [DocRecord(text=text, external_id="b")])
    win = open_project_window(path)
    show_window(qtbot, win)
    view = win.view
    start = text.index("بغداد")
    comma = start + len("بغداد")
    # from the space before بغداد to the far side of the comma after it
    glyph_drag(view, glyph_point(view, start - 1, far=False), glyph_point(view, comma, far=True))
    assert view.selection_range() == (start, comma)
    key(view, K.Key_3)
    assert db_spans(path) == [(start, comma, "PLACE", "بغداد")]
    win.close()


def test_snap_words_in_core():
    text = "في بغداد، أمس .. صواريخ #وسم، «نص»"
    for phrase, want in [
        ("بغداد،", "بغداد"),
        (".. صواريخ", "صواريخ"),
        ("#وسم،", "#وسم"),
        ("«نص»", "نص"),
        ("،", "،"),
    ]:
        a = text.index(phrase)
        s, e = tok.snap_words(text, a, a + len(phrase))
        assert text[s:e] == want
