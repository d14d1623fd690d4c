"""Where text is drawn in the article view: the character under a point, the rectangles of a span.

Positions cross into Qt through ``OffsetMap`` only. Rectangles come from the glyphs as laid out
(``QTextLayout.glyphRuns``), not from cursor positions: at a direction boundary (a Latin name inside
an Arabic line) ``cursorToX`` answers in the paragraph direction's sense and misplaces the word
(shared NOTES.md, "Where a word is drawn in a mixed Arabic/Latin line").

Coordinates: "document" coordinates are those of the laid-out QTextDocument; the viewport shows
them shifted by ``content_offset``.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLayout, QTextLine
from PySide6.QtWidgets import QAbstractScrollArea

from .offsets import OffsetMap


def content_offset(area: QAbstractScrollArea) -> QPointF:
    """Document point shown at the viewport's (0, 0), as QTextEdit computes it."""
    hbar = area.horizontalScrollBar()
    x = hbar.maximum() - hbar.value() if area.isRightToLeft() else hbar.value()
    return QPointF(x, area.verticalScrollBar().value())


def char_at(document: QTextDocument, offsets: OffsetMap, point: QPointF) -> int | None:
    """Python offset of the character under document ``point``, None if there is none.

    Asks the line for the character under x (``CursorOnCharacter``): cursor positions are
    ambiguous where a Latin word, a number or an emoji meets Arabic (a run boundary is two
    places on screen), the character under the mouse is not.
    """
    position = document.documentLayout().hitTest(point, Qt.HitTestAccuracy.FuzzyHit)
    block = document.findBlock(max(0, position))
    layout = block.layout() if block.isValid() else None
    if layout is None:
        return None
    local = point - layout.position()
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if not line.y() <= local.y() < line.y() + line.height():
            continue
        extent = line.naturalTextRect()
        if not extent.left() <= local.x() <= extent.right():
            return None  # beside the text (a short line's empty side)
        rel = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
        line_end = line.textStart() + line.textLength()
        if rel >= line_end and line.textLength():
            # Qt answers "after the line" over the glyph of its last character (a full stop
            # ending a right-to-left paragraph): that character is the one under the mouse
            rel = line_end - 1
        q = block.position() + rel
        if rel >= block.length() - 1 or q >= offsets.qt_length:
            return None
        return offsets.from_qt(q)
    return None


def _layout(document: QTextDocument, block: QTextBlock) -> QTextLayout | None:
    """The block's layout with its lines, or None while Qt has not laid it out again (a block
    whose formats just changed can be without lines for a moment: never read a line then)."""
    if not block.isValid():
        return None
    document.documentLayout().blockBoundingRect(block)  # lays the block out if it is not yet
    layout = block.layout()
    if layout is not None and layout.lineCount() == 0:
        # after a highlight change Qt stops laying out ahead of the screen; asking it to lay
        # this paragraph out now gives the lines it will draw there (the text is unchanged)
        document.markContentsDirty(block.position(), block.length())
    return layout if layout is not None and layout.lineCount() > 0 else None


def span_rects(
    document: QTextDocument, offsets: OffsetMap, start: int, end: int
) -> list[QRectF] | None:
    """Document rectangles of Python range [start, end): one per line it is drawn on, in logical
    order (in right-to-left text the first one is the right-hand piece of the first line).

    Each is the union of the glyph runs of the range's characters on that line (as high as the
    line, as wide as the glyphs). Empty for an empty or out-of-range span; None while a
    paragraph it touches is not laid out.
    """
    if not 0 <= start < end <= offsets.length:
        return []
    out: list[QRectF] = []
    for number in offsets.blocks_of_range(start, end):
        block = document.findBlockByNumber(number)
        layout = _layout(document, block)
        if layout is None:
            return None
        rs, n = offsets.in_block(number, block.position(), start, end)
        if not n:
            continue
        origin = layout.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            a = max(rs, line.textStart())
            b = min(rs + n, line.textStart() + line.textLength())
            if b <= a:
                continue
            rect = QRectF()
            for run in layout.glyphRuns(a, b - a):
                rect = rect.united(run.boundingRect())
            if rect.isEmpty():  # only spaces on this line: the cursor extent, as a fallback
                x1, x2 = sorted((_cursor_x(line, a), _cursor_x(line, b)))
                rect = QRectF(x1, line.y(), max(1.0, x2 - x1), line.height())
            out.append(rect.translated(origin))
    return out


def _cursor_x(line: QTextLine, position: int) -> float:
    found = line.cursorToX(position)  # PySide6 returns (x, position) for the C++ in/out argument
    return float(found[0] if isinstance(found, tuple) else cast(float, found))


def line_gaps(
    document: QTextDocument, offsets: OffsetMap, start: int
) -> tuple[float, float] | None:
    """Document y of the middle of the blank band above and below the line holding ``start``
    (None while that paragraph or a neighbour is not laid out).

    The article's line height is proportional (165 %): the extra space is below each line, so
    the band between two lines is free of glyphs. Each band is measured between the two lines
    as laid out (the previous or next line, in this paragraph or the neighbouring one), so two
    neighbouring lines agree on the band between them; the first line uses the document margin.
    """
    block = document.findBlockByNumber(offsets.block_of(start))
    layout = _layout(document, block)
    if layout is None:
        return None
    qt = offsets.to_qt(start) - block.position()
    line = layout.lineForTextPosition(min(qt, max(0, block.length() - 1)))
    if not line.isValid():
        line = layout.lineAt(0)
    origin = layout.position().y()
    top = origin + line.y()
    bottom = top + line.height()
    spacing = line.height() * 0.65  # when there is no neighbour to measure against
    n = line.lineNumber()
    if n > 0:
        previous = layout.lineAt(n - 1)
        prev_bottom = origin + previous.y() + previous.height()
    elif block.previous().isValid():
        before = _layout(document, block.previous())
        if before is None:
            return None
        last = before.lineAt(before.lineCount() - 1)
        prev_bottom = before.position().y() + last.y() + last.height()
    else:
        prev_bottom = max(0.0, top - spacing)
    if n + 1 < layout.lineCount():
        next_top = origin + layout.lineAt(n + 1).y()
    elif block.next().isValid():
        after = _layout(document, block.next())
        if after is None:
            return None
        next_top = after.position().y() + after.lineAt(0).y()
    else:
        next_top = bottom + spacing
    return (prev_bottom + top) / 2, (bottom + next_top) / 2
