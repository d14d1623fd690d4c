"""Issue 12: propagation of labeled names (annotator/core/suggest/propagate.py)."""

from __future__ import annotations

import random

from helpers import SEED

from annotator.core import matching
from annotator.core.normalize import normalize_for_search
from annotator.core.suggest.propagate import CLITICS, Hit, Matcher, propagate
from annotator.core.tokenize import snap, split_at_boundaries, tokenize

TEXT = SEED.read_text(encoding="utf-8")


def _standalone(text: str, word: str) -> tuple[int, int]:
    """The first occurrence of ``word`` that is a whole token (the span a user would draw)."""
    for s, e in tokenize(text):
        if text[s:e] == word:
            return s, e
    raise AssertionError(f"{word} is never a token of its own")


def test_clitics_in_step_with_the_find_bar() -> None:
    assert CLITICS is matching.CLITICS


def test_washington_labeled_once_is_found_inside_lwashington() -> None:
    span = _standalone(TEXT, "واشنطن")
    glued = TEXT.index("لواشنطن")
    hits = propagate(TEXT, [("واشنطن", "PLACE")], skip=[span])
    assert span not in [(h.start, h.end) for h in hits]
    inside = [h for h in hits if h.start == glued + 1]
    assert inside == [Hit(glued + 1, glued + 7, "PLACE", "واشنطن", 1.0, "propagation")]
    # the cut a span there makes: the token لواشنطن splits into ل + واشنطن
    assert snap(TEXT, glued + 1, glued + 7) == (glued, glued + 7)
    pieces = split_at_boundaries(tokenize(TEXT), [glued + 1, glued + 7])
    assert (glued, glued + 1) in pieces and (glued + 1, glued + 7) in pieces
    # every occurrence of the word, glued or not, is found: 3 in the seed, one of them labeled
    assert len(hits) == TEXT.count("واشنطن") - 1


def test_spelling_variants_fold_to_the_labeled_name() -> None:
    text = TEXT + (
        "\nأعلنت الحكومة العراقية ثم قالت الحكومة العراقيه إن الحكومة  العراقية\nستجتمع، "
        "وأكدت للحكومة العراقية."
    )
    first = text.index("الحكومة العراقية")
    hits = propagate(text, [("الحكومة العراقية", "ORG")], skip=[(first, first + 16)])
    found = [(h.text, round(h.score, 2)) for h in hits]
    assert found == [
        ("الحكومة العراقيه", 0.9),  # ta marbuta written as ha: found, scored lower
        ("الحكومة  العراقية", 1.0),  # two spaces: the same name
        ("حكومة العراقية", 1.0),  # ل + ال written لل: the name without its fused article
    ]


def test_hamza_alef_maqsura_tashkeel_tatweel() -> None:
    text = "قال مسئول إن مسؤولا ومسءول وصلوا. التقى مُصْطَفَى بمصطفـــي وبالمصطفى"
    names = [("مسؤول", "ACTOR"), ("مصطفى", "ACTOR")]
    got = [h.text for h in propagate(text, names)]
    # مسؤولا is another word; وبال + مصطفى is the name after proclitics
    assert got == ["مسئول", "مسءول", "مُصْطَفَى", "مصطفـــي", "مصطفى"]


def test_whole_words_only() -> None:
    text = "عليه أن يذهب إلى علي وعلي ولعلي العلي"
    got = [(h.start, h.text) for h in propagate(text, [("علي", "ACTOR")])]
    # not inside عليه; after و, ول and ال (proclitics) it is the name
    assert [t for _, t in got] == ["علي"] * 4
    assert [s for s, _ in got] == [17, 22, 28, 34]


def test_longest_name_wins_and_labels_by_majority() -> None:
    text = "زار الأمين العام للأمم المتحدة الأمم المتحدة."
    names = [
        ("الأمم", "ORG"),
        ("الأمم المتحدة", "ORG"),
        ("الأمم المتحدة", "ORG"),
        ("الأمم المتحدة", "GPE"),
    ]
    hits = propagate(text, names)
    assert [(h.text, h.label, round(h.score, 2)) for h in hits] == [
        ("أمم المتحدة", "ORG", 0.67),
        ("الأمم المتحدة", "ORG", 0.67),
    ]


def test_digits_and_latin_names() -> None:
    text = "في عام2020 أعلنت NATO وNato عن 20201 قرار"
    got = [h.text for h in propagate(text, [("2020", "DATE"), ("nato", "ORG")])]
    assert got == ["2020", "NATO", "Nato"]


def test_hits_align_with_tokens_or_clitic_cuts() -> None:
    """Every hit ends at a token end and starts at a token start or right after proclitics."""
    words = sorted({TEXT[s:e] for s, e in tokenize(TEXT) if e - s >= 4})
    rng = random.Random(3)
    names = [(w, "X") for w in rng.sample(words, 60)]
    hits = propagate(TEXT, names)
    assert len(hits) >= 60
    clitic = __import__("re").compile(f"{CLITICS}$")
    for h in hits:
        s, e = snap(TEXT, h.start, h.end)
        assert e == h.end, h
        assert s == h.start or clitic.match(normalize_for_search(TEXT[s : h.start])), h
    # the same with the document's tokens given: nothing is dropped
    assert propagate(TEXT, names, tokens=tokenize(TEXT)) == hits


def test_skip_and_a_matcher_reused_over_documents() -> None:
    matcher = Matcher([("بغداد", "PLACE")])
    docs = ["من بغداد إلى بغداد", "لا شيء هنا", "ببغداد"]
    assert [len(matcher.hits(d)) for d in docs] == [2, 0, 1]
    assert [h.start for h in propagate(docs[0], matcher, skip=[(3, 8)])] == [13]
    assert matcher.label_of("بغداد") == "PLACE" and matcher.label_of("حلب") is None
    assert propagate("نص", []) == []


def test_a_name_that_starts_and_ends_with_punctuation_is_propagated():
    text = "قالت «الحرية» أمس إن «الحرية» ستبقى"
    hits = propagate(text, [("«الحرية»", "ACTOR")])
    assert [(h.start, h.end, h.text) for h in hits] == [(5, 13, "«الحرية»"), (21, 29, "«الحرية»")]
