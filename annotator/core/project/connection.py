"""Opening, creating and migrating a project file; transactions, the change log and meta."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from ..changes import ChangeSet
from ..errors import AnnotatorError, NotAProjectError, ProjectLockedError
from ..frame_defaults import add_default_definitions
from ..history import History
from ..model import Label
from ..schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
    TEXT_KEY_SQL,
    check_file_header,
    expected_tables,
)
from ..text import text_key
from .common import DEFAULT_LABELS, PALETTE, _now, _version, default_annotator


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


def _disk_full(path: Path) -> bool:
    """Too little space beside ``path`` for SQLite's -shm and -wal files."""
    try:
        # imported here: shutil (and the compression modules it imports) would cost every
        # command's start-up for a check made only after a failed write
        import shutil

        return shutil.disk_usage(path.parent if str(path.parent) else ".").free < 64 * 1024
    except OSError:
        return False


def _rollback(conn: sqlite3.Connection) -> None:
    # Some errors (a full disk) end the transaction themselves.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _run_step(conn: sqlite3.Connection, step: str | Callable[[sqlite3.Connection], None]) -> None:
    """One schema step (schema.MIGRATIONS): a script, or a function of the connection."""
    if callable(step):
        step(conn)
        return
    for stmt in _split_sql(step):
        conn.execute(stmt)


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


class ConnectionMixin:
    """The connection and its transactions; every other part of ``Project`` builds on it."""

    # How long a write waits for another window's or process's transaction before giving up
    # with ProjectLockedError.
    BUSY_TIMEOUT_MS = 5000

    def __init__(self, path: Path, conn: sqlite3.Connection, annotator: str | None) -> None:
        self.path = path
        self._conn = conn
        stored = self._meta_get("annotator")
        self._annotator = annotator or stored or default_annotator()
        self._labels_cache: list[Label] | None = None
        # Undo and redo of this session's user actions (each window has its own).
        self.history = History()
        # transaction nesting, and the error that ended an outer transaction early (see _tx)
        self._tx_depth = 0
        self._tx_lost: AnnotatorError | None = None

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def _connect(cls, path: Path, read_only: bool = False) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per action.
        target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, uri=read_only)
        conn.execute(f"PRAGMA busy_timeout = {int(cls.BUSY_TIMEOUT_MS)}")
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
    def create(cls, path: str | Path, annotator: str | None = None) -> Self:
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
            _run_step(conn, SCHEMA_V1)
            for step in sorted(MIGRATIONS):
                _run_step(conn, MIGRATIONS[step])
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
            add_default_definitions(conn)
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
    def open(
        cls, path: str | Path, annotator: str | None = None, *, read_only: bool = False
    ) -> Self:
        """Open a project. ``read_only``: nothing is ever written to it (no index upkeep at
        close, every write refused), for the commands that only read (list, stats, export);
        a project that needs migrating to this version's schema is opened for writing."""
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
            if _disk_full(p):
                raise AnnotatorError(
                    f"{p}: cannot open the project: the disk is full; free some space and "
                    "open it again (nothing was changed)"
                ) from None
            # SQLite writes -wal and -shm files beside a project even to read it.
            raise AnnotatorError(
                f"{p}: cannot open the project ({exc}); the file or its folder may be read-only"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise NotAProjectError(f"{p}: damaged project file ({exc})") from None
        missing = expected_tables(version) - tables
        if missing:
            raise NotAProjectError(
                f"{p}: damaged project file (missing tables: {', '.join(sorted(missing))})"
            )
        if read_only and version == SCHEMA_VERSION:
            project = cls(p, cls._connect(p, read_only=True), annotator)
            project.read_only = True
            return project
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
    def open_or_create(cls, path: str | Path, annotator: str | None = None) -> Self:
        p = Path(path)
        return cls.open(p, annotator) if p.exists() else cls.create(p, annotator)

    @staticmethod
    def _migrate(path: Path, conn: sqlite3.Connection, version: int) -> None:
        backup = path.with_name(f"{path.name}.schema{version}.bak")
        if not backup.exists():
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            import shutil  # only a migration copies the file: kept off the start-up

            shutil.copy2(path, backup)
        # Rebuilding a table (schema 3) needs foreign keys off, and that cannot change inside a
        # transaction; foreign_key_check below verifies the result before it is committed.
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # 1 -> 2: search_text starts empty; the search index fills itself on first use.
            while version < SCHEMA_VERSION:
                _run_step(conn, MIGRATIONS[version])
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

    # Set by open(read_only=True): close() then leaves the file alone too.
    read_only = False

    def close(self) -> None:
        if self._conn is not None:
            try:
                if not self.read_only:
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            self._conn = None  # type: ignore[assignment]  # closed: a later use fails loudly

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def refresh(self) -> None:
        """Forget what this connection cached (labels): another connection has committed."""
        self._labels_cache = None

    def last_change_id(self) -> int:
        """Id of the newest change-log row. Every user-visible change writes one, derived data
        (the search copy) does not, so views compare this to know whether to reload."""
        return int(self._conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0])

    def data_version(self) -> int:
        """Changes whenever another connection (window, process) commits to this file."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    # ----------------------------------------------------------------- transactions and log
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        if self._tx_depth or conn.in_transaction:
            if not conn.in_transaction:
                # SQLite ended the enclosing transaction() itself (a full disk) and the caller
                # went on: this write would commit on its own, outside the all-or-nothing group.
                raise self._lost_transaction()
            # Inside transaction(): a savepoint, so a failed call undoes only its own writes.
            conn.execute("SAVEPOINT nested")
            self._tx_depth += 1
            try:
                yield conn
            except BaseException as exc:
                self._labels_cache = None
                # Some errors (a full disk) end the whole transaction, savepoint and all:
                # then there is nothing to roll back to, and the error is the one to report.
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO nested")
                    conn.execute("RELEASE nested")
                err = _db_error(self.path, exc) if isinstance(exc, sqlite3.Error) else None
                if not conn.in_transaction:
                    self._tx_lost = err or AnnotatorError(
                        f"{self.path}: the action failed ({exc}); nothing was changed"
                    )
                if err is None:
                    raise
                raise err from None
            else:
                conn.execute("RELEASE nested")
            finally:
                self._tx_depth -= 1
            return
        self._tx_lost = None
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._tx_depth = 1
            try:
                yield conn
                if not conn.in_transaction:  # see above: the caller caught a nested failure
                    raise self._lost_transaction()
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                self._labels_cache = None
                raise
            finally:
                self._tx_depth = 0
        except sqlite3.OperationalError as exc:
            err = _db_error(self.path, exc)
            if err is None:
                raise
            raise err from None

    def _lost_transaction(self) -> AnnotatorError:
        lost = self._tx_lost
        if lost is None:
            return AnnotatorError(f"{self.path}: the action was interrupted; nothing was changed")
        return type(lost)(str(lost))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several calls into one transaction: one commit, all or nothing, and one undo
        step (accepting every suggestion in a document, say)."""
        self.history.begin()
        try:
            with self._tx():
                yield
        except BaseException:
            self.history.rollback()
            raise
        self.history.commit()

    def _label_rows(self, conn: sqlite3.Connection) -> tuple[Label, ...]:
        """The label list as the transaction under way sees it (a ChangeSet's snapshot)."""
        return tuple(
            Label(*row)
            for row in conn.execute(
                "SELECT name, name_en, name_ar, color, hotkey, ord FROM labels ORDER BY ord"
            )
        )

    def _record(self, cs: ChangeSet) -> ChangeSet:
        """A write committed (or joined the transaction under way): keep it for undo."""
        self.history.record(cs)
        return cs

    @property
    def busy_timeout_ms(self) -> int:
        """How long a write waits for another connection's transaction before it is refused
        with ProjectLockedError."""
        return int(self._conn.execute("PRAGMA busy_timeout").fetchone()[0])

    @busy_timeout_ms.setter
    def busy_timeout_ms(self, ms: int) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

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
        self.set_annotator(name)

    def set_annotator(self, name: str) -> ChangeSet:
        """Who labels from now on in this project (stored, and on every span they make)."""
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
        return ChangeSet("set_annotator", detail={"annotator": name})
