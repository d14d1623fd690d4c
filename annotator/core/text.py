"""The one place text is cleaned: at import, before it is stored. Stored text never changes after.

Cleaning drops a leading BOM, turns CRLF and CR into LF, replaces control characters and applies
NFC. NUL characters, lone surrogates, invalid UTF-8 and binary files are refused. Offsets given
against the raw text (spans in an imported JSONL file, tokens of a CoNLL file) are remapped through
the cleaning.

Control characters other than TAB and LF (scraped news has U+001A and U+0002 between words, drawn
as boxes) become a space, one for one, so the words on either side stay apart and offsets do not
move; the three that are line breaks (VT, FF and NEL) become LF. The C1 controls (U+0080-U+009F)
and DEL are treated the same way. NUL stays refused: it is the mark of binary data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

BOM = "\ufeff"
UTF8_BOM = BOM.encode("utf-8")
# Every C0 control but NUL (refused), TAB and LF (kept) and CR (a line end); DEL; the C1 controls.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_CHARS = frozenset(chr(c) for c in range(0xA0) if _CONTROL.match(chr(c)))
# The same test on the text's UTF-8, which every import encodes anyway: deleting the C0 bytes and
# comparing lengths is four times faster than the regex on a long article (bench_core), and a C1
# control is two bytes led by C2, which is never a continuation byte.
_C0_AND_DEL_BYTES = bytes(c for c in range(0x80) if chr(c) in _CONTROL_CHARS)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_C0_DEL_AND_NUL_BYTES = b"\x00" + _C0_AND_DEL_BYTES
_LINE_BREAK_CONTROLS = frozenset("\x0b\x0c\x85")
# A title made from the text: its first non-empty line, at most this many characters.
TITLE_MAX = 300
_TITLE_BLANK = BOM + "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


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
    # Control characters replaced, by character: {"\x1a": 91}
    controls: Mapping[str, int] = field(default_factory=dict)

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


def _has_controls(data: bytes) -> bool:
    """Does this UTF-8 text hold a character of _CONTROL?"""
    if len(data.translate(None, _C0_AND_DEL_BYTES)) != len(data):
        return True
    return b"\xc2" in data and _C1_UTF8.search(data) is not None


def clean(raw: str, source: str | None = None, line: int | None = None) -> Cleaned:
    """Clean ``raw`` for storage. Raises InputError (naming source and line) on refused input."""
    # check_characters' checks, with the search for NUL folded into the control characters'
    # pass over the UTF-8 (one pass over the text instead of two)
    try:
        data = raw.encode("utf-8")
        has_controls = len(data.translate(None, _C0_DEL_AND_NUL_BYTES)) != len(data)
    except UnicodeEncodeError:  # a lone surrogate: refused below, as is a NUL before it
        data, has_controls = b"\x00", True
    if has_controls:
        if b"\x00" in data:
            data = check_characters(raw, source, line)  # refuses it, naming the line
        has_controls = _has_controls(data)
    elif b"\xc2" in data:
        has_controls = _C1_UTF8.search(data) is not None
    has_bom = raw.startswith(BOM)
    plain = not has_bom and "\r" not in raw and not has_controls
    if plain and unicodedata.is_normalized("NFC", raw):
        return Cleaned(raw, len(raw), utf8=data)
    controls: dict[str, int] = {}

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
        elif has_controls and ch in _CONTROL_CHARS:
            pieces.append("\n" if ch in _LINE_BREAK_CONTROLS else " ")
            controls[ch] = controls.get(ch, 0) + 1
        else:
            pieces.append(ch)
        out_len += 1
        i += 1
    starts[n] = ends[n] = out_len
    step1 = "".join(pieces)

    # Step 2: NFC, run by run, so offsets between runs map exactly.
    if unicodedata.is_normalized("NFC", step1):
        return Cleaned(step1, n, starts, ends, controls=controls)
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
        controls=controls,
    )


def replace_controls(text: str) -> str:
    """``text`` with its control characters replaced as ``clean`` does (for a given title)."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: "\n" if m.group() in _LINE_BREAK_CONTROLS else " ", text)


def describe_controls(counts: Mapping[str, int], documents: int) -> str:
    """One line for an import report: how many control characters were replaced, and which."""
    total = sum(counts.values())
    which = ", ".join(
        f"U+{ord(ch):04X} x{n}" for ch, n in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    return (
        f"replaced {total} control character{'s' if total != 1 else ''} in {documents} "
        f"document{'s' if documents != 1 else ''} by spaces (VT, FF and NEL by line breaks): "
        f"{which}"
    )


def first_line_title(text: str) -> str:
    """The title of a document that has none: its first non-empty line, stripped (a BOM and bidi
    marks at its ends count as blank), at most TITLE_MAX characters. Every reader's rule."""
    for line in text.splitlines():
        stripped = line.strip().strip(_TITLE_BLANK).strip()
        if stripped:
            return stripped[:TITLE_MAX].rstrip()
    return ""


def is_blank(text: str) -> bool:
    """Only whitespace, a BOM and direction marks: nothing a reader could label (an empty text)."""
    return all(ch.isspace() or ch in _TITLE_BLANK for ch in text)


def check_field(value: str, what: str, source: str | None, line: int | None) -> None:
    """Refuse NUL and lone surrogates in a short field (title, id, label, annotator, meta) as
    in the text: SQLite cannot store a lone surrogate, and NUL is binary data."""
    if "\x00" in value:
        raise InputError(source, line, f"{what} contains a NUL character (binary data?)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise InputError(source, line, f"{what} contains a lone surrogate U+{code:04X}") from None


def document_title(title: str | None, text: str) -> str:
    """The title stored for a document: the given one (stripped, control characters replaced),
    else ``first_line_title`` of its cleaned text."""
    given = replace_controls(title).strip() if title else ""
    return given or first_line_title(text)


# Bytes of SHA-256 kept as a text's identity: 128 bits make a collision among even a billion
# texts a 1-in-10^20 event, and half the bytes make the unique index that every import
# writes smaller (and that index's random-order inserts are a real part of a large import).
TEXT_KEY_BYTES = 16


def text_key(text: str, utf8: bytes | None = None) -> bytes:
    """Identity of a stored text (as stored in the project): re-importing it adds nothing.

    ``utf8``: the text already encoded, when the caller has it.
    """
    # here, not at the top: hashlib loads OpenSSL (2 ms), paid only by commands that hash texts
    import hashlib

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
