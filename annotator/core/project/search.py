"""The normalised search copy of each document and its trigram index: built off the import's
path, used by search.

The copy (``documents.search_text``) is built in batches after import (``build_search_index``).
Alongside it, where SQLite has FTS5 and its trigram tokenizer (3.34+), an FTS5 index over the
copy finds the candidates of a search without reading every document
(``matching.document_condition``). The index is derived data, like the copy: it is created on
first use rather than by a schema step, because whether it can exist depends on the SQLite that
opens the file, not on the file. A file that moves to a SQLite without trigram still opens and
searches (by scanning); one that comes back gets its index caught up. Both are filled only by
``build_search_index``, so an import never pays for them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from ..errors import AnnotatorError
from ..schema import FTS_TABLE, SEARCH_MARK
from .connection import ConnectionMixin

# Every document up to this id is in FTS_TABLE (never above SEARCH_MARK), for the normaliser
# version in FTS_VERSION_KEY; a copy built by another normaliser makes the index start again.
FTS_MARK = "fts_indexed_through"
FTS_VERSION_KEY = "fts_normalizer"
# detail=full keeps where each trigram is, so a quoted needle is an exact substring test
# answered by the index (matching.document_condition): a word in nearly every document is found
# without reading them all. The index of an earlier version (detail=none, which stored only
# which documents hold a trigram) is dropped and built again (``fts_available``). External
# content: the text is not stored a second time.
FTS_TOKENIZER = "trigram case_sensitive 1"


def fts_definition() -> str:
    """The statement that creates the index, as SQLite stores it: a stored index made by
    another definition is replaced."""
    return (
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='documents', "
        f"content_rowid='id', tokenize='{FTS_TOKENIZER}', detail=full)"
    )


def _search_copy(title: str, text: str) -> str:
    from ..normalize import normalize_for_search

    return normalize_for_search(title + "\n" + text)


class SearchMixin(ConnectionMixin):
    _fts_state: bool | None = None  # None: not probed yet on this connection

    def _search_condition(
        self, search: str, *, exact: bool, substring: bool
    ) -> tuple[str, list[Any]] | None:
        """A WHERE condition (and its arguments) for documents matching ``search``; None when
        the query has nothing to search for. Builds the missing search copies first."""
        from ..matching import Query, document_condition

        query = Query(search, exact=exact, substring=substring)
        if not query:
            return None
        self.build_search_index()
        fts = (FTS_TABLE, self._fts_mark()) if self.fts_available() else None
        return document_condition(self._conn, query, fts=fts)

    def _search_ids(self, search: str, *, exact: bool, substring: bool) -> list[int] | None:
        """Every document matching ``search`` in id order, answered through the trigram index;
        None where it cannot answer (no index here, exact spelling, a short needle or an
        empty query): ``_search_condition`` then."""
        from ..matching import Query, indexed_document_ids

        query = Query(search, exact=exact, substring=substring)
        if not query or query.exact or len(query.needle) < 3:
            return None
        self.build_search_index()
        if not self.fts_available():
            return None
        return indexed_document_ids(self._conn, query, FTS_TABLE, self._fts_mark())

    def _search_mark(self) -> int:
        """Every document up to this id has its search copy; none above it has (schema 3).
        0 when the copies were built by another version of the normaliser: all are rebuilt."""
        from ..matching import SEARCH_VERSION_KEY, search_copy_is_current

        value = self._meta_get(SEARCH_MARK)
        if not value or not search_copy_is_current(self._meta_get(SEARCH_VERSION_KEY)):
            return 0
        return int(value)

    def _fts_mark(self) -> int:
        """Documents up to this id are in the trigram index (0 without one)."""
        from ..matching import search_copy_is_current

        value = self._meta_get(FTS_MARK)
        if not value or not search_copy_is_current(self._meta_get(FTS_VERSION_KEY)):
            return 0
        return min(int(value), self._search_mark())

    def fts_available(self) -> bool:
        """Whether this project has (or can have) the trigram index on this SQLite. Creates
        the empty index the first time; False where SQLite lacks FTS5 or its trigram
        tokenizer, and search then scans the search copies. An index made by another
        definition (an earlier version's) is dropped and made again, empty: it is derived data,
        and ``build_search_index`` fills it."""
        if self._fts_state is None:
            try:
                self._conn.execute(f"SELECT 1 FROM {FTS_TABLE} LIMIT 0")
                self._fts_state = self._stored_fts_sql() == fts_definition() or self._create_fts(
                    replace=True
                )
            except sqlite3.OperationalError as exc:
                # no such table: create it; no such module: this SQLite has no FTS5
                self._fts_state = "no such table" in str(exc) and self._create_fts()
        return self._fts_state

    def _stored_fts_sql(self) -> str:
        row = self._conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
        ).fetchone()
        return " ".join((row[0] or "").split()) if row else ""

    def _create_fts(self, *, replace: bool = False) -> bool:
        try:
            with self._tx() as conn:
                if replace:
                    conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
                conn.execute(fts_definition())
                conn.execute("DELETE FROM meta WHERE key = ?", (FTS_MARK,))
        except (sqlite3.OperationalError, AnnotatorError):
            # no FTS5 or no trigram tokenizer here (or a read-only file): search scans
            return False
        return True

    def unindexed_count(self) -> int:
        """Documents whose normalised search copy (or trigram index entry) is not built yet."""
        mark = self._fts_mark() if self.fts_available() else self._search_mark()
        row = self._conn.execute("SELECT count(*) FROM documents WHERE id > ?", (mark,)).fetchone()
        return int(row[0])

    def build_search_index(
        self,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        batch: int = 256,
    ) -> int:
        """Fill the normalised search copy of documents that lack it, and the trigram index;
        returns how many documents were indexed (``unindexed_count`` before, uncancelled).

        Kept out of import so a large import is not slowed by it: the GUI builds it in the
        background after opening a project, and a search builds what is missing first. Each
        batch is its own short transaction, so other writers are never blocked for long; the
        copy is derived data, so an interrupted build loses nothing.
        """
        from ..matching import reset_outdated_search_mark

        fts = self.fts_available()
        done = 0
        if fts:
            # copies built before the index existed (or by a SQLite without trigram)
            done = self._catch_up_fts(batch * 8, cancel, progress)
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
                if fts:
                    # in the same transaction as the copies it indexes
                    _reset_outdated_fts(conn)
                conn.executemany("UPDATE documents SET search_text = ? WHERE id = ?", updates)
                _raise_mark(conn, SEARCH_MARK, rows[-1][0])
                indexed = _fts_mark_in(conn) if fts else -1
                if indexed >= rows[0][0] - 1:
                    # the index is complete up to this batch: add the batch
                    conn.executemany(
                        f"INSERT INTO {FTS_TABLE} (rowid, search_text) VALUES (?, ?)",
                        [(i, s) for s, i in updates if i > indexed],
                    )
                    _raise_mark(conn, FTS_MARK, rows[-1][0])
            done += len(rows)
            if progress is not None:
                progress(done)
            if fts and self._fts_mark() < self._search_mark():
                # the first batch after the index was emptied: index it on its own
                self._catch_up_fts(batch * 8, cancel, None)

    def _catch_up_fts(
        self,
        batch: int,
        cancel: Callable[[], bool] | None,
        progress: Callable[[int], None] | None,
    ) -> int:
        """Index the search copies built while the trigram index lagged behind them (made
        before it existed, or under a SQLite without trigram); returns how many."""
        done = 0
        while self._fts_mark() < self._search_mark():
            if cancel is not None and cancel():
                return done
            with self._tx() as conn:
                _reset_outdated_fts(conn)
                start = _fts_mark_in(conn)
                stop = min(start + batch, self._search_mark())
                conn.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, search_text) SELECT id, search_text "
                    "FROM documents WHERE id > ? AND id <= ?",
                    (start, stop),
                )
                _raise_mark(conn, FTS_MARK, stop)
            done += stop - start
            if progress is not None:
                progress(done)
        return done


def _fts_mark_in(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FTS_MARK,)).fetchone()
    return int(row[0]) if row else 0


def _raise_mark(conn: sqlite3.Connection, key: str, value: int) -> None:
    # max(): another window building at the same time may have gone further
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
        "SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        (key, value),
    )


def _reset_outdated_fts(conn: sqlite3.Connection) -> bool:
    """Inside a write transaction: when the index holds copies made by another normaliser (or
    none yet), empty it and start again; True if it did. An external-content index cannot
    delete rows whose copy has since changed, so it is emptied whole."""
    from ..matching import search_copy_is_current

    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FTS_VERSION_KEY,)).fetchone()
    if search_copy_is_current(row[0] if row else None):
        return False
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
    conn.execute("DELETE FROM meta WHERE key = ?", (FTS_MARK,))
    from ..normalize import NORMALIZER_VERSION

    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
        "SET value = excluded.value",
        (FTS_VERSION_KEY, str(NORMALIZER_VERSION)),
    )
    return True
