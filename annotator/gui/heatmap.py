"""The label-by-label confusion heatmap of two annotators (issue 11), painted with QPainter.

One painting function serves the agreement window (``HeatmapWidget``) and
``annotator agreement --plot`` (``heatmap_image``, offscreen: no plotting dependency). Rows are
annotator A's labels then "extra" (B's spans A has nothing overlapping for), columns B's labels
then "missed" (A's spans B has nothing overlapping for); ``core.agreement.confusion`` counts
them. A cell's shade grows with its count; agreeing cells (the diagonal) are blue, the others
orange, so disagreement stands out. ``rtl`` mirrors the grid for the Arabic UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.agreement import Confusion

_AGREE = QColor("#0072B2")  # Okabe-Ito blue
_DISAGREE = QColor("#D55E00")  # Okabe-Ito vermillion
_CELL = 56
_PAD = 10


@dataclass
class HeatmapData:
    """What is painted: header texts (already in the language wanted) and counts[row][col]."""

    title: str
    row_title: str
    column_title: str
    rows: list[str]
    columns: list[str]
    counts: list[list[int]]
    agreeing: list[tuple[int, int]]  # (row, column) cells that are agreement

    @classmethod
    def from_confusion(
        cls,
        confusion: Confusion,
        title: str,
        names: dict[str, str] | None = None,
        row_title: str = "",
        column_title: str = "",
    ) -> HeatmapData:
        """From a ``core.agreement.Confusion``; ``names`` maps stored names to shown ones."""
        names = names or {}
        rows, cols, count = confusion.rows, confusion.columns, confusion.count
        a, b = confusion.a, confusion.b
        agreeing = [(i, cols.index(r)) for i, r in enumerate(rows) if r in cols]
        return cls(
            title,
            row_title or a,
            column_title or b,
            [names.get(r, r) for r in rows],
            [names.get(c, c) for c in cols],
            [[int(count(r, c)) for c in cols] for r in rows],
            agreeing,
        )


def _shade(base: QColor, fraction: float) -> QColor:
    """White at 0, ``base`` at 1."""
    f = max(0.0, min(1.0, fraction))
    return QColor(
        round(255 + (base.red() - 255) * f),
        round(255 + (base.green() - 255) * f),
        round(255 + (base.blue() - 255) * f),
    )


def _layout(data: HeatmapData, font: QFont) -> tuple[int, int, int]:
    """(width of the row headers, height of the column headers, line height)."""
    fm = QFontMetrics(font)
    line = fm.height()
    head_w = max([fm.horizontalAdvance(t) for t in [*data.rows, data.row_title]] + [40]) + _PAD
    col_w = max([fm.horizontalAdvance(t) for t in data.columns] + [0])
    cell = max(_CELL, col_w + _PAD)
    return head_w, line * 3 + _PAD, cell


def heatmap_size(data: HeatmapData, font: QFont) -> QSize:
    head_w, head_h, cell = _layout(data, font)
    return QSize(
        _PAD * 2 + head_w + cell * len(data.columns),
        _PAD * 2 + head_h + cell * len(data.rows),
    )


def paint_heatmap(
    painter: QPainter, area: QRect, data: HeatmapData, font: QFont, rtl: bool = False
) -> None:
    """Paint ``data`` into ``area`` of ``painter`` (mirrored when ``rtl``)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(area, QColor("white"))
    painter.setFont(font)
    head_w, head_h, cell = _layout(data, font)
    line = QFontMetrics(font).height()
    x0, y0 = area.left() + _PAD, area.top() + _PAD
    width = head_w + cell * len(data.columns)

    def xs(x: int, w: int) -> int:
        """Left edge of a box at ``x`` (from the reading start) of width ``w``."""
        return area.left() + area.width() - (x - area.left()) - w if rtl else x

    # absolute: a painter on a right-to-left widget would mirror Left and Right once more
    start = Qt.AlignmentFlag.AlignAbsolute | (
        Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    )
    centre = Qt.AlignmentFlag.AlignCenter
    vcentre = Qt.AlignmentFlag.AlignVCenter
    painter.setPen(QColor("black"))
    painter.drawText(QRect(xs(x0, width), y0, width, line), start | vcentre, data.title)
    grid_x = x0 + head_w
    col_title_w = cell * len(data.columns)
    painter.drawText(
        QRect(xs(grid_x, col_title_w), y0 + line, col_title_w, line), centre, data.column_title
    )
    painter.drawText(QRect(xs(x0, head_w), y0 + line * 2, head_w, line), start, data.row_title)
    for j, name in enumerate(data.columns):
        painter.drawText(
            QRect(xs(grid_x + j * cell, cell), y0 + line * 2, cell, line), centre, name
        )
    grid_y = y0 + head_h
    peak = max([max(r) for r in data.counts if r] + [1])
    agreeing = set(data.agreeing)
    bold = QFont(font)
    bold.setBold(True)
    for i, name in enumerate(data.rows):
        y = grid_y + i * cell
        painter.setPen(QColor("black"))
        painter.setFont(font)
        painter.drawText(
            QRect(xs(x0, head_w - _PAD), y, head_w - _PAD, cell), start | vcentre, name
        )
        for j, n in enumerate(data.counts[i]):
            box = QRect(xs(grid_x + j * cell, cell), y, cell, cell)
            base = _AGREE if (i, j) in agreeing else _DISAGREE
            fill = _shade(base, n / peak if n else 0.0)
            painter.fillRect(box, fill)
            painter.setPen(QColor("#bbbbbb"))
            painter.drawRect(QRectF(box).adjusted(0, 0, -0.5, -0.5))
            dark = fill.lightness() < 140
            painter.setPen(QColor("white") if dark else QColor("black"))
            painter.setFont(bold if n else font)
            painter.drawText(box, centre, str(n))
    painter.restore()


def heatmap_image(data: HeatmapData, font: QFont, rtl: bool = False) -> QImage:
    """The heatmap as an image (needs a QGuiApplication, offscreen is enough)."""
    size = heatmap_size(data, font)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_heatmap(painter, QRect(0, 0, size.width(), size.height()), data, font, rtl)
    finally:
        painter.end()
    return image


class HeatmapWidget(QWidget):
    """Shows one ``HeatmapData``; mirrored with the widget's layout direction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementHeatmap")
        self.data: HeatmapData | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_data(self, data: HeatmapData | None) -> None:
        self.data = data
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        if self.data is None:
            return QSize(200, 120)
        return heatmap_size(self.data, self.font())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self.data is None:
                painter.fillRect(self.rect(), QColor("white"))
                return
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            paint_heatmap(painter, self.rect(), self.data, self.font(), rtl)
        finally:
            painter.end()
