"""Pending suggestions drawn over the article: dashed outlines in the label's colour.

A suggestion is not a span: it is never a character format (the highlighter draws spans as
backgrounds and underlines), so the two can never be mistaken for each other, and accepting or
rejecting one never re-highlights or re-lays out the text. The outlines are painted on the
viewport after QTextEdit has painted (``ArticleView.overlay_painters``).

Geometry comes from the glyphs as laid out (``text_geometry.span_rects``: glyph runs, exact where
Arabic and Latin meet on a line; cursor rectangles are not). It is computed once per layout (the
text shown, its wrapping width and font size) and only for the suggestions in the painted
paragraphs; a paint draws only those.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from ..core.model import Suggestion
from .offsets import OffsetMap
from .text_geometry import content_offset, span_rects

if TYPE_CHECKING:
    from .article_view import ArticleView

FALLBACK_COLOR = "#777777"
PEN_WIDTH = 1.6
CURRENT_PEN_WIDTH = 2.8
DASHES = [3.0, 2.5]
CURRENT_FILL_ALPHA = 40  # of 255: a tint that leaves the black text readable
OUTSET = 2.0  # the outline sits just outside the glyphs, clear of a span's background edge


class SuggestionOverlay:
    """The pending suggestions of the document shown, their outlines and the current one."""

    def __init__(self, view: ArticleView) -> None:
        self._view = view
        self._items: dict[int, Suggestion] = {}
        self._keys: list[tuple[int, int, int]] = []  # (start, end, id), sorted
        self._longest = 0
        self.current: int | None = None
        self._rects: dict[int, list[QRectF]] = {}
        self._layout_key: tuple[object, ...] | None = None

    # --- data ----------------------------------------------------------------------------------

    def set_suggestions(self, items: Iterable[Suggestion]) -> None:
        """The pending suggestions of a newly shown document."""
        self._items = {s.id: s for s in items if s.status == "pending"}
        self._reindex()
        self.current = None
        self._rects.clear()
        self._view.viewport().update()

    def apply(self, removed: Iterable[Suggestion], added: Iterable[Suggestion]) -> None:
        """Take out ``removed``, put in the pending ones of ``added`` (a status change is both)."""
        changed = False
        for s in removed:
            changed |= self._items.pop(s.id, None) is not None
            self._rects.pop(s.id, None)
        for s in added:
            if s.status == "pending":
                self._items[s.id] = s
                self._rects.pop(s.id, None)
                changed = True
        if changed:
            self._reindex()
            if self.current is not None and self.current not in self._items:
                self.current = None
            self._view.viewport().update()

    def _reindex(self) -> None:
        self._keys = sorted((s.start, s.end, s.id) for s in self._items.values())
        self._longest = max((e - s for s, e, _ in self._keys), default=0)

    def items(self) -> list[Suggestion]:
        """Pending suggestions in text order."""
        return [self._items[i] for _, _, i in self._keys]

    def get(self, suggestion_id: int | None) -> Suggestion | None:
        return None if suggestion_id is None else self._items.get(suggestion_id)

    def __len__(self) -> int:
        return len(self._items)

    def set_current(self, suggestion_id: int | None) -> None:
        if suggestion_id is not None and suggestion_id not in self._items:
            suggestion_id = None
        if suggestion_id != self.current:
            self.current = suggestion_id
            self._view.viewport().update()

    # --- finding -------------------------------------------------------------------------------

    def at(self, offset: int) -> Suggestion | None:
        """The shortest pending suggestion covering code point ``offset``."""
        lo = bisect_left(self._keys, (offset - self._longest, -1, -1))
        hi = bisect_right(self._keys, (offset, 1 << 62, 1 << 62))
        found = [self._items[i] for s, e, i in self._keys[lo:hi] if s <= offset < e]
        return min(found, key=lambda s: (s.end - s.start, s.start), default=None)

    def step(self, offset: int | None, forward: bool) -> Suggestion | None:
        """The suggestion after the current one (or before it), wrapping around; with none
        current, the first one at or after ``offset`` (the last before it); ``offset`` None:
        the first (or last) one."""
        if not self._keys:
            return None
        current = self._items.get(self.current) if self.current is not None else None
        if current is not None:
            row = self._keys.index((current.start, current.end, current.id))
            row = (row + (1 if forward else -1)) % len(self._keys)
            return self._items[self._keys[row][2]]
        if offset is None:
            key = self._keys[0] if forward else self._keys[-1]
            return self._items[key[2]]
        if forward:
            row = bisect_left(self._keys, (offset, -1, -1))
            return self._items[self._keys[row % len(self._keys)][2]]
        row = bisect_left(self._keys, (offset, -1, -1)) - 1
        return self._items[self._keys[row][2]]

    def at_or_after(self, offset: int) -> Suggestion | None:
        """The suggestion covering ``offset``, else the next one after it (wrapping around)."""
        return self.at(offset) or self.step(offset, True)

    # --- geometry ------------------------------------------------------------------------------

    def _check_layout(self) -> None:
        """Drop cached rectangles when the layout changed (another text, width or font)."""
        view = self._view
        doc = view.document()
        key = (
            view.document_.id if view.document_ is not None else None,
            view.offsets,
            round(doc.textWidth(), 1),
            doc.defaultFont().pointSizeF(),
        )
        if key != self._layout_key:
            self._layout_key = key
            self._rects.clear()

    def rects(self, suggestion_id: int) -> list[QRectF]:
        """Document rectangles of a suggestion, one per line (cached per layout)."""
        self._check_layout()
        found = self._rects.get(suggestion_id)
        if found is None:
            s = self._items.get(suggestion_id)
            offsets = self._view.offsets
            if s is None or offsets is None:
                return []
            laid_out = span_rects(self._view.document(), offsets, s.start, s.end)
            if laid_out is None:
                return []  # its paragraph is not laid out yet: nothing cached, asked again
            found = self._rects[suggestion_id] = laid_out
        return found

    def viewport_rects(self, suggestion_id: int) -> list[QRectF]:
        """Viewport rectangles of a suggestion (tests, screenshots)."""
        shift = content_offset(self._view)
        return [r.translated(-shift) for r in self.rects(suggestion_id)]

    def _visible_range(self, offsets: OffsetMap, exposed: QRectF) -> tuple[int, int]:
        """Code points of the paragraphs the exposed rectangle meets (document coordinates):
        a binary search over the paragraphs' laid-out rectangles, which grow downwards."""
        doc = self._view.document()
        engine = doc.documentLayout()
        count = doc.blockCount()

        def first_block(test: Callable[[QRectF], bool]) -> int:
            lo, hi = 0, count
            while lo < hi:
                mid = (lo + hi) // 2
                if test(engine.blockBoundingRect(doc.findBlockByNumber(mid))):
                    hi = mid
                else:
                    lo = mid + 1
            return lo

        first = first_block(lambda r: r.bottom() >= exposed.top())
        after = first_block(lambda r: r.top() > exposed.bottom())
        if first >= after:
            return 0, 0
        last = min(after - 1, offsets.block_count - 1)
        return offsets.block_starts[min(first, last)], offsets.block_end(last)

    # --- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw the outlines meeting ``exposed`` (document coordinates; painter translated)."""
        offsets = self._view.offsets
        if not self._keys or offsets is None:
            return
        lo, hi = self._visible_range(offsets, exposed)
        first = bisect_left(self._keys, (lo - self._longest, -1, -1))
        last = bisect_left(self._keys, (hi, -1, -1))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        colors = {lab.name: lab.color for lab in self._view.labels}
        current = None
        for _start, end, sid in self._keys[first:last]:
            if end <= lo:
                continue
            if sid == self.current:
                current = sid
                continue
            self._draw(painter, sid, exposed, colors, emphasized=False)
        if current is not None:  # on top of its neighbours
            self._draw(painter, current, exposed, colors, emphasized=True)
        painter.restore()

    def _draw(
        self,
        painter: QPainter,
        sid: int,
        exposed: QRectF,
        colors: dict[str, str],
        *,
        emphasized: bool,
    ) -> None:
        s = self._items[sid]
        color = QColor(colors.get(s.label, FALLBACK_COLOR)).darker(130)
        pen = QPen(color, CURRENT_PEN_WIDTH if emphasized else PEN_WIDTH)
        pen.setStyle(Qt.PenStyle.CustomDashLine)
        pen.setDashPattern(DASHES)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        if emphasized:
            fill = QColor(color)
            fill.setAlpha(CURRENT_FILL_ALPHA)
            painter.setBrush(QBrush(fill))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self.rects(sid):
            box = rect.adjusted(-OUTSET, -OUTSET / 2, OUTSET, OUTSET / 2)
            if box.intersects(exposed):
                painter.drawRoundedRect(box, 3.0, 3.0)
