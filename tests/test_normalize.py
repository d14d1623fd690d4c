"""Arabic search normalisation: folds, index map, hits in original offsets."""

from __future__ import annotations

import itertools
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.normalize import find_all, normalize, normalize_for_search

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_7eddefe59b9ed5ed.txt"
RLM, LRM, ALM, ZWNJ, ZWJ, TATWEEL = "\u200f", "\u200e", "\u061c", "\u200c", "\u200d", "\u0640"
BIDI = [RLM, LRM, ALM, *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


def test_madrasa_finds_the_vocalised_word_with_its_final_tanween() -> None:
    text = "في مَدْرَسَةٌ كبيرة"
    start = text.index("م")
    assert find_all(text, "مدرسه") == [(start, start + len("مَدْرَسَةٌ"))]
    s, e = find_all(text, "مدرسه")[0]
    assert text[s:e] == "مَدْرَسَةٌ"
    # the vocalised query finds the bare word too
    assert find_all("مدرسة", "مَدْرَسَةٌ") == [(0, 5)]


@pytest.mark.parametrize(
    ("source", "folded"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمن", "امن"),
        ("ٱلْحَمْدُ", "الحمد"),
        ("مصطفى", "مصطفي"),
        ("مدرسة", "مدرسه"),
        ("مؤتمر", "مءتمر"),
        ("رئيس", "رءيس"),
        ("کتاب", "كتاب"),  # Persian keheh
        ("فارسی", "فارسي"),  # Persian yeh
        ("كـــتـــاب", "كتاب"),  # tatweel
        ("الرَّحْمَٰنِ", "الرحمن"),  # harakat and superscript alef
        ("٢٠٢٠/٠٦/١٤", "2020/06/14"),
        ("۱۴۰۲", "1402"),
        ("١٢٫٥٪", "12.5%"),
        ("١٬٠٠٠", "1,000"),
        ("CNN Reuters", "cnn reuters"),
        ("Straße", "strasse"),
        ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
        ("ﻻ", "لا"),  # presentation form ligature
        ("ﷲ", "الله"),
        ("ﺃ", "ا"),  # isolated form of أ, then folded
        ("\ufe70", ""),  # spacing fathatan
        ("❤\ufe0f", "❤"),  # variation selector
        ("\U0001d7d9", "1"),  # mathematical digit one
        (f"{RLM}واشنطن{LRM}", "واشنطن"),
        (f"می{ZWNJ}خواهم", "میخواهم".replace("ی", "ي")),
    ],
)
def test_folds(source: str, folded: str) -> None:
    assert normalize_for_search(source) == folded
    norm, index = normalize(source)
    assert norm == folded
    assert len(index) == len(norm) + 1 and index[-1] == len(source)


@pytest.mark.parametrize("mark", BIDI)
def test_every_bidi_mark_is_dropped(mark: str) -> None:
    assert normalize_for_search(f"ا{mark}ب") == "اب"


def test_decomposed_input_normalises_like_composed() -> None:
    for composed in ["أ", "إ", "آ"]:
        decomposed = unicodedata.normalize("NFD", composed)
        assert decomposed != composed
        assert normalize_for_search(decomposed) == normalize_for_search(composed)
    # hamza on و and ي folds to ء, which the decomposed pair cannot give one character at a time:
    # stored text is NFC, and the search functions put the query in NFC (test_matching.py)
    for composed in ["ؤ", "ئ"]:
        assert normalize_for_search(composed) == "ء"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("مسؤول", "مسئول"),
        ("مسؤولية", "مسئولية"),
        ("شؤون", "شئون"),
        ("المسؤولين", "المسئولين"),
        ("رؤساء", "رئساء"),
        ("مسؤول", "مسءول"),
        ("يقرؤون", "يقرئون"),
    ],
)
def test_hamza_on_its_carriers_folds_so_both_spellings_meet(one: str, other: str) -> None:
    assert normalize_for_search(one) == normalize_for_search(other)
    assert find_all(f"قال {other} أمس", one) == [(4, 4 + len(other))]


def test_index_map_points_at_original_characters() -> None:
    text = f"{RLM}أَحْمَد ﻻ ß"
    norm, index = normalize(text)
    assert norm == "احمد لا ss"
    assert index == [1, 3, 5, 7, 8, 9, 9, 10, 11, 11, 12]
    for i, ch in enumerate(norm):
        assert ch in normalize_for_search(text[index[i]])


def test_find_all_reports_original_offsets_around_bidi_marks_and_tatweel() -> None:
    text = f"قالت {RLM}واشـنطن{RLM}، وواشنطن"
    hits = find_all(text, "واشنطن")
    assert [text[s:e] for s, e in hits] == ["واشـنطن", "واشنطن"]
    # the hit starts after the bidi mark and ends before the next one
    s, e = hits[0]
    assert text[s - 1] == RLM and text[e] == RLM


def test_find_all_edge_cases() -> None:
    assert find_all("نص", "") == []
    assert find_all("نص", "\u064e\u0651") == []  # only harakat: nothing to look for
    assert find_all("", "نص") == []
    assert find_all("ااا", "اا") == [(0, 2)]  # non-overlapping
    assert find_all("Straße", "SS") == [(4, 5)]
    assert find_all("Straße", "s") == [(0, 1)]  # never half of ß
    assert find_all("ﷲ أكبر", "الله") == [(0, 1)]
    assert find_all("ﷲ", "ال") == []
    assert find_all("١٢٫٥ و 12.5", "12.5") == [(0, 4), (7, 11)]
    assert find_all("قال 😀 و 😀\ufe0f", "😀") == [(4, 5), (8, 10)]


def test_find_all_on_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    hits = find_all(text, "واشنطن")
    assert len(hits) == text.count("واشنطن") == 4
    assert all(text[s:e] == "واشنطن" for s, e in hits)
    assert text[hits[0][0] - 1 : hits[0][1]] == "لواشنطن"  # found inside the headline's word
    american = find_all(text, "امريكيه")
    assert american and all(text[s:e] == "أمريكية" for s, e in american)
    assert len(find_all(text, "2020/06/14")) == 2


def test_every_character_of_planes_0_and_1_maps_the_same_way_both_ways() -> None:
    # The fast copy (normalize_for_search) and the mapped copy (normalize) must agree character by
    # character; normalising twice changes nothing.
    chars = "".join(chr(cp) for cp in range(0x20000) if not 0xD800 <= cp < 0xE000)
    fast = normalize_for_search(chars)
    norm, index = normalize(chars)
    assert fast == norm
    assert len(index) == len(norm) + 1
    assert normalize_for_search(fast) == fast
    for i in range(0, len(norm), 97):
        piece = chars[index[i]]
        assert norm[i] in normalize_for_search(piece)


def test_no_third_party_import() -> None:
    import annotator.core.normalize as mod
    import annotator.core.tokenize as tok

    for m in (mod, tok):
        source = Path(m.__file__).read_text(encoding="utf-8")
        imports = {
            line.split()[1].split(".")[0]
            for line in source.splitlines()
            if line.startswith(("import ", "from ")) and not line.startswith("from .")
        }
        assert imports <= set(sys.stdlib_module_names) | {"__future__"}


# --- properties --------------------------------------------------------------------------------

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
PIECES = (
    ARABIC_LETTERS * 4
    + ["أ", "إ", "آ", "ٱ", "ى", "ة", "ؤ", "ئ", "ی", "ک"] * 2
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u06e1", TATWEEL, ZWNJ, ZWJ, *BIDI]
    + [" ", " ", "\n", "\t"]
    + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲٫٬٪/.,:")
    + list('،؛؟«»()"-…')
    + list("abcXYZ")
    + ["ß", "İ", "Σ", "ﻻ", "ﷲ", "ﺃ", "\ufe70"]
    + ["😀", "❤\ufe0f", "👍🏽", "👨\u200d👩\u200d👧", "🇸🇦", "\U0001d7d9", "\U00010400"]
)
arabic_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
texts = st.one_of(arabic_text, arabic_text, st.text(max_size=40))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_index_map_is_monotonic_and_complete(text: str) -> None:
    norm, index = normalize(text)
    assert norm == normalize_for_search(text)
    assert len(index) == len(norm) + 1 and index[-1] == len(text)
    assert all(a <= b for a, b in itertools.pairwise(index))
    assert all(0 <= i < len(text) for i in index[:-1])
    # each original character contributes exactly its own normalised form, in order
    pieces: dict[int, str] = {}
    for i, ch in enumerate(norm):
        pieces[index[i]] = pieces.get(index[i], "") + ch
    for at, piece in pieces.items():
        assert piece == normalize_for_search(text[at])
    assert normalize_for_search(norm) == norm


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_find_all_hits_map_back_to_the_query(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    query = data.draw(st.sampled_from([text[a:b], normalize_for_search(text[a:b])]))
    needle = normalize_for_search(query)
    hits = find_all(text, query)
    if needle and not any(
        len(normalize_for_search(c)) > 1 for c in text[a:b]
    ):  # a slice of the text is found (unless it holds part of an expansion)
        assert hits
    previous_end = 0
    for s, e in hits:
        assert previous_end <= s < e <= len(text)
        assert normalize_for_search(text[s:e]) == needle
        # a hit starts at a character that counts and ends before the next one that counts
        assert normalize_for_search(text[s]) != ""
        assert (
            e == len(text)
            or normalize_for_search(text[e]) != ""
            or (unicodedata.category(text[e])[0] != "M")
        )
        previous_end = e


def test_plain_text_is_folded_without_the_tables_as_the_pipeline_folds_it() -> None:
    from annotator.core.normalize import _PLAIN, _tables

    pipeline = _tables()._pipeline
    for ch in sorted(_PLAIN):
        assert normalize_for_search(ch) == pipeline(ch), hex(ord(ch))
    query = "أحمد إلى مسئولية Ok 2020 آل مؤتمر ى"
    assert normalize_for_search(query) == pipeline(query)
    # anything else takes the pipeline: harakat, tatweel, Arabic-Indic digits, ligatures
    assert normalize_for_search("مَدْرَسَةٌ ـ ٢٠٢٠ ﻷ") == pipeline("مَدْرَسَةٌ ـ ٢٠٢٠ ﻷ")
