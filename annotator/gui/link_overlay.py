"""Links between spans (event roles, relations) drawn as arrows over the article text.

The caller hands the view ``Link`` records (Python code-point offsets, colour, label text in the
language it chooses); this module only draws them. Nothing here touches the text: arrows are
painted on the viewport after QTextEdit has painted, so the text keeps exactly its layout.

Routing, in document coordinates (text_geometry.py, offsets through offsets.py only):
- an arrow leaves the head's word that faces the tail (its last word when the tail comes later
  in the text, else its first) where the glyphs are drawn (glyph runs, exact in mixed
  Arabic/Latin lines), and ends, with its arrow head, inside the facing word of the tail;
- it runs horizontally only through the blank band between lines (the article's line height is
  165 %, the extra space is below each line), and vertically only in the document margin, so it
  never crosses words; two spans on one line are joined through the band above that line, spans
  on neighbouring lines through the band between them;
- links share the bands and the margin in five lanes a few pixels apart, so parallel arrows stay
  apart; the label sits on the route's longest horizontal run, on an opaque background, slid
  along the run clear of the labels already placed.

Cost: each link's geometry is computed once per layout (``invalidate`` on resize, font or text
change) and only for links whose paragraphs are near the painted area (culled by paragraph
number, from the offsets, so far paragraphs are never laid out for it); a paint draws only the
links whose bounds meet the exposed rectangle.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTextDocument,
)

from .offsets import OffsetMap
from .text_geometry import line_gaps, span_rects

_WORD = re.compile(r"\S+")


class _NotLaidOut(Exception):
    """A paragraph Qt has not laid out again yet (its formats just changed): nothing to cache."""


LANES = 5
LANE_STEP = 2.5  # pixels between parallel runs in a band or in the margin
INSET = 3.0  # how far inside the glyph rectangle an arrow starts and ends
CORNER = 7.0
ARROW = 7.0


@dataclass(frozen=True, slots=True)
class Link:
    """An arrow from the span ``head`` to the span ``tail``, each (start, end) in code points.
    ``id`` is unique among the links set together (geometry is cached by it)."""

    id: int | str
    head: tuple[int, int]
    tail: tuple[int, int]
    color: str  # "#rrggbb"
    label: str = ""  # role or relation name, already in the language to show
    emphasized: bool = False


@dataclass(frozen=True, slots=True)
class LinkGeometry:
    """Where a link is drawn, in document coordinates."""

    start: QPointF  # inside the head's glyphs
    end: QPointF  # inside the tail's glyphs (the arrow's tip)
    path: QPainterPath
    arrow: QPolygonF
    label_rect: QRectF  # empty when the link has no label
    bounds: QRectF

    def translated(self, shift: QPointF) -> LinkGeometry:
        return LinkGeometry(
            self.start + shift,
            self.end + shift,
            self.path.translated(shift),
            self.arrow.translated(shift),
            self.label_rect.translated(shift),
            self.bounds.translated(shift),
        )


class LinkOverlay:
    """The links of the document shown, their cached geometry, and their painting."""

    def __init__(self, document: QTextDocument) -> None:
        self._document = document
        self._offsets: OffsetMap | None = None
        self._text = ""
        self._links: list[Link] = []
        self._lanes: dict[int | str, int] = {}
        self._geometry: dict[int | str, LinkGeometry | None] = {}
        self._rows: dict[int | str, tuple[int, int]] = {}  # paragraphs touched, for culling
        # labels placed so far, by band (y // 16): a new label slides along its run to a free spot
        self._placed: dict[int, list[QRectF]] = {}
        self._font = QFont()
        # drawn labels by (text, colour, background, width, pixel ratio): a few per article
        self._labels: dict[tuple[str, int, int, int, float], QPixmap] = {}
        self._width = -1.0  # the wrap width the cached geometry was computed at

    # --- data ----------------------------------------------------------------------------------

    def reset(self, offsets: OffsetMap | None, text: str = "") -> None:
        """A new text is shown: its links are the caller's to set again."""
        self._offsets = offsets
        self._text = text
        self.set_links(())

    def set_links(self, links: Iterable[Link]) -> None:
        self._links = list(links)
        self._lanes = {link.id: i % LANES for i, link in enumerate(self._links)}
        self.invalidate()

    def links(self) -> list[Link]:
        return list(self._links)

    def invalidate(self) -> None:
        """The layout changed (resize, font, text): every geometry is computed again."""
        self._geometry.clear()
        self._rows.clear()
        self._placed.clear()

    def set_font(self, font: QFont) -> None:
        """Labels are drawn a little smaller than the article's font."""
        self._font = QFont(font)
        self._font.setPointSizeF(max(7.0, font.pointSizeF() * 0.7))
        self._labels.clear()
        self.invalidate()

    # --- geometry ------------------------------------------------------------------------------

    def geometry(self, link: Link) -> LinkGeometry | None:
        """The link's geometry (cached); None when a span is outside the text."""
        width = _text_width(self._document)
        if width != self._width:  # wrapped again without a resize event reaching the view
            self.invalidate()
            self._width = width
        if link.id in self._geometry:
            return self._geometry[link.id]
        try:
            geo = self._compute(link)
        except _NotLaidOut:
            return None  # not cached: computed at a later paint, once Qt has laid it out
        self._geometry[link.id] = geo
        return geo

    def _blocks(self, link: Link) -> tuple[int, int]:
        """The first and last paragraph the link's spans touch: from the offsets alone, so
        culling never makes Qt lay out paragraphs far from the screen."""
        found = self._rows.get(link.id)
        if found is None:
            offsets = self._offsets
            if offsets is None or not _valid(link, offsets.length):
                found = (-1, -2)  # never drawn
            else:
                ends = (link.head[0], link.tail[0], link.head[1] - 1, link.tail[1] - 1)
                blocks = [offsets.block_of(pos) for pos in ends]
                found = (min(blocks), max(blocks))
            self._rows[link.id] = found
        return found

    def _visible_blocks(self, exposed: QRectF) -> tuple[int, int]:
        """Paragraphs under ``exposed``, with one more on each side (arrows and labels reach
        into the spacing around their paragraphs)."""
        engine = self._document.documentLayout()
        fuzzy = Qt.HitTestAccuracy.FuzzyHit
        ends = []
        for y in (exposed.top(), exposed.bottom()):
            position = max(0, engine.hitTest(QPointF(exposed.center().x(), y), fuzzy))
            ends.append(self._document.findBlock(position).blockNumber())
        return min(ends) - 1, max(ends) + 1

    def _compute(self, link: Link) -> LinkGeometry | None:
        offsets, doc = self._offsets, self._document
        if offsets is None or not _valid(link, offsets.length):
            return None
        # the words facing each other: the head's last and the tail's first when the tail comes
        # later in the text, else the other way round; an anchor on a word is never on a space
        later = link.tail[0] >= link.head[0]
        head_word = self._word(link.head, last=later)
        tail_word = self._word(link.tail, last=not later)
        head_rects = span_rects(doc, offsets, *head_word)
        tail_rects = span_rects(doc, offsets, *tail_word)
        if head_rects is None or tail_rects is None:
            raise _NotLaidOut
        if not head_rects or not tail_rects:
            return None
        hp = head_rects[-1] if later else head_rects[0]
        tp = tail_rects[0] if later else tail_rects[-1]
        head_at = head_word[1] - 1 if later else head_word[0]
        tail_at = tail_word[0] if later else tail_word[1] - 1
        head_gaps = line_gaps(doc, offsets, head_at)
        tail_gaps = line_gaps(doc, offsets, tail_at)
        if head_gaps is None or tail_gaps is None:
            raise _NotLaidOut
        (h_above, h_below), (t_above, t_below) = head_gaps, tail_gaps
        lane = self._lanes.get(link.id, 0)
        shift = (lane - LANES // 2) * LANE_STEP
        # links leaving or reaching one word spread over its middle half, by lane
        hx = hp.center().x() + _clamp(shift * 2, -hp.width() / 4, hp.width() / 4)
        tx = tp.center().x() - _clamp(shift * 2, -tp.width() / 4, tp.width() / 4)
        if abs(hx - tx) < 2 * CORNER:  # one above the other, or nested: keep the corners apart
            hx = min(hp.center().x() + hp.width() / 4, hx + CORNER)
            tx = max(tp.center().x() - tp.width() / 4, tx - CORNER)
        same_line = abs(hp.center().y() - tp.center().y()) < hp.height() / 2
        down = not same_line and tp.center().y() > hp.center().y()
        if same_line:
            y = h_above + shift
            points = [QPointF(hx, hp.top() + INSET), QPointF(hx, y), QPointF(tx, y)]
            end = QPointF(tx, tp.top() + INSET)
        else:
            start = QPointF(hx, hp.bottom() - INSET if down else hp.top() + INSET)
            end = QPointF(tx, tp.top() + INSET if down else tp.bottom() - INSET)
            y1 = (h_below if down else h_above) + shift
            y2 = (t_above if down else t_below) + shift
            if abs(y1 - y2) < 1.0:  # neighbouring lines: the band between them
                points = [start, QPointF(hx, y1), QPointF(tx, y1)]
            else:  # through the margin nearer to the two ends
                width = _text_width(doc)
                margin = doc.documentMargin()
                lane_x = margin * 0.3 + lane * LANE_STEP
                mx = width - lane_x if (hx + tx) / 2 > width / 2 else lane_x
                points = [start, QPointF(hx, y1), QPointF(mx, y1), QPointF(mx, y2), QPointF(tx, y2)]
        points.append(end)
        path = _rounded(points, CORNER)
        arrow = _arrow_head(points[-2], end)
        label_rect = self._label_rect(link.label, points, _text_width(doc))
        bounds = path.boundingRect().united(arrow.boundingRect()).adjusted(-3, -3, 3, 3)
        if not label_rect.isEmpty():
            bounds = bounds.united(label_rect)
        return LinkGeometry(points[0], end, path, arrow, label_rect, bounds)

    def _word(self, span: tuple[int, int], last: bool) -> tuple[int, int]:
        """The first or last run of non-space characters of ``span`` (the span if none)."""
        words = [m.span() for m in _WORD.finditer(self._text, span[0], span[1])]
        if not words:
            return span
        return words[-1] if last else words[0]

    def _label_rect(self, text: str, points: Sequence[QPointF], width: float) -> QRectF:
        if not text:
            return QRectF()
        # the longest horizontal run: in a band between lines, where the label covers no word
        runs = [(a, b) for a, b in itertools.pairwise(points) if a.y() == b.y()]
        a, b = max(runs, key=lambda r: abs(r[1].x() - r[0].x()))
        fm = QFontMetricsF(self._font)
        # Amiri's line box is tall for its letters: a tighter box stays inside the band
        w, h = fm.horizontalAdvance(text) + 8, fm.height() * 0.8
        lo, hi = sorted((a.x(), b.x()))
        middle = (lo + hi) / 2 - w / 2
        band = int(a.y() // 16)
        near = [r for k in (band - 1, band, band + 1) for r in self._placed.get(k, ())]
        # the middle of the run first, then further out on both sides while on the run
        rect = QRectF()
        for k in range(13):
            step = (k + 1) // 2 * (1 if k % 2 else -1) * (w / 2 + 3)
            x = _clamp(middle + step, 0.0, max(0.0, width - w))
            rect = QRectF(x, a.y() - h / 2, w, h)
            if k and not lo - w / 2 <= x + w / 2 <= hi + w / 2:
                continue
            if not any(rect.intersects(r) for r in near):
                break
        else:
            rect.moveLeft(_clamp(middle, 0.0, max(0.0, width - w)))
        self._placed.setdefault(band, []).append(rect)
        return rect

    # --- painting ------------------------------------------------------------------------------

    def emphasized(self, link: Link, selected: tuple[int, int] | None) -> bool:
        """Drawn strong: marked so by the caller, or touching the selected span."""
        return link.emphasized or (selected is not None and selected in (link.head, link.tail))

    def paint(
        self,
        painter: QPainter,
        exposed: QRectF,
        selected: tuple[int, int] | None = None,
        background: QColor | None = None,
    ) -> int:
        """Draw the links meeting ``exposed`` (document coordinates; the painter is translated
        to them); labels on ``background`` (the text's). Returns how many were drawn."""
        if not self._links or self._offsets is None:
            return 0
        first, last = self._visible_blocks(exposed)
        strong: list[tuple[Link, LinkGeometry]] = []
        light: list[tuple[Link, LinkGeometry]] = []
        for link in self._links:
            lo, hi = self._blocks(link)
            if hi < first or lo > last:
                continue
            geo = self.geometry(link)
            if geo is None or not geo.bounds.intersects(exposed):
                continue
            (strong if self.emphasized(link, selected) else light).append((link, geo))
        if not strong and not light:
            return 0
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font)
        back = QColor(background if background is not None else QColor("#ffffff"))
        faded = bool(strong)  # with something emphasized, the rest steps back
        for link, geo in light:
            self._draw(painter, link, geo, 1.2 if faded else 1.6, 0.35 if faded else 0.8, back)
        for link, geo in strong:
            self._draw(painter, link, geo, 2.6, 1.0, back)
        painter.restore()
        return len(strong) + len(light)

    def _draw(
        self,
        painter: QPainter,
        link: Link,
        geo: LinkGeometry,
        width: float,
        alpha: float,
        back: QColor,
    ) -> None:
        color = QColor(link.color)
        if not color.isValid():
            color = QColor("#666666")
        color = color.darker(125)
        color.setAlphaF(alpha)
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(geo.path)
        painter.setBrush(QBrush(color))
        painter.drawEllipse(geo.start, width + 1, width + 1)
        painter.drawPolygon(geo.arrow)
        if not geo.label_rect.isEmpty():
            ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
            label = self._label_pixmap(link.label, color, back, geo.label_rect.size(), ratio)
            painter.drawPixmap(geo.label_rect.topLeft(), label)

    def _label_pixmap(
        self, text: str, color: QColor, back: QColor, size: QSizeF, ratio: float
    ) -> QPixmap:
        """A label drawn once (shaping Arabic at every paint cost half the overlay's time)."""
        key = (text, color.rgba(), back.rgba(), round(size.width()), ratio)
        pixmap = self._labels.get(key)
        if pixmap is None:
            w, h = size.width(), size.height()
            pixmap = QPixmap(math.ceil(w * ratio), math.ceil(h * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setFont(self._font)
            fill = QColor(back)
            fill.setAlphaF(0.92 if color.alphaF() == 1.0 else 0.8)
            p.setPen(QPen(color, 1.0))
            p.setBrush(QBrush(fill))
            box = QRectF(0.5, 0.5, w - 1, h - 1)
            p.drawRoundedRect(box, 3, 3)
            p.setPen(color)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            p.end()
            self._labels[key] = pixmap
        return pixmap


def _text_width(doc: QTextDocument) -> float:
    """The width the text is wrapped to (QTextEdit sets it from the viewport); ``size()`` would
    lay the whole document out, a tenth of a second on a long article."""
    width = doc.textWidth()
    return width if width > 0 else doc.pageSize().width()


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(value, hi)) if lo <= hi else (lo + hi) / 2


def _valid(link: Link, length: int) -> bool:
    return all(0 <= s < e <= length for s, e in (link.head, link.tail))


def _rounded(points: Sequence[QPointF], radius: float) -> QPainterPath:
    """A polyline through ``points`` with its corners rounded."""
    path = QPainterPath(points[0])
    for prev, corner, nxt in zip(points, points[1:], points[2:], strict=False):
        a = _toward(corner, prev, radius)
        b = _toward(corner, nxt, radius)
        path.lineTo(a)
        path.quadTo(corner, b)
    path.lineTo(points[-1])
    return path


def _toward(origin: QPointF, target: QPointF, distance: float) -> QPointF:
    """The point ``distance`` from ``origin`` toward ``target`` (at most half way)."""
    dx, dy = target.x() - origin.x(), target.y() - origin.y()
    length = math.hypot(dx, dy)
    if length == 0:
        return QPointF(origin)
    t = min(distance, length / 2) / length
    return QPointF(origin.x() + dx * t, origin.y() + dy * t)


def _arrow_head(before: QPointF, tip: QPointF) -> QPolygonF:
    dx, dy = tip.x() - before.x(), tip.y() - before.y()
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip.x() - ux * ARROW, tip.y() - uy * ARROW
    half = ARROW * 0.5
    return QPolygonF(
        [tip, QPointF(bx - uy * half, by + ux * half), QPointF(bx + uy * half, by - ux * half)]
    )
