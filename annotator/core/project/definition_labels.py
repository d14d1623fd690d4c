"""Label edits carried over to the definitions that name the label (roles' frame type and
fillers, relation types' heads and tails, attribute targets), in the label edit's transaction.

Called by LabelsMixin.update_label / remove_label through the hooks it declares."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..model import Row
from .definition_rules import LABEL_COLUMNS, dumps
from .spans import SpansMixin


class DefinitionLabelsMixin(SpansMixin):
    # ----------------------------------------------------------------- label edits (hooks)
    def _label_renamed(self, conn: sqlite3.Connection, old: str, new: str) -> list[tuple[Row, Row]]:
        """A label rename carries over to the definitions that name it; the changed Rows."""

        def swap(names: list[str]) -> list[str]:
            out = []
            for n in names:
                if n == old:
                    n = new
                elif n == f"frame:{old}":
                    n = f"frame:{new}"
                out.append(n)
            return out

        changed: list[tuple[Row, Row]] = []
        for table, columns in LABEL_COLUMNS.items():
            for row in self._rows_where(conn, table):
                values: dict[str, Any] = {}
                for col in columns:
                    if col == "frame_type":
                        if row.get(col) == old:
                            values[col] = new
                        continue
                    names = json.loads(row.get(col))
                    if swap(names) != names:
                        values[col] = dumps(swap(names))
                if values:
                    changed.append(self._update_row(conn, table, row.id, values))
        return changed

    def _label_removed(
        self, conn: sqlite3.Connection, name: str, span_ids: list[int]
    ) -> tuple[list[Row], list[tuple[Row, Row]]]:
        """Removing a label: what points at its spans goes, the label leaves every definition
        list, and a definition left naming no label (or a role of that frame type) goes. The
        removed and changed Rows, in the order they were written."""
        removed = self._delete_rows(conn, "spans", span_ids)
        changed: list[tuple[Row, Row]] = []
        gone = (name, f"frame:{name}")
        drop: dict[str, list[int]] = {}
        for table, columns in LABEL_COLUMNS.items():
            for row in self._rows_where(conn, table):
                values: dict[str, Any] = {}
                remove = table == "roles" and row.get("frame_type") == name
                for col in columns:
                    if col == "frame_type":
                        continue
                    names = json.loads(row.get(col))
                    kept = [n for n in names if n not in gone]
                    if kept != names:
                        if not kept:
                            remove = True
                        values[col] = dumps(kept)
                if remove:
                    drop.setdefault(table, []).append(row.id)
                elif values:
                    changed.append(self._update_row(conn, table, row.id, values))
        for table, ids in drop.items():
            if table == "relation_types":
                rels = self._rows_where(
                    conn,
                    "relations",
                    f"type IN ({','.join('?' * len(ids))})",
                    [r.get("name") for r in self._rows_where_ids(conn, table, ids)],
                )
                removed += self._delete_rows(conn, "relations", [r.id for r in rels])
            if table == "attribute_defs":
                vals = self._rows_where(
                    conn,
                    "attribute_values",
                    f"name IN ({','.join('?' * len(ids))})",
                    [r.get("name") for r in self._rows_where_ids(conn, table, ids)],
                )
                removed += self._delete_rows(conn, "attribute_values", [v.id for v in vals])
            removed += self._delete_rows(conn, table, ids)
        return removed, changed
