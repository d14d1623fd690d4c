"""offsets.py against what Qt actually does with the stored text, at every index."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.core.text import clean
from annotator.gui.offsets import OffsetMap, verify_document

EMOJI = "نص 😀 قبل 👩‍👩‍👧 ثم 🇮🇶 علم\nسطر ثان 𝐀 رياضي"
HARAKAT = "مَدْرَسَةٌ كَبِيرَةٌ ـــ آخر\u200f\u200e\tبعد\u2028سطر\u00a0نهاية"
CRLF_RAW = "\ufeffالسطر الأول 😀\r\nالثاني\r\n\r\nالرابع 🎉\rالخامس\r\n"

TEXTS = {
    "emoji": EMOJI,
    "harakat": HARAKAT,
    "crlf": clean(CRLF_RAW).text,
    "mixed": "CNN: قال Biden في 2020/06/14 إن 😀😀 «واشنطن» ستردّ.\n\nEnglish only line.\n"
    "فقرة\u2029بعد فاصل الفقرات 😀\n",
    "empty": "",
    "astral_only": "😀😀😀",
}


def _doc(text: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setPlainText(text)
    return doc


def _qt_view(stored: str) -> str:
    """What Qt's selectedText returns for stored text: paragraph breaks become U+2029."""
    return stored.replace("\n", "\u2029")


def _selected(doc: QTextDocument, a: int, b: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


@pytest.mark.parametrize("name", list(TEXTS))
def test_every_index_round_trips_and_matches_qt(qapp, name: str) -> None:
    text = TEXTS[name]
    doc = _doc(text)
    m = OffsetMap(text)
    verify_document(m, doc.characterCount(), doc.blockCount())
    assert m.qt_length == doc.characterCount() - 1
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert m.from_qt(q) == i
        assert m.from_qt(q, round_up=True) == i
        # the prefix up to i, as Qt sees it, is exactly the stored prefix
        assert _selected(doc, 0, q) == _qt_view(text[:i]), i
        assert _selected(doc, q, m.qt_length) == _qt_view(text[i:]), i


@pytest.mark.parametrize("name", ["emoji", "crlf", "astral_only"])
def test_positions_inside_a_surrogate_pair_round_outward(qapp, name: str) -> None:
    text = TEXTS[name]
    m = OffsetMap(text)
    seen_inside = 0
    for q in range(m.qt_length + 1):
        lo, hi = m.from_qt(q), m.from_qt(q, round_up=True)
        if lo != hi:
            seen_inside += 1
            assert hi == lo + 1
            assert ord(text[lo]) > 0xFFFF
            assert m.to_qt(lo) == q - 1
    assert seen_inside == sum(1 for ch in text if ord(ch) > 0xFFFF)


@pytest.mark.parametrize("name", ["emoji", "harakat", "crlf", "mixed"])
def test_random_selections_match_the_stored_text(qapp, name: str) -> None:
    text = TEXTS[name]
    doc = _doc(text)
    m = OffsetMap(text)
    rng = random.Random(1234)
    for _ in range(1500):
        s = rng.randint(0, len(text))
        e = rng.randint(0, len(text))
        a, b = m.to_qt(s), m.to_qt(e)
        assert _selected(doc, a, b) == _qt_view(text[min(s, e) : max(s, e)])
        assert m.range_from_qt(a, b) == (min(s, e), max(s, e))


def test_crlf_source_is_one_paragraph_break_per_line_end(qapp) -> None:
    cleaned = clean(CRLF_RAW)
    assert "\r" not in cleaned.text and not cleaned.text.startswith("\ufeff")
    doc = _doc(cleaned.text)
    m = OffsetMap(cleaned.text)
    assert doc.blockCount() == m.block_count == cleaned.text.count("\n") + 1
    # an offset given against the raw CRLF file lands on the same word after cleaning
    raw_at = CRLF_RAW.index("الرابع")
    assert cleaned.text[cleaned.map_start(raw_at) :].startswith("الرابع")


def test_leading_bom_that_survives_cleaning_is_width_zero(qapp) -> None:
    text = "\ufeff\ufeffنص 😀"  # clean() drops one BOM; Qt drops the next
    doc = _doc(text)
    m = OffsetMap(text)
    verify_document(m, doc.characterCount(), doc.blockCount())
    for i in range(1, len(text) + 1):
        assert _selected(doc, 0, m.to_qt(i)) == text[1:i]


def test_blocks_and_block_relative_ranges(qapp) -> None:
    text = TEXTS["mixed"] + EMOJI
    doc = _doc(text)
    m = OffsetMap(text)
    block = doc.begin()
    number = 0
    while block.isValid():
        assert block.position() == m.to_qt(m.block_starts[number])
        start, end = m.block_starts[number], m.block_end(number)
        rel, length = m.in_block(number, block.position(), start, end)
        assert (rel, length) == (0, block.length() - 1)
        assert block.text() == text[start:end]
        for i in range(start, end):
            assert m.block_of(i) == number
        number += 1
        block = block.next()
    assert number == m.block_count
    # a range crossing a break is clipped to each block it touches
    s, e = 2, len(text) - 2
    touched = list(m.blocks_of_range(s, e))
    assert touched == list(range(m.block_count))


def test_out_of_range_is_refused(qapp) -> None:
    m = OffsetMap("abc")
    with pytest.raises(IndexError):
        m.to_qt(4)
    with pytest.raises(IndexError):
        m.from_qt(-1)


def test_verify_document_catches_a_mismatch(qapp) -> None:
    m = OffsetMap("a\r\nb")  # stored text never holds CRLF: Qt folds it, the map cannot
    doc = _doc("a\r\nb")
    with pytest.raises(RuntimeError, match="does not match"):
        verify_document(m, doc.characterCount(), doc.blockCount())
