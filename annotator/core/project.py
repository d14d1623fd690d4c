"""The project database: one SQLite file per project, opened through sqlite-utils.

Every mutating call is one transaction and appends one row to the change log. Offsets are Python
code-point indices into the stored text, end-exclusive; the stored text never changes after import.
"""

from __future__ import annotations

import functools
import getpass
import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

try:  # a dependency; the fallback keeps a source checkout without it working
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]

from .errors import AnnotatorError, InputError, NotAProjectError, ProjectLockedError, SpanError
from .matching import (
    SEARCH_VERSION_KEY,
    Query,
    document_condition,
    reset_outdated_search_mark,
    search_copy_is_current,
)
from .model import STATUSES, DocRecord, DocSummary, Document, Label, Span, SpanRecord
from .schema import (
    APPLICATION_ID,
    EXPECTED_TABLES,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
    SEARCH_MARK,
    TEXT_KEY_SQL,
    check_file_header,
)
from .text import clean, document_title, text_key

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999"]
DEFAULT_LABELS = [
    ("EVENT", "Event", "حدث"),
    ("ACTOR", "Actor", "فاعل"),
    ("PLACE", "Place", "مكان"),
    ("CLAIM", "Claim", "ادعاء"),
]
PROJECT_SUFFIX = ".annotator"
_CHUNK = 500


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def _now_ms() -> int:
    """Span timestamps are stored as milliseconds since the epoch (schema 3)."""
    return time.time_ns() // 1_000_000


def _iso_from_ms(ms: int) -> str:
    # timedelta arithmetic is exact; a float division could turn .123 into .122999
    return (_EPOCH + ms * _MS).isoformat(timespec="milliseconds")


def _ms_from_iso(iso: str) -> int:
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MS


def _span(row: Sequence[Any]) -> Span:
    """A Span from a row of _SPAN_COLS: timestamps as ISO 8601 text, like documents'."""
    return Span(*row[:7], _iso_from_ms(row[7]), _iso_from_ms(row[8]))


def default_annotator() -> str:
    try:
        return getpass.getuser() or "annotator"
    except Exception:  # no user database entry (containers, some Windows setups)
        return "annotator"


def default_project_path() -> Path:
    """The project used when the CLI is given no --project."""
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / (
        "default" + PROJECT_SUFFIX
    )


def _db_error(path: Path, exc: sqlite3.Error) -> AnnotatorError | None:
    """SQLite's refusal to write (locked, read-only, disk full), as one line that names the
    project file; None for anything else (a bug, which should show its traceback)."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return ProjectLockedError(
            f"{path}: another window or process is writing to this project; nothing was "
            "changed, try again when it has finished"
        )
    if "readonly" in message:
        return AnnotatorError(f"{path}: the project file is read-only; nothing was changed")
    if message in ("database or disk is full", "disk I/O error", "unable to open database file"):
        return AnnotatorError(f"{path}: {message}; nothing was changed")
    return None


def _rollback(conn: sqlite3.Connection) -> None:
    # Some errors (a full disk) end the transaction themselves.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _search_copy(title: str, text: str) -> str:
    from .normalize import normalize_for_search

    return normalize_for_search(title + "\n" + text)


_SPAN_COLS = 'id, document_id, start, "end", label, text, annotator, created, updated'
_DOC_COLS = (
    "id, external_id, title, text, meta, status, text_hash, created, updated, tokens, "
    "sentence_starts"
)


class Project:
    """An open project file. Use ``Project.create`` / ``Project.open``, or as a context manager."""

    # How long a write waits for another window's or process's transaction before giving up
    # with ProjectLockedError.
    BUSY_TIMEOUT_MS = 5000

    def __init__(self, path: Path, conn: sqlite3.Connection, annotator: str | None) -> None:
        self.path = path
        self._conn = conn
        self.db = sqlite_utils.Database(conn)
        stored = self._meta_get("annotator")
        self._annotator = annotator or stored or default_annotator()
        self._labels_cache: list[Label] | None = None
        # Label names that passed _check_raw_span's word check (import fast path).
        self._good_labels: set[str] = set()

    # ----------------------------------------------------------------- opening and closing
    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per action.
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(Project.BUSY_TIMEOUT_MS)}")
        # Up to 64 MiB of page cache (allocated as used): the text-hash index of a large corpus
        # is inserted in random order, and with the 2 MiB default a 50,000-article import spends
        # a third of its time re-reading index pages.
        conn.execute("PRAGMA cache_size = -65536")
        # used by the migration to schema 3
        conn.create_function(
            TEXT_KEY_SQL,
            1,
            lambda t: text_key(t) if isinstance(t, str) else None,
            deterministic=True,
        )
        return conn

    @classmethod
    def create(cls, path: str | Path, annotator: str | None = None) -> Project:
        p = Path(path)
        if p.exists():
            raise AnnotatorError(f"{p}: already exists")
        p.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = cls._connect(p)
        except sqlite3.OperationalError as exc:
            raise AnnotatorError(f"{p}: cannot create the project here ({exc})") from None
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN")
            for stmt in _split_sql(SCHEMA_V1 + "".join(MIGRATIONS.values())):
                conn.execute(stmt)
            now = _now()
            who = annotator or default_annotator()
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("annotator", who), ("created", now), ("created_by", _version())],
            )
            conn.executemany(
                "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (name, en, ar, PALETTE[i], str(i + 1), i)
                    for i, (name, en, ar) in enumerate(DEFAULT_LABELS)
                ],
            )
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
            # Header fields are read straight from the main file when a project is opened.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException as exc:
            conn.close()
            for leftover in (p, Path(f"{p}-wal"), Path(f"{p}-shm")):
                leftover.unlink(missing_ok=True)
            if isinstance(exc, sqlite3.OperationalError):
                raise AnnotatorError(f"{p}: cannot create the project here ({exc})") from None
            raise
        return cls(p, conn, annotator)

    @classmethod
    def open(cls, path: str | Path, annotator: str | None = None) -> Project:
        p = Path(path)
        if not p.exists():
            raise NotAProjectError(f"{p}: no such project file")
        if p.is_dir():
            raise NotAProjectError(f"{p}: is a folder, not a project file")
        check_file_header(p)
        # The header says it is ours; still verify before anything can write to it.
        try:
            conn = sqlite3.connect(
                f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=cls.BUSY_TIMEOUT_MS / 1000
            )
            try:
                tables = {
                    r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            err = _db_error(p, exc)
            if err is None:
                raise NotAProjectError(f"{p}: damaged project file ({exc})") from None
            if isinstance(err, ProjectLockedError):
                raise err from None
            # SQLite writes -wal and -shm files beside a project even to read it.
            raise AnnotatorError(
                f"{p}: cannot open the project ({exc}); the file or its folder may be read-only"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise NotAProjectError(f"{p}: damaged project file ({exc})") from None
        missing = EXPECTED_TABLES - tables
        if missing:
            raise NotAProjectError(
                f"{p}: damaged project file (missing tables: {', '.join(sorted(missing))})"
            )
        conn = cls._connect(p)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                cls._migrate(p, conn, version)
        except BaseException as exc:
            conn.close()
            err = _db_error(p, exc) if isinstance(exc, sqlite3.OperationalError) else None
            if err is None:
                raise
            raise err from None
        return cls(p, conn, annotator)

    @classmethod
    def open_or_create(cls, path: str | Path, annotator: str | None = None) -> Project:
        p = Path(path)
        return cls.open(p, annotator) if p.exists() else cls.create(p, annotator)

    @staticmethod
    def _migrate(path: Path, conn: sqlite3.Connection, version: int) -> None:
        backup = path.with_name(f"{path.name}.schema{version}.bak")
        if not backup.exists():
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(path, backup)
        # Rebuilding a table (schema 3) needs foreign keys off, and that cannot change inside a
        # transaction; foreign_key_check below verifies the result before it is committed.
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # 1 -> 2: search_text starts empty; the search index fills itself on first use.
            while version < SCHEMA_VERSION:
                for stmt in _split_sql(MIGRATIONS[version]):
                    conn.execute(stmt)
                version += 1
            bad = conn.execute("PRAGMA foreign_key_check").fetchone()
            if bad is not None:
                raise NotAProjectError(
                    f"{path}: damaged project file (table {bad[0]} row {bad[1]} refers to a "
                    f"missing {bad[2]} row); the file is unchanged"
                )
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def refresh(self) -> None:
        """Forget what this connection cached (labels): another connection has committed."""
        self._labels_cache = None

    def last_change_id(self) -> int:
        """Id of the newest change-log row. Every user-visible change writes one, derived data
        (the search copy) does not, so views compare this to know whether to reload."""
        return self._conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def data_version(self) -> int:
        """Changes whenever another connection (window, process) commits to this file."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    # ----------------------------------------------------------------- transactions and log
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        if conn.in_transaction:
            # Inside transaction(): a savepoint, so a failed call undoes only its own writes.
            conn.execute("SAVEPOINT nested")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO nested")
                conn.execute("RELEASE nested")
                self._labels_cache = None
                raise
            conn.execute("RELEASE nested")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                self._labels_cache = None
                raise
        except sqlite3.OperationalError as exc:
            err = _db_error(self.path, exc)
            if err is None:
                raise
            raise err from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several calls into one transaction: one commit, all or nothing (an undo that
        puts back a label and its spans)."""
        with self._tx():
            yield

    def _log(
        self,
        conn: sqlite3.Connection,
        action: str,
        document_id: int | None = None,
        span_id: int | None = None,
        **detail: Any,
    ) -> None:
        conn.execute(
            "INSERT INTO changes (at, annotator, action, document_id, span_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                _now(),
                self._annotator,
                action,
                document_id,
                span_id,
                json.dumps(detail, ensure_ascii=False),
            ),
        )

    def changes(self, limit: int = 100, document_id: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, at, annotator, action, document_id, span_id, detail FROM changes"
        args: list[Any] = []
        if document_id is not None:
            sql += " WHERE document_id = ?"
            args.append(document_id)
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        out = []
        for row in self._conn.execute(sql, args):
            keys = ("id", "at", "annotator", "action", "document_id", "span_id", "detail")
            rec = dict(zip(keys, row, strict=True))
            rec["detail"] = json.loads(rec["detail"])
            out.append(rec)
        return out

    # ----------------------------------------------------------------- meta
    def _meta_get(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def annotator(self) -> str:
        return self._annotator

    @annotator.setter
    def annotator(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise AnnotatorError("the annotator's name cannot be empty")
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('annotator', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (name,),
            )
            self._annotator = name
            self._log(conn, "set_annotator", name=name)

    # ----------------------------------------------------------------- documents
    def document_count(self, status: str | None = None) -> int:
        if status is None:
            return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        _check_status(status)
        return self._conn.execute(
            "SELECT count(*) FROM documents WHERE status = ?", (status,)
        ).fetchone()[0]

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self._conn.execute(
            "SELECT status, count(*) FROM documents GROUP BY status"
        ):
            counts[status] = n
        return counts

    def document_ids(
        self,
        status: str | None = None,
        search: str | None = None,
        *,
        limit: int | None = None,
        exact: bool = False,
        substring: bool = False,
    ) -> list[int]:
        """Ids in import order. ``limit``: only the first ones (a list view's first page).

        ``search`` matches whole words (Arabic proclitics allowed in front), folded; ``exact``
        compares the spelling without folding, ``substring`` finds parts of words
        (``annotator.core.matching``)."""
        where, args = [], []
        if status is not None:
            _check_status(status)
            where.append("status = ?")
            args.append(status)
        if search:
            condition = document_condition(
                self._conn, Query(search, exact=exact, substring=substring)
            )
            if condition is not None:
                self.build_search_index()
                where.append(condition[0])
                args.extend(condition[1])
        sql = "SELECT id FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [r[0] for r in self._conn.execute(sql, args)]

    def _search_mark(self) -> int:
        """Every document up to this id has its search copy; none above it has (schema 3).
        0 when the copies were built by another version of the normaliser: all are rebuilt."""
        value = self._meta_get(SEARCH_MARK)
        if not value or not search_copy_is_current(self._meta_get(SEARCH_VERSION_KEY)):
            return 0
        return int(value)

    def unindexed_count(self) -> int:
        """Documents whose normalised search copy is not built yet."""
        return self._conn.execute(
            "SELECT count(*) FROM documents WHERE id > ?", (self._search_mark(),)
        ).fetchone()[0]

    def build_search_index(
        self,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        batch: int = 256,
    ) -> int:
        """Fill the normalised search copy of documents that lack it; returns how many.

        Kept out of import so a large import is not slowed by it: the GUI builds it in the
        background after opening a project, and a search builds what is missing first. Each
        batch is its own short transaction, so other writers are never blocked for long; the
        copy is derived data, so an interrupted build loses nothing.
        """
        done = 0
        while True:
            if cancel is not None and cancel():
                return done
            rows = self._conn.execute(
                "SELECT id, title, text FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                (self._search_mark(), batch),
            ).fetchall()
            if not rows:
                return done
            # normalise before taking the write lock: labeling in the UI never waits on it
            updates = [(_search_copy(t, x), i) for i, t, x in rows]
            with self._tx() as conn:
                reset_outdated_search_mark(conn, SEARCH_MARK)
                conn.executemany("UPDATE documents SET search_text = ? WHERE id = ?", updates)
                # max(): another window building at the same time may have gone further
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                    (SEARCH_MARK, rows[-1][0]),
                )
            done += len(rows)
            if progress is not None:
                progress(done)

    def summaries(self, ids: Sequence[int]) -> list[DocSummary]:
        out: dict[int, DocSummary] = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                f"SELECT d.id, d.external_id, d.title, d.status, "
                f"(SELECT count(*) FROM spans s WHERE s.document_id = d.id) "
                f"FROM documents d WHERE d.id IN ({marks})",
                chunk,
            ):
                out[row[0]] = DocSummary(*row)
        return [out[i] for i in ids if i in out]

    def get_document(self, doc_id: int) -> Document:
        row = self._conn.execute(
            f"SELECT {_DOC_COLS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {doc_id}")
        return _row_to_document(row)

    def set_status(self, doc_id: int, status: str) -> Document:
        _check_status(status)
        with self._tx() as conn:
            old = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if old is None:
                raise AnnotatorError(f"no document with id {doc_id}")
            if old[0] != status:
                conn.execute(
                    "UPDATE documents SET status = ?, updated = ? WHERE id = ?",
                    (status, _now(), doc_id),
                )
                self._log(conn, "set_status", doc_id, old=old[0], new=status)
        return self.get_document(doc_id)

    def next_document_id(
        self, doc_id: int | None, step: int = 1, status: str | Sequence[str] | None = None
    ) -> int | None:
        """The next (step=+1) or previous (-1) document in import order, optionally by status."""
        where, args = [], []
        if doc_id is not None:
            where.append("id > ?" if step > 0 else "id < ?")
            args.append(doc_id)
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            for s in statuses:
                _check_status(s)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            args.extend(statuses)
        sql = "SELECT id FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id " + ("ASC" if step > 0 else "DESC") + " LIMIT 1"
        row = self._conn.execute(sql, args).fetchone()
        return row[0] if row else None

    # ----------------------------------------------------------------- labels
    def labels(self) -> list[Label]:
        if self._labels_cache is None:
            self._labels_cache = [
                Label(*row)
                for row in self._conn.execute(
                    "SELECT name, name_en, name_ar, color, hotkey, ord FROM labels ORDER BY ord"
                )
            ]
        return list(self._labels_cache)

    def label(self, name: str) -> Label:
        for lab in self.labels():
            if lab.name == name:
                return lab
        raise SpanError(f"no label named {name!r}")

    def _label_names(self) -> set[str]:
        return {lab.name for lab in self.labels()}

    def _free_hotkey(self, taken: set[str]) -> str:
        for k in "123456789":
            if k not in taken:
                return k
        return ""

    def _insert_label(
        self,
        conn: sqlite3.Connection,
        name: str,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str | None = None,
    ) -> Label:
        name = _check_label_name(name)
        rows = conn.execute("SELECT name, hotkey, ord FROM labels").fetchall()
        if any(r[0] == name for r in rows):
            raise SpanError(f"a label named {name!r} already exists")
        taken = {r[1] for r in rows if r[1]}
        if hotkey is None:
            hotkey = self._free_hotkey(taken)
        else:
            hotkey = _check_hotkey(hotkey, taken)
        order = max((r[2] for r in rows), default=-1) + 1
        if color is None:
            color = PALETTE[len(rows) % len(PALETTE)]
        color = _check_color(color)
        lab = Label(name, name_en or name.title(), name_ar or name_en or name, color, hotkey, order)
        conn.execute(
            "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (lab.name, lab.name_en, lab.name_ar, lab.color, lab.hotkey, lab.order),
        )
        self._labels_cache = None
        return lab

    def add_label(
        self,
        name: str,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str | None = None,
    ) -> Label:
        with self._tx() as conn:
            lab = self._insert_label(conn, name, name_en, name_ar, color, hotkey)
            self._log(conn, "add_label", label=lab.name)
        return lab

    def update_label(
        self,
        name: str,
        *,
        new_name: str | None = None,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str | None = None,
    ) -> Label:
        old = self.label(name)
        fields: dict[str, Any] = {}
        if new_name is not None and new_name != name:
            new_name = _check_label_name(new_name)
            if new_name in self._label_names():
                raise SpanError(f"a label named {new_name!r} already exists")
            fields["name"] = new_name
        if name_en is not None:
            fields["name_en"] = name_en.strip() or old.name_en
        if name_ar is not None:
            fields["name_ar"] = name_ar.strip() or old.name_ar
        if color is not None:
            fields["color"] = _check_color(color)
        if hotkey is not None and hotkey != old.hotkey:
            taken = {lab.hotkey for lab in self.labels() if lab.hotkey and lab.name != name}
            fields["hotkey"] = _check_hotkey(hotkey, taken)
        if not fields:
            return old
        with self._tx() as conn:
            sets = ", ".join(f"{k} = ?" for k in fields)
            # ON UPDATE CASCADE renames the label on every span in the same statement.
            conn.execute(f"UPDATE labels SET {sets} WHERE name = ?", [*fields.values(), name])
            self._labels_cache = None
            self._log(conn, "update_label", label=name, **fields)
        return self.label(fields.get("name", name))

    def label_usage(self, name: str) -> int:
        return self._conn.execute("SELECT count(*) FROM spans WHERE label = ?", (name,)).fetchone()[
            0
        ]

    def label_spans(self, name: str) -> list[Span]:
        """Every span with label ``name``, in every document (what remove_label(force) deletes)."""
        return [
            _span(row)
            for row in self._conn.execute(
                f"SELECT {_SPAN_COLS} FROM spans WHERE label = ? ORDER BY id", (name,)
            )
        ]

    def remove_label(self, name: str, *, force: bool = False) -> int:
        """Remove a label. Refused while spans use it, unless ``force`` (which deletes them)."""
        # Checked inside the write transaction: a span another window adds meanwhile is seen.
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone() is None:
                raise SpanError(f"no label named {name!r}")
            used = self.label_usage(name)
            if used and not force:
                raise SpanError(f"label {name!r} is used by {used} span(s)")
            conn.execute("DELETE FROM spans WHERE label = ?", (name,))
            conn.execute("DELETE FROM labels WHERE name = ?", (name,))
            self._labels_cache = None
            self._log(conn, "remove_label", label=name, spans_removed=used)
        return used

    def move_label(self, name: str, new_index: int) -> list[Label]:
        names = [lab.name for lab in self.labels()]
        if name not in names:
            raise SpanError(f"no label named {name!r}")
        names.remove(name)
        new_index = max(0, min(new_index, len(names)))
        names.insert(new_index, name)
        with self._tx() as conn:
            conn.executemany(
                "UPDATE labels SET ord = ? WHERE name = ?", [(i, n) for i, n in enumerate(names)]
            )
            self._labels_cache = None
            self._log(conn, "move_label", label=name, index=new_index)
        return self.labels()

    # ----------------------------------------------------------------- spans
    def spans(self, doc_id: int) -> list[Span]:
        return [
            _span(row)
            for row in self._conn.execute(
                f'SELECT {_SPAN_COLS} FROM spans WHERE document_id = ? ORDER BY start, "end", id',
                (doc_id,),
            )
        ]

    def span_counts(self, doc_id: int) -> dict[str, int]:
        return dict(
            self._conn.execute(
                "SELECT label, count(*) FROM spans WHERE document_id = ? GROUP BY label", (doc_id,)
            ).fetchall()
        )

    def get_span(self, span_id: int) -> Span:
        row = self._conn.execute(
            f"SELECT {_SPAN_COLS} FROM spans WHERE id = ?", (span_id,)
        ).fetchone()
        if row is None:
            raise SpanError(f"no span with id {span_id}")
        return _span(row)

    def _doc_text(self, conn: sqlite3.Connection, doc_id: int) -> tuple[str, str]:
        row = conn.execute("SELECT text, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise SpanError(f"no document with id {doc_id}")
        return row[0], row[1]

    def _check_span(
        self,
        conn: sqlite3.Connection,
        doc_id: int,
        text: str,
        start: int,
        end: int,
        label: str,
        ignore_id: int | None = None,
    ) -> None:
        if not isinstance(start, int) or not isinstance(end, int):
            raise SpanError("span offsets must be integers")
        if start == end:
            raise SpanError(f"empty span at {start}")
        if start > end:
            raise SpanError(f"reversed span: start {start} is after end {end}")
        if start < 0 or end > len(text):
            raise SpanError(f"span {start}-{end} is outside the document (length {len(text)})")
        if label not in self._label_names():
            raise SpanError(f"no label named {label!r}")
        dup = conn.execute(
            'SELECT id FROM spans WHERE document_id = ? AND start = ? AND "end" = ? AND label = ?',
            (doc_id, start, end, label),
        ).fetchone()
        if dup is not None and dup[0] != ignore_id:
            raise SpanError(f"the same {label} span {start}-{end} already exists")

    def _mark_in_progress(self, conn: sqlite3.Connection, doc_id: int, status: str) -> None:
        if status == "new":
            conn.execute(
                "UPDATE documents SET status = 'in_progress', updated = ? WHERE id = ?",
                (_now(), doc_id),
            )
            self._log(conn, "set_status", doc_id, old="new", new="in_progress")

    def add_span(self, doc_id: int, start: int, end: int, label: str) -> Span:
        with self._tx() as conn:
            text, status = self._doc_text(conn, doc_id)
            self._check_span(conn, doc_id, text, start, end, label)
            now = _now_ms()
            cur = conn.execute(
                'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, '
                "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, start, end, label, text[start:end], self._annotator, now, now),
            )
            span_id = cur.lastrowid
            self._log(conn, "add_span", doc_id, span_id, start=start, end=end, label=label)
            self._mark_in_progress(conn, doc_id, status)
        return self.get_span(span_id)

    def update_span(
        self,
        span_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
    ) -> Span:
        with self._tx() as conn:
            # read inside the transaction, so the change log's "old" is what was replaced
            old = self.get_span(span_id)
            start = old.start if start is None else start
            end = old.end if end is None else end
            label = old.label if label is None else label
            if (start, end, label) == (old.start, old.end, old.label):
                return old
            text, _ = self._doc_text(conn, old.document_id)
            self._check_span(conn, old.document_id, text, start, end, label, ignore_id=span_id)
            conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, text = ?, annotator = ?, '
                "updated = ? WHERE id = ?",
                (start, end, label, text[start:end], self._annotator, _now_ms(), span_id),
            )
            self._log(
                conn,
                "update_span",
                old.document_id,
                span_id,
                old=[old.start, old.end, old.label],
                new=[start, end, label],
            )
        return self.get_span(span_id)

    def delete_span(self, span_id: int) -> Span:
        with self._tx() as conn:
            # read inside the transaction: what is returned (for undo) is what was deleted
            old = self.get_span(span_id)
            conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._log(
                conn,
                "delete_span",
                old.document_id,
                span_id,
                start=old.start,
                end=old.end,
                label=old.label,
            )
        return old

    def restore_span(self, span: Span) -> Span:
        """Put a deleted span back with its id (undo of delete)."""
        with self._tx() as conn:
            text, status = self._doc_text(conn, span.document_id)
            self._check_span(conn, span.document_id, text, span.start, span.end, span.label)
            if text[span.start : span.end] != span.text:
                raise SpanError("the span's text no longer matches the document")
            conn.execute(
                'INSERT INTO spans (id, document_id, start, "end", label, text, annotator, '
                "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    span.id,
                    span.document_id,
                    span.start,
                    span.end,
                    span.label,
                    span.text,
                    span.annotator,
                    _ms_from_iso(span.created),
                    _now_ms(),
                ),
            )
            self._log(
                conn,
                "restore_span",
                span.document_id,
                span.id,
                start=span.start,
                end=span.end,
                label=span.label,
            )
            self._mark_in_progress(conn, span.document_id, status)
        return self.get_span(span.id)

    # ----------------------------------------------------------------- import
    def import_records(
        self,
        records: Iterable[DocRecord],
        *,
        source: str,
        skip_invalid: bool = False,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import documents in one transaction: all of them, or (on error) none.

        Text is cleaned here and every offset is remapped through the cleaning. With
        ``skip_invalid`` a bad record is left out and listed instead of refusing the import.
        """
        report = ImportReport()
        now = _now()
        now_ms = _ms_from_iso(now)
        with self._tx() as conn:
            # read inside the transaction: a label another window added meanwhile is known
            labels = {row[0] for row in conn.execute("SELECT name FROM labels")}
            seen = 0
            for rec in records:
                seen += 1
                if cancel is not None and seen % 64 == 0 and cancel():
                    raise ImportCancelled("import cancelled; the project is unchanged")
                try:
                    prepared = self._prepare(rec, seen)
                except InputError as exc:
                    if not skip_invalid:
                        raise
                    report.skipped.append(str(exc))
                    continue
                title, text, digest, meta, status, spans, tokens, sents, controls = prepared
                cur = conn.execute(
                    "INSERT INTO documents (external_id, title, status, text_hash, created, "
                    "updated, meta, text, search_text, tokens, sentence_starts) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(text_hash) DO NOTHING",
                    (
                        rec.external_id or f"{Path(rec.source or source).name}:{rec.line or seen}",
                        title,
                        status,
                        digest,
                        now,
                        now,
                        meta,
                        text,
                        "",  # search copy: built by build_search_index, off the import's path
                        tokens,
                        sents,
                    ),
                )
                if cur.rowcount == 0:
                    report.duplicates += 1
                    continue
                doc_id = cur.lastrowid
                report.added += 1
                report.document_ids.append(doc_id)
                if controls:
                    report.control_documents += 1
                    for ch, n in controls.items():
                        report.controls[ch] = report.controls.get(ch, 0) + n
                if spans:
                    if not labels.issuperset(spans[_LABEL::_SPAN_VALUES]):
                        for name in dict.fromkeys(spans[_LABEL::_SPAN_VALUES]):
                            if name not in labels:
                                self._insert_label(conn, name)
                                labels.add(name)
                                report.new_labels.append(name)
                    _insert_spans(conn, doc_id, now_ms, spans)
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
            )
        if progress is not None:
            progress(seen)
        return report

    def _prepare(self, rec: DocRecord, index: int) -> tuple:
        where = rec.source or "<input>"
        line = rec.line if rec.line is not None else index
        if not isinstance(rec.text, str):
            raise InputError(where, line, "the document has no text")
        cleaned = clean(rec.text, where, line)
        text = cleaned.text
        if not text.strip():
            raise InputError(where, line, "the document's text is empty")
        status = rec.status
        if status is not None and status not in STATUSES:
            raise InputError(
                where, line, f"unknown status {status!r} (expected one of {', '.join(STATUSES)})"
            )
        # The spans as one flat list, _SPAN_VALUES a span (start, end, label, text, annotator),
        # ready to bind to a multi-row INSERT: no tuple per span on the path of a large import.
        spans: list[Any] = []
        seen: set[tuple[int, int, str]] = set()
        raw = rec.text
        raw_len = len(raw)
        good_labels = self._good_labels
        me = self._annotator
        # Most text is already clean: then raw offsets are stored offsets, no map lookups.
        unchanged = not cleaned.changed
        # The reader checked offsets and surface texts against this very text (JSONL does).
        checked = unchanged and rec.spans_checked
        for k, sp in enumerate(rec.spans, 1):
            s, e, label, surface = sp.start, sp.end, sp.label, sp.text
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
            if key in seen:
                raise InputError(where, line, f"span {k} ({s}-{e} {label}) is a duplicate")
            seen.add(key)
            spans += (key[0], key[1], label, piece, sp.annotator or me)
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
        meta = _dump_meta(rec.meta)
        digest = text_key(text, cleaned.utf8)
        return title, text, digest, meta, status, spans, tokens, sents, cleaned.controls

    # ----------------------------------------------------------------- export
    def iter_records(
        self,
        status: str | Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        ids: Sequence[int] | None = None,
    ) -> Iterator[DocRecord]:
        """Stream documents with their spans, a chunk at a time; spans are checked on the way.

        ``labels`` keeps only spans with those labels (documents without them are still given:
        they are negative examples for training).
        """
        statuses = None
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            for s in statuses:
                _check_status(s)
        label_set = set(labels) if labels else None
        if ids is not None:
            id_list = list(ids)
            for i in range(0, len(id_list), _CHUNK):
                chunk = id_list[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                where = f"id IN ({marks})"
                args: list[Any] = list(chunk)
                if statuses:
                    where += f" AND status IN ({','.join('?' * len(statuses))})"
                    args += statuses
                rows = {
                    r[0]: r
                    for r in self._conn.execute(
                        f"SELECT {_DOC_COLS} FROM documents WHERE {where}", args
                    )
                }
                yield from self._records_for([rows[j] for j in chunk if j in rows], label_set)
            return
        last = 0
        while True:
            where = "id > ?"
            args = [last]
            if statuses:
                where += f" AND status IN ({','.join('?' * len(statuses))})"
                args += statuses
            rows = self._conn.execute(
                f"SELECT {_DOC_COLS} FROM documents WHERE {where} ORDER BY id LIMIT {_CHUNK}",
                args,
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from self._records_for(rows, label_set)

    def _records_for(self, rows: list[tuple], label_set: set[str] | None) -> Iterator[DocRecord]:
        if not rows:
            return
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        by_doc: dict[int, list[SpanRecord]] = {i: [] for i in ids}
        for doc_id, s, e, lab, t, who in self._conn.execute(
            f'SELECT document_id, start, "end", label, text, annotator FROM spans '
            f'WHERE document_id IN ({marks}) ORDER BY document_id, start, "end", id',
            ids,
        ):
            if label_set is None or lab in label_set:
                by_doc[doc_id].append(SpanRecord(s, e, lab, t, who))
        for row in rows:
            doc = _row_to_document(row)
            spans = by_doc[doc.id]
            for sp in spans:
                if doc.text[sp.start : sp.end] != sp.text:
                    raise AnnotatorError(
                        f"{self.path}: document {doc.id} ({doc.external_id}): span "
                        f"{sp.start}-{sp.end} {sp.label} says {sp.text!r} but the text there is "
                        f"{doc.text[sp.start : sp.end]!r}; export stopped"
                    )
            yield DocRecord(
                text=doc.text,
                external_id=doc.external_id,
                title=doc.title,
                meta=doc.meta,
                status=doc.status,
                spans=spans,
                tokens=doc.tokens,
                sentence_starts=doc.sentence_starts,
                source=str(self.path),
                line=doc.id,
            )

    # ----------------------------------------------------------------- stats
    def stats(self) -> dict[str, Any]:
        q = self._conn.execute
        return {
            "documents": self.document_count(),
            "by_status": self.status_counts(),
            "spans": q("SELECT count(*) FROM spans").fetchone()[0],
            "by_label": {lab.name: 0 for lab in self.labels()}
            | dict(q("SELECT label, count(*) FROM spans GROUP BY label").fetchall()),
            "by_annotator": dict(
                q(
                    "SELECT annotator, count(*) FROM spans GROUP BY annotator ORDER BY annotator"
                ).fetchall()
            ),
        }


# --------------------------------------------------------------------- helpers
def _version() -> str:
    from annotator import __version__

    return __version__


# A prepared span is _SPAN_VALUES consecutive items of a flat list: start, end, label, text,
# annotator. _LABEL is the label's place, so spans[_LABEL::_SPAN_VALUES] lists the labels.
_SPAN_VALUES = 5
_LABEL = 2
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


def _split_sql(script: str) -> list[str]:
    """Split a schema script into statements (triggers contain ';' inside BEGIN ... END)."""
    out, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out


def _row_to_document(row: tuple) -> Document:
    (doc_id, ext, title, text, meta, status, digest, created, updated, tokens, sents) = row
    return Document(
        doc_id,
        ext,
        title,
        text,
        json.loads(meta),
        status,
        digest.hex(),
        created,
        updated,
        [tuple(t) for t in json.loads(tokens)] if tokens else None,
        json.loads(sents) if sents else None,
    )


def _dump_meta(meta: dict[str, Any] | None) -> str:
    if not meta:
        return "{}"
    if orjson is not None:
        try:
            return orjson.dumps(meta).decode("utf-8")
        except TypeError:  # keys that are not strings: json converts them, orjson refuses
            pass
    return json.dumps(meta, ensure_ascii=False)


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise AnnotatorError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")


def _check_label_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise SpanError("a label needs a name")
    name = name.strip()
    if any(c.isspace() for c in name):
        raise SpanError(f"label name {name!r} cannot contain spaces")
    return name


def _check_hotkey(hotkey: str, taken: set[str]) -> str:
    hotkey = hotkey.strip()
    if hotkey and (len(hotkey) != 1 or not hotkey.isalnum()):
        raise SpanError(f"hotkey {hotkey!r} must be one letter or digit")
    hotkey = hotkey.lower()
    if hotkey and hotkey in taken:
        raise SpanError(f"hotkey {hotkey!r} is already used by another label")
    return hotkey


def _check_color(color: str) -> str:
    c = color.strip()
    if len(c) != 7 or c[0] != "#" or any(ch not in "0123456789abcdefABCDEF" for ch in c[1:]):
        raise SpanError(f"colour {color!r} must look like #RRGGBB")
    return c.upper()


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
    if s == e:
        raise InputError(where, line, f"span {k}: empty span at {s}")
    if s > e:
        raise InputError(where, line, f"span {k}: reversed (start {s} > end {e})")
    if s < 0 or e > length:
        raise InputError(where, line, f"span {k}: {s}-{e} is outside the text (length {length})")
    return s, e
