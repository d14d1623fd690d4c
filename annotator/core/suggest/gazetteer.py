"""Gazetteers: lists of known names, matched over documents as suggestions.

Two shapes of file, both UTF-8 (a BOM is dropped; NUL bytes and invalid UTF-8 are refused with
the line):

* **CSV** ``name,label`` (no label given): one name and its label a line, an optional header
  ``name,label``, names quoted when they hold a comma (``"واشنطن، العاصمة",PLACE``);
* **one name a line**, with the label given by the caller (``label="PLACE"``).

Names are cleaned: NFC, surrounding whitespace stripped; blank lines and lines starting with
``#`` are skipped. Every problem is one ``InputError`` naming the file, the line and what is
wrong (an empty label, a name missing, a row of the wrong shape).

A gazetteer is matched by propagation's matcher (whole words, folded, across clitics): the hits
come with the source ``"gazetteer"``.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..text import BOM, decode_bytes
from .propagate import Hit, Matcher

__all__ = [
    "GazetteerEntry",
    "gazetteer_matcher",
    "match_gazetteer",
    "parse_gazetteer",
    "read_gazetteer",
]

_HEADER = ("name", "label")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    label: str
    line: int


def read_gazetteer(path: str | Path, *, label: str | None = None) -> list[GazetteerEntry]:
    """The entries of the gazetteer file at ``path`` (see the module docstring)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), None, f"cannot read file: {exc.strerror or exc}") from None
    return parse_gazetteer(decode_bytes(data, str(p)), source=str(p), label=label)


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def parse_gazetteer(
    text: str, *, source: str | None = None, label: str | None = None
) -> list[GazetteerEntry]:
    """The entries of gazetteer ``text`` (already decoded); ``label`` for a one-name-a-line file."""
    if text.startswith(BOM):
        text = text[1:]
    given = _clean(label) if label is not None else None
    if given is not None and not given:
        raise InputError(source, None, "empty label given for a one-name-a-line gazetteer")
    entries: list[GazetteerEntry] = []
    seen: set[tuple[str, str]] = set()
    first = True
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "\x00" in line:
            raise InputError(source, number, "not a text file (contains NUL bytes)")
        if given is not None:
            name, lab = _one_name(line, source, number), given
        else:
            row = _csv_row(line, source, number)
            if first and tuple(_clean(c).casefold() for c in row) == _HEADER:
                first = False
                continue
            name, lab = _name_label(row, source, number)
        first = False
        if (name, lab) not in seen:
            seen.add((name, lab))
            entries.append(GazetteerEntry(name, lab, number))
    return entries


def _csv_row(line: str, source: str | None, number: int) -> list[str]:
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error as exc:
        raise InputError(source, number, f"not a CSV row ({exc})") from None
    return rows[0] if rows else []


def _name_label(row: Sequence[str], source: str | None, number: int) -> tuple[str, str]:
    if len(row) == 1:
        raise InputError(
            source,
            number,
            "unknown shape: one column (expected name,label; a file of one name a line needs "
            "its label given)",
        )
    if len(row) != 2:
        raise InputError(
            source, number, f"unknown shape: {len(row)} columns (expected name,label; quote a "
            "name that holds a comma)"
        )  # fmt: skip
    name, lab = _clean(row[0]), _clean(row[1])
    if not name:
        raise InputError(source, number, "empty name")
    if not lab:
        raise InputError(source, number, f"empty label for {name!r}")
    if any(c.isspace() for c in lab):
        raise InputError(source, number, f"label {lab!r} holds whitespace")
    return name, lab


def _one_name(line: str, source: str | None, number: int) -> str:
    name = _clean(line)
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = _clean(name[1:-1].replace('""', '"'))
    if not name:
        raise InputError(source, number, "empty name")
    return name


def gazetteer_matcher(entries: Iterable[GazetteerEntry | tuple[str, str]]) -> Matcher:
    """A matcher of the entries, compiled once, for many documents (hits say "gazetteer")."""
    pairs = [(e.name, e.label) if isinstance(e, GazetteerEntry) else e for e in entries]
    return Matcher(pairs, source="gazetteer")


def match_gazetteer(
    text: str,
    entries: Iterable[GazetteerEntry | tuple[str, str]] | Matcher,
    *,
    skip: Iterable[tuple[int, int]] = (),
) -> list[Hit]:
    """The gazetteer's names found in ``text`` (none overlapping ``skip``), as suggestions."""
    matcher = entries if isinstance(entries, Matcher) else gazetteer_matcher(entries)
    return matcher.hits(text, skip=skip)
