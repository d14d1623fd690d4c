"""Span highlights for the article view: a QSyntaxHighlighter indexed per paragraph.

Measured (shared NOTES.md): at 5,000 spans on 100,000 characters a QSyntaxHighlighter paints at
the speed of plain text and re-highlights one paragraph in about 0.2 ms, where ExtraSelections cost
4x per frame and reset the whole list on every change. So spans live here; ExtraSelections are kept
for transient marks (find hits).

Overlaps: in each piece of text the longest span covering it gets the background colour and the
shortest other one a coloured underline, so a CLAIM containing an ACTOR shows the CLAIM's colour
throughout with the ACTOR underlined inside it. The selected span is drawn in its full colour with
contrasting text, whatever overlaps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ..core.model import Span
from .offsets import OffsetMap

FALLBACK_COLOR = "#999999"
# Light enough that black Arabic text (and its harakat) stays readable on it.
BACKGROUND_ALPHA = 0.35


def _blend(color: QColor, alpha: float) -> QColor:
    """``color`` at ``alpha`` over white, as an opaque colour (cheaper to paint than alpha)."""
    r = round(255 + (color.red() - 255) * alpha)
    g = round(255 + (color.green() - 255) * alpha)
    b = round(255 + (color.blue() - 255) * alpha)
    return QColor(r, g, b)


def _contrast(color: QColor) -> QColor:
    luminance = 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()
    return QColor("#000000") if luminance > 150 else QColor("#ffffff")


class SpanHighlighter(QSyntaxHighlighter):
    """Colours the spans of one document. Call ``set_spans`` once, then ``update_spans``."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._offsets: OffsetMap | None = None
        self._spans: dict[int, Span] = {}
        # block number -> ids of the spans that touch it
        self._by_block: dict[int, set[int]] = {}
        self._colors: dict[str, str] = {}
        self._formats: dict[tuple[str, str, bool], QTextCharFormat] = {}
        self.selected_id: int | None = None

    # --- data ----------------------------------------------------------------------------------

    def set_label_colors(self, colors: Mapping[str, str]) -> None:
        """Label name -> "#rrggbb". Re-highlights everything (labels change rarely)."""
        self._colors = dict(colors)
        self._formats.clear()
        if self._offsets is not None:
            self.rehighlight()

    def set_spans(
        self, offsets: OffsetMap, spans: Iterable[Span], *, rehighlight: bool = True
    ) -> None:
        """Spans of a newly shown document.

        Call it with ``rehighlight=False`` just before ``setPlainText``: Qt highlights every
        block while laying the new text out, so a second full pass would double the open time.
        """
        self._offsets = offsets
        self._spans = {}
        self._by_block = {}
        self.selected_id = None
        for span in spans:
            self._index(span)
        if rehighlight:
            self.rehighlight()

    def clear_spans(self) -> None:
        self._offsets = None
        self._spans = {}
        self._by_block = {}
        self.selected_id = None

    def update_spans(
        self,
        removed: Iterable[Span] = (),
        added: Iterable[Span] = (),
        selected: int | Literal[False] | None = False,
    ) -> None:
        """Apply a change and re-highlight only the paragraphs it touches, each once.

        ``selected``: the span to draw as selected from now on (None: none; False: unchanged).
        """
        if self._offsets is None:
            return
        touched: set[int] = set()
        if selected is not False and selected != self.selected_id:
            touched.update(self._blocks_of_id(self.selected_id))
            self.selected_id = selected
        for span in removed:
            old = self._spans.pop(span.id, None)
            if old is not None:
                touched.update(self._unindex(old))
        for span in added:
            old = self._spans.get(span.id)
            if old is not None:
                touched.update(self._unindex(old))
            touched.update(self._index(span))
        if self.selected_id is not None and self.selected_id not in self._spans:
            self.selected_id = None
        self._rehighlight_blocks(touched)

    def _blocks_of_id(self, span_id: int | None) -> range:
        span = self._spans.get(span_id) if span_id is not None else None
        if span is None or self._offsets is None:
            return range(0)
        return self._offsets.blocks_of_range(span.start, span.end)

    def set_selected(self, span_id: int | None) -> None:
        """Draw ``span_id`` as the selected span (None: no selection)."""
        if span_id == self.selected_id:
            return
        touched: set[int] = set()
        for sid in (self.selected_id, span_id):
            if sid is not None and sid in self._spans and self._offsets is not None:
                span = self._spans[sid]
                touched.update(self._offsets.blocks_of_range(span.start, span.end))
        self.selected_id = span_id
        self._rehighlight_blocks(touched)

    def spans(self) -> dict[int, Span]:
        return self._spans

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering code point ``offset``, longest first (the order they are drawn in)."""
        if self._offsets is None:
            return []
        block = self._offsets.block_of(offset)
        found = [
            self._spans[sid]
            for sid in self._by_block.get(block, ())
            if self._spans[sid].start <= offset < self._spans[sid].end
        ]
        found.sort(key=lambda s: (-(s.end - s.start), s.start, s.id))
        return found

    def _index(self, span: Span) -> range:
        assert self._offsets is not None
        self._spans[span.id] = span
        blocks = self._offsets.blocks_of_range(span.start, span.end)
        for b in blocks:
            self._by_block.setdefault(b, set()).add(span.id)
        return blocks

    def _unindex(self, span: Span) -> range:
        assert self._offsets is not None
        blocks = self._offsets.blocks_of_range(span.start, span.end)
        for b in blocks:
            ids = self._by_block.get(b)
            if ids is not None:
                ids.discard(span.id)
        return blocks

    def _rehighlight_blocks(self, blocks: Iterable[int]) -> None:
        doc = self.document()
        for number in sorted(blocks):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    # --- drawing -------------------------------------------------------------------------------

    def _format(
        self, background: str | None, underline: str | None, selected: bool
    ) -> QTextCharFormat:
        key = (background or "", underline or "", selected)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if background:
                base = QColor(self._colors.get(background, FALLBACK_COLOR))
                if selected:
                    fmt.setBackground(base)
                    fmt.setForeground(_contrast(base))
                else:
                    fmt.setBackground(_blend(base, BACKGROUND_ALPHA))
            if underline:
                fmt.setFontUnderline(True)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                # darker than the label colour: a thin line must still read against the background
                fmt.setUnderlineColor(
                    QColor(self._colors.get(underline, FALLBACK_COLOR)).darker(150)
                )
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        offsets = self._offsets
        if offsets is None:
            return
        block = self.currentBlock()
        number = block.blockNumber()
        ids = self._by_block.get(number)
        if not ids:
            return
        position = block.position()
        pieces: list[tuple[int, int, Span]] = []
        cuts: set[int] = set()
        for sid in ids:
            span = self._spans[sid]
            rs, n = offsets.in_block(number, position, span.start, span.end)
            if n:
                pieces.append((rs, rs + n, span))
                cuts.add(rs)
                cuts.add(rs + n)
        if not pieces:
            return
        if len(pieces) == 1:
            rs, re_, span = pieces[0]
            selected = span.id == self.selected_id
            self.setFormat(rs, re_ - rs, self._format(span.label, None, selected))
            return
        # Sweep the elementary segments between all span boundaries in this block, keeping the
        # set of spans that cover the current one; equal neighbours are merged into one format.
        selected_id = self.selected_id
        starts = sorted(pieces, key=lambda p: p[0])
        ends = sorted(pieces, key=lambda p: p[1])
        edges = sorted(cuts)
        active: dict[int, Span] = {}
        si = ei = 0
        run_start = -1
        run_key: tuple[str, str | None, bool] | None = None
        for a in edges[:-1]:
            while ei < len(ends) and ends[ei][1] <= a:
                active.pop(ends[ei][2].id, None)
                ei += 1
            while si < len(starts) and starts[si][0] <= a:
                if starts[si][1] > a:
                    active[starts[si][2].id] = starts[si][2]
                si += 1
            key: tuple[str, str | None, bool] | None = None
            if active:
                spans = active.values()
                if selected_id in active:
                    back = active[selected_id]
                else:
                    back = min(spans, key=_outer_first)
                others = [sp for sp in spans if sp.id != back.id]
                under = max(others, key=_outer_first).label if others else None
                key = (back.label, under, back.id == selected_id)
            if key != run_key:
                if run_key is not None:
                    self.setFormat(run_start, a - run_start, self._format(*run_key))
                run_start, run_key = a, key
        if run_key is not None:
            self.setFormat(run_start, edges[-1] - run_start, self._format(*run_key))


def _outer_first(span: Span) -> tuple[int, int, int]:
    """Sort key: the longest span first (it takes the background), then by position."""
    return (-(span.end - span.start), span.start, span.id)
