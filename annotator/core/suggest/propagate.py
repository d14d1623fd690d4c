"""Propagation: every other occurrence of names already labeled, as suggestions.

A name is matched as the find bar matches a whole word (``annotator.core.matching``): on the
search folding (hamza forms, ta marbuta / ha, alef maqsura / ya, tashkeel, tatweel...), at word
edges, with Arabic proclitics allowed in front (و ف ب ل ك ال and their combinations وال بال فل
لل ...). The hit covers the name only, never its clitics: ``واشنطن`` labeled once finds
``لواشنطن`` at the offsets of ``واشنطن``, the cut ``split_at_boundaries`` makes for a span there.
Names of several words match across any run of whitespace (a line break included).

All the names of a batch go into one compiled pattern (a trie of their folded forms, so the
alternation costs what the longest name costs, not what their number does); one pass over each
document's folded copy finds every hit of every name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..matching import CLITICS, LETTER_AFTER, LETTER_BEFORE, char_kind
from ..normalize import map_hit, normalize, normalize_for_search

__all__ = ["CLITICS", "Hit", "Matcher", "fold_name", "propagate"]

_SPACES = re.compile(r"\s+")
_MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class Hit:
    """A suggested span: offsets into the text (end-exclusive), its label and surface text, a
    score in [0, 1] and where it comes from ("propagation", "gazetteer", "crf")."""

    start: int
    end: int
    label: str
    text: str
    score: float
    source: str = "propagation"


def fold_name(name: str) -> str:
    """The key a name is matched by: NFC, folded, whitespace runs as one space, stripped."""
    return _SPACES.sub(" ", normalize_for_search(unicodedata.normalize("NFC", name))).strip()


_BEFORE = {"letter": f"{LETTER_BEFORE}{CLITICS}??", "digit": r"(?<!\d)", "": ""}
_AFTER = {"letter": LETTER_AFTER, "digit": r"(?!\d)", "": ""}


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex matching any of ``keys``, longest first, built from their trie (a space in a
    key matches any run of whitespace)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        end = "" in node
        branches = []
        singles = []
        for ch in sorted(k for k in node if k):
            sub = build(node[ch])
            atom = r"\s+" if ch == " " else re.escape(ch)
            if sub == "" and ch != " ":
                singles.append(atom)
            else:
                branches.append(atom + sub)
        if singles:
            branches.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # greedy optional tail: the longer name wins, the shorter is the fallback
        return f"(?:{body})?" if end else body

    return build(trie)


class Matcher:
    """Names compiled once: ``(surface, label)`` pairs, matched in any number of texts.

    A folded name labeled several ways takes its most frequent label (the first seen on a tie);
    the score of its hits is that label's share, times 0.9 where the text's spelling differs
    from every surface given for the name (a folding match, not an exact one).
    """

    def __init__(self, names: Iterable[tuple[str, str]], *, source: str = "propagation") -> None:
        self.source = source
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        self._surfaces: dict[str, set[str]] = defaultdict(set)
        for surface, label in names:
            key = fold_name(surface)
            # a "name" of a paragraph is a labeling slip, and the trie is built recursively
            if not key or len(key) > _MAX_NAME:
                continue
            counts[key][label] += 1
            self._surfaces[key].add(_exact_form(surface))
        self._labels: dict[str, tuple[str, float]] = {}
        for key, counter in counts.items():
            label, n = counter.most_common(1)[0]
            self._labels[key] = (label, n / sum(counter.values()))
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in self._labels:
            groups[(char_kind(key[0]), char_kind(key[-1]))].append(key)
        parts = [
            f"{_BEFORE[first]}(?P<q{i}>{_trie_pattern(keys)}){_AFTER[last]}"
            for i, ((first, last), keys) in enumerate(sorted(groups.items()))
        ]
        # ل + ال is written لل (للحكومة): a name with the article is found there without it
        articled = [k[2:] for k in self._labels if k.startswith("ال") and len(k) > 3]
        if articled:
            parts.append(
                f"{LETTER_BEFORE}[وف]?لل(?P<q{len(parts)}>{_trie_pattern(articled)}){LETTER_AFTER}"
            )
        self._groups = len(parts)
        self._elided = len(parts) - 1 if articled else -1
        self.regex: re.Pattern[str] | None = re.compile("|".join(parts)) if parts else None

    def __len__(self) -> int:
        return len(self._labels)

    def label_of(self, name: str) -> str | None:
        """The label a name (any spelling) is matched with, or None when it is not a name here."""
        found = self._labels.get(fold_name(name))
        return found[0] if found else None

    def hits(
        self,
        text: str,
        *,
        skip: Iterable[tuple[int, int]] = (),
        folded: tuple[str, list[int]] | None = None,
    ) -> list[Hit]:
        """Every hit in ``text`` in text order, none overlapping a ``skip`` range (the spans the
        document already has). ``folded``: ``normalize(text)`` when the caller has it."""
        if self.regex is None or not text:
            return []
        norm, index = folded if folded is not None else normalize(text)
        taken = sorted(skip)
        out: list[Hit] = []
        for m in self.regex.finditer(norm):
            g = next(i for i in range(self._groups) if m.start(f"q{i}") >= 0)
            at, stop = m.span(f"q{g}")
            if at == stop:
                continue
            hit = map_hit(text, index, at, stop)
            if hit is None:
                continue
            start, end = hit
            if _overlaps(taken, start, end):
                continue
            key = _SPACES.sub(" ", norm[at:stop])
            if g == self._elided:
                key = "ال" + key
            label, share = self._labels[key]
            surface = text[start:end]
            written = "ال" + surface if g == self._elided else surface
            exact = _exact_form(written) in self._surfaces[key]
            out.append(
                Hit(start, end, label, surface, share if exact else share * 0.9, self.source)
            )
        return out


def _exact_form(text: str) -> str:
    # spelling as typed, less what is never spelling (harakat, tatweel) and spacing differences
    return (
        _SPACES.sub(" ", "".join(c for c in text if unicodedata.category(c) != "Mn"))
        .replace("\u0640", "")
        .strip()
    )


def _overlaps(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    # ranges are few per document (its spans): a scan is cheaper than building an index
    return any(s < end and start < e for s, e in ranges)


def propagate(
    text: str,
    names: Iterable[tuple[str, str]] | Matcher,
    *,
    skip: Iterable[tuple[int, int]] = (),
    tokens: Sequence[tuple[int, int]] | None = None,
) -> list[Hit]:
    """Every occurrence in ``text`` of the labeled ``names`` (``(surface, label)`` pairs, or a
    ``Matcher`` built from them once for many documents), as suggestions, except where they
    overlap a ``skip`` range (the document's existing spans).

    ``tokens``: the document's own tokens (a CoNLL import); a hit that would cut one of them
    anywhere but at a clitic boundary is dropped.
    """
    matcher = names if isinstance(names, Matcher) else Matcher(names)
    found = matcher.hits(text, skip=skip)
    if tokens is None:
        return found
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    return [
        h
        for h in found
        if h.end in ends and (h.start in starts or _after_clitic(text, tokens, h.start))
    ]


_CLITIC_RUN = re.compile(f"{CLITICS}$")


def _after_clitic(text: str, tokens: Sequence[tuple[int, int]], at: int) -> bool:
    for s, e in tokens:
        if s < at < e:
            return _CLITIC_RUN.match(normalize_for_search(text[s:at])) is not None
    return False
