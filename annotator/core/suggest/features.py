"""Tokens and features for the CRF labeler (``crf.py``).

Arabic glues proclitics to the next word (و ف: and; ب ل ك: prepositions), so a name often
starts inside a token: ``لواشنطن`` is ل + واشنطن. The labeler works on *pieces*: every token
cut after its proclitics (``clitic_pieces``), so a predicted span can start at the name. But
many names start with those letters (واشنطن, بريطانيا, لبنان, فرنسا): a token whose folded
form is a known name (``keep``: the names of the training spans and of the gazetteer) is never
cut, and every piece carries the features of its whole token as well (its folded form, its form
without clitics and which clitics were there), so the model can learn that و of واشنطن is part
of the name. The article ال stays with its word (it belongs to most names that have it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence

from ..normalize import normalize, normalize_for_search
from ..tokenize import Token

__all__ = ["FEATURE_VERSION", "clitic_pieces", "sequence_features", "split_word"]

# Stored with a model: a model trained on other features is refused (retrain).
FEATURE_VERSION = 1

_CONJ = "وف"
_PREP = "بلك"
_MIN_STEM = 2


def split_word(folded: str, keep: Collection[str] = ()) -> list[int]:
    """Cut points (indices into ``folded``) after the proclitics of a folded word: ``[1]`` for
    ``لواشنطن``, ``[1, 2]`` for ``وبغداد``, ``[]`` for a word in ``keep`` (from any cut on:
    ``لواشنطن`` with ``واشنطن`` kept gives ``[1]``). A cut leaves at least two letters."""
    cuts: list[int] = []
    pos = 0
    if folded in keep:
        return cuts
    if len(folded) - 1 >= _MIN_STEM + 1 and folded[0] in _CONJ:
        pos = 1
        cuts.append(pos)
        if folded[pos:] in keep:
            return cuts
    rest = folded[pos:]
    # لل is ل + ال with the alef dropped: the word cannot be cut into preposition + name
    if len(rest) - 1 >= _MIN_STEM + 1 and rest[0] in _PREP and not rest.startswith("لل"):
        cuts.append(pos + 1)
    return cuts


def stem_of(folded: str) -> tuple[str, str]:
    """A folded word without proclitics and article, and those proclitics (``وال``, ``لل``)."""
    cuts = split_word(folded)
    at = cuts[-1] if cuts else 0
    rest = folded[at:]
    if rest.startswith("لل") and len(rest) > 2 + _MIN_STEM:
        return rest[2:], folded[:at] + "لل"
    if rest.startswith("ال") and len(rest) > 2 + _MIN_STEM:
        return rest[2:], folded[:at] + "ال"
    return rest, folded[:at]


def clitic_pieces(text: str, tokens: Sequence[Token], keep: Collection[str] = ()) -> list[Token]:
    """``tokens`` with every word cut after its proclitics (see ``split_word``), as offsets."""
    out: list[Token] = []
    for start, end in tokens:
        word = text[start:end]
        if not word[0].isalpha() or word.isascii():
            out.append((start, end))
            continue
        folded, index = normalize(word)
        cuts = split_word(folded, keep)
        pos = start
        for cut in cuts:
            at = start + index[cut]
            # a cut inside a character that folds to several (never for Arabic letters)
            if pos < at < end and (cut == 0 or index[cut - 1] != index[cut]):
                out.append((pos, at))
                pos = at
        out.append((pos, end))
    return out


def _shape(word: str) -> str:
    if word.isdecimal():
        return "digit"
    if word.isascii() and word.isalpha():
        return "latin-upper" if word[:1].isupper() else "latin"
    if any(ch.isdecimal() for ch in word):
        return "has-digit"
    if all(unicodedata.category(ch)[0] == "P" for ch in word):
        return "punct"
    if all("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in word):
        return "arabic"
    return "other"


def sequence_features(
    text: str,
    pieces: Sequence[Token],
    tokens: Sequence[Token],
    *,
    gazetteer: Mapping[str, str] | None = None,
    gazetteer_tags: Sequence[str] | None = None,
) -> list[dict[str, float]]:
    """One feature dict per piece. ``tokens``: the unsplit tokens the pieces come from (each
    piece lies in one); ``gazetteer``: folded single names -> label (a membership test on the
    token and on its stem); ``gazetteer_tags``: per piece, "B-LABEL" / "I-LABEL" / "" from a
    gazetteer match over the text (names of several words, clitics)."""
    n = len(pieces)
    forms: list[str] = []
    stems: list[str] = []
    rows: list[dict[str, float]] = []
    ti = 0
    for i, (start, end) in enumerate(pieces):
        while tokens[ti][1] <= start:
            ti += 1
        t_start, t_end = tokens[ti]
        piece = normalize_for_search(text[start:end])
        whole = (
            normalize_for_search(text[t_start:t_end]) if (t_start, t_end) != (start, end) else piece
        )
        stem, clitics = stem_of(whole)
        role = (
            "whole" if (t_start, t_end) == (start, end) else ("stem" if end == t_end else "clitic")
        )
        forms.append(piece)
        stems.append(stem if role != "clitic" else piece)
        f: dict[str, float] = {
            "bias": 1.0,
            "w=" + piece: 1.0,
            "t=" + whole: 1.0,
            "s=" + stem: 1.0,
            "c=" + clitics: 1.0,
            "role=" + role: 1.0,
            "shape=" + _shape(text[start:end]): 1.0,
            "p2=" + piece[:2]: 1.0,
            "p3=" + piece[:3]: 1.0,
            "x2=" + piece[-2:]: 1.0,
            "x3=" + piece[-3:]: 1.0,
            "sx2=" + stem[-2:]: 1.0,
            "len=" + str(min(len(piece), 8)): 1.0,
        }
        if gazetteer:
            for key, value in (("g", whole), ("gs", stem), ("gw", piece)):
                label = gazetteer.get(value)
                if label is not None:
                    f[f"{key}={label}"] = 1.0
        if gazetteer_tags and gazetteer_tags[i]:
            f["gz=" + gazetteer_tags[i]] = 1.0
        rows.append(f)
    for i, f in enumerate(rows):
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f[f"{d}w={forms[j]}"] = 1.0
                f[f"{d}s={stems[j]}"] = 1.0
            elif d in (-1, 1):
                f["BOS" if d < 0 else "EOS"] = 1.0
        if i + 1 < n:
            f[f"w+1={forms[i]}|{forms[i + 1]}"] = 1.0
        if i:
            f[f"w-1={forms[i - 1]}|{forms[i]}"] = 1.0
    return rows


def keep_word(text: str, start: int, tokens: Sequence[Token]) -> str | None:
    """The folded word a span starts (from its start to its token's end), when it starts with a
    letter a proclitic could be: such a word is a name, never to be cut."""
    for s, e in tokens:
        if s <= start < e:
            word = normalize_for_search(text[start:e])
            return word if word[:1] and word[0] in "وفبلك" else None
    return None


def non_overlapping(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    # BIO holds no overlap: longer spans first, then whatever still fits
    kept: list[tuple[int, int, str]] = []
    for s, e, label in sorted(spans, key=lambda sp: (sp[0] - sp[1], sp[0])):
        if s < e and all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, label))
    return sorted(kept)
