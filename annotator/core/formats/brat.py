"""brat standoff: a ``.txt`` and an ``.ann`` per document.

Offsets. brat's documentation (standoff format) gives offsets as character indices from 0, end
exclusive, into the UTF-8 ``.txt`` file. Its server is Python: ``annotation.py`` opens the text with
``codecs.open(..., encoding="utf8")`` and checks every text-bound annotation against
``text[start:end]`` of that unicode string, so brat counts code points (on the wide Python builds
Linux uses), exactly as we do. We write and read code points. An ``.ann`` whose offsets only fit
the text as UTF-16 units (written by a JavaScript tool) is converted and reported; offsets that
fit neither are refused with the line.

Export: a folder with ``NAME.txt`` and ``NAME.ann`` per document (names from the external id, made
safe for every file system) and an ``annotation.conf``. A span that crosses a line break is written
the way brat itself stores it: as fragments split at the line breaks (``T1 PLACE 0 5;6 10``), with
the fragment texts joined by a space. Ids: a record's own brat ids (``T3``, ``E2``, ``R1``) when
every id its spans (frames, relations) have is of that form, those without one numbered after
the highest; else (ids from a database) ``T1``, ``T2``... in document order. Then
``E`` lines for frames (``E1 EVENT:T3 agent:T1 about:E2``), ``R`` lines for directed relations,
one ``*`` line per connected group of a symmetric relation type (members in the order they first
appear), ``A`` lines for attributes (``A1 Negated E1``, ``A2 Certainty T3 High``) and ``#`` lines
for notes (``#1 AnnotatorNotes T3<TAB>text``, one line per line of the note). A relation type is
symmetric when the project's relation types (``definitions``) say so; an undefined type when
the relation has the id ``*`` (what the reader gives relations of ``*`` lines). The document's
note has no place in brat: it is written as ``#N DocumentNote *<TAB>text`` lines, which the
reader maps back to ``DocRecord.note`` (brat shows it as a note on nothing).
``annotation.conf`` lists the labels (those that are frame types under ``[events]``), the roles,
relation types and attributes of the ``definitions`` given, and declares from the use whatever
the records use beyond them.

Import: a folder, a ``.zip`` or a single ``.ann`` (its ``.txt`` beside it). T lines become spans
whose ``id`` is the T id. Discontinuous T lines: fragments separated only by whitespace (brat's own
line-break split) become one span; fragments with other text between them become one span each,
with the same label, and are reported (annotator has no discontinuous spans); only the first
piece has the id, so what points at the annotation points at its first piece (reported). ``E``,
``R``, ``*``, ``A``/``M`` and ``#`` lines become frames, relations, attributes and notes
(``_brat_links.py``): reading the export again gives identical records. ``N`` lines, notes and
attributes of relations and relations of events are reported as not kept. An id that points at
nothing, or is used twice, refuses the file naming file, line and id.

Zip files are read member by member (one document at a time), never extracted. Refused with a
message naming the member: absolute names, ``..`` components, drive letters, symbolic links,
members over ``MAX_MEMBER_BYTES``, a total over ``MAX_TOTAL_BYTES`` and members that compress
better than ``MAX_RATIO`` to 1 (zip bombs). In a folder, symbolic links are refused too.
"""

from __future__ import annotations

import functools
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import AnnotatorError, InputError
from ..model import Definitions, DocRecord, SpanRecord
from ..text import decode_bytes
from ._brat_links import Links, Usage, assign_ids, link_lines
from ._shared import ExportCounter, Warn, check_span_text
from .io import OnError, reject

MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 200_000
_T_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


# --------------------------------------------------------------------------------- export


def _safe_stem(external_id: str | None, index: int, taken: set[str]) -> str:
    base = unicodedata.normalize("NFC", external_id or f"doc{index}")
    base = re.sub(r"\.(txt|ann)$", "", base, flags=re.IGNORECASE)
    base = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', "_", base).strip("._") or f"doc{index}"
    base = base[:100]
    stem = base
    n = 2
    while stem.lower() in taken:
        stem = f"{base}_{n}"
        n += 1
    taken.add(stem.lower())
    return stem


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks, fragments trimmed of the break itself."""
    out = []
    a = start
    for i in range(start, end):
        if text[i] in "\n\r\u2028\u2029\x85\x0b\x0c":
            if a < i:
                out.append((a, i))
            a = i + 1
    if a < end:
        out.append((a, end))
    return out or [(start, end)]


def write_brat(
    records: Iterable[DocRecord],
    output: Path,
    *,
    project_labels: Sequence[str] | None = None,
    definitions: Definitions | None = None,
) -> dict[str, Any]:
    """Write a brat collection to the folder ``output``; returns the report.

    The project's ``definitions`` (roles, relation types, attributes) go into
    ``annotation.conf`` and say which relation types are symmetric; what the records use
    beyond them is declared from the use."""
    defs = definitions or Definitions()
    if str(output) == "-":
        raise AnnotatorError("the brat format writes a folder: give its name with --output")
    if output.exists() and not output.is_dir():
        raise AnnotatorError(f"{output}: brat export needs a folder, and this is a file")
    output.mkdir(parents=True, exist_ok=True)
    counter = ExportCounter("brat")
    taken: set[str] = set()
    use = Usage.from_definitions(project_labels, defs.roles, defs.relation_types, defs.attributes)
    totals = dict.fromkeys(("frames", "relations", "attributes", "notes"), 0)
    for index, rec in enumerate(records, 1):
        check_span_text(rec)
        counter.documents += 1
        stem = _safe_stem(rec.external_id, index, taken)
        text = rec.text
        lines = []
        ids = [sp.id for sp in rec.spans]
        tids = (
            [f"T{k}" for k in range(1, len(ids) + 1)]
            if not any(ids)
            else assign_ids(ids, "T", "span", f"document {stem!r}")
        )
        labels = []
        for sp, tid in zip(rec.spans, tids, strict=True):
            label = re.sub(r"\s+", "_", sp.label)
            labels.append(label)
            use.labels.setdefault(label, None)
            frags = _fragments(text, sp.start, sp.end)
            offsets = ";".join(f"{a} {b}" for a, b in frags)
            surface = " ".join(text[a:b] for a, b in frags)
            lines.append(f"{tid}\t{label} {offsets}\t{surface}\n")
            counter.wrote(sp)
            if len(frags) > 1:
                counter.extra["spans_split_at_line_breaks"] = (
                    counter.extra.get("spans_split_at_line_breaks", 0) + 1
                )
        more, counts = link_lines(rec, index, tids, labels, use)
        lines += more
        for key, n in counts.items():
            totals[key] += n
        (output / f"{stem}.txt").write_text(text, encoding="utf-8", newline="\n")
        (output / f"{stem}.ann").write_text("".join(lines), encoding="utf-8", newline="\n")
    (output / "annotation.conf").write_text(use.conf(), encoding="utf-8", newline="\n")
    report = counter.report()
    report.update({k: v for k, v in totals.items() if v})
    return report


# --------------------------------------------------------------------------------- import


def _lf_to_raw(text: str) -> list[int] | None:
    """Map from offsets into ``text`` with CRLF read as one character to raw offsets."""
    if "\r\n" not in text:
        return None
    table = []
    for i, c in enumerate(text):
        if c == "\r" and text[i + 1 : i + 2] == "\n":
            continue
        table.append(i)
    table.append(len(text))
    return table


def _utf16_to_cp(text: str) -> list[int] | None:
    """Map from UTF-16 offsets to code points, or None if the text has no astral characters."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    table = []
    for i, c in enumerate(text):
        table.append(i)
        if ord(c) >= 0x10000:
            table.append(-1)  # between two surrogates: not a valid boundary
    table.append(len(text))
    return table


class _AnnFile:
    """Parsed lines of one ``.ann`` file: T lines here, the others in ``links``."""

    def __init__(self) -> None:
        # (line number, id, label, fragments, surface text)
        self.tlines: list[tuple[int, str, str, list[tuple[int, int]], str | None]] = []
        self.links = Links()


def _parse_ann(content: str, ann_name: str) -> _AnnFile:
    out = _AnnFile()
    if content.startswith("\ufeff"):
        content = content[1:]
    for lineno, line in enumerate(content.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if not line.startswith("T"):
            out.links.parse(line, lineno, ann_name)
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise InputError(ann_name, lineno, "a T line needs ID<TAB>LABEL START END<TAB>TEXT")
        tid = parts[0]
        label, _sp, offsets = parts[1].strip().partition(" ")
        offsets = offsets.strip()
        if not label or not _T_OFFSETS.match(offsets):
            raise InputError(
                ann_name, lineno, f"{tid}: expected 'LABEL START END' but found {parts[1]!r}"
            )
        frags = []
        for piece in offsets.split(";"):
            a, b = piece.split(" ")
            if len(a) > 18 or len(b) > 18:  # no text is that long; int() refuses 4,300 digits
                raise InputError(ann_name, lineno, f"{tid}: offset too large in {piece[:40]!r}")
            frags.append((int(a), int(b)))
        surface = "\t".join(parts[2:]) if len(parts) > 2 else None
        out.tlines.append((lineno, tid, label, frags, surface))
    return out


def _to_record(
    text: str, ann: _AnnFile, ann_name: str, txt_name: str, doc_name: str, warn: Warn | None
) -> DocRecord:
    # brat's line handling: the .txt is read as it is; offsets count its characters.
    def fits(table: list[int] | None) -> bool:
        for _ln, _tid, _lab, frags, surface in ann.tlines:
            for a, b in frags:
                if table is not None:
                    # a start past the end (start > end) must not index the table either
                    if max(a, b) >= len(table) or table[a] < 0 or table[b] < 0:
                        return False
                    a, b = table[a], table[b]
                if not 0 <= a < b <= len(text):
                    return False
            if (
                surface is not None
                and " ".join(text[x:y] for x, y in _mapped(frags, table)) != surface
            ):
                return False
        return True

    table = None
    if not fits(None):
        for candidate, why in (
            (_utf16_to_cp(text), "offsets count UTF-16 units (a JavaScript tool?)"),
            (_lf_to_raw(text), "offsets count CRLF line ends as one character"),
        ):
            if candidate is not None and fits(candidate):
                table = candidate
                if warn is not None:
                    warn(f"{ann_name}: {why}; converted")
                break
        else:
            _explain_mismatch(text, ann, ann_name)
    spans: list[SpanRecord] = []
    split_lines = []
    # T id -> the span it became (the first piece of a discontinuous one; the span kept when
    # two T lines have the same offsets and label), for what points at it
    by_tid: dict[str, SpanRecord] = {}
    split: dict[str, str] = {}
    kept: dict[tuple[int, int, str], SpanRecord] = {}
    t_lines: dict[str, int] = {}
    for lineno, tid, label, frags, _surface in ann.tlines:
        if tid in t_lines:
            raise InputError(
                ann_name, lineno, f"{tid}: this id is used twice in the file (line {t_lines[tid]})"
            )
        t_lines[tid] = lineno
        frags = _mapped(frags, table)
        groups = [[frags[0]]]
        for a, b in frags[1:]:
            gap = text[groups[-1][-1][1] : a]
            if groups[-1][-1][1] <= a and (gap == "" or gap.isspace()):
                groups[-1].append((a, b))
            else:
                groups.append([(a, b)])
        if len(groups) > 1:
            split_lines.append(f"{tid} (line {lineno})")
            split[tid] = split_lines[-1]
        for k, g in enumerate(groups):
            s, e = g[0][0], g[-1][1]
            # duplicates (the same offsets and label twice, e.g. after merging fragments) go once
            sp = kept.get((s, e, label))
            if sp is None:
                sp = kept[(s, e, label)] = SpanRecord(s, e, label, text[s:e])
                spans.append(sp)
            if k == 0:
                if sp.id is None:
                    sp.id = tid
                by_tid[tid] = sp
    if split_lines and warn is not None:
        warn(
            f"{ann_name}: {len(split_lines)} discontinuous annotation(s) imported as one span per "
            f"fragment: {', '.join(split_lines[:5])}{' ...' if len(split_lines) > 5 else ''}"
        )
    frames, relations, note = ann.links.resolve(by_tid, split, ann_name, warn)
    return DocRecord(
        text=text,
        external_id=doc_name,
        spans=spans,
        frames=frames,
        relations=relations,
        note=note,
        source=txt_name,
        line=1,
    )


def _mapped(frags: list[tuple[int, int]], table: list[int] | None) -> list[tuple[int, int]]:
    if table is None:
        return frags
    return [(table[a], table[b]) for a, b in frags]


def _explain_mismatch(text: str, ann: _AnnFile, ann_name: str) -> None:
    for lineno, tid, _label, frags, surface in ann.tlines:
        for a, b in frags:
            if not 0 <= a < b <= len(text):
                raise InputError(
                    ann_name,
                    lineno,
                    f"{tid}: offsets {a}-{b} are outside the text (length {len(text)} characters)",
                )
        found = " ".join(text[a:b] for a, b in frags)
        if surface is not None and found != surface:
            raise InputError(
                ann_name,
                lineno,
                f"{tid}: the line says {surface!r} but the text at those "
                f"offsets is {found!r} (offsets in bytes or another encoding?)",
            )
    raise InputError(ann_name, None, "offsets do not fit the text")  # pragma: no cover


# ----------------------------------------------------------------------- sources of files


def _check_member_name(name: str, where: str) -> str:
    if "\x00" in name:
        raise InputError(where, None, f"unsafe member name {name!r} (NUL); refused")
    norm = name.replace("\\", "/")
    p = PurePosixPath(norm)
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        raise InputError(where, None, f"member {name!r} has an absolute path; refused")
    if ".." in p.parts:
        raise InputError(where, None, f"member {name!r} points outside the archive (..); refused")
    return norm


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(str(path), None, f"not a readable zip file ({exc})") from None


def _zip_members(zf: zipfile.ZipFile, where: str) -> dict[str, Callable[[], bytes]]:
    """Every member of an open brat zip that we use (.txt, .ann), checked from the headers.

    Each is read only when its document is (one ``.txt`` and one ``.ann`` at a time), so
    memory stays near the largest allowed member however much the archive holds in total.
    """
    out: dict[str, Callable[[], bytes]] = {}
    total = 0
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(where, None, f"{len(infos)} members (limit {MAX_MEMBERS}); refused")
    for info in infos:
        name = _check_member_name(info.filename, where)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InputError(where, None, f"member {name!r} is a symbolic link; refused")
        if info.is_dir():
            continue
        low = name.lower()
        if not (low.endswith(".txt") or low.endswith(".ann")):
            continue
        if any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts):
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(
                where,
                None,
                f"member {name!r} unpacks to {info.file_size} bytes "
                f"(limit {MAX_MEMBER_BYTES}); refused",
            )
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                where,
                None,
                f"member {name!r} compresses {info.file_size // max(info.compress_size, 1)}"
                f" to 1 (a zip bomb?); refused",
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputError(
                where,
                None,
                f"the archive unpacks to more than {MAX_TOTAL_BYTES} bytes; refused",
            )
        if name in out:
            raise InputError(where, None, f"member {name!r} appears twice; refused")
        out[name] = functools.partial(_read_member, zf, info, name, where)
    return out


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, where: str) -> bytes:
    # The sizes in the header can lie: read at most one byte more than announced.
    try:
        with zf.open(info) as fh:
            data = fh.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise InputError(where, None, f"member {name!r} is damaged ({exc}); refused") from None
    if len(data) > info.file_size:
        raise InputError(where, None, f"member {name!r} is larger than its header says; refused")
    return data


def _folder_members(root: Path) -> dict[str, Callable[[], bytes]]:
    """The .txt and .ann files of a brat folder, each read when its document is."""
    where = str(root)
    out: dict[str, Callable[[], bytes]] = {}
    total = 0
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(rel).parts):
            continue
        if p.is_symlink():
            raise InputError(where, None, f"{rel} is a symbolic link; refused")
        low = rel.lower()
        if not p.is_file() or not (low.endswith(".txt") or low.endswith(".ann")):
            continue
        size = p.stat().st_size
        if size > MAX_MEMBER_BYTES:
            raise InputError(str(p), None, f"{size} bytes (limit {MAX_MEMBER_BYTES}); refused")
        total += size
        if total > MAX_TOTAL_BYTES:
            raise InputError(where, None, f"more than {MAX_TOTAL_BYTES} bytes of text; refused")
        out[rel] = p.read_bytes
    return out


def _records_from_members(
    members: dict[str, Callable[[], bytes]],
    where: str,
    prefix: str,
    on_error: OnError | None,
    warn: Warn | None,
) -> Iterator[DocRecord]:
    stems: dict[str, dict[str, str]] = {}
    for name in members:
        stem, _dot, ext = name.rpartition(".")
        stems.setdefault(stem, {})[ext.lower()] = name
    if not any("ann" in v for v in stems.values()):
        raise InputError(where, None, "no .ann files here: not a brat collection")
    lone = sorted(v["txt"] for v in stems.values() if "ann" not in v and "txt" in v)
    if lone and warn is not None:
        # a .txt without an .ann (README, notes) is not a document of the collection
        warn(
            f"{where}: {len(lone)} .txt file(s) without an .ann skipped: {', '.join(lone[:5])}"
            f"{' ...' if len(lone) > 5 else ''}"
        )
    for stem in sorted(stems):
        files = stems[stem]
        if "ann" not in files:
            continue
        ann_name = f"{where}/{files['ann']}" if prefix else files["ann"]
        try:
            if "txt" not in files:
                raise InputError(ann_name, None, f"no {stem}.txt beside this .ann file")
            txt_name = f"{where}/{files['txt']}" if prefix else files["txt"]
            text = decode_bytes(members[files["txt"]](), txt_name)
            ann = _parse_ann(decode_bytes(members[files["ann"]](), ann_name), ann_name)
            yield _to_record(text, ann, ann_name, txt_name, stem, warn)
        except InputError as err:
            reject(err, on_error)


def read_brat(
    path: Path, *, name: str, on_error: OnError | None = None, warn: Warn | None = None
) -> Iterator[DocRecord]:
    """Documents of a brat folder, zip, or one ``.ann`` file (with its ``.txt``)."""
    where = str(path)
    try:
        if path.is_symlink():
            raise InputError(where, None, "is a symbolic link; refused")
        if path.is_dir():
            members = _folder_members(path)
            yield from _records_from_members(members, where, where, on_error, warn)
            return
        if path.suffix.lower() == ".zip":
            with _open_zip(path) as zf:
                members = _zip_members(zf, where)
                yield from _records_from_members(members, where, where, on_error, warn)
            return
        if path.suffix.lower() in (".ann", ".txt"):
            ann_path = path.with_suffix(".ann")
            txt_path = path.with_suffix(".txt")
            if not ann_path.is_file():
                raise InputError(where, None, f"no {ann_path.name} beside this file")
            if not txt_path.is_file():
                raise InputError(str(ann_path), None, f"no {txt_path.name} beside this .ann file")
            for p in (ann_path, txt_path):
                if p.is_symlink():
                    raise InputError(str(p), None, "is a symbolic link; refused")
                if p.stat().st_size > MAX_MEMBER_BYTES:
                    raise InputError(str(p), None, f"larger than {MAX_MEMBER_BYTES} bytes; refused")
            text = decode_bytes(txt_path.read_bytes(), str(txt_path))
            ann = _parse_ann(decode_bytes(ann_path.read_bytes(), str(ann_path)), str(ann_path))
            doc_name = re.sub(r"\.(ann|txt)$", "", name, flags=re.IGNORECASE)
            yield _to_record(text, ann, str(ann_path), str(txt_path), doc_name, warn)
            return
        raise InputError(where, None, "brat import needs a folder, a .zip or an .ann file")
    except InputError as err:
        reject(err, on_error)
