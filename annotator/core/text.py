"""The one place text is cleaned: at import, before it is stored. Stored text never changes after.

Cleaning drops a leading BOM, turns CRLF and CR into LF and applies NFC. NUL characters, lone
surrogates, invalid UTF-8 and binary files are refused. Offsets given against the raw text (spans
in an imported JSONL file, tokens of a CoNLL file) are remapped through the cleaning.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

BOM = "\ufeff"
UTF8_BOM = BOM.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text plus the map from raw boundaries (0..len(raw)) to cleaned boundaries."""

    text: str
    raw_length: int
    # None when cleaning changed nothing. Otherwise two lists of length raw_length + 1: a raw
    # boundary that falls inside a merged sequence (CRLF, a composed letter) maps down for a start
    # and up for an end, so a span never loses a character.
    _starts: list[int] | None = None
    _ends: list[int] | None = None
    # ``text`` as UTF-8 when cleaning changed nothing (already encoded by the character check)
    utf8: bytes | None = None

    @property
    def changed(self) -> bool:
        return self._starts is not None

    def map_start(self, raw_offset: int) -> int:
        self._check(raw_offset)
        return raw_offset if self._starts is None else self._starts[raw_offset]

    def map_end(self, raw_offset: int) -> int:
        self._check(raw_offset)
        return raw_offset if self._ends is None else self._ends[raw_offset]

    def _check(self, raw_offset: int) -> None:
        if not 0 <= raw_offset <= self.raw_length:
            raise IndexError(f"offset {raw_offset} outside the text (length {self.raw_length})")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def check_characters(raw: str, source: str | None = None, line: int | None = None) -> bytes:
    """Refuse NUL and lone surrogates. ``line`` is the source line where ``raw`` starts.

    Returns ``raw`` as UTF-8 (the surrogate check encodes it anyway; the text hash reuses it).
    """
    nul = raw.find("\x00")
    if nul >= 0:
        at = (line or 1) + _line_of(raw, nul) - 1
        raise InputError(source, at, "contains a NUL character (binary data?)")
    try:
        return raw.encode("utf-8")
    except UnicodeEncodeError as exc:
        at = (line or 1) + _line_of(raw, exc.start) - 1
        code = ord(raw[exc.start])
        raise InputError(source, at, f"contains a lone surrogate U+{code:04X}") from None


@functools.cache
def _composing_starters() -> frozenset[str]:
    """Characters of combining class 0 that NFC can merge into the character before them."""
    out = set()
    for cp in range(0x30000):  # every canonical decomposition lies below U+2FA1E
        decomp = unicodedata.decomposition(chr(cp))
        if not decomp or decomp.startswith("<"):
            continue
        parts = decomp.split()
        if len(parts) == 2:
            second = chr(int(parts[1], 16))
            if unicodedata.combining(second) == 0:
                out.add(second)
    out.update(chr(c) for c in range(0x1161, 0x1176))  # Hangul vowel jamo
    out.update(chr(c) for c in range(0x11A8, 0x11C3))  # Hangul trailing jamo
    return frozenset(out)


def _nfc_runs(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into runs that NFC normalises independently of each other."""
    joiners = _composing_starters()
    runs = []
    start = 0
    for i in range(1, len(text)):
        ch = text[i]
        if unicodedata.combining(ch) == 0 and ch not in joiners:
            runs.append((start, i))
            start = i
    if text:
        runs.append((start, len(text)))
    return runs


def clean(raw: str, source: str | None = None, line: int | None = None) -> Cleaned:
    """Clean ``raw`` for storage. Raises InputError (naming source and line) on refused input."""
    data = check_characters(raw, source, line)
    has_bom = raw.startswith(BOM)
    if not has_bom and "\r" not in raw and unicodedata.is_normalized("NFC", raw):
        return Cleaned(raw, len(raw), utf8=data)

    # Step 1: BOM and line ends, tracked per raw character.
    n = len(raw)
    starts = [0] * (n + 1)
    ends = [0] * (n + 1)
    pieces: list[str] = []
    out_len = 0
    i = 0
    if has_bom:
        starts[0] = ends[0] = 0
        i = 1
    while i < n:
        ch = raw[i]
        starts[i] = ends[i] = out_len
        if ch == "\r":
            pieces.append("\n")
            if i + 1 < n and raw[i + 1] == "\n":
                # the boundary between CR and LF is inside one line break
                starts[i + 1] = out_len
                ends[i + 1] = out_len + 1
                i += 1
        else:
            pieces.append(ch)
        out_len += 1
        i += 1
    starts[n] = ends[n] = out_len
    step1 = "".join(pieces)

    # Step 2: NFC, run by run, so offsets between runs map exactly.
    if unicodedata.is_normalized("NFC", step1):
        return Cleaned(step1, n, starts, ends)
    run_starts = [0] * (len(step1) + 1)
    run_ends = [0] * (len(step1) + 1)
    out: list[str] = []
    pos = 0
    for a, b in _nfc_runs(step1):
        seg = step1[a:b]
        norm = unicodedata.normalize("NFC", seg)
        if norm == seg:
            for k in range(a, b):
                run_starts[k] = run_ends[k] = pos + (k - a)
        else:
            run_starts[a] = run_ends[a] = pos
            for k in range(a + 1, b):
                # inside a sequence NFC rewrote: keep the whole sequence in the span
                run_starts[k] = pos
                run_ends[k] = pos + len(norm)
        out.append(norm)
        pos += len(norm)
    run_starts[len(step1)] = run_ends[len(step1)] = pos
    text = "".join(out)
    return Cleaned(
        text,
        n,
        [run_starts[s] for s in starts],
        [run_ends[e] for e in ends],
    )


# Bytes of SHA-256 kept as a text's identity: 128 bits make a collision among even a billion
# texts a 1-in-10^20 event, and half the bytes make the unique index that every import
# writes smaller (and that index's random-order inserts are a real part of a large import).
TEXT_KEY_BYTES = 16


def text_key(text: str, utf8: bytes | None = None) -> bytes:
    """Identity of a stored text (as stored in the project): re-importing it adds nothing.

    ``utf8``: the text already encoded, when the caller has it.
    """
    data = utf8 if utf8 is not None else text.encode("utf-8")
    return hashlib.sha256(data).digest()[:TEXT_KEY_BYTES]


def text_hash(text: str, utf8: bytes | None = None) -> str:
    """``text_key`` as hexadecimal text (``Document.text_hash``)."""
    return text_key(text, utf8).hex()


def decode_bytes(data: bytes, source: str | None = None) -> str:
    """Decode a file's bytes as UTF-8, refusing binary data and invalid UTF-8 with the line."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(source, line, "not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _invalid_utf8(source, line, data[exc.start], col) from None


def decode_line(raw: bytes, source: str | None, line: int) -> str:
    """One line of a file, read as bytes, decoded as UTF-8; invalid UTF-8 is refused with the
    line and column, as ``decode_bytes`` does (for readers that stream a file line by line)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid_utf8(source, line, raw[exc.start], exc.start + 1) from None


def _invalid_utf8(source: str | None, line: int, byte: int, column: int) -> InputError:
    return InputError(source, line, f"invalid UTF-8 (byte 0x{byte:02X} at column {column})")


def read_text_file(path: str | Path) -> str:
    """Read a UTF-8 text file (BOM and CRLF are left for ``clean``)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), None, f"cannot read file: {exc.strerror or exc}") from None
    return decode_bytes(data, str(p))
