"""Arabic search normalisation, with a map from the normalised copy back to the original offsets.

Normalising a text:

* drops tashkeel and every other combining mark of the Arabic blocks (harakat U+064B-U+065F,
  superscript alef U+0670, Quranic marks), tatweel U+0640, bidi marks (LRM, RLM, ALM, U+202A-202E,
  U+2066-2069), invisible joiners and spaces (ZWSP, ZWNJ, ZWJ, soft hyphen, word joiner, BOM) and
  variation selectors;
* folds أ إ آ ٱ ٲ ٳ -> ا, ى ی -> ي, ة -> ه, ک -> ك, and hamza on its carriers ؤ ئ -> ء, so the two
  spellings of one word meet (مسؤول and مسئول, شؤون and شئون, and مسءول);
* turns decimal digits of any script (Arabic-Indic, Extended Arabic-Indic, ...) into ASCII digits,
  and ٫ ٬ ٪ into . , %;
* replaces Arabic presentation forms by their letters (ﻻ -> لا, ﷲ -> الله), then normalises those;
* casefolds (Latin, Greek, Cyrillic, ...: ``"ß"`` becomes ``"ss"``).

Every rule applies to one character at a time, whatever surrounds it. That is what lets
``normalize`` keep an index map, and lets ``find_all`` report hits as original offsets. Decomposed
alef normalises like composed (ا + U+0654 hamza above gives ا, as أ does); و and ي with a
combining hamza do not give ء (that takes two characters): stored text is NFC, and queries are
put in NFC before searching (``annotator.core.matching``).

``normalize_exact`` is the lighter copy behind "exact spelling": it only drops what is not
spelling (tashkeel, tatweel, bidi marks, invisible characters), with the same kind of index map.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

__all__ = [
    "NORMALIZER_VERSION",
    "exact_copy",
    "find_all",
    "map_hit",
    "normalize",
    "normalize_exact",
    "normalize_for_search",
]

# Bumped whenever normalize_for_search gives a different result: stored search copies are rebuilt.
# 2: hamza on its carriers (ؤ ئ) folds to ء instead of to the carrier.
NORMALIZER_VERSION = 2

_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\u200c\u200d\u00ad\u2060\ufeff"
_TATWEEL = "\u0640"
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x089F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10EC0, 0x10EFF),
    (0x1EE00, 0x1EEFF),
)
_PRESENTATION_BLOCKS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_VARIATION_SELECTORS = (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
# Single characters replaced by single characters (str.replace is the fastest way on long text).
_FOLDS = (
    ("\u0623", "\u0627"),  # أ
    ("\u0625", "\u0627"),  # إ
    ("\u0622", "\u0627"),  # آ
    ("\u0671", "\u0627"),  # ٱ
    ("\u0672", "\u0627"),  # ٲ
    ("\u0673", "\u0627"),  # ٳ
    ("\u0649", "\u064a"),  # ى
    ("\u06cc", "\u064a"),  # ی (Persian yeh)
    ("\u0626", "\u0621"),  # ئ -> ء
    ("\u0624", "\u0621"),  # ؤ -> ء
    ("\u0629", "\u0647"),  # ة
    ("\u06a9", "\u0643"),  # ک (keheh)
)
_SIGNS = {"\u066b": ".", "\u066c": ",", "\u066a": "%"}
_ANY_ASTRAL = "(?=[\\U00010000-\\U0010ffff])"
# Characters beyond the BMP (emoji, mathematical digits, ...) are handled in a pass of their own:
# ``re`` tests the non-BMP part of a character class range by range on every character it looks
# at, which made one mixed class several times slower on Arabic text than a BMP-only class.
_ASTRAL_CHAR = re.compile("[\\U00010000-\\U0010ffff]")


def _class_text(codepoints: Iterable[int]) -> str:
    return "".join(f"\\U{cp:08x}" for cp in sorted(set(codepoints)))


def _bmp_class(codepoints: Iterable[int], repeat: str = "") -> str:
    return f"[{_class_text(cp for cp in codepoints if cp < 0x10000)}]{repeat}"


class _Tables:
    """Everything built once, on first use (about 0.1 s: a scan of planes 0 and 1)."""

    def __init__(self) -> None:
        category = unicodedata.category
        drop = {ord(c) for c in _BIDI + _INVISIBLE + _TATWEEL}
        drop.update(_VARIATION_SELECTORS)
        marks = set(_VARIATION_SELECTORS)
        for lo, hi in _ARABIC_BLOCKS:
            for cp in range(lo, hi + 1):
                if category(chr(cp))[0] == "M":
                    drop.add(cp)
                    marks.add(cp)
        self.drop_re = re.compile(_bmp_class(drop, "+"))
        # for the exact copy: the same characters, astral ones included, and nothing else
        self.exact_drop_astral_re = re.compile(
            _bmp_class(drop, "+") + f"|{_ANY_ASTRAL}[{_class_text(c for c in drop if c > 0xFFFF)}]+"
        )
        bmp_marks = _class_text(cp for cp in marks if cp < 0x10000)
        astral_marks = _class_text(cp for cp in marks if cp >= 0x10000)
        self.trailing_marks_re = re.compile(f"(?:[{bmp_marks}]|{_ANY_ASTRAL}[{astral_marks}])*")
        self.folds = _FOLDS

        # Rare characters are replaced through a dict in one regex pass after the common steps.
        rare: dict[str, str] = dict(_SIGNS)
        cased: list[int] = []
        for cp in range(0x20000):  # every decimal digit and every cased letter is in planes 0-1
            ch = chr(cp)
            if ch.casefold() != ch:
                cased.append(cp)
            if cp >= 0x80 and category(ch) == "Nd":
                rare[ch] = str(unicodedata.decimal(ch))
        for lo, hi in _PRESENTATION_BLOCKS:
            for cp in range(lo, hi + 1):
                ch = chr(cp)
                compat = unicodedata.normalize("NFKC", ch)
                if compat != ch and cp not in drop:
                    rare[ch] = compat
        self.rare = rare
        self.rare_re = re.compile(_bmp_class(ord(c) for c in rare))
        # What the astral pass does to each astral character it must change.
        self.astral = {chr(cp): "" for cp in drop if cp >= 0x10000}
        self.astral.update((ch, out) for ch, out in rare.items() if ord(ch) >= 0x10000)
        for ch, compat in rare.items():
            if 0xFB50 <= ord(ch) <= 0xFEFF:
                # The letters of a ligature are normalised too (ﺃ -> أ -> ا). Spacing forms of
                # harakat (ﹰ is space + fathatan) would keep only a space: they are dropped.
                out = self._pipeline(compat)
                rare[ch] = out if out.strip() else ""

        # The per-character table behind normalize()'s index map: only characters whose
        # normalised form is not exactly one character change the map.
        changed = drop | set(cased) | {ord(a) for a, _ in _FOLDS} | {ord(c) for c in rare}
        zero: list[int] = []
        self.width: dict[str, int] = {}
        for cp in sorted(changed):
            out = self._pipeline(chr(cp))
            if len(out) != 1:
                self.width[chr(cp)] = len(out)
                if not out:
                    zero.append(cp)
        # A BMP character that expands or vanishes, then any that vanish (a pattern that starts
        # with a plain class lets ``re`` skip ahead fast); or any astral character.
        resize = _bmp_class(map(ord, self.width)) + _bmp_class(zero, "*")
        self.resize_re = re.compile(resize)
        self.resize_astral_re = re.compile(resize + "|[\\U00010000-\\U0010ffff]")

    def _pipeline(self, text: str) -> str:
        # Each step maps characters one by one, so the whole pipeline does too.
        text = self.drop_re.sub("", text.casefold())
        for old, new in self.folds:
            text = text.replace(old, new)
        text = self.rare_re.sub(self._rare_replacement, text)
        return _ASTRAL_CHAR.sub(self._astral_replacement, text)

    def _rare_replacement(self, m: re.Match[str]) -> str:
        return self.rare[m.group()]

    def _astral_replacement(self, m: re.Match[str]) -> str:
        ch = m.group()
        return self.astral.get(ch, ch)


@functools.cache
def _tables() -> _Tables:
    return _Tables()


# Characters the pipeline leaves alone or changes only by casefold() and _FOLDS: ASCII, and the
# Arabic letters without harakat, tatweel or the rarer letters. A query typed from them (most
# are) is folded without the tables, whose 0.1 s was a tenth of a `list --search` (bench_cli.py).
_PLAIN = frozenset(
    chr(cp) for cp in (0x0A, *range(0x20, 0x7F), *range(0x0621, 0x063B), *range(0x0641, 0x064B))
)
_PLAIN_MAX = 200  # longer text (a document) takes the pipeline: its regexes are faster there


def normalize_for_search(text: str) -> str:
    """The normalised copy of ``text``, for indexing and comparing (no index map)."""
    if len(text) <= _PLAIN_MAX and _PLAIN.issuperset(text):
        text = text.casefold()
        for old, new in _FOLDS:
            text = text.replace(old, new)
        return text
    return _tables()._pipeline(text)


def _index_map(text: str, tables: _Tables) -> list[int]:
    index: list[int] = []
    extend: Callable[[Iterable[int]], None] = index.extend
    width = tables.width
    pos = 0
    astral = _ASTRAL_CHAR.search(text) is not None
    for m in (tables.resize_astral_re if astral else tables.resize_re).finditer(text):
        start = m.start()
        size = width.get(text[start], 1)
        if size == 1 and m.end() - start == 1:
            continue  # an astral character kept as one character: nothing to record
        extend(range(pos, start))
        if size:  # an expanding character: each of its output characters points back at it
            extend([start] * size)
        # whatever else the match covered vanishes
        pos = m.end()
    extend(range(pos, len(text) + 1))
    return index


def normalize(text: str) -> tuple[str, list[int]]:
    """The normalised copy of ``text`` and its index map.

    ``index_map[i]`` is the offset in ``text`` of the character that gave normalised character
    ``i`` (characters that expand, like ``ß`` -> ``ss``, give several entries with the same
    offset); ``index_map[len(norm)] == len(text)``. The map never decreases.
    """
    tables = _tables()
    norm = tables._pipeline(text)
    index = _index_map(text, tables)
    if len(index) != len(norm) + 1:  # would mean a rule that depends on context crept in
        raise AssertionError("normalisation index map out of step with the normalised text")
    return norm, index


@functools.lru_cache(maxsize=8)
def _normalized(text: str) -> tuple[str, list[int]]:
    # Find-as-you-type searches the same article on every keystroke.
    return normalize(text)


def exact_copy(text: str) -> str:
    """``normalize_exact`` without the index map (for checking many documents fast)."""
    tables = _tables()
    if _ASTRAL_CHAR.search(text) is None:  # the BMP-only pattern is several times faster
        return tables.drop_re.sub("", text)
    return tables.exact_drop_astral_re.sub("", text)


def normalize_exact(text: str) -> tuple[str, list[int]]:
    """The exact-spelling copy of ``text`` and its index map (as ``normalize`` gives them): only
    tashkeel, tatweel, bidi marks, invisible characters and variation selectors are dropped."""
    drop_re = _tables().exact_drop_astral_re
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for m in drop_re.finditer(text):
        pieces.append(text[pos : m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    index.extend(range(pos, len(text) + 1))
    return "".join(pieces), index


def map_hit(text: str, index: list[int], at: int, stop: int) -> tuple[int, int] | None:
    """A hit ``[at, stop)`` in a normalised copy of ``text`` as original offsets: from its first
    matched character to after the combining marks of its last one. None when it covers only
    part of a character that normalises to several (``s`` inside ``ß``)."""
    if (at == 0 or index[at - 1] != index[at]) and index[stop] != index[stop - 1]:
        # the pattern matches the empty string too, so there is always a match
        marks = _tables().trailing_marks_re.match(text, index[stop - 1] + 1)
        return index[at], marks.end() if marks else index[stop - 1] + 1
    return None


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every non-overlapping hit of ``query`` in ``text``, compared normalised, as original
    ``(start, end)`` offsets in text order.

    A hit starts at its first matched character (not at marks or bidi marks before it) and ends
    after the combining marks (harakat) of its last matched character, before the next base
    character: ``مدرسه`` finds all of ``مَدْرَسَةٌ``. Hits covering only part of a character that
    normalises to several (``s`` inside ``ß``) are not reported, so ``normalize_for_search`` of a
    hit always equals that of the query. A query that normalises to nothing finds nothing.
    """
    needle = normalize_for_search(query)
    if not needle:
        return []
    norm, index = _normalized(text)
    hits: list[tuple[int, int]] = []
    size = len(needle)
    at = norm.find(needle)
    while at >= 0:
        hit = map_hit(text, index, at, at + size)
        if hit is not None:
            hits.append(hit)
            at = norm.find(needle, at + size)
        else:
            at = norm.find(needle, at + 1)
    return hits
