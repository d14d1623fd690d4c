"""Moving one boundary of a span from the keyboard (Shift+arrow, Ctrl+Shift+arrow), logically.

The article view decides the direction (in right-to-left text Left moves forward) and which
boundary is active; this module only computes where that boundary lands.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

from ..core import tokenize as tok


def is_mark(ch: str) -> bool:
    """Characters that belong to the character before them (harakat, ZWJ): never split off."""
    return unicodedata.category(ch) in ("Mn", "Me") or ch == "\u200d"


def step_edge(
    text: str,
    edge: int,
    forward: bool,
    boundary: Literal["start", "end"],
    tokens: Sequence[tuple[int, int]] | None,
) -> int:
    """Where a span's ``boundary`` at ``edge`` moves: to the next token boundary when ``tokens``
    are given (Ctrl), else by one character, carrying the harakat with their letter."""
    if tokens is not None:
        return tok.next_token_boundary(text, edge, 1 if forward else -1, tokens, edge=boundary)
    new = edge
    if forward and new < len(text):
        new += 1
        while new < len(text) and is_mark(text[new]):
            new += 1
    elif not forward and new > 0:
        new -= 1
        while new > 0 and is_mark(text[new]):
            new -= 1
    return new
