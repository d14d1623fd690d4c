"""Links between spans (event roles, relations) drawn as arrows over the article text.

The caller hands the view ``Link`` records (Python code-point offsets, colour, label text in the
language it chooses); this module only draws them. Nothing here touches the text: arrows are
painted on the viewport after QTextEdit has painted, so the text keeps exactly its layout.

Routing, in document coordinates (text_geometry.py, offsets through offsets.py only):
- an arrow leaves the head where its glyphs are drawn (glyph runs, exact in mixed Arabic/Latin
  lines) and ends, with its arrow head, inside the tail's glyphs;
- it runs horizontally only through the blank band between lines (the article's line height is
  165 %, the extra space is below each line), and vertically only in the document margin, so it
  never crosses words; two spans on one line are joined through the band above that line, spans
  on neighbouring lines through the band between them;
- links share the bands and the margin in five lanes a few pixels apart, so parallel arrows stay
  apart; the label sits on the route's longest horizontal run, on an opaque background.

Cost: each link's geometry is computed once per layout (``invalidate`` on resize, font or text
change) and only for links near the painted area; a paint draws only the links whose bounds meet
the exposed rectangle.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextDocument,
)

from .offsets import OffsetMap
from .text_geometry import line_gaps, span_rects

LANES = 5
LANE_STEP = 2.5  # pixels between parallel runs in a band or in the margin
INSET = 3.0  # how far inside the glyph rectangle an arrow starts and ends
CORNER = 7.0
ARROW = 7.0


@dataclass(frozen=True, slots=True)
class Link:
    """An arrow from the span ``head`` to the span ``tail``, each (start, end) in code points."""

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
        self._links: list[Link] = []
        self._lanes: dict[int | str, int] = {}
        self._geometry: dict[int | str, LinkGeometry | None] = {}
        self._rows: dict[int | str, tuple[float, float]] = {}  # coarse y extent, for culling
        # labels placed so far, by band (y // 16): a new label slides along its run to a free spot
        self._placed: dict[int, list[QRectF]] = {}
        self._font = QFont()

    # --- data ----------------------------------------------------------------------------------

    def reset(self, offsets: OffsetMap | None) -> None:
        """A new text is shown: its links are the caller's to set again."""
        self._offsets = offsets
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
        self.invalidate()

    # --- geometry ------------------------------------------------------------------------------

    def geometry(self, link: Link) -> LinkGeometry | None:
        """The link's geometry (cached); None when a span is outside the text."""
        if link.id not in self._geometry:
            self._geometry[link.id] = self._compute(link)
        return self._geometry[link.id]

    def _row(self, link: Link) -> tuple[float, float]:
        """The vertical extent of the paragraphs of the head and the tail: cheap, and the
        arrow never leaves it (its labels sit in the bands, inside the paragraph spacing)."""
        row = self._rows.get(link.id)
        if row is None:
            row = (math.inf, -math.inf)
            offsets = self._offsets
            if offsets is not None and _valid(link, offsets.length):
                engine = self._document.documentLayout()
                top, bottom = math.inf, -math.inf
                for pos in (link.head[0], link.tail[0], link.head[1] - 1, link.tail[1] - 1):
                    block = self._document.findBlockByNumber(offsets.block_of(pos))
                    rect = engine.blockBoundingRect(block)
                    top, bottom = min(top, rect.top()), max(bottom, rect.bottom())
                margin = self._document.documentMargin()
                row = (top - margin, bottom + margin)
            self._rows[link.id] = row
        return row

    def _compute(self, link: Link) -> LinkGeometry | None:
        offsets, doc = self._offsets, self._document
        if offsets is None or not _valid(link, offsets.length):
            return None
        head_rects = span_rects(doc, offsets, *link.head)
        tail_rects = span_rects(doc, offsets, *link.tail)
        if not head_rects or not tail_rects:
            return None
        # the pieces facing each other: the head's last line and the tail's first when the tail
        # comes later in the text, else the other way round
        later = link.tail[0] >= link.head[0]
        hp = head_rects[-1] if later else head_rects[0]
        tp = tail_rects[0] if later else tail_rects[-1]
        head_at = link.head[1] - 1 if later else link.head[0]
        tail_at = link.tail[0] if later else link.tail[1] - 1
        h_above, h_below = line_gaps(doc, offsets, head_at)
        t_above, t_below = line_gaps(doc, offsets, tail_at)
        lane = self._lanes.get(link.id, 0)
        shift = (lane - LANES // 2) * LANE_STEP
        # links leaving or reaching one span spread over its width, by lane
        hx = _clamp(hp.center().x() + shift * 2, hp.left() + 2, hp.right() - 2)
        tx = _clamp(tp.center().x() - shift * 2, tp.left() + 2, tp.right() - 2)
        if abs(hx - tx) < 2 * CORNER:  # one above the other, or nested: keep the corners apart
            hx = min(hp.right() - 1, hx + CORNER)
            tx = max(tp.left() + 1, tx - CORNER)
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
                width = doc.size().width()
                margin = doc.documentMargin()
                lane_x = margin * 0.3 + lane * LANE_STEP
                mx = width - lane_x if (hx + tx) / 2 > width / 2 else lane_x
                points = [start, QPointF(hx, y1), QPointF(mx, y1), QPointF(mx, y2), QPointF(tx, y2)]
        points.append(end)
        path = _rounded(points, CORNER)
        arrow = _arrow_head(points[-2], end)
        label_rect = self._label_rect(link.label, points, doc.size().width())
        bounds = path.boundingRect().united(arrow.boundingRect()).adjusted(-3, -3, 3, 3)
        if not label_rect.isEmpty():
            bounds = bounds.united(label_rect)
        return LinkGeometry(points[0], end, path, arrow, label_rect, bounds)

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
        self, painter: QPainter, exposed: QRectF, selected: tuple[int, int] | None = None
    ) -> int:
        """Draw the links meeting ``exposed`` (document coordinates; the painter is translated
        to them). Returns how many were drawn."""
        if not self._links or self._offsets is None:
            return 0
        top, bottom = exposed.top(), exposed.bottom()
        strong: list[tuple[Link, LinkGeometry]] = []
        light: list[tuple[Link, LinkGeometry]] = []
        for link in self._links:
            row = self._row(link)
            if row[1] < top or row[0] > bottom:
                continue
            geo = self.geometry(link)
            if geo is None or not geo.bounds.intersects(exposed):
                continue
            (strong if self.emphasized(link, selected) else light).append((link, geo))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font)
        faded = bool(strong)  # with something emphasized, the rest steps back
        for link, geo in light:
            self._draw(painter, link, geo, 1.2 if faded else 1.6, 0.35 if faded else 0.8)
        for link, geo in strong:
            self._draw(painter, link, geo, width=2.6, alpha=1.0)
        painter.restore()
        return len(strong) + len(light)

    def _draw(
        self, painter: QPainter, link: Link, geo: LinkGeometry, width: float, alpha: float
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
            back = QColor("#ffffff")
            back.setAlphaF(0.92 if alpha == 1.0 else 0.8)
            painter.setPen(QPen(color, 1.0))
            painter.setBrush(QBrush(back))
            painter.drawRoundedRect(geo.label_rect, 3, 3)
            painter.setPen(color)
            painter.drawText(geo.label_rect, Qt.AlignmentFlag.AlignCenter, link.label)


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
