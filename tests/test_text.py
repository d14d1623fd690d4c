"""Cleaning at import: BOM, line ends, NFC, refused characters and the offset map."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.text import clean, decode_bytes, read_text_file, text_hash


def test_clean_drops_bom_and_line_ends():
    c = clean("\ufeffسطر\r\nثان\rثالث\n")
    assert c.text == "سطر\nثان\nثالث\n"
    # "ثان" starts at raw 6 (after BOM, 3 letters, CR, LF) and at 4 once cleaned
    assert c.map_start(6) == 4
    assert c.map_end(9) == 7


def test_clean_only_leading_bom():
    assert clean("a\ufeffb").text == "a\ufeffb"


def test_clean_nfc_composes_and_maps_spans_around_it():
    raw = "قال \u0627\u0653خر"  # alef + madda above -> آ
    c = clean(raw)
    assert c.text == "قال آخر"
    # a span over the decomposed word keeps the whole composed word
    assert (c.map_start(4), c.map_end(len(raw))) == (4, 7)
    # a boundary between alef and madda cannot split the composed letter
    assert c.map_start(5) == 4 and c.map_end(5) == 5


def test_clean_is_identity_on_clean_text():
    text = "استهدف هجوم صاروخي قاعدة التاجي 😀"
    c = clean(text)
    assert c.text == text and not c.changed
    assert c.map_start(3) == 3


def test_crlf_boundary_inside_line_break():
    c = clean("ab\r\ncd")
    assert c.text == "ab\ncd"
    assert c.map_start(3) == 2 and c.map_end(3) == 3


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("سطر\nفيه\x00صفر", "<input>:2: contains a NUL character"),
        ("سطر\n\n\ud800", "<input>:3: contains a lone surrogate U+D800"),
    ],
)
def test_clean_refuses(raw, message):
    with pytest.raises(InputError) as err:
        clean(raw)
    assert str(err.value).startswith(message)


def test_clean_error_names_source_and_line():
    with pytest.raises(InputError, match=r"^a\.jsonl:7: contains a NUL"):
        clean("x\x00", "a.jsonl", 7)


def test_decode_refuses_invalid_utf8_with_line_and_column():
    with pytest.raises(InputError) as err:
        decode_bytes("سطر\nab".encode() + b"\xff", "f.txt")
    assert str(err.value) == "f.txt:2: invalid UTF-8 (byte 0xFF at column 3)"


def test_decode_refuses_binary(tmp_path):
    f = tmp_path / "img.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"img\.png:3: not a text file"):
        read_text_file(f)


def test_read_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        read_text_file(tmp_path / "nope.txt")


def test_text_hash_stable():
    assert text_hash("نص") == text_hash("نص") != text_hash("نص ")


ARABIC = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة")
    + ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0653", "\u0654"]
    + ["\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", " ", "\n", "\r", "\r\n"]
    + ["😀", "👍🏽", "2020/06/14", "،", "«", "»", "\u0627\u0653", "e\u0301", "Biden"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ARABIC, max_size=40), st.data())
def test_clean_map_properties(parts, data):
    raw = "".join(parts)
    c = clean(raw)
    assert "\r" not in c.text
    assert unicodedata.is_normalized("NFC", c.text)
    assert c.map_start(0) == 0 and c.map_end(len(raw)) == len(c.text)
    starts = [c.map_start(i) for i in range(len(raw) + 1)]
    ends = [c.map_end(i) for i in range(len(raw) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(s <= e for s, e in zip(starts, ends, strict=True))
    # cleaning is idempotent: a second pass changes nothing
    assert clean(c.text).text == c.text
    if raw:
        i = data.draw(st.integers(0, len(raw) - 1))
        j = data.draw(st.integers(i + 1, len(raw)))
        s, e = c.map_start(i), c.map_end(j)
        # the cleaned span covers the cleaned form of the raw span
        piece = raw[i:j].replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        want = Counter(unicodedata.normalize("NFD", piece))
        got = Counter(unicodedata.normalize("NFD", c.text[s:e]))
        assert want <= got


@given(st.text(alphabet=st.characters(max_codepoint=0x7FF, exclude_categories=("Cs",))))
def test_the_fast_control_check_agrees_with_the_rule(text: str) -> None:
    from annotator.core.text import _CONTROL, _has_controls

    assert _has_controls(text.encode("utf-8")) == (_CONTROL.search(text) is not None)
