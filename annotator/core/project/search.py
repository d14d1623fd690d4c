"""The normalised search copy of each document: built off the import's path, used by search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..schema import SEARCH_MARK
from .connection import ConnectionMixin


def _search_copy(title: str, text: str) -> str:
    from ..normalize import normalize_for_search

    return normalize_for_search(title + "\n" + text)


class SearchMixin(ConnectionMixin):
    def _search_condition(
        self, search: str, *, exact: bool, substring: bool
    ) -> tuple[str, list[Any]] | None:
        """A WHERE condition (and its arguments) for documents matching ``search``; None when
        the query has nothing to search for. Builds the missing search copies first."""
        from ..matching import Query, document_condition

        condition = document_condition(self._conn, Query(search, exact=exact, substring=substring))
        if condition is not None:
            self.build_search_index()
        return condition

    def _search_mark(self) -> int:
        """Every document up to this id has its search copy; none above it has (schema 3).
        0 when the copies were built by another version of the normaliser: all are rebuilt."""
        from ..matching import SEARCH_VERSION_KEY, search_copy_is_current

        value = self._meta_get(SEARCH_MARK)
        if not value or not search_copy_is_current(self._meta_get(SEARCH_VERSION_KEY)):
            return 0
        return int(value)

    def unindexed_count(self) -> int:
        """Documents whose normalised search copy is not built yet."""
        row = self._conn.execute(
            "SELECT count(*) FROM documents WHERE id > ?", (self._search_mark(),)
        ).fetchone()
        return int(row[0])

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
        from ..matching import reset_outdated_search_mark

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
