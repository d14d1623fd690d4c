"""Reading-side work of an import: each record checked, cleaned and put in the shape the
writer binds to SQL (``RecordPreparer``), without a database.

Kept apart from the project package so that ``annotator import`` can fork its reader
(``forked_reader``) before the parent has imported the database code or created the project:
the child starts reading at once, and the parent does that work meanwhile.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

try:  # a dependency; the fallback keeps a source checkout without it working
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]  # an optional speed-up: callers test for None

from .errors import InputError, SpanError
from .model import STATUSES, DocRecord, FrameRecord, SpanRecord
from .text import check_field, clean, document_title, is_blank, text_key

if TYPE_CHECKING:
    from .forked_reader import ForkedReader, ReaderEvents

# A prepared span is _SPAN_VALUES consecutive items of a flat list: start, end, label, text,
# annotator. _LABEL is the label's place, so spans[_LABEL::_SPAN_VALUES] lists the labels.
_SPAN_VALUES = 5
_LABEL = 2


def default_annotator() -> str:
    """Whose a new project's spans are when nobody says: the user's login name."""
    import getpass  # (and termios): only where no name is given

    try:
        return getpass.getuser() or "annotator"
    except Exception:  # no user database entry (containers, some Windows setups)
        return "annotator"


class RecordPreparer:
    """Checks and cleans records for the writer. ``annotator``: whose spans those without an
    annotator are (the project's). Remembers the label and annotator names it has checked."""

    def __init__(self, annotator: str) -> None:
        self.annotator = annotator
        # Label names that passed _check_raw_span's word check (the fast path).
        self.good_labels: set[str] = set()
        # Annotator names that passed the character check (the same few names on every span).
        self.good_annotators: set[str] = set()

    def items(
        self, records: Iterable[DocRecord], skip_invalid: bool
    ) -> Generator[Item, None, None]:
        """Each record, numbered from 1, prepared for the writer (``prepare``): ``(number,
        place, prepared, record)``, where ``record`` is given only when it carries frames,
        relations, attributes or notes; a record refused under ``skip_invalid`` comes as
        ``(number, reason, None, None)``."""
        for seen, rec in enumerate(records, 1):
            try:
                prepared = self.prepare(rec, seen)
            except InputError as exc:
                if not skip_invalid:
                    raise
                yield seen, str(exc), None, None
                continue
            place = Place(rec.external_id, rec.source, rec.line)
            # prepared[9]: a span has attributes or a note
            yield seen, place, prepared, rec if prepared[9] or has_extras(rec) else None

    def prepare(self, rec: DocRecord, index: int) -> tuple[Any, ...]:
        where = rec.source or "<input>"
        line = rec.line if rec.line is not None else index
        if not isinstance(rec.text, str):
            raise InputError(where, line, "the document has no text")
        cleaned = clean(rec.text, where, line)
        text = cleaned.text
        if not text.strip() or is_blank(text):
            raise InputError(where, line, "the document's text is empty")
        if isinstance(rec.title, str):
            check_field(rec.title, "the title", where, line)
        if isinstance(rec.external_id, str):
            check_field(rec.external_id, "the id", where, line)
        status = rec.status
        if status is not None and status not in STATUSES:
            raise InputError(
                where, line, f"unknown status {status!r} (expected one of {', '.join(STATUSES)})"
            )
        # The spans as one flat list, _SPAN_VALUES a span (start, end, label, text, annotator),
        # ready to bind to a multi-row INSERT: no tuple per span on the path of a large import.
        spans: list[Any] = []
        seen: set[tuple[tuple[int, int, str], str]] = set()
        raw = rec.text
        raw_len = len(raw)
        good_labels = self.good_labels
        good_annotators = self.good_annotators
        me = self.annotator
        # Most text is already clean: then raw offsets are stored offsets, no map lookups.
        unchanged = not cleaned.changed
        # The reader checked offsets and surface texts against this very text (JSONL does).
        checked = unchanged and rec.spans_checked
        extra = False  # a span with attributes or a note
        for k, sp in enumerate(rec.spans, 1):
            s, e, label, surface = sp.start, sp.end, sp.label, sp.text
            if sp.attributes or sp.note:
                extra = True
            if checked and label in good_labels:
                piece = raw[s:e] if surface is None else surface
                key = (s, e, label)
            else:
                # Fast path for the common valid span (20 spans x 50,000 documents); anything
                # unusual, and the first span of each label name, gets the full check.
                if not (
                    type(s) is int
                    and type(e) is int
                    and 0 <= s < e <= raw_len
                    and label in good_labels
                ):
                    s, e = _check_raw_span(sp, raw_len, where, line, k)
                    good_labels.add(label)
                piece = raw[s:e]
                if surface is not None and piece != surface:
                    raise InputError(
                        where,
                        line,
                        f"span {k} ({s}-{e} {label}): text {surface!r} does not match "
                        f"{piece!r} at those offsets",
                    )
                if unchanged:
                    key = (s, e, label)
                else:
                    cs, ce = cleaned.map_start(s), cleaned.map_end(e)
                    if cs >= ce:
                        raise InputError(
                            where, line, f"span {k} covers only characters dropped by cleaning"
                        )
                    key = (cs, ce, label)
                    piece = text[cs:ce]
            who = sp.annotator
            # added first, then counted: one hash of the key a span, not two (a duplicate
            # leaves the set one short). Per annotator: two layers may hold the same span.
            seen.add((key, who or me))
            if len(seen) != k:
                raise InputError(where, line, f"span {k} ({s}-{e} {label}) is a duplicate")
            if who and who not in good_annotators:
                check_field(who, f"span {k}: the annotator", where, line)
                good_annotators.add(who)
            spans += (key[0], key[1], label, piece, who or me)
        if rec.frames or rec.relations:
            check_extras(rec, where, line)
        if status is None:
            status = "in_progress" if spans else "new"
        tokens = sents = None
        if rec.tokens is not None:
            mapped = []
            for ts, te in rec.tokens:
                if not (0 <= ts < te <= len(rec.text)):
                    raise InputError(where, line, f"token {ts}-{te} is outside the text")
                mapped.append((cleaned.map_start(ts), cleaned.map_end(te)))
            tokens = json.dumps(mapped)
            sents = json.dumps(list(rec.sentence_starts or [0]))
        title = document_title(rec.title, text)
        meta = dump_meta(rec.meta)
        if meta != "{}":
            check_field(meta, "the meta data", where, line)
        # encoded once: for the key here, and by the forked reader, which sends these bytes
        utf8 = cleaned.utf8 if cleaned.utf8 is not None else text.encode("utf-8")
        digest = text_key(text, utf8)
        return (
            title, text, digest, meta, status, spans, tokens, sents, cleaned.controls, extra, utf8,
        )  # fmt: skip


class Place(NamedTuple):
    """Where a record came from: all the writer needs of a record without extras."""

    external_id: str | None
    source: str | None
    line: int | None


# (number, place or the reason it was skipped, prepared or None, the record if it has extras);
# the place is a Place, or the plain tuple of one where the forked reader sent it
Item = tuple[int, "tuple[Any, ...] | str", "tuple[Any, ...] | None", "DocRecord | None"]


def _portable_items(items: Iterator[Item]) -> Iterator[Item]:
    """The items as the forked reader sends them: plain tuples (which marshal, faster than
    pickle), the text as its UTF-8 bytes (copied as they are, and stored through
    CAST(? AS TEXT) with no decoding on the writer's side)."""
    for seen, place, prepared, rec in items:
        if prepared is not None:
            prepared = (prepared[0], prepared[10], *prepared[2:10])
            place = tuple(place)
        yield seen, place, prepared, rec


def _weigh(item: Item) -> int:
    """A portable item's size, roughly: its text's bytes (the forked reader's batch limit)."""
    prepared = item[2]
    return len(prepared[1]) if prepared is not None else 0


def start_forked(
    records: Iterable[DocRecord], annotator: str, skip_invalid: bool, events: ReaderEvents
) -> ForkedReader:
    """Fork a child that reads ``records`` and prepares them (``RecordPreparer.items``) now,
    while the caller goes on (creates the project, begins the transaction)."""
    from .forked_reader import ForkedReader  # only an import that forks needs it

    preparer = RecordPreparer(annotator)
    return ForkedReader(
        lambda: _portable_items(preparer.items(records, skip_invalid)), events, _weigh
    )


def has_extras(rec: DocRecord) -> bool:
    """The record carries frames, relations or a document note (span attributes and notes are
    noticed while its spans are prepared)."""
    return bool(rec.frames or rec.relations or rec.note)


def check_extras(rec: DocRecord, where: str, line: int) -> None:
    """The references of ``rec``'s frames and relations, checked before anything is written (so
    ``skip_invalid`` can leave the record out): span and frame ids that exist in the record and
    are given once, a frame's type that is its trigger's label, no frame cycle."""
    labels: dict[str, str] = {}
    for sp in rec.spans:
        if sp.id is not None:
            if sp.id in labels:
                raise InputError(where, line, f"span id {sp.id!r} is used twice")
            labels[sp.id] = sp.label

    def span(ref: str | None, what: str) -> str:
        if ref is None or ref not in labels:
            raise InputError(where, line, f"{what}: no span with id {ref!r} in this record")
        return labels[ref]

    frames = set()
    for fr in rec.frames:
        if fr.id in frames:
            raise InputError(where, line, f"frame id {fr.id!r} is used twice")
        frames.add(fr.id)
        ftype = span(fr.trigger, f"frame {fr.id}: the trigger")
        if fr.type and fr.type != ftype:
            raise InputError(
                where, line, f"frame {fr.id}: type {fr.type!r} is not its trigger's label {ftype!r}"
            )
    for fr in rec.frames:
        for arg in fr.args:
            what = f"frame {fr.id}, role {arg.role!r}"
            if (arg.span is None) == (arg.frame is None):
                raise InputError(where, line, f"{what}: give a span or a frame")
            if arg.span is not None:
                span(arg.span, what)
            elif arg.frame not in frames:
                raise InputError(
                    where, line, f"{what}: no frame with id {arg.frame!r} in this record"
                )
    _check_no_cycle(rec.frames, where, line)
    for n, rel in enumerate(rec.relations, 1):
        what = f"relation {rel.id or n} ({rel.type})"
        span(rel.head, f"{what}: the head")
        span(rel.tail, f"{what}: the tail")
        if rel.head == rel.tail:
            raise InputError(where, line, f"{what}: links a span to itself")


def _check_no_cycle(frames: Sequence[FrameRecord], where: str, line: int) -> None:
    edges = {fr.id: [a.frame for a in fr.args if a.frame is not None] for fr in frames}
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str) -> None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                raise InputError(
                    where, line, f"frame {node}: frame arguments make a cycle through {nxt}"
                )
            if nxt not in state:
                visit(nxt)
        state[node] = 2

    for fr in frames:
        if fr.id not in state:
            visit(fr.id)


def validate_label_name(name: object, existing: Iterable[str] = ()) -> str:
    """``name`` as it is stored (surrounding whitespace dropped), or SpanError saying why not.

    ``existing``: the names of the other labels; the same name, or one that differs only by
    case, is refused.
    """
    if not isinstance(name, str) or not name.strip():
        raise SpanError("a label needs a name")
    name = name.strip()
    if any(c.isspace() for c in name):
        raise SpanError(f"label name {name!r} cannot contain spaces")
    if any(unicodedata.category(c)[0] == "C" for c in name):
        raise SpanError(
            f"label name {name!r} cannot contain control or invisible characters "
            "(such as a direction mark)"
        )
    folded = name.casefold()
    for other in existing:
        if other == name:
            raise SpanError(f"a label named {name!r} already exists")
        if other.casefold() == folded:
            raise SpanError(
                f"label name {name!r} differs from the label {other!r} only by case; "
                "use that label or a clearly different name"
            )
    return name


def dump_meta(meta: dict[str, Any] | None) -> str:
    if not meta:
        return "{}"
    if orjson is not None:
        try:
            return orjson.dumps(meta).decode("utf-8")
        except TypeError:  # keys that are not strings: json converts them, orjson refuses
            pass
    return json.dumps(meta, ensure_ascii=False)


def _check_raw_span(sp: SpanRecord, length: int, where: str, line: int, k: int) -> tuple[int, int]:
    s, e = sp.start, sp.end
    if (
        isinstance(s, bool)
        or isinstance(e, bool)
        or not isinstance(s, int)
        or not isinstance(e, int)
    ):
        raise InputError(where, line, f"span {k}: start and end must be integers")
    if not isinstance(sp.label, str) or not sp.label.strip() or any(c.isspace() for c in sp.label):
        raise InputError(where, line, f"span {k}: label must be a non-empty word, got {sp.label!r}")
    try:
        validate_label_name(sp.label)
    except SpanError as exc:
        raise InputError(where, line, f"span {k}: {exc}") from None
    if s == e:
        raise InputError(where, line, f"span {k}: empty span at {s}")
    if s > e:
        raise InputError(where, line, f"span {k}: reversed (start {s} > end {e})")
    if s < 0 or e > length:
        raise InputError(where, line, f"span {k}: {s}-{e} is outside the text (length {length})")
    return s, e
