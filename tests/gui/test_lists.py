"""Document and span list rows: each title in its own direction, icons and counts in columns on
the interface's sides, a long title never hides its span count, text in the row's middle."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project
from helpers.qt import show_window
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from annotator.core.model import DocRecord
from annotator.gui import i18n, open_project_window
from annotator.gui.main_window import MainWindow

LATIN = "CNN: Biden met the press in 2020."
LONG = "ثالث هجوم خلال أسبوع على أهداف لواشنطن.. صواريخ تستهدف قاعدة بالعراق فيها قوات أمريكية"
EMOJI = "«قال» الرئيس لـCNN إن 2020/06/14 يوم مهم جدا للمنطقة وللعالم كله في هذا الأسبوع 😀."


@pytest.fixture(params=[i18n.ENGLISH, i18n.ARABIC])
def win(request, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    i18n.language_manager().apply(request.param)
    path = make_project(
        tmp_path / "lists.annotator",
        [
            DocRecord(text=LONG + "\nنص", title=LONG, external_id="long"),
            DocRecord(text=LATIN, title=LATIN, external_id="latin"),
            DocRecord(text=EMOJI + "\nنص", title=EMOJI, external_id="emoji"),
        ],
    )
    window = open_project_window(path)
    window.resize(1100, 700)
    show_window(qtbot, window)
    # Wide enough for LATIN in any UI font (DejaVu Sans, the Debian default, is a wide one), so
    # only the long title is elided.
    window.splitter.setSizes([460, 440, 200])
    qtbot.waitUntil(lambda: window.doc_list.viewport().width() > 400)
    doc = window.project.document_ids()[0]
    text = window.project.get_document(doc).text
    for word in ("هجوم", "أسبوع", "قاعدة"):
        start = text.index(word)
        window.ops.add_span(doc, start, start + len(word), "EVENT")
    window.doc_model.refresh(doc)
    yield window
    window.close()
    i18n.language_manager().apply(i18n.ENGLISH)


def layout_of(window: MainWindow, row: int):  # type: ignore[no-untyped-def]
    index = window.doc_model.index(row)
    option = QStyleOptionViewItem()
    option.initFrom(window.doc_list.viewport())
    option.widget = window.doc_list
    option.rect = window.doc_list.visualRect(index)
    option.font = window.doc_list.font()
    option.fontMetrics = window.doc_list.fontMetrics()
    # what the view puts in the options it paints with
    icon = window.doc_list.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    option.decorationSize = QSize(icon, icon)
    option.showDecorationSelected = True
    return QRect(option.rect), window._bidi.row_layout(option, index)


def test_icons_and_counts_stay_in_columns_titles_take_their_own_direction(win: MainWindow):
    rtl_ui = win.layoutDirection() == Qt.LayoutDirection.RightToLeft
    rows = [layout_of(win, r) for r in range(3)]
    for rect, lay in rows:
        # the status icon on the interface's leading side, for Arabic and Latin titles alike
        assert (lay.icon.center().x() > rect.center().x()) == rtl_ui
    rect, long_row = rows[0]
    assert long_row.direction == Qt.LayoutDirection.RightToLeft
    assert long_row.elided.endswith("…") and long_row.elided != LONG
    # the span count has its own place on the trailing side, beside the elided title
    assert not long_row.count.isEmpty() and not long_row.count.intersects(long_row.text)
    assert (long_row.count.center().x() < rect.center().x()) == rtl_ui
    assert win.doc_model.index(0).data(Qt.ItemDataRole.UserRole + 2) == 3
    _rect, latin_row = rows[1]
    assert latin_row.direction == Qt.LayoutDirection.LeftToRight
    assert latin_row.elided == LATIN and latin_row.count.isEmpty()


def ink(image: QImage, area: QRect) -> QRect:
    """Bounding box of the dark (text) pixels inside ``area``."""
    xs, ys = [], []
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            if QColor(image.pixel(x, y)).lightness() < 110:
                xs.append(x)
                ys.append(y)
    assert xs, "no text drawn"
    return QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def test_rows_are_drawn_where_their_direction_says(win: MainWindow):
    win.doc_list.clearSelection()
    win.doc_list.setCurrentIndex(win.doc_model.index(-1))
    image = win.doc_list.viewport().grab().toImage()
    # the Latin title starts at the left of its text area and its full stop ends it on the right
    rect, latin = layout_of(win, 1)
    box = ink(image, latin.text)
    assert box.left() - latin.text.left() <= 4
    # an Arabic title sits against the right of its text area (in both interfaces)
    _rect, arabic = layout_of(win, 0)
    box_ar = ink(image, arabic.text)
    assert arabic.text.right() - box_ar.right() <= 4
    # a title with an emoji is drawn in the middle of its row like the others, not pushed up
    rect_e, emoji = layout_of(win, 2)
    box_e = ink(image, emoji.text)
    offset_latin = box.center().y() - rect.center().y()
    offset_emoji = box_e.center().y() - rect_e.center().y()
    assert abs(offset_emoji - offset_latin) <= 3
