"""Offline tokenizer for Arabic news text: token offsets, snapping, splitting at span edges.

A token is one of:

* a **word**: a run of letters (any script; tatweel U+0640 is a letter) and combining marks
  (harakat U+064B-U+065F, superscript alef U+0670, Quranic marks, any other Mn/Mc/Me). ZWNJ, ZWJ,
  soft hyphen, word joiner and bidi controls stay inside a word when letters follow them
  (scraped text has ``فبرا\u202d\u202cير``); at a word's edge they are not part of it. A combining
  mark with no base (after a space) starts a word.
* a **number**: a run of decimal digits (ASCII, Arabic-Indic U+0660-U+0669, Extended
  U+06F0-U+06F9, any script) that keeps ``/ . : , - –`` and the Arabic decimal and thousands
  separators ``٫ ٬`` when they stand *between* digits: ``2020/06/14``, ``2018-06-14``, ``3-2``,
  ``1990–2000``, ``12.5``, ``05:09``, ``1,000``, ``١٢٫٥``. A trailing separator is punctuation
  (``2020.`` is ``2020`` + ``.``), and so is a leading one (``-5`` is ``-`` + ``5``).
* a **URL** (``http://``, ``https://`` or ``www.`` up to whitespace, a quote or an angle bracket,
  never ending on punctuation, so a sentence's full stop stays outside), an **e-mail address**,
  a **hashtag** or a **handle** (``#`` or ``@`` followed by letters, digits and ``_``:
  ``#شيماء_سبت``), so that a double-click selects all of it.
* a **punctuation mark**: exactly one character (plus any combining marks on it), so ``..`` is two
  tokens and ``«نص»`` is three.
* a **symbol or emoji**: one grapheme-like cluster: the symbol, its variation selectors, skin-tone
  modifiers and tag characters, chained by ZWJ (``👨‍👩‍👧`` is one token, a flag is one token).

Digits glued to letters are separate tokens: ``2020م`` is ``2020`` + ``م``, ``G7`` is ``G`` + ``7``.
Scraped Arabic news often drops the space (``عام2020``), and the annotator must be able to label the
number alone; a span over both tokens still works.

Never tokens, and never at a token's edge: whitespace, control characters, bidi marks (LRM, RLM,
ALM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI) and other invisible format characters. No prefix is
ever stripped: ``لواشنطن`` is one token (واشنطن, بريطانيا and لبنان start with letters that are also
proclitics); ``split_at_boundaries`` splits a token only where a span edge falls inside it.

Everything is built on one compiled regular expression; lookups bisect the sorted token list. The
character classes come from ``unicodedata`` of the running Python (built once, on first use).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Literal

__all__ = [
    "BIDI_MARKS",
    "Token",
    "next_token_boundary",
    "sentence_breaks",
    "snap",
    "snap_words",
    "split_at_boundaries",
    "token_at",
    "tokenize",
]

Token = tuple[int, int]

BIDI_MARKS = frozenset(
    "\u200e\u200f\u061c" + "".join(map(chr, range(0x202A, 0x202F))) + "\u2066\u2067\u2068\u2069"
)
# Invisible characters that belong inside a word (Persian/Urdu ZWNJ, ZWJ, soft hyphen, word joiner).
_JOINERS = "\u200c\u200d\u00ad\u2060"
# Format characters (Cf) that are visible and start a cluster of their own, e.g. the Arabic number
# sign U+0600 and the end-of-ayah sign U+06DD.
_VISIBLE_FORMAT = frozenset(
    [*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD]
)
# Between digits: dates, times, decimals, thousands, and scores and ranges (hyphen, en dash).
_NUMBER_SEPARATORS = "/.:,\u066b\u066c-\u2013"
# What ends a URL: whitespace, controls, bidi and invisible marks (the soft hyphen too: a URL
# never holds one, and a token must not end on a joiner), quotes and angle brackets...
_URL_STOP = (
    "\\s\\x00-\\x1f\\x7f-\\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
    + re.escape('<>"\u00ab\u00bb\u201c\u201d')
)
# ... and what it does not end on: punctuation after it belongs to the sentence.
_URL_TRAILING = re.escape(".,;:!?')]}\u060c\u061b\u061f\u06d4\u2019\u2026" + _JOINERS)
_EMAIL = (
    "[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
# ؛ (U+061B) ends a sentence in Arabic news as often as a full stop does.
_SENTENCE_END = frozenset(".!?\u061b\u061f\u2026\u203c\u2047\u2048\u2049\u06d4")
# Closing quotes and brackets that stay with the sentence they end.
_CLOSERS = frozenset("\"')]}\u00bb\u2019\u201d\u203a\u300d\ufd3f")

_start_key = itemgetter(0)
_end_key = itemgetter(1)


def _ranges_class(codepoints: Iterable[int]) -> str:
    """A regex character-class body for a sorted iterable of code points."""
    parts: list[str] = []
    run_start = prev = -2
    for cp in codepoints:
        if cp != prev + 1:
            if run_start >= 0:
                parts.append(_range_text(run_start, prev))
            run_start = cp
        prev = cp
    if run_start >= 0:
        parts.append(_range_text(run_start, prev))
    return "".join(parts)


def _range_text(lo: int, hi: int) -> str:
    return f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"


_ASTRAL = "(?=[\\U00010000-\\U0010ffff])"


def _class(codepoints: list[int], repeat: str = "", extra_astral: str = "") -> str:
    """A pattern for one character of a sorted code-point set, or a run with ``repeat`` "+"/"*".

    ``re`` matches BMP members of a class with a bitmap but tries its non-BMP ranges one by one,
    which made a single mixed class five times slower on Arabic text. So the BMP and non-BMP halves
    are separate classes, and the non-BMP one is only tried after a one-range check.
    """
    bmp = _ranges_class(cp for cp in codepoints if cp < 0x10000)
    astral = _ranges_class(cp for cp in codepoints if cp >= 0x10000) + extra_astral
    inner = "+" if repeat else ""
    if not astral:
        return f"[{bmp}]{repeat}"
    return f"(?:[{bmp}]{inner}|{_ASTRAL}[{astral}]{inner}){repeat}"


@functools.cache
def _token_regex() -> re.Pattern[str]:
    classes: dict[str, list[int]] = {"L": [], "M": [], "D": [], "P": [], "X": [], "S": []}
    category = unicodedata.category
    # Planes 0-3 hold every letter, mark and digit; plane 14 holds tags and variation selectors.
    # Everything else is unassigned or private use: symbols for our purposes (see "S" below).
    for cp in [*range(0x40000), *range(0xE0000, 0xE1000)]:
        ch = chr(cp)
        cat = category(ch)
        head = cat[0]
        if head == "L":
            key = "L"
        elif head == "M":
            key = "M"
        elif cat == "Nd":
            key = "D"
        elif head == "P" and not ch.isspace():
            key = "P"
        elif (
            head == "Z"
            or cat in ("Cc", "Cs")
            or (cat == "Cf" and cp not in _VISIBLE_FORMAT)
            or ch.isspace()
        ):
            key = "X"  # never a token, never starts one
        elif 0x1F1E6 <= cp <= 0x1F1FF:
            continue  # regional indicators pair up, below
        else:
            key = "S"
        classes[key].append(cp)
    unscanned = _range_text(0x40000, 0xDFFFF) + _range_text(0xE1000, 0x10FFFF)
    letter_or_mark = sorted(classes["L"] + classes["M"])
    marks = classes["M"]
    digits = classes["D"]
    digit_or_mark = sorted(digits + marks)
    ext = sorted({*marks, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)})
    ri = r"[\U0001f1e6-\U0001f1ff]"  # regional indicators: two make a flag
    base = f"(?:{ri}{ri}?|{_class(classes['S'], extra_astral=unscanned)}){_class(ext, '*')}"
    seps = re.escape(_NUMBER_SEPARATORS)
    word_run = _class(letter_or_mark, "+")
    number_run = _class(digits) + _class(digit_or_mark, "*")
    word_char = _class(sorted(letter_or_mark + digits + [ord("_")]), "+")
    bidi = "".join(sorted(BIDI_MARKS))
    pattern = (
        # URLs, e-mail addresses, hashtags and handles first: their letters would otherwise
        # start a word there. A URL never ends on punctuation (a sentence's full stop).
        f"(?:https?://|www\\.)[^{_URL_STOP}]*[^{_URL_STOP}{_URL_TRAILING}]"
        f"|{_EMAIL}"
        f"|[#@]{word_char}(?:[{_JOINERS}]+{word_char})*"  # hashtag, handle
        # word; joiners and bidi controls between letters stay inside it
        f"|{word_run}(?:[{_JOINERS}{bidi}]+{word_run})*"
        f"|{number_run}(?:[{seps}]{number_run})*"  # number
        f"|{_class(classes['P'])}{_class(marks, '*')}"  # punctuation: one character
        f"|{base}(?:\\u200d{base})*"  # symbol / emoji cluster
    )
    return re.compile(pattern)


def tokenize(text: str) -> list[Token]:
    """Token offsets ``(start, end)`` of ``text``, sorted, non-overlapping, never empty."""
    return [m.span() for m in _token_regex().finditer(text)]


@functools.lru_cache(maxsize=8)
def _cached_tokens(text: str) -> tuple[Token, ...]:
    # Snapping runs on every mouse selection over the same stored text: tokenize it once.
    return tuple(tokenize(text))


def _tokens_for(text: str, tokens: Sequence[Token] | None) -> Sequence[Token]:
    return _cached_tokens(text) if tokens is None else tokens


def _check_offset(text: str, offset: int, what: str = "offset") -> None:
    if not 0 <= offset <= len(text):
        raise ValueError(f"{what} {offset} is outside the text (length {len(text)})")


def snap(text: str, start: int, end: int, tokens: Sequence[Token] | None = None) -> tuple[int, int]:
    """Expand ``[start, end)`` outward to whole tokens.

    Whitespace, bidi marks and other non-token characters at either end are trimmed (they belong to
    no token), so the result starts at a token start and ends at a token end. A range that touches
    no token (only spaces or bidi marks), and an empty range, give ``(start, start)``. A reversed
    range is read as ``(end, start)``; offsets outside the text raise ``ValueError``.
    """
    if start > end:
        start, end = end, start
    _check_offset(text, start, "start")
    _check_offset(text, end, "end")
    if start == end:
        return (start, start)
    toks = _tokens_for(text, tokens)
    first = bisect_right(toks, start, key=_end_key)  # first token ending after start
    if first == len(toks) or toks[first][0] >= end:
        return (start, start)
    last = bisect_left(toks, end, key=_start_key) - 1  # last token starting before end
    return (toks[first][0], toks[last][1])


def _is_punctuation(text: str, token: Token) -> bool:
    """A punctuation token: one P* character and only combining marks after it (not ``#tag``)."""
    a, b = token
    category = unicodedata.category
    return category(text[a])[0] == "P" and all(category(c)[0] == "M" for c in text[a + 1 : b])


def snap_words(
    text: str, start: int, end: int, tokens: Sequence[Token] | None = None
) -> tuple[int, int]:
    """``snap``, then drop punctuation tokens at either end, as a double-click on a word would.

    A drag that starts or ends on ``،`` or ``..`` gives the words only. A range of nothing but
    punctuation keeps it (the user selected exactly that).
    """
    s, e = snap(text, start, end, tokens)
    if s == e:
        return (s, e)
    toks = _tokens_for(text, tokens)
    first = bisect_left(toks, s, key=_start_key)
    last = bisect_left(toks, e, key=_end_key)
    i, j = first, last
    while i <= j and _is_punctuation(text, toks[i]):
        i += 1
    while j >= i and _is_punctuation(text, toks[j]):
        j -= 1
    if i > j:
        return (s, e)
    return (toks[i][0], toks[j][1])


def token_at(text: str, offset: int, tokens: Sequence[Token] | None = None) -> Token | None:
    """The token containing ``offset``; else the token ending exactly at it (a caret right after a
    word); else None (the offset is in whitespace)."""
    _check_offset(text, offset)
    toks = _tokens_for(text, tokens)
    i = bisect_right(toks, offset, key=_start_key) - 1
    if i >= 0 and offset <= toks[i][1]:
        return toks[i]
    return None


def next_token_boundary(
    text: str,
    offset: int,
    direction: int,
    tokens: Sequence[Token] | None = None,
    *,
    edge: Literal["start", "end"] | None = None,
) -> int:
    """The nearest token boundary strictly after (``direction=+1``) or before (``-1``) ``offset``,
    in logical order, for moving a span edge with Ctrl+Shift+arrow.

    ``edge="start"`` considers only token starts (for a span's start), ``edge="end"`` only token
    ends (for its end), so a moved edge never picks up the whitespace between tokens. ``None``
    considers both. Returns ``offset`` itself when there is no boundary that way.
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or -1, not {direction!r}")
    if edge not in (None, "start", "end"):
        raise ValueError(f"edge must be 'start', 'end' or None, not {edge!r}")
    _check_offset(text, offset)
    toks = _tokens_for(text, tokens)
    keys = [_start_key, _end_key]
    if edge == "start":
        keys = [_start_key]
    elif edge == "end":
        keys = [_end_key]
    found: list[int] = []
    for key in keys:
        if direction > 0:
            i = bisect_right(toks, offset, key=key)
            if i < len(toks):
                found.append(key(toks[i]))
        else:
            i = bisect_left(toks, offset, key=key) - 1
            if i >= 0:
                found.append(key(toks[i]))
    if not found:
        return offset
    return min(found) if direction > 0 else max(found)


def split_at_boundaries(tokens: Iterable[Token], boundaries: Iterable[int]) -> list[Token]:
    """Split every token at each boundary that falls strictly inside it.

    ``[(0, 7)]`` with boundaries ``{1, 7}`` gives ``[(0, 1), (1, 7)]`` (لواشنطن -> ل + واشنطن): used
    for BIO export so a span never starts or ends inside a token.
    """
    cuts = sorted(set(boundaries))
    out: list[Token] = []
    if not cuts:
        return list(tokens)
    for start, end in tokens:
        i = bisect_right(cuts, start)
        if i == len(cuts) or cuts[i] >= end:
            out.append((start, end))
            continue
        pos = start
        while i < len(cuts) and cuts[i] < end:
            out.append((pos, cuts[i]))
            pos = cuts[i]
            i += 1
        out.append((pos, end))
    return out


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n|[\u2029\x0c]")
_LINE_BREAK = re.compile(r"[\n\u2028\u2029\x0b\x0c\x85]")
_TERMINATOR = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")


def sentence_breaks(text: str, tokens: Sequence[Token], *, line_breaks: bool = False) -> list[int]:
    """Indices of the tokens that start a sentence (always 0 when there are tokens).

    A sentence starts after a run of ``. ! ? ؟ ؛ … ۔`` (with any closing quotes or brackets after
    it) when whitespace follows, or when the next token does not start with an ASCII character
    (Arabic news often omits the space: ``العراق.وقال``; ``U.S.`` and ``example.com`` stay whole).
    A blank line (or a paragraph separator) always starts a sentence; with ``line_breaks=True``
    every line break does. A ``.`` inside a number (``12.5``) is part of the number token.
    """
    n = len(tokens)
    if n == 0:
        return []
    starts: set[int] = {0}
    gap_re = _LINE_BREAK if line_breaks else _BLANK_LINE
    for m in gap_re.finditer(text):
        i = bisect_left(tokens, m.end(), key=_start_key)
        if 0 < i < n:
            starts.add(i)
    for m in _TERMINATOR.finditer(text):
        pos = m.start()
        i = bisect_left(tokens, pos, key=_start_key)
        if i >= n or tokens[i][0] != pos:
            continue  # inside a number or another token, or not a token at all
        j = i + 1
        while (
            j < n
            and text[tokens[j][0]] in _SENTENCE_END | _CLOSERS
            and (tokens[j][0] == tokens[j - 1][1])
        ):
            j += 1
        if j >= n:
            continue
        gap = tokens[j][0] > tokens[j - 1][1]
        if gap or not text[tokens[j][0]].isascii():
            starts.add(j)
    return sorted(starts)
