"""Tokenizer: token rules, snapping, splitting at span edges, edge moves, sentence breaks."""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.tokenize import (
    BIDI_MARKS,
    next_token_boundary,
    sentence_breaks,
    snap,
    split_at_boundaries,
    token_at,
    tokenize,
)

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_7eddefe59b9ed5ed.txt"
RLM, LRM, ALM, ZWNJ, ZWJ = "\u200f", "\u200e", "\u061c", "\u200c", "\u200d"


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


# --- token rules ------------------------------------------------------------------------------


def test_seed_headline_keeps_the_prefix_and_splits_the_dots(seed: str) -> None:
    toks = words(seed)
    i = toks.index("لواشنطن")
    assert toks[i : i + 4] == ["لواشنطن", ".", ".", "صواريخ"]


def test_seed_dates_and_times_are_one_token_each(seed: str) -> None:
    toks = words(seed)
    assert toks.count("2020/06/14") == 2
    assert toks.count("05:09") == 2
    i = toks.index("2020/06/14")
    assert toks[i - 2 : i + 3] == ["النشر", ":", "2020/06/14", "الساعة", "05:09"]
    # "يونيو/حزيران": a slash between words is punctuation
    j = toks.index("يونيو")
    assert toks[j : j + 4] == ["يونيو", "/", "حزيران", "2020"]


def test_seed_quoted_phrase(seed: str) -> None:
    toks = words(seed)
    i = toks.index("حوارهما")
    assert toks[i - 1 : i + 4] == ['"', "حوارهما", "الاستراتيجي", '"', "،"]


def test_seed_tokens_roundtrip_text(seed: str) -> None:
    # What lies between tokens is whitespace only in this article.
    toks = tokenize(seed)
    pos = 0
    for s, e in toks:
        assert seed[pos:s].strip() == ""
        pos = e
    assert seed[pos:].strip() == ""


def test_guillemets_are_their_own_tokens() -> None:
    assert words("قال «الأمن العراقي» إن") == ["قال", "«", "الأمن", "العراقي", "»", "إن"]


@pytest.mark.parametrize(
    "word",
    [
        "مَدْرَسَةٌ",  # harakat, tanween
        "يُشن",
        "تتبنّ",  # shadda
        "الرَّحْمَٰنِ",  # superscript alef U+0670
        "كـتـاب",  # tatweel
        "لـ",
        "ٱلْحَمْدُ",  # alef wasla
        "عَلَيْهِمْ\u06e1",  # Quranic sukun
        "يَٰٓأَيُّهَا",  # maddah above
    ],
)
def test_a_word_keeps_all_its_marks(word: str) -> None:
    assert words(word) == [word]
    assert words(f"({word})") == ["(", word, ")"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("می\u200cخواهم", ["می\u200cخواهم"]),  # ZWNJ inside a word
        ("می\u200cخواهم\u200c بروم", ["می\u200cخواهم", "بروم"]),  # trailing ZWNJ left out
        (f"{ZWNJ}كلمة", ["كلمة"]),
        (f"ab{ZWJ}cd", [f"ab{ZWJ}cd"]),
        ("co\u00adoperate", ["co\u00adoperate"]),  # soft hyphen inside
    ],
)
def test_joiners_stay_inside_words_only(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize("mark", sorted(BIDI_MARKS))
def test_bidi_marks_are_never_tokens_nor_at_edges(mark: str) -> None:
    text = f"{mark}واشنطن{mark}، {mark}CNN{mark} {mark}"
    assert words(text) == ["واشنطن", "،", "CNN"]
    # a bidi mark between letters does not split the word (issue 17: فبرا\u202d\u202c\u202cير)
    assert words(f"لوا{mark}شنطن") == [f"لوا{mark}شنطن"]
    assert words(f"لوا{mark}{mark}شنطن {mark}") == [f"لوا{mark}{mark}شنطن"]


def test_a_token_ending_before_rlm_excludes_it() -> None:
    text = f"قالت واشنطن{RLM}، أمس"
    s, e = tokenize(text)[1]
    assert text[s:e] == "واشنطن" and text[e] == RLM


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020/06/14", ["2020/06/14"]),
        ("12.5", ["12.5"]),
        ("05:09", ["05:09"]),
        ("1,000,000", ["1,000,000"]),
        ("١٢٫٥", ["١٢٫٥"]),
        ("١٬٠٠٠", ["١٬٠٠٠"]),
        ("۱۴۰۲/۰۳/۲۵", ["۱۴۰۲/۰۳/۲۵"]),
        ("2020.", ["2020", "."]),
        ("2020،", ["2020", "،"]),
        ("1,", ["1", ","]),
        ("/5", ["/", "5"]),
        ("1..2", ["1", ".", ".", "2"]),
        ("12.5%", ["12.5", "%"]),
        ("-5", ["-", "5"]),
        ("1990-2000", ["1990-2000"]),
        ("1990-", ["1990", "-"]),
        ("2020م", ["2020", "م"]),  # digits glued to letters are split
        ("عام2020", ["عام", "2020"]),
        ("1441هـ", ["1441", "هـ"]),
        ("G7", ["G", "7"]),
    ],
)
def test_numbers(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_every_punctuation_mark_is_one_token() -> None:
    marks = ["،", "؛", "؟", "«", "»", ".", ":", "(", ")", '"', "-", "…", "!", "٪", "'", "[", "]"]
    assert words("".join(marks)) == marks
    assert words("..") == [".", "."]
    assert words("؟!") == ["؟", "!"]


@pytest.mark.parametrize(
    "cluster",
    [
        "😀",
        "❤\ufe0f",  # variation selector
        "👍🏽",  # skin tone
        "👨\u200d👩\u200d👧\u200d👦",  # ZWJ family
        "🏳\ufe0f\u200d🌈",
        "🇸🇦",  # flag: two regional indicators
        "#\ufe0f\u20e3",  # keycap
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # tag sequence
    ],
)
def test_emoji_is_one_token_per_cluster(cluster: str) -> None:
    assert words(f"قال{cluster}") == ["قال", cluster]
    assert words(cluster * 2) in ([cluster, cluster], [cluster * 2])
    if "\u200d" not in cluster and not cluster.startswith("🇸"):
        assert words(cluster * 2) == [cluster, cluster]


def test_flags_pair_up() -> None:
    assert words("🇸🇦🇪🇬") == ["🇸🇦", "🇪🇬"]
    assert words("🇸🇦🇪") == ["🇸🇦", "🇪"]


def test_whitespace_of_every_kind_is_never_a_token() -> None:
    spaces = " \t\n\u00a0\u2028\u2029\u2003\u202f\u3000\u200b\ufeff"
    assert tokenize(spaces) == []
    assert words(f"ا{spaces}ب") == ["ا", "ب"]


def test_prefixes_are_never_stripped() -> None:
    names = "واشنطن بريطانيا لبنان كندا لواشنطن وبريطانيا بالعراق فالولايات كالعادة"
    assert words(names) == names.split()


def test_visible_format_characters_are_tokens() -> None:
    # The end-of-ayah sign and the Arabic number sign are visible and must be selectable.
    assert words("\u06dd١٢") == ["\u06dd", "١٢"]
    assert words("\u0600١") == ["\u0600", "١"]


def test_orphan_mark_after_a_space_starts_a_word() -> None:
    assert words("\u064eكلمة \u064e") == ["\u064eكلمة", "\u064e"]


# --- a slow reference tokenizer, written from the rules, one character at a time ---------------

_JOIN = set("\u200c\u200d\u00ad\u2060")
_WORD_JOIN = _JOIN | BIDI_MARKS
_SEPS = set("/.:,\u066b\u066c-\u2013")
_VISIBLE_CF = {*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}


# a URL never ends on punctuation, nor on a soft hyphen (an invisible joiner: never a token edge)
_URL_TRAILING = set(".,;:!?')]}\u060c\u061b\u061f\u06d4\u2019\u2026\u00ad")
_EMAIL_RE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


def _url_stop(c: str) -> bool:
    return (
        c.isspace()
        or _cat(c) == "Cc"
        or c in BIDI_MARKS
        or c in '\u00ad\u200b\u200c\u200d\u2060\ufeff<>"\u00ab\u00bb\u201c\u201d'
    )


def _cat(c: str) -> str:
    return unicodedata.category(c)


def _never(c: str) -> bool:
    cat = _cat(c)
    return (
        c.isspace()
        or cat[0] == "Z"
        or cat in ("Cc", "Cs")
        or (cat == "Cf" and ord(c) not in _VISIBLE_CF)
    )


def _lm(c: str) -> bool:
    return _cat(c)[0] in "LM"


def _ri(c: str) -> bool:
    return 0x1F1E6 <= ord(c) <= 0x1F1FF


def _ext(c: str) -> bool:
    return _cat(c)[0] == "M" or 0x1F3FB <= ord(c) <= 0x1F3FF or 0xE0020 <= ord(c) <= 0xE007F


def _symbol_base(c: str) -> bool:
    return not (_never(c) or _lm(c) or _cat(c) == "Nd" or _cat(c)[0] == "P" or _ri(c))


def reference_tokenize(text: str) -> list[tuple[int, int]]:
    out, i, n = [], 0, len(text)

    def base_at(k: int) -> int | None:  # end of one symbol base plus its extenders
        if k < n and _ri(text[k]):
            k += 2 if k + 1 < n and _ri(text[k + 1]) else 1
        elif k < n and _symbol_base(text[k]):
            k += 1
        else:
            return None
        while k < n and _ext(text[k]):
            k += 1
        return k

    def body(c: str) -> bool:  # of a hashtag or handle
        return _lm(c) or _cat(c) == "Nd" or c == "_"

    while i < n:
        c = text[i]
        if _never(c):
            i += 1
            continue
        j = i + 1
        prefix = next((p for p in ("http://", "https://", "www.") if text.startswith(p, i)), None)
        email = _EMAIL_RE.match(text, i)
        url_end = i + len(prefix) if prefix else i
        while prefix and url_end < n and not _url_stop(text[url_end]):
            url_end += 1
        while prefix and url_end > i + len(prefix) and text[url_end - 1] in _URL_TRAILING:
            url_end -= 1
        if prefix and url_end > i + len(prefix):
            j = url_end
        elif email:
            j = email.end()
        elif c in "#@" and j < n and body(text[j]):
            while True:
                while j < n and body(text[j]):
                    j += 1
                k = j
                while k < n and text[k] in _JOIN:
                    k += 1
                if k > j and k < n and body(text[k]):
                    j = k
                    continue
                break
        elif _lm(c):
            while True:
                while j < n and _lm(text[j]):
                    j += 1
                k = j
                while k < n and text[k] in _WORD_JOIN:
                    k += 1
                if k > j and k < n and _lm(text[k]):
                    j = k
                    continue
                break
        elif _cat(c) == "Nd":
            while True:
                while j < n and (_cat(text[j]) == "Nd" or _cat(text[j])[0] == "M"):
                    j += 1
                if j + 1 < n and text[j] in _SEPS and _cat(text[j + 1]) == "Nd":
                    j += 1
                    continue
                break
        elif _cat(c)[0] == "P":
            while j < n and _cat(text[j])[0] == "M":
                j += 1
        else:
            j = base_at(i)
            assert j is not None
            while j < n and text[j] == "\u200d" and base_at(j + 1) is not None:
                j = base_at(j + 1)
        out.append((i, j))
        i = j
    return out


def test_reference_agrees_on_the_seed(seed: str) -> None:
    assert tokenize(seed) == reference_tokenize(seed)


# --- properties --------------------------------------------------------------------------------

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
HARAKAT = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u06e1", "\u06d6"]
PIECES = (
    ARABIC_LETTERS * 4
    + HARAKAT
    + ["\u0640", ZWNJ, ZWJ, "\u00ad", *sorted(BIDI_MARKS)]
    + [" ", " ", " ", "\n", "\n\n", "\t", "\u00a0", "\u2028"]
    + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲")
    + list("/.:,٫٬")
    + list("،؛؟«».:()\"-…!?'")
    + ["\u06dd", "\u0600"]
    + list("abcXYZ")
    + ["é", "ß", "#", "@", "_", "\u2013", "http://", "https://", "www.", "a@b.co", "x.y"]
    + ["😀", "❤\ufe0f", "👍🏽", "👨\u200d👩\u200d👧", "🇸🇦", "🇪", "\U0001d7d9", "\U00010330"]
)
arabic_text = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
any_text = st.text(max_size=60)
texts = st.one_of(arabic_text, arabic_text, any_text)


def check_token_invariants(text: str, toks: list[tuple[int, int]]) -> None:
    pos = 0
    for s, e in toks:
        assert pos <= s < e <= len(text)  # sorted, non-overlapping, non-empty
        token = text[s:e]
        assert not any(c.isspace() for c in token), repr(token)
        assert token[0] not in _WORD_JOIN and token[-1] not in _WORD_JOIN
        # a bidi mark only ever sits between two letters of one word
        for k, c in enumerate(token):
            if c in BIDI_MARKS:
                assert _lm(token[:k].rstrip("".join(_WORD_JOIN))[-1]), repr(token)
        # what lies between tokens is never a visible character
        assert all(_never(c) for c in text[pos:s]), repr(text[pos:s])
        pos = e
    assert all(_never(c) for c in text[pos:])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tokens_are_sorted_disjoint_and_clean(text: str) -> None:
    toks = tokenize(text)
    check_token_invariants(text, toks)
    assert toks == reference_tokenize(text)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_snap_covers_the_selected_tokens_and_nothing_else(text: str, data: st.DataObject) -> None:
    toks = tokenize(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(0, len(text)))
    s, e = snap(text, a, b)
    lo, hi = min(a, b), max(a, b)
    touched = [t for t in toks if t[1] > lo and t[0] < hi]
    if not touched or lo == hi:
        assert (s, e) == (lo, lo)
        return
    assert (s, e) == (touched[0][0], touched[-1][1])
    # it contains every token character selected (the selection minus non-token characters)
    trimmed_lo = max(lo, touched[0][0])
    trimmed_hi = min(hi, touched[-1][1])
    assert s <= trimmed_lo and trimmed_hi <= e
    assert text[s:e] == text[s:e].strip()
    assert snap(text, s, e) == (s, e)  # snapping is idempotent
    assert snap(text, s, e, tokens=toks) == (s, e)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_split_at_boundaries_keeps_coverage(text: str, data: st.DataObject) -> None:
    toks = tokenize(text)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    parts = split_at_boundaries(toks, cuts)
    assert "".join(text[s:e] for s, e in parts) == "".join(text[s:e] for s, e in toks)
    for s, e in parts:
        assert s < e and not any(s < c < e for c in cuts)
    starts = {s for s, _ in parts} | {e for _, e in parts}
    assert {c for c in cuts if any(s < c < e for s, e in toks)} <= starts


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_next_token_boundary_is_the_nearest(text: str, data: st.DataObject) -> None:
    toks = tokenize(text)
    offset = data.draw(st.integers(0, len(text)))
    direction = data.draw(st.sampled_from([1, -1]))
    edge = data.draw(st.sampled_from([None, "start", "end"]))
    got = next_token_boundary(text, offset, direction, edge=edge)
    bounds = set()
    if edge in (None, "start"):
        bounds |= {s for s, _ in toks}
    if edge in (None, "end"):
        bounds |= {e for _, e in toks}
    ahead = sorted(b for b in bounds if (b - offset) * direction > 0)
    if not ahead:
        assert got == offset
    else:
        assert got == (ahead[0] if direction > 0 else ahead[-1])


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_token_at_agrees_with_the_token_list(text: str, data: st.DataObject) -> None:
    toks = tokenize(text)
    offset = data.draw(st.integers(0, len(text)))
    got = token_at(text, offset)
    inside = [t for t in toks if t[0] <= offset < t[1]]
    ending = [t for t in toks if t[1] == offset]
    assert got == (inside[0] if inside else ending[0] if ending else None)


@settings(max_examples=100, deadline=None)
@given(texts)
def test_sentence_breaks_are_sorted_token_indices(text: str) -> None:
    toks = tokenize(text)
    breaks = sentence_breaks(text, toks)
    if not toks:
        assert breaks == []
        return
    assert breaks[0] == 0 and breaks == sorted(set(breaks))
    assert all(0 <= b < len(toks) for b in breaks)


# --- snap ------------------------------------------------------------------------------------


def test_snap_from_inside_a_word_gives_the_word_without_its_comma() -> None:
    text = "أهداف لواشنطن، صواريخ"
    start = text.index("لواشنطن")
    assert snap(text, start + 2, start + 4) == (start, start + 7)
    # Qt's double click gives the word with its comma: snapping keeps the comma, it was selected
    assert snap(text, start, start + 8) == (start, start + 8)
    # dragging from the middle of a word into the next one takes both whole
    assert snap(text, start + 3, start + 10) == (start, len(text))


def test_snap_trims_spaces_and_bidi_marks() -> None:
    text = f"قال {RLM}واشنطن{RLM} أمس"
    w = text.index("واشنطن")
    assert snap(text, 3, w + 8) == (w, w + 6)
    assert text[slice(*snap(text, 3, w + 8))] == "واشنطن"


@pytest.mark.parametrize(
    "blank", [" ", "   ", f"{RLM} ", f" {LRM} ", "\n\n", f" {ZWNJ} ", f"{ALM}\t"]
)
def test_snap_of_blank_only_is_empty(blank: str) -> None:
    text = f"أ{blank}ب"
    assert snap(text, 1, 1 + len(blank)) == (1, 1)


def test_snap_edge_cases() -> None:
    text = "كلمة أخرى"
    assert snap(text, 2, 2) == (2, 2)
    assert snap(text, 7, 2) == (0, 9)  # reversed: read as (2, 7)
    assert snap("", 0, 0) == (0, 0)
    with pytest.raises(ValueError, match="outside the text"):
        snap(text, 0, 99)
    with pytest.raises(ValueError, match="outside the text"):
        snap(text, -1, 2)


def test_snap_lam_alef_and_emoji_clusters() -> None:
    text = "لا 👨\u200d👩\u200d👧 نعم"
    assert snap(text, 1, 1 + 1) == (0, 2)  # Qt can land between lam and alef
    assert snap(text, 4, 5) == (3, 8)  # inside the ZWJ sequence


def test_snap_uses_given_tokens() -> None:
    text = "لواشنطن"
    parts = split_at_boundaries(tokenize(text), [1])
    assert snap(text, 2, 3, tokens=parts) == (1, 7)


# --- token_at, split, boundaries ----------------------------------------------------------------


def test_token_at() -> None:
    text = "ذهب إلى بغداد."
    assert token_at(text, 0) == (0, 3)
    assert token_at(text, 2) == (0, 3)
    assert token_at(text, 3) == (0, 3)  # caret right after a word
    assert token_at(text, 8) == (8, 13)
    assert token_at(text, 13) == (13, 14)  # the full stop starts here
    assert token_at(text, 14) == (13, 14)
    assert token_at("a  b", 2) is None
    with pytest.raises(ValueError, match="outside"):
        token_at(text, 15)


def test_split_at_boundaries_splits_the_proclitic() -> None:
    text = "لواشنطن"
    assert split_at_boundaries(tokenize(text), [1, 7]) == [(0, 1), (1, 7)]
    assert split_at_boundaries([(0, 7)], []) == [(0, 7)]
    assert split_at_boundaries([(0, 7)], [0, 7, 9]) == [(0, 7)]
    assert split_at_boundaries([(0, 7), (8, 12)], [1, 3, 10]) == [
        (0, 1),
        (1, 3),
        (3, 7),
        (8, 10),
        (10, 12),
    ]


def test_next_token_boundary_moves_span_edges() -> None:
    text = "ضرب صاروخ قاعدة التاجي"
    # end edge after صاروخ moves to the end of قاعدة, not to its start
    assert next_token_boundary(text, 9, +1, edge="end") == 15
    assert next_token_boundary(text, 9, +1) == 10
    assert next_token_boundary(text, 10, -1, edge="start") == 4
    assert next_token_boundary(text, 10, -1) == 9
    assert next_token_boundary(text, 12, -1, edge="start") == 10
    assert next_token_boundary(text, len(text), +1) == len(text)
    assert next_token_boundary(text, 0, -1) == 0
    with pytest.raises(ValueError, match="direction"):
        next_token_boundary(text, 0, 2)
    with pytest.raises(ValueError, match="edge"):
        next_token_boundary(text, 0, 1, edge="middle")  # type: ignore[arg-type]


# --- sentences -----------------------------------------------------------------------------------


def sentences(text: str, **kw: bool) -> list[str]:
    toks = tokenize(text)
    breaks = [*sentence_breaks(text, toks, **kw), len(toks)]
    return [text[toks[a][0] : toks[b - 1][1]] for a, b in itertools.pairwise(breaks)]


def test_sentence_breaks_after_terminators_and_blank_lines() -> None:
    text = 'قال "انتهى." ثم غادر؟ نعم! العدد 12.5 اليوم\n\nفقرة ثانية\nسطر'
    assert sentences(text) == [
        'قال "انتهى."',
        "ثم غادر؟",
        "نعم!",
        "العدد 12.5 اليوم",
        "فقرة ثانية\nسطر",
    ]
    assert sentences(text, line_breaks=True)[-2:] == ["فقرة ثانية", "سطر"]


def test_sentence_breaks_abbreviations_and_missing_spaces() -> None:
    assert sentences("the U.S army left") == ["the U.S army left"]
    assert sentences("see example.com now") == ["see example.com now"]
    assert sentences("في العراق.وقال مسؤول") == ["في العراق.", "وقال مسؤول"]


def test_sentence_breaks_on_the_seed(seed: str) -> None:
    got = sentences(seed)
    assert got[0] == "ثالث هجوم خلال أسبوع على أهداف لواشنطن.."
    assert got[1] == "صواريخ تستهدف قاعدة بالعراق فيها قوات أمريكية"
    assert all(s == s.strip() for s in got)
    assert sentence_breaks("", []) == []


# --- real Arabic news (issue 17) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-06-14", ["2018-06-14"]),
        ("٢٣-٧-١٩٥٦", ["٢٣-٧-١٩٥٦"]),
        ("3-2", ["3-2"]),
        ("2020/06/14", ["2020/06/14"]),
        ("1990–2000", ["1990–2000"]),  # en dash
        ("١٩٩٠–٢٠٠٠", ["١٩٩٠–٢٠٠٠"]),
        ("10:00-12:30", ["10:00-12:30"]),
        ("فاز 3-2.", ["فاز", "3-2", "."]),
        ("3 - 2", ["3", "-", "2"]),
        ("-3-", ["-", "3", "-"]),
    ],
)
def test_dates_scores_and_ranges_joined_by_a_dash_are_one_token(text, expected) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#شيماء_سبت", ["#شيماء_سبت"]),
        ("وسم #شيماء_سبت، اليوم", ["وسم", "#شيماء_سبت", "،", "اليوم"]),
        ("@AJArabic قال", ["@AJArabic", "قال"]),
        ("تابعوا @قناة_الجزيرة.", ["تابعوا", "@قناة_الجزيرة", "."]),
        ("news@aljazeera.net.", ["news@aljazeera.net", "."]),
        ("a.b+c@mail.example.co.uk", ["a.b+c@mail.example.co.uk"]),
        (
            "المصدر: https://www.aljazeera.net/news/2018/6/14/مقال?id=5&x=1.",
            ["المصدر", ":", "https://www.aljazeera.net/news/2018/6/14/مقال?id=5&x=1", "."],
        ),
        ("(www.bbc.com/arabic)،", ["(", "www.bbc.com/arabic", ")", "،"]),
        ("«http://t.co/AbC»", ["«", "http://t.co/AbC", "»"]),
        ("http://x.org/a\u200f، ثم", ["http://x.org/a", "،", "ثم"]),
        ("#", ["#"]),
        ("@ ", ["@"]),
    ],
)
def test_hashtags_handles_urls_and_emails_are_one_token(text, expected) -> None:
    assert words(text) == expected


def test_bidi_controls_inside_a_word_do_not_split_it() -> None:
    text = "في فبرا\u202d\u202c\u202cير الماضي"
    word = "فبرا\u202d\u202c\u202cير"
    start = text.index(word)
    assert words(text) == ["في", word, "الماضي"]
    # snapping from inside either half selects the whole word
    assert snap(text, start + 1, start + 2) == (start, start + len(word))
    assert snap(text, start + len(word) - 1, start + len(word)) == (start, start + len(word))
    assert token_at(text, start + len(word) - 1) == (start, start + len(word))
    # at a word's edges they are still left out
    assert words("\u202dفبراير\u202c") == ["فبراير"]
