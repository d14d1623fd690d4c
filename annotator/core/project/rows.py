"""Records of the tables beyond spans (frames, arguments, relations, attribute values, notes,
suggestions, definitions), read and written as whole ``Row``s so a ChangeSet can carry them and
undo can put them back exactly, ids included.

Deleting a span or a frame deletes what points at it first (``schema.ROW_REFERENCES``),
recursively, and returns every row it deleted: the caller puts them in its ChangeSet.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from ..changes import ChangeSet
from ..errors import AnnotatorError
from ..model import Row
from ..schema import ROW_REFERENCES, ROW_TABLES
from .common import _now
from .labels import LabelsMixin

_RANK = {table: i for i, table in enumerate(ROW_TABLES)}


def table_rank(row: Row) -> int:
    """Where ``row``'s table stands among ROW_TABLES: parents first."""
    return _RANK[row.table]


class RowsMixin(LabelsMixin):
    _columns_cache: dict[str, tuple[str, ...]] | None = None

    def _columns(self, conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
        """The columns of ``table`` but ``id``, sorted (the order of ``Row.values``)."""
        if table not in _RANK:
            raise AnnotatorError(f"not a table of records: {table!r}")
        cache = self._columns_cache
        if cache is None:
            cache = self._columns_cache = {}
        if table not in cache:
            names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            cache[table] = tuple(sorted(n for n in names if n != "id"))
        return cache[table]

    def _rows_where(
        self, conn: sqlite3.Connection, table: str, where: str = "1", args: Iterable[Any] = ()
    ) -> list[Row]:
        """Rows of ``table`` matching an SQL condition, in id order."""
        cols = self._columns(conn, table)
        quoted = ", ".join(f'"{c}"' for c in cols)
        sql = f"SELECT id, {quoted} FROM {table} WHERE {where} ORDER BY id"
        doc_at = cols.index("document_id") if "document_id" in cols else None
        out = []
        for rec in conn.execute(sql, tuple(args)):
            values = tuple(zip(cols, rec[1:], strict=True))
            doc = rec[1 + doc_at] if doc_at is not None else None
            out.append(Row(table, rec[0], doc, values))
        return out

    def _row_in(self, conn: sqlite3.Connection, table: str, row_id: int) -> Row | None:
        rows = self._rows_where(conn, table, "id = ?", (row_id,))
        return rows[0] if rows else None

    def _insert_row(self, conn: sqlite3.Connection, table: str, values: Mapping[str, Any]) -> Row:
        """Insert one record (its id given in ``values`` or chosen by SQLite) and return it as
        stored."""
        cols = list(values)
        quoted = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        cur = conn.execute(
            f"INSERT INTO {table} ({quoted}) VALUES ({marks})", [values[c] for c in cols]
        )
        row_id = values.get("id", cur.lastrowid)
        row = self._row_in(conn, table, int(row_id))
        assert row is not None
        return row

    def _update_row(
        self, conn: sqlite3.Connection, table: str, row_id: int, values: Mapping[str, Any]
    ) -> tuple[Row, Row]:
        """Change some columns of one record; (old, new) as stored."""
        old = self._row_in(conn, table, row_id)
        if old is None:
            raise AnnotatorError(f"no {table} record with id {row_id}")
        sets = ", ".join(f'"{c}" = ?' for c in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
        new = self._row_in(conn, table, row_id)
        assert new is not None
        return old, new

    def _delete_rows(self, conn: sqlite3.Connection, table: str, ids: Iterable[int]) -> list[Row]:
        """Delete records of ``table`` (a row table, or "spans" whose dependants only are
        deleted here) and everything that points at them, children first. Returns the deleted
        rows of row tables in the order they were deleted."""
        order: list[Row] = []
        seen: set[tuple[str, int]] = set()
        self._collect_dependants(conn, table, list(ids), order, seen)
        if table != "spans":
            order += [
                r for r in self._rows_where_ids(conn, table, ids) if (table, r.id) not in seen
            ]
        for row in order:
            conn.execute(f"DELETE FROM {row.table} WHERE id = ?", (row.id,))
        return order

    def _set_own_status(
        self, conn: sqlite3.Connection, doc_id: int, status: str, cs: ChangeSet
    ) -> None:
        """This annotator's own status of the document (document_status; no row is "new")."""
        key = (doc_id, self._annotator)
        old = _own_status(conn, key)
        if old != status:
            _write_own_status(conn, key, status)
            cs.own_statuses[key] = (old, status)

    def _rows_where_ids(
        self, conn: sqlite3.Connection, table: str, ids: Iterable[int]
    ) -> list[Row]:
        wanted = list(ids)
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        return self._rows_where(conn, table, f"id IN ({marks})", wanted)

    def _collect_dependants(
        self,
        conn: sqlite3.Connection,
        table: str,
        ids: list[int],
        order: list[Row],
        seen: set[tuple[str, int]],
    ) -> None:
        """Append to ``order`` every row pointing (directly or not) at ``table``'s ``ids``, a
        row after everything that points at it."""
        if not ids:
            return
        marks = ", ".join("?" for _ in ids)
        for child, column, parent in ROW_REFERENCES:
            if parent != table:
                continue
            rows = [
                r
                for r in self._rows_where(conn, child, f"{column} IN ({marks})", ids)
                if (child, r.id) not in seen
            ]
            for r in rows:
                seen.add((child, r.id))
            # what points at these rows goes before them
            self._collect_dependants(conn, child, [r.id for r in rows], order, seen)
            order.extend(rows)


def _own_status(conn: sqlite3.Connection, key: tuple[int, str]) -> str:
    row = conn.execute(
        "SELECT status FROM document_status WHERE document_id = ? AND annotator = ?", key
    ).fetchone()
    return "new" if row is None else str(row[0])


def _write_own_status(conn: sqlite3.Connection, key: tuple[int, str], status: str) -> None:
    if status == "new":
        conn.execute("DELETE FROM document_status WHERE document_id = ? AND annotator = ?", key)
    else:
        conn.execute(
            "INSERT INTO document_status (document_id, annotator, status, updated) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, annotator) DO UPDATE SET "
            "status = excluded.status, updated = excluded.updated",
            (*key, status, _now()),
        )
