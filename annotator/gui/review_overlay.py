"""Review mode's outlines: each compared annotator's spans drawn over the article, one colour
and line style per annotator, while the highlighter shows only the gold layer (docs/teams.md).

Painted like the suggestion overlay (suggestion_overlay.py): glyph rectangles from
``text_geometry.span_rects``, cached per layout, after QTextEdit has painted. Each annotator's
outline sits a little further out, so two annotators' outlines of one span are both seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ..core.model import Span
from .text_geometry import span_rects

if TYPE_CHECKING:
    from .article_view import ArticleView

# (colour, line style) per compared annotator, in the order they are listed
STYLES: tuple[tuple[str, Qt.PenStyle], ...] = (
    ("#1f5fbf", Qt.PenStyle.DashLine),
    ("#c2185b", Qt.PenStyle.DotLine),
    ("#2e7d32", Qt.PenStyle.DashDotLine),
    ("#e65100", Qt.PenStyle.SolidLine),
    ("#6a1b9a", Qt.PenStyle.DashDotDotLine),
)
PEN_WIDTH = 1.8
OUTSET = 2.0  # the first annotator's outline just outside the glyphs
STEP = 2.5  # each next annotator's a little further out


def style_of(index: int) -> tuple[str, Qt.PenStyle]:
    return STYLES[index % len(STYLES)]


class ReviewOverlay:
    """The compared annotators' spans of the document shown, and which are drawn."""

    def __init__(self, view: ArticleView) -> None:
        self._view = view
        self._layers: list[tuple[str, list[Span]]] = []
        self.hidden: set[str] = set()
        self._rects: dict[tuple[int, int], list[QRectF]] = {}
        self._layout_key: tuple[object, ...] | None = None

    def set_layers(self, layers: Sequence[tuple[str, Iterable[Span]]]) -> None:
        """(annotator, spans) in the order of their styles; [] draws nothing."""
        self._layers = [(name, list(spans)) for name, spans in layers]
        self._view.viewport().update()

    def set_shown(self, annotator: str, shown: bool) -> None:
        if shown:
            self.hidden.discard(annotator)
        else:
            self.hidden.add(annotator)
        self._view.viewport().update()

    def outlined(self) -> dict[str, list[tuple[int, int, str]]]:
        """What is drawn, per annotator (tests)."""
        return {
            name: [(s.start, s.end, s.label) for s in spans]
            for name, spans in self._layers
            if name not in self.hidden
        }

    def _span_rects(self, start: int, end: int) -> list[QRectF]:
        view = self._view
        doc = view.document()
        key = (view.offsets, round(doc.textWidth(), 1), doc.defaultFont().pointSizeF())
        if key != self._layout_key:
            self._layout_key = key
            self._rects.clear()
        found = self._rects.get((start, end))
        if found is None and view.offsets is not None:
            laid_out = span_rects(doc, view.offsets, start, end)
            if laid_out is None:
                return []
            found = self._rects[(start, end)] = laid_out
        return found or []

    def paint(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw the outlines meeting ``exposed`` (document coordinates; painter translated)."""
        if not self._layers or self._view.offsets is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for index, (name, spans) in enumerate(self._layers):
            if name in self.hidden:
                continue
            color, style = style_of(index)
            pen = QPen(QColor(color), PEN_WIDTH)
            pen.setStyle(style)
            painter.setPen(pen)
            out = OUTSET + STEP * index
            for span in spans:
                for rect in self._span_rects(span.start, span.end):
                    box = rect.adjusted(-out, -out / 2, out, out / 2)
                    if box.intersects(exposed):
                        painter.drawRoundedRect(box, 3.0, 3.0)
        painter.restore()
