"""The one place that converts Python code-point offsets to Qt positions and back.

Stored text is shown with ``QTextDocument.setPlainText(text)``. Qt counts UTF-16 units, so every
character outside the Basic Multilingual Plane (an emoji) takes two positions; Qt also drops one
leading U+FEFF. Paragraph breaks (``\\n``, U+2029, U+FDD0 and U+FDD1; stored text never holds
``\\r``) keep one position each and start a new QTextBlock. Nothing else changes the count:
harakat, tatweel, tabs, bidi marks, U+2028, NBSP are one position each (measured, see shared
NOTES.md and the tests).

The mapping keeps the sorted Python indices of non-BMP characters: the Qt position of a Python
offset is the offset plus the number of such characters before it (bisect), so a conversion costs
O(log n) whatever the text length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# QTextDocument.setPlainText starts a new block at these (the stored text has no "\r"). Qt
# uses the noncharacters U+FDD0 and U+FDD1 as its own frame markers: in plain text each becomes
# a paragraph break too (measured over the whole BMP: nothing else does). Import keeps them.
_BLOCK_BREAK = re.compile("[\n\u2029\r\ufdd0\ufdd1]")
BOM = "\ufeff"


class OffsetMap:
    """Python offsets <-> Qt positions for one stored text shown with ``setPlainText``."""

    __slots__ = ("_astral", "_astral_qt_end", "_lead", "block_starts", "length", "qt_length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Qt silently drops one leading BOM (clean() already removes one; a second one survives).
        self._lead = 1 if text.startswith(BOM) else 0
        self._astral: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position (before the dropped BOM is taken off) just after each astral character.
        self._astral_qt_end: list[int] = [a + k + 2 for k, a in enumerate(self._astral)]
        self.qt_length = self.length + len(self._astral) - self._lead
        # Python offset where each QTextBlock (paragraph) starts; block n <-> block_starts[n].
        self.block_starts: list[int] = [0] + [m.end() for m in _BLOCK_BREAK.finditer(text)]

    # --- whole-document conversion -------------------------------------------------------------

    def to_qt(self, offset: int) -> int:
        """Qt position of the boundary before Python code point ``offset`` (0..len)."""
        if not 0 <= offset <= self.length:
            raise IndexError(f"offset {offset} outside the text (length {self.length})")
        q = offset + bisect_left(self._astral, offset)
        if self._lead and offset > 0:
            q -= 1
        return q

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """Python offset of Qt ``position``.

        A position between the two UTF-16 halves of one character (Qt accepts it) rounds down to
        the character's start, or up to its end with ``round_up`` (for a selection's end, so a
        range never cuts a character in two).
        """
        if not 0 <= position <= self.qt_length:
            raise IndexError(f"Qt position {position} outside the text (length {self.qt_length})")
        if self._lead:
            if position == 0:
                return 0
            position += 1
        # astral characters that end at or before the position are fully before it
        n = bisect_right(self._astral_qt_end, position)
        offset = position - n
        if n < len(self._astral) and self._astral[n] + n + 1 == position:
            # inside character self._astral[n]: offset is already one past its start
            return offset if round_up else offset - 1
        return offset

    def range_from_qt(self, a: int, b: int) -> tuple[int, int]:
        """Python (start, end) of a Qt selection given in either order, never splitting a char."""
        lo, hi = (a, b) if a <= b else (b, a)
        return self.from_qt(lo), self.from_qt(hi, round_up=True)

    # --- per block (paragraph) ----------------------------------------------------------------

    @property
    def block_count(self) -> int:
        return len(self.block_starts)

    def block_of(self, offset: int) -> int:
        """Number of the block that holds code point ``offset`` (a break belongs to its block)."""
        return max(0, bisect_right(self.block_starts, offset) - 1)

    def blocks_of_range(self, start: int, end: int) -> range:
        """Block numbers that a non-empty Python range [start, end) touches."""
        first = self.block_of(start)
        last = self.block_of(max(start, end - 1))
        return range(first, last + 1)

    def block_end(self, block: int) -> int:
        """Python offset just past the block's text (its break character excluded)."""
        if block + 1 < len(self.block_starts):
            return self.block_starts[block + 1] - 1
        return self.length

    def in_block(self, block: int, block_position: int, start: int, end: int) -> tuple[int, int]:
        """Block-relative Qt (start, length) of Python range [start, end) clipped to ``block``.

        ``block_position`` is ``QTextBlock.position()``. Length 0 when the range misses the block.
        """
        s = max(start, self.block_starts[block])
        e = min(end, self.block_end(block))
        if e <= s:
            return 0, 0
        qs = self.to_qt(s)
        return qs - block_position, self.to_qt(e) - qs


def verify_document(offsets: OffsetMap, character_count: int, block_count: int) -> None:
    """Raise if Qt laid the text out differently from what the map assumes.

    ``character_count`` is ``QTextDocument.characterCount()`` (one more than the text length),
    ``block_count`` is ``QTextDocument.blockCount()``. A mismatch would put every highlight after
    it in the wrong place, so it is an error, not something to paper over.
    """
    if character_count - 1 != offsets.qt_length or block_count != offsets.block_count:
        raise RuntimeError(
            "the article view does not match the stored text "
            f"(Qt: {character_count - 1} positions in {block_count} paragraphs; "
            f"expected {offsets.qt_length} in {offsets.block_count})"
        )
