"""Import: many documents and their spans in one transaction (the benchmarked hot path)."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

try:  # a dependency; the fallback keeps a source checkout without it working
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]  # an optional speed-up: callers test for None

from ..changes import ChangeSet
from ..errors import AnnotatorError, InputError
from ..model import DocRecord
from ..preparing import _LABEL, _SPAN_VALUES, Item, Place, RecordPreparer, validate_label_name
from ..text import text_key
from .common import PALETTE, _ms_from_iso, _now
from .frames_io import FramesIOMixin
from .labels import _write_label

if TYPE_CHECKING:
    from ..forked_reader import ForkedReader


class ImportCancelled(AnnotatorError):
    """The user cancelled an import; nothing was written."""


@dataclass
class ImportReport:
    added: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)
    spans: int = 0
    document_ids: list[int] = field(default_factory=list)
    # control characters replaced by cleaning, by character, and in how many documents
    controls: dict[str, int] = field(default_factory=dict)
    control_documents: int = 0
    # spans of duplicate documents, not imported; and copies repeated within this very import
    # (a sentence twice in a CoNLL corpus) whose spans differ from the first copy
    duplicate_spans: int = 0
    duplicate_conflicts: list[str] = field(default_factory=list)
    # copies repeated within one import of a token format, added as documents of their own
    repeated: int = 0
    # frames and relations stored, and the definitions the file used that the project lacked
    # (added, or a definition's lists widened): "role EVENT.victim (ACTOR)", ...
    frames: int = 0
    relations: int = 0
    new_definitions: list[str] = field(default_factory=list)
    # what the import changed, as every write reports it (documents added, labels it created);
    # an import is not an undoable action: the history leaves it out
    changes: ChangeSet = field(default_factory=lambda: ChangeSet("import"))


class ImportMixin(FramesIOMixin):
    def import_records(
        self,
        records: Iterable[DocRecord] | ForkedReader,
        *,
        source: str,
        skip_invalid: bool = False,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import documents in one transaction: all of them, or (on error) none.

        Text is cleaned here and every offset is remapped through the cleaning. With
        ``skip_invalid`` a bad record is left out and listed instead of refusing the import.

        ``records`` may be a ``ForkedReader`` already reading and preparing them in a child
        process (``preparing.start_forked``, with this project's annotator and the same
        ``skip_invalid``): this process then only writes. Closed here, whatever happens.
        """
        # Hand-written SQL, not sqlite-utils' insert_all (a dict per row, columns checked per
        # batch): this is the path bench/bench_core.py times, tuned statement by statement.
        report = ImportReport()
        now = _now()
        now_ms = _ms_from_iso(now)
        items: Iterator[Item]
        closing: ForkedReader | Generator[Item, None, None]
        from ..forked_reader import ForkedReader  # (not at the top: only imports load it)

        if isinstance(records, ForkedReader):
            items, closing = iter(records), records
        else:
            serial = RecordPreparer(self._annotator).items(records, skip_invalid)
            items, closing = serial, serial
        with contextlib.closing(closing), self._tx() as conn:
            # read inside the transaction: a label another window added meanwhile is known
            labels = {row[0] for row in conn.execute("SELECT name FROM labels")}
            labels_before = self._label_rows(conn)
            slots: _LabelSlots | None = None
            seen = 0
            for seen, place, prepared, rec in items:
                if cancel is not None and seen % 64 == 0 and cancel():
                    raise ImportCancelled("import cancelled; the project is unchanged")
                if prepared is None:  # refused, and skip_invalid: the reason is in place
                    report.skipped.append(cast(str, place))
                    continue
                place = Place(*cast(tuple[Any, ...], place))  # a plain tuple when forked
                title, text, digest, meta, status, spans, tokens, sents, controls = prepared[:9]
                ext = place.external_id or (
                    f"{Path(place.source or source).name}:{place.line or seen}"
                )
                row = [ext, title, status, digest, now, now, meta, text, "", tokens, sents]
                # (search_text "": built by build_search_index, off the import's path)
                cur = conn.execute(_INSERT_DOCUMENT, row)
                if cur.rowcount == 0 and tokens is not None and report.document_ids:
                    # A sentence repeated within one import of a token format (a corpus split
                    # a sentence a document) is a document of its own, with its own gold tags:
                    # duplicate detection is for importing the same file again. Keyed by text
                    # and id, so importing the file again still adds nothing.
                    kept = self._kept_in_this_import(conn, report, digest)
                    if kept is not None:
                        if isinstance(text, bytes):  # as the forked reader sends it
                            text = text.decode("utf-8")
                        row[3] = text_key(f"{text}\x00{ext}")
                        cur = conn.execute(_INSERT_DOCUMENT, row)
                        if cur.rowcount:
                            report.repeated += 1
                            if not self._same_spans(conn, kept, spans):
                                report.duplicate_conflicts.append(_where(place, ext))
                if cur.rowcount == 0:
                    report.duplicates += 1
                    if spans or report.document_ids:
                        self._check_duplicate(conn, report, place, digest, spans)
                    continue
                doc_id = cast(int, cur.lastrowid)  # a row was inserted (rowcount 1)
                report.added += 1
                report.document_ids.append(doc_id)
                if controls:
                    report.control_documents += 1
                    for ch, n in controls.items():
                        report.controls[ch] = report.controls.get(ch, 0) + n
                if spans:
                    if not labels.issuperset(spans[_LABEL::_SPAN_VALUES]):
                        if slots is None:
                            slots = _LabelSlots(conn)
                        for name in dict.fromkeys(spans[_LABEL::_SPAN_VALUES]):
                            if name not in labels:
                                if len(report.new_labels) >= MAX_NEW_LABELS:
                                    raise InputError(
                                        place.source or source,
                                        place.line or seen,
                                        f"the import would create more than {MAX_NEW_LABELS:,} "
                                        "new labels; map the file's labels to fewer with --map "
                                        "or check that the label field holds labels",
                                    )
                                slots.insert(conn, name)
                                labels.add(name)
                                report.new_labels.append(name)
                    _insert_spans(conn, doc_id, now_ms, spans)
                if rec is not None:
                    # frames, relations, attributes, notes: only records that have some
                    self._import_extras(
                        conn, rec, doc_id, spans, _SPAN_VALUES, report, place.source or source,
                        place.line or seen, now_ms,
                    )  # fmt: skip
                report.spans += len(spans) // _SPAN_VALUES
                if progress is not None and seen % 256 == 0:
                    progress(seen)
            self._log(
                conn,
                "import",
                None,
                None,
                source=source,
                added=report.added,
                duplicates=report.duplicates,
                skipped=len(report.skipped),
                new_labels=report.new_labels,
                new_definitions=report.new_definitions,
                frames=report.frames,
                relations=report.relations,
            )
            report.changes = ChangeSet(
                "import",
                documents_added=report.document_ids,
                documents_changed=bool(report.added),
                labels_before=labels_before if report.new_labels else None,
                labels_after=self._label_rows(conn) if report.new_labels else None,
                # views of the definitions reload when the import added some
                detail={"new_definitions": report.new_definitions}
                if report.new_definitions
                else {},
            )
            if report.new_labels:
                self._labels_cache = None
        if progress is not None:
            progress(seen)
        return report

    @contextlib.contextmanager
    def unseen_file_writes(self) -> Iterator[None]:
        """Writes to a project file nobody else can open yet (``create_project_from_files``
        builds it under a temporary name and renames it when it is complete): each page is
        written once, into the file, instead of first into the WAL and then copied, and
        nothing is synced: the caller syncs the file once it is closed, before renaming it.
        The rollback journal is kept in memory, so a failed import still rolls back; a crash
        leaves only the temporary file, which is deleted."""
        conn = self._conn
        synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
            conn.execute("PRAGMA journal_mode = WAL")

    @staticmethod
    def _kept_in_this_import(
        conn: sqlite3.Connection, report: ImportReport, digest: Any
    ) -> int | None:
        """The id of the document with this text when this very import added it, else None."""
        if not report.document_ids:
            return None
        row = conn.execute("SELECT id FROM documents WHERE text_hash = ?", (digest,)).fetchone()
        return row[0] if row is not None and row[0] >= report.document_ids[0] else None

    @staticmethod
    def _same_spans(conn: sqlite3.Connection, doc_id: int, spans: list[Any]) -> bool:
        kept = set(
            conn.execute(
                'SELECT start, "end", label, annotator FROM spans WHERE document_id = ?', (doc_id,)
            )
        )
        return kept == {
            (*spans[i : i + 3], spans[i + 4]) for i in range(0, len(spans), _SPAN_VALUES)
        }

    def _check_duplicate(
        self,
        conn: sqlite3.Connection,
        report: ImportReport,
        place: Place,
        digest: Any,
        spans: list[Any],
    ) -> None:
        """Count a duplicate's spans (not imported) and, when the copy kept came from this same
        import, whether their spans disagree: a gold corpus then has two answers for one text."""
        report.duplicate_spans += len(spans) // _SPAN_VALUES
        kept = self._kept_in_this_import(conn, report, digest)
        if kept is not None and not self._same_spans(conn, kept, spans):
            report.duplicate_conflicts.append(_where(place, place.external_id))


_INSERT_DOCUMENT = (
    "INSERT INTO documents (external_id, title, status, text_hash, created, "
    "updated, meta, text, search_text, tokens, sentence_starts) "
    # CAST: the forked reader sends the text as UTF-8 bytes (a str passes unchanged)
    "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?) ON CONFLICT(text_hash) DO NOTHING"
)


def _where(place: Place, ext: str | None) -> str:
    return f"{place.source}:{place.line}" if place.source and place.line else str(ext or "?")


# New labels one import may create: a file whose "label" field holds free text would otherwise
# flood the label list (and the palette) with thousands of entries.
MAX_NEW_LABELS = 10_000


class _LabelSlots:
    """Hotkeys, order and colour for the labels an import creates, read once per import: the
    generic label insert re-reads every label, which made 10,000 new labels take 30 s."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        rows = conn.execute("SELECT hotkey, ord FROM labels").fetchall()
        self.count = len(rows)
        self.next_order = max((r[1] for r in rows), default=-1) + 1
        self.free_keys = [k for k in "123456789" if k not in {r[0] for r in rows}]

    def insert(self, conn: sqlite3.Connection, name: str) -> None:
        name = validate_label_name(name)
        hotkey = self.free_keys.pop(0) if self.free_keys else ""
        color = PALETTE[self.count % len(PALETTE)]
        # another window's label taking the name or hotkey meanwhile: _write_label says so
        _write_label(
            conn,
            "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, name.title(), name, color, hotkey, self.next_order),
            name,
            hotkey,
        )
        self.count += 1
        self.next_order += 1


# Spans per INSERT statement: 5 x 64 + 2 parameters stays below SQLite's oldest limit (999).
_SPANS_PER_STATEMENT = 64


@functools.cache
def _span_insert_sql(rows: int) -> str:
    # ?1 is the document, ?2 the time (shared by every row); each row then has its own five.
    rows_sql = []
    for r in range(rows):
        first = 3 + r * _SPAN_VALUES
        own = ", ".join(f"?{first + i}" for i in range(_SPAN_VALUES))
        rows_sql.append(f"(?1, {own}, ?2, ?2)")
    values = ", ".join(rows_sql)
    return (
        'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, updated) '
        f"VALUES {values}"
    )


def _insert_spans(conn: sqlite3.Connection, doc_id: int, now_ms: int, spans: list[Any]) -> None:
    """Insert one document's prepared spans (a flat list, see _SPAN_VALUES), many a statement.

    One multi-row INSERT instead of one statement per span: each statement opens its cursors
    (the table, the unique index, the two foreign-key parents) once, which took a third off the
    SQL time of a 50,000-article import (bench/bench_core.py).
    """
    step = _SPAN_VALUES * _SPANS_PER_STATEMENT
    for i in range(0, len(spans), step):
        chunk = spans[i : i + step] if len(spans) > step else spans
        conn.execute(_span_insert_sql(len(chunk) // _SPAN_VALUES), [doc_id, now_ms, *chunk])
