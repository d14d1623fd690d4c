"""Links between spans drawn as arrows over the right-to-left article (link_overlay.py).

On the seed article in the real window. Where an arrow lands is checked against the view's own
hit test (the character under a point, ``offset_at``), which asks Qt's line for the character at
x, independently of the glyph runs the overlay draws from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SEED, make_project
from helpers.qt import key, open_doc, show_window
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from annotator.core.model import DocRecord
from annotator.gui import open_project_window
from annotator.gui.article_view import ArticleView
from annotator.gui.link_overlay import Link, LinkGeometry
from annotator.gui.main_window import MainWindow

FIRST_PARAGRAPH = SEED.read_text(encoding="utf-8").split("\n")[2]


def _range(view: ArticleView, word: str, after: str = "استهدف") -> tuple[int, int]:
    start = view.text.index(word, view.text.index(after))
    return start, start + len(word)


def _seed(window: MainWindow, width: int = 1100) -> ArticleView:
    open_doc(window, "seed")
    window.resize(width, 800)
    QApplication.processEvents()
    view = window.view
    view.scroll_to(_range(view, "هجوم صاروخي")[0])
    QApplication.processEvents()
    return view


def _links(view: ArticleView) -> list[Link]:
    event = _range(view, "هجوم صاروخي")
    return [
        Link(1, event, _range(view, "قاعدة التاجي"), "#3cb44b", "location"),
        Link(2, event, _range(view, "قوات الأمن العراقية"), "#f58231", "claimant"),
        Link(3, _range(view, "قاعدة التاجي"), _range(view, "الولايات المتحدة"), "#911eb4", "فاعل"),
    ]


def _geometry(view: ArticleView, link: Link) -> LinkGeometry:
    geo = view.link_geometry(link)
    assert geo is not None
    return geo


def _inside(view: ArticleView, point: QPointF, rng: tuple[int, int]) -> bool:
    """``point`` is on the span as its cursor positions place it (exact inside Arabic words):
    on a line the span is drawn on, between its outermost cursor positions there, and not over
    a space between its words."""
    xs: list[float] = []
    for i in range(rng[0], rng[1]):
        a, b = view.position_rect(i), view.position_rect(i + 1)
        if not (a.top() <= point.y() <= a.bottom() and b.top() == a.top()):
            continue  # another line (or the character wraps)
        lo, hi = sorted((a.left(), b.left()))
        if view.text[i].isspace() and lo < point.x() < hi:
            return False
        xs += [lo, hi]
    return bool(xs) and min(xs) <= point.x() <= max(xs)


def _assert_lands_on_its_words(view: ArticleView, link: Link) -> LinkGeometry:
    geo = _geometry(view, link)
    assert _inside(view, geo.start, link.head), (link.label, geo.start)
    assert _inside(view, geo.end, link.tail), (link.label, geo.end)
    # between its ends the arrow crosses no word: only the bands between lines and the margin
    path = geo.path
    for k in range(1, 200):
        p = path.pointAtPercent(k / 200)
        if min(_dist(p, geo.start), _dist(p, geo.end)) < 14:
            continue  # the short stems that reach into the two spans
        offset = view.offset_at(p.toPoint())
        assert offset is None, (link.label, p, offset, view.text[offset])
    if link.label:
        assert view.offset_at(geo.label_rect.center().toPoint()) is None
    return geo


def _dist(a: QPointF, b: QPointF) -> float:
    return ((a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2) ** 0.5


@pytest.mark.parametrize("mirrored", [False, True])
def test_arrows_start_in_the_heads_glyphs_and_end_in_the_tails(window: MainWindow, mirrored):
    if mirrored:  # the Arabic interface: scroll bar on the left, horizontal offsets mirrored
        window.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    view = _seed(window)
    links = _links(view)
    view.set_links(links)
    QApplication.processEvents()
    same_line = _assert_lands_on_its_words(view, links[0])
    # هجوم صاروخي and قاعدة التاجي are on one line: the arrow leaves from the top and returns
    # through the band above it; the tail lies to the left (right-to-left text)
    assert same_line.end.x() < same_line.start.x()
    assert same_line.path.boundingRect().top() < view.position_rect(links[0].head[0]).top()
    for link in links[1:]:
        _assert_lands_on_its_words(view, link)
    assert [link.id for link in view.links.links()] == [1, 2, 3]


@pytest.mark.parametrize("width", [1400, 1100, 800, 620])
def test_links_across_lines_route_through_the_bands_and_the_margin(window: MainWindow, width):
    view = _seed(window, width)
    links = _links(view)
    view.set_links(links)
    claimant = links[1]
    head_top = view.position_rect(claimant.head[0]).top()
    tail_top = view.position_rect(claimant.tail[0]).top()
    assert tail_top > head_top  # on a later line at every width
    geo = _assert_lands_on_its_words(view, claimant)
    assert geo.end.y() > geo.start.y()
    for link in links:
        _assert_lands_on_its_words(view, link)


def test_geometry_follows_a_resize_and_a_zoom(window: MainWindow):
    view = _seed(window, 1100)
    links = _links(view)
    view.set_links(links)
    before = _geometry(view, links[1])
    window.resize(640, 800)
    QApplication.processEvents()
    after = _geometry(view, links[1])
    assert after.start != before.start
    _assert_lands_on_its_words(view, links[1])
    view.zoom_in()
    view.zoom_in()
    QApplication.processEvents()
    for link in links:
        _assert_lands_on_its_words(view, link)


def _image(view: ArticleView) -> QImage:
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def _ink(image: QImage, geo: LinkGeometry) -> int:
    """How dark the arrow's middle part is drawn (its label left out)."""
    total = 0
    for k in range(30, 71):
        p = geo.path.pointAtPercent(k / 100).toPoint()
        if geo.label_rect.adjusted(-3, -3, 3, 3).contains(QPointF(p)):
            continue
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                c = image.pixelColor(p + QPoint(dx, dy))
                total += 765 - c.red() - c.green() - c.blue()
    return total


def test_the_selected_spans_links_are_drawn_strong_the_others_lighter(
    window: MainWindow, sample_path: Path
):
    view = _seed(window)
    links = _links(view)
    view.set_links(links)
    location = _geometry(view, links[0])
    plain = _ink(_image(view), location)
    # label the head (a real span, selected after labeling): its links come forward
    view.set_selection(*links[0].head)
    key(view, Qt.Key.Key_1)
    assert view.selected_span() is not None
    assert (view.selected_span().start, view.selected_span().end) == links[0].head
    strong = _ink(_image(view), location)
    # a span selected whose links do not include this one: this one steps back
    view.set_selection(*_range(view, "الولايات المتحدة"))
    key(view, Qt.Key.Key_2)
    faded = _ink(_image(view), location)
    assert strong > plain > faded > 0
    # a span without links selected: all are drawn as usual
    view.set_selection(*_range(view, "جنود"))
    key(view, Qt.Key.Key_2)
    assert _ink(_image(view), location) == plain
    # the caller can also ask for a link to be drawn strong
    view.set_links([_emphasized(links[0])])
    assert _ink(_image(view), location) == pytest.approx(strong, rel=0.05)


def _emphasized(link: Link) -> Link:
    return Link(link.id, link.head, link.tail, link.color, link.label, emphasized=True)


def test_set_links_empty_clears_and_the_text_layout_never_moves(window: MainWindow):
    view = _seed(window)
    probes = [*range(0, len(view.text), 37), *(p for link in _links(view) for p in link.head)]
    rects = [view.position_rect(p) for p in probes]
    blank = _image(view)
    view.set_links(_links(view))
    drawn = _image(view)
    assert drawn != blank
    assert [view.position_rect(p) for p in probes] == rects
    view.set_links([])
    assert view.links.links() == []
    assert _image(view) == blank
    assert [view.position_rect(p) for p in probes] == rects
    # another document shown: its links are the caller's to set again
    view.set_links(_links(view))
    open_doc(window, "b")
    assert view.links.links() == []


def test_only_the_links_near_the_painted_area_are_drawn(window: MainWindow):
    view = _seed(window)
    links = _links(view)
    view.set_links(links)
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    everything = QRectF(0, 0, 4000, 4000)
    assert view.links.paint(painter, everything) == 3
    last = view.text.rindex(".")
    far = QRectF(0, view.position_rect(last).top() + view.verticalScrollBar().value(), 900, 40)
    assert view.links.paint(painter, far) == 0
    near = _geometry(view, links[0]).bounds.translated(
        0, view.verticalScrollBar().value()
    )  # document coordinates of the first arrow's box
    assert 1 <= view.links.paint(painter, near) <= 3
    painter.end()


def test_astral_characters_before_the_spans_do_not_shift_the_anchors(qtbot, tmp_path: Path):
    # twelve emoji: twelve extra UTF-16 positions before the words, more than either word's length
    text = "😀" * 12 + " " + FIRST_PARAGRAPH + "\n" + "🇮🇶 " + FIRST_PARAGRAPH
    path = make_project(tmp_path / "emoji.annotator", [DocRecord(text=text, external_id="e")])
    win = open_project_window(path)
    show_window(qtbot, win)
    try:
        open_doc(win, "e")
        view = win.view
        head = _range(view, "هجوم")
        tail = _range(view, "التاجي")
        second = _range(view, "التاجي", after="🇮🇶")
        links = [
            Link(1, head, tail, "#3cb44b", "location"),
            Link(2, head, second, "#f58231", "🙂 مكان"),
        ]
        view.set_links(links)
        for link in links:
            _assert_lands_on_its_words(view, link)
    finally:
        win.close()


def test_a_link_to_a_span_outside_the_text_is_not_drawn(window: MainWindow):
    view = _seed(window)
    bad = Link(9, (0, 4), (len(view.text), len(view.text) + 3), "#000000", "x")
    view.set_links([bad, *_links(view)])
    assert view.link_geometry(bad) is None
    _image(view)  # paints the others
    assert view.link_geometry(_links(view)[0]) is not None


def test_a_latin_name_inside_an_arabic_line_is_anchored_on_its_own_glyphs(qtbot, tmp_path: Path):
    # at a direction boundary cursor positions answer in the paragraph's sense (shared NOTES.md);
    # the anchors come from the glyphs, so the arrow still starts on "Central"
    text = "قالت القيادة المركزية الأمريكية Central Command إن الهجوم على القاعدة فشل تماما."
    path = make_project(tmp_path / "mixed.annotator", [DocRecord(text=text, external_id="m")])
    win = open_project_window(path)
    show_window(qtbot, win)
    try:
        open_doc(win, "m")
        view = win.view
        central = _range(view, "Central Command", after="قالت")
        attack = _range(view, "الهجوم", after="قالت")
        links = [
            Link(1, central, attack, "#4363d8", "agent"),
            Link(2, attack, central, "#e6194b", "فاعل الحدث"),
        ]
        view.set_links(links)
        for link in links:
            geo = _geometry(view, link)
            for point, (s, e) in ((geo.start, link.head), (geo.end, link.tail)):
                offset = view.offset_at(point.toPoint())
                assert offset is not None and s <= offset < e, (link.label, view.text[s:e])
    finally:
        win.close()


@pytest.mark.parametrize("width", [1400, 1100])
def test_neighbouring_lines_are_joined_through_the_band_between_them(window: MainWindow, width):
    view = _seed(window, width)
    # the tail on the paragraph's last line, the head on the line above it
    tail = _range(view, "قوات الأمن العراقية")
    tail_top = view.position_rect(tail[0]).top()
    words = [
        (m.start(), m.end())
        for m in re.finditer(r"[^\s،.]+", view.text)
        if m.start() > view.text.index("استهدف") and m.end() < tail[0]
    ]
    line_above = max(t for t in {view.position_rect(s).top() for s, _ in words} if t < tail_top)
    above = [w for w in words if view.position_rect(w[0]).top() == line_above]
    head = above[len(above) // 2]
    link = Link(1, head, tail, "#000000", "x")
    view.set_links([link])
    geo = _assert_lands_on_its_words(view, link)
    box = geo.path.boundingRect()
    # no detour through the margin: the route stays between its two ends
    assert box.left() >= min(geo.start.x(), geo.end.x()) - 1
    assert box.right() <= max(geo.start.x(), geo.end.x()) + 1


def test_a_link_to_a_paragraph_below_the_screen_after_a_label_is_drawn(qtbot, tmp_path: Path):
    # Qt lays a long article out only as far as the screen, and after a highlight change it
    # stops laying out ahead: a paragraph below the screen then has no lines. The overlay must
    # neither read a line that is not there (a crash) nor remember the link as undrawable.
    text = "\n".join(f"{i}. {FIRST_PARAGRAPH}" for i in range(300))
    path = make_project(tmp_path / "long.annotator", [DocRecord(text=text, external_id="l")])
    win = open_project_window(path)
    show_window(qtbot, win)
    try:
        open_doc(win, "l")
        view = win.view
        doc = view.document()
        view.scroll_to(_range(view, "هجوم صاروخي", after="200. ")[0])
        _image(view)
        view.set_selection(*_range(view, "صاروخي", after="201. "))
        key(view, Qt.Key.Key_1)  # a label: the highlighter changes a paragraph
        unlaid = [
            n for n in range(doc.blockCount()) if doc.findBlockByNumber(n).layout().lineCount() == 0
        ]
        assert unlaid and unlaid[0] > 201  # the situation this test is about
        probes = [view.offsets.block_starts[n] + 5 for n in range(190, 205)]
        rects = [view.position_rect(p) for p in probes]
        head = _range(view, "هجوم صاروخي", after="200. ")
        links = [
            Link(1, head, _range(view, "قاعدة التاجي", after=f"{unlaid[0]}. "), "#f58231", "far"),
            Link(2, head, _range(view, "قاعدة التاجي", after="200. "), "#3cb44b", "near"),
        ]
        view.set_links(links)
        _image(view)
        for link in links:
            _assert_lands_on_its_words(view, link)
        assert [view.position_rect(p) for p in probes] == rects  # nothing on screen moved
    finally:
        win.close()
