"""How a search query matches text: whole words by default, exact spelling or part of a word on
request. Used by the find bar, the document filter and ``annotator list --search``.

* **Whole words** (the default): a hit starts and ends at word edges, where a word is a run of
  letters or a run of digits (``2020`` is a word in ``عام2020``). Arabic proclitics may stand in
  front of it: و ف (and), ب ل ك (prepositions), ال (the article), and their combinations (وال بال
  فلل ...), so ``علي`` finds ``وعلي`` but not ``عليه``, and ``وزير`` finds ``للوزير``.
* **Folding** (the default): both sides are compared through ``normalize_for_search`` (harakat
  dropped, alef and hamza forms folded, ى -> ي, digits of any script...).
* **Exact spelling**: no folding; only what is not spelling is ignored (harakat, tatweel, bidi
  marks: ``normalize_exact``), so ``علي`` no longer finds ``على``.
* **Part of a word**: any substring, as the search did before.

Documents are searched in SQL: ``instr`` on the stored folded copy keeps only candidates (every
match in any mode is also a substring there), then a registered function checks them. Where the
project has a trigram index of the folded copies, it picks the documents ``instr`` reads.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from .normalize import (
    NORMALIZER_VERSION,
    exact_copy,
    map_hit,
    normalize,
    normalize_exact,
    normalize_for_search,
)

__all__ = [
    "SEARCH_VERSION_KEY",
    "Query",
    "document_condition",
    "find_hits",
    "fts_phrase",
    "indexed_document_ids",
    "reset_outdated_search_mark",
    "search_copy_is_current",
    "trigram_query",
    "whole_word_phrases",
]

# meta key: the NORMALIZER_VERSION the stored search copies were built with
SEARCH_VERSION_KEY = "search_normalizer"

# Proclitics as they look in either copy (the article's alef is plain in both).
CLITICS = "(?:[وف](?:[بلك]?ال|لل|[بلك])?|[بلك]?ال|لل|[بلك])"
LETTER_BEFORE = r"(?<![^\W\d_])"
LETTER_AFTER = r"(?![^\W\d_])"


def char_kind(ch: str) -> str:
    if ch.isdecimal():
        return "digit"
    if ch.isalpha() or unicodedata.category(ch)[0] == "M":
        return "letter"
    return ""


class Query:
    """One search query, prepared once: the folded needle for ``instr`` and the pattern that
    checks a normalised copy (folded, or exact for ``exact``)."""

    def __init__(self, query: str, *, exact: bool = False, substring: bool = False) -> None:
        self.exact = exact
        self.substring = substring
        # keyboards may send decomposed letters; stored text is NFC
        query = unicodedata.normalize("NFC", query)
        self.needle = normalize_for_search(query).strip()
        self.text = (normalize_exact(query)[0] if exact else self.needle).strip()
        body = re.escape(self.text)
        if substring or not self.text:
            self.pattern = f"(?P<q>{body})"
        else:
            first, last = char_kind(self.text[0]), char_kind(self.text[-1])
            before = {"letter": f"{LETTER_BEFORE}{CLITICS}?", "digit": r"(?<!\d)"}.get(first, "")
            after = {"letter": LETTER_AFTER, "digit": r"(?!\d)"}.get(last, "")
            self.pattern = f"{before}(?P<q>{body}){after}"
        self.regex = _compile(self.pattern)

    def __bool__(self) -> bool:
        return bool(self.needle) and bool(self.text)

    @property
    def plain(self) -> bool:
        """True when ``instr`` on the folded copy is the whole test (folded, part of a word)."""
        return self.substring and not self.exact

    def hits(self, text: str) -> list[tuple[int, int]]:
        """Every non-overlapping hit in ``text``, as original ``(start, end)`` offsets (the
        proclitics in front of a word are not part of its hit)."""
        if not self:
            return []
        norm, index = (normalize_exact if self.exact else _normalized)(text)
        out: list[tuple[int, int]] = []
        pos = 0
        while True:
            m = self.regex.search(norm, pos)
            if m is None:
                return out
            at, stop = m.span("q")
            hit = map_hit(text, index, at, stop)
            if hit is not None:
                out.append(hit)
                pos = stop
            else:
                pos = at + 1


@functools.lru_cache(maxsize=64)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@functools.lru_cache(maxsize=8)
def _normalized(text: str) -> tuple[str, list[int]]:
    # find-as-you-type searches the same article on every keystroke
    return normalize(text)


def find_hits(
    text: str, query: str, *, exact: bool = False, substring: bool = False
) -> list[tuple[int, int]]:
    """The find bar's hits of ``query`` in ``text`` (see the module's rules)."""
    return Query(query, exact=exact, substring=substring).hits(text)


# The longest proclitic run CLITICS matches (و + بال), in characters.
_CLITIC_MAX = 4


def _match_folded(pattern: str, folded: str | None, needle: str | None = None) -> bool:
    if folded is None:
        return False
    regex = _compile(pattern)
    if needle is None:
        return regex.search(folded) is not None
    # Every hit is an occurrence of ``needle`` with at most _CLITIC_MAX characters of
    # proclitics before it: try the pattern only there. re.search would try it at every
    # position of the document (a leading look-behind defeats its literal scan), which made a
    # common word's search over 100,000 documents several seconds (bench/bench_cli.py).
    at = folded.find(needle)
    while at >= 0:
        for start in range(max(0, at - _CLITIC_MAX), at + 1):
            if regex.match(folded, start) is not None:
                return True
        at = folded.find(needle, at + 1)
    return False


def _match_exact(pattern: str, title: str | None, text: str | None) -> bool:
    regex = _compile(pattern)
    return regex.search(exact_copy(title or "")) is not None or (
        regex.search(exact_copy(text or "")) is not None
    )


_FUNCTIONS: dict[str, tuple[int, Callable[..., bool]]] = {
    "annotator_match_folded": (3, _match_folded),
    "annotator_match_exact": (3, _match_exact),
}


# A trigram index finds needles of 3 characters or more; a longer one is looked up by at most
# this many of its trigrams (spread over it, first and last among them) where every candidate
# is checked anyway: each more trigram of a common phrase costs the lookup (the first page of a
# two-word search over 100,000 documents: 47 ms with 12, 29 ms with 6; bench_cli.py).
_MAX_TRIGRAMS = 6


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 string (double quotes doubled). In a trigram index with positions
    (``detail=full``) it matches exactly the documents holding ``text`` (3 characters or more)."""
    return '"' + text.replace('"', '""') + '"'


def trigram_query(needle: str) -> str | None:
    """An FTS5 MATCH expression for the documents whose folded copy may contain ``needle``
    (the AND of its trigrams, each a quoted string), or None below 3 characters."""
    grams = list(dict.fromkeys(needle[i : i + 3] for i in range(len(needle) - 2)))
    if not grams:
        return None
    if len(grams) > _MAX_TRIGRAMS:
        step = (len(grams) - 1) / (_MAX_TRIGRAMS - 1)
        grams = [grams[round(k * step)] for k in range(_MAX_TRIGRAMS)]
    return " AND ".join(fts_phrase(g) for g in grams)


# The whole-word hits the index can vouch for without reading a document: the word (after no
# proclitic or the article) between one of these edges. A phrase costs one index lookup, about
# nothing when one of its trigrams is rare and 20-130 ms when all are in nearly every one of
# 100,000 documents; reading a document's copy costs about 20 us (bench_cli.py).
_EDGES_BEFORE = (" ", "\n", '"')
_PREFIXES = ("", "ال")
_EDGES_AFTER = (" ", "،", ".")
# Once no more candidates than this are left unvouched for, reading them is cheaper than
# another phrase lookup; so it is once reading them would take less time than the last lookup
# did (_READ_COST a document, in seconds: 12-20 us measured). Timing decides only which way the
# same answer is found.
_READ_RATHER = 1000
_READ_COST = 15e-6


def whole_word_phrases(query: Query) -> list[str]:
    """FTS5 phrases for documents that certainly hold a whole-word hit of the folded
    ``query``: each is a hit of its pattern with the characters around it, the likeliest
    first. Empty where the query is not a folded whole-word search of 3 characters or more."""
    if query.exact or query.substring or len(query.text) < 3:
        return []
    first, last = char_kind(query.text[0]), char_kind(query.text[-1])
    before = _EDGES_BEFORE if first else ("",)
    prefixes = _PREFIXES if first == "letter" else ("",)
    after = _EDGES_AFTER if last else ("",)
    return [fts_phrase(b + p + query.text + a) for b in before for p in prefixes for a in after]


def indexed_document_ids(
    conn: sqlite3.Connection, query: Query, table: str, through: int
) -> list[int] | None:
    """Every document matching ``query``, in id order, found through the trigram index
    ``table`` (with positions; it holds the documents up to id ``through``); None where the
    index cannot answer (exact spelling, a needle under 3 characters): ``document_condition``.

    The needle as a phrase is an exact substring test, so part-of-a-word search reads no
    text; a whole-word search reads only the candidates no ``whole_word_phrases`` vouches for.
    The sets are joined here rather than in SQL, which would look every id up in
    ``documents`` (90 ms of the 290 a word in 94,000 of 100,000 documents took)."""
    if not query or query.exact or len(query.needle) < 3:
        return None

    def match(expr: str) -> set[int]:
        # one string rather than a row per id: a third of the time for 90,000 ids
        sql = f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ? AND rowid <= ?"
        ids = conn.execute(sql, (expr, through)).fetchone()[0]
        return set(map(int, ids.split(","))) if ids else set()

    # above the index: scanned, as without it
    scan = document_condition(conn, query)
    assert scan is not None
    found = {
        r[0]
        for r in conn.execute(
            f"SELECT id FROM documents WHERE id > ? AND {scan[0]}", [through, *scan[1]]
        )
    }
    if query.plain:
        return sorted(found | match(fts_phrase(query.needle)))
    rest = match(trigram_query(query.needle) or "")
    took = 0.0
    for phrase in whole_word_phrases(query):
        if len(rest) <= _READ_RATHER or len(rest) * _READ_COST < took:
            break
        start = time.perf_counter()
        vouched = rest & match(phrase)
        took = time.perf_counter() - start
        found |= vouched
        rest -= vouched
    ids = sorted(rest)
    for at in range(0, len(ids), 500):
        chunk = ids[at : at + 500]
        rows = conn.execute(
            f"SELECT id, search_text FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        found.update(doc for doc, text in rows if _match_folded(query.pattern, text, query.text))
    return sorted(found)


def document_condition(
    conn: sqlite3.Connection, query: Query, *, fts: tuple[str, int] | None = None
) -> tuple[str, list[Any]] | None:
    """A WHERE condition (and its arguments) on the ``documents`` table for ``query``, or None
    when the query has nothing to look for. Registers the checking functions on ``conn``.

    ``fts``: a trigram FTS5 table over ``search_text`` and the last document id it holds. Its
    candidates (and every document above that id) are then the only ones ``instr`` reads,
    instead of every document; a needle under 3 characters scans as before. Used for the
    first page of a search (the candidates are checked in id order until it is full) and for
    exact spelling; ``indexed_document_ids`` answers the rest from the index alone."""
    if not query:
        return None
    sql = "instr(search_text, ?) > 0"
    args: list[object] = [query.needle]
    match = trigram_query(query.needle) if fts is not None else None
    if fts is not None and match is not None:
        table, through = fts
        # UNION ALL, not OR: an OR of the two makes SQLite scan every document. The AND of
        # trigrams, not the needle as a phrase: it is listed in a fraction of a common
        # phrase's time, and a page is full once its first few hundred candidates are read
        sql = (
            f"id IN (SELECT rowid FROM {table} WHERE {table} MATCH ? "
            f"UNION ALL SELECT id FROM documents WHERE id > ?) AND {sql}"
        )
        args = [match, through, *args]
    if query.plain:
        return sql, args
    for name, (n, fn) in _FUNCTIONS.items():
        conn.create_function(name, n, fn, deterministic=True)
    # The common case needs no Python: the word between two spaces is a whole word.
    spaced = f" {query.text} "
    if query.exact:
        return (
            f"{sql} AND (instr(text, ?) > 0 OR annotator_match_exact(?, title, text))",
            [*args, spaced, query.pattern],
        )
    return (
        f"{sql} AND (instr(search_text, ?) > 0 OR annotator_match_folded(?, search_text, ?))",
        [*args, spaced, query.pattern, query.text],
    )


def search_copy_is_current(version: str | None) -> bool:
    """Whether search copies built under the stored normaliser ``version`` are still valid."""
    return version == str(NORMALIZER_VERSION)


def reset_outdated_search_mark(conn: sqlite3.Connection, mark_key: str) -> None:
    """Inside a write transaction: when the stored copies were built by another normaliser,
    forget how far they got (all are rebuilt) and record the current version."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (SEARCH_VERSION_KEY,)).fetchone()
    if search_copy_is_current(row[0] if row else None):
        return
    conn.execute("DELETE FROM meta WHERE key = ?", (mark_key,))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
        "SET value = excluded.value",
        (SEARCH_VERSION_KEY, str(NORMALIZER_VERSION)),
    )
