"""Labels: the project's label set, its order, colours and hotkeys."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from ..changes import ChangeSet
from ..errors import SpanError
from ..model import Label, Row, Span
from ..preparing import validate_label_name
from .common import _SPAN_COLS, PALETTE, _span
from .connection import ConnectionMixin


class LabelsMixin(ConnectionMixin):
    def labels(self) -> list[Label]:
        if self._labels_cache is None:
            self._labels_cache = list(self._label_rows(self._conn))
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
        *,
        imported: bool = False,
    ) -> Label:
        rows = conn.execute("SELECT name, hotkey, ord FROM labels").fetchall()
        # an import keeps its file's names even when they differ from a label's only by case
        name = validate_label_name(name, () if imported else [r[0] for r in rows])
        if any(r[0] == name for r in rows):
            raise SpanError(f"a label named {name!r} already exists")
        taken = {r[1]: r[0] for r in rows if r[1]}
        if hotkey is None:
            hotkey = self._free_hotkey(set(taken))
        else:
            hotkey = validate_hotkey(hotkey, taken)
        order = max((r[2] for r in rows), default=-1) + 1
        if color is None:
            color = PALETTE[len(rows) % len(PALETTE)]
        color = validate_label_color(color)
        lab = Label(name, name_en or name.title(), name_ar or name_en or name, color, hotkey, order)
        _write_label(
            conn,
            "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (lab.name, lab.name_en, lab.name_ar, lab.color, lab.hotkey, lab.order),
            lab.name,
            lab.hotkey,
        )
        self._labels_cache = None
        return lab

    def _label_change(
        self, conn: sqlite3.Connection, action: str, before: tuple[Label, ...], **kw: Any
    ) -> ChangeSet:
        self._labels_cache = None
        return ChangeSet(action, labels_before=before, labels_after=self._label_rows(conn), **kw)

    def add_label(
        self,
        name: str,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str | None = None,
    ) -> ChangeSet:
        with self._tx() as conn:
            before = self._label_rows(conn)
            lab = self._insert_label(conn, name, name_en, name_ar, color, hotkey)
            self._log(conn, "add_label", label=lab.name)
            cs = self._label_change(conn, "add_label", before, detail={"label": lab.name})
        return self._record(cs)

    def update_label(
        self,
        name: str,
        *,
        new_name: str | None = None,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str | None = None,
    ) -> ChangeSet:
        """Rename, recolour, change the hotkey or display names: one action. A rename relabels
        every span with the label (ON UPDATE CASCADE); the ChangeSet lists it in ``renamed``."""
        with self._tx() as conn:
            # read and checked inside the write transaction: another window's edit is seen
            before = self._label_rows(conn)
            old = next((lab for lab in before if lab.name == name), None)
            if old is None:
                raise SpanError(f"no label named {name!r}")
            fields: dict[str, Any] = {}
            if new_name is not None and new_name != name:
                others = [lab.name for lab in before if lab.name != name]
                new_name = validate_label_name(new_name, others)
                if new_name != name:
                    fields["name"] = new_name
            if name_en is not None and (name_en.strip() or old.name_en) != old.name_en:
                fields["name_en"] = name_en.strip()
            if name_ar is not None and (name_ar.strip() or old.name_ar) != old.name_ar:
                fields["name_ar"] = name_ar.strip()
            if color is not None and validate_label_color(color) != old.color:
                fields["color"] = validate_label_color(color)
            if hotkey is not None and hotkey != old.hotkey:
                taken = {lab.hotkey: lab.name for lab in before if lab.hotkey and lab.name != name}
                key = validate_hotkey(hotkey, taken)
                if key != old.hotkey:
                    fields["hotkey"] = key
            if not fields:
                return ChangeSet("update_label", detail={"label": name})
            sets = ", ".join(f"{k} = ?" for k in fields)
            # ON UPDATE CASCADE renames the label on every span in the same statement.
            _write_label(
                conn,
                f"UPDATE labels SET {sets} WHERE name = ?",
                [*fields.values(), name],
                fields.get("name", name),
                fields.get("hotkey"),
            )
            renamed = [(name, fields["name"])] if "name" in fields else []
            # the definitions naming the label follow it (roles, relation types, attributes)
            rows_changed = self._label_renamed(conn, name, fields["name"]) if renamed else []
            self._log(conn, "update_label", label=name, **fields)
            cs = self._label_change(
                conn,
                "update_label",
                before,
                renamed=renamed,
                rows_changed=rows_changed,
                documents_changed=bool(renamed) and self.label_usage(fields["name"]) > 0,
                detail={"label": fields.get("name", name)},
            )
        return self._record(cs)

    def label_usage(self, name: str) -> int:
        row = self._conn.execute("SELECT count(*) FROM spans WHERE label = ?", (name,)).fetchone()
        return int(row[0])

    def label_spans(self, name: str) -> list[Span]:
        """Every span with label ``name``, in every document (what remove_label(force) deletes)."""
        return [
            _span(row)
            for row in self._conn.execute(
                f"SELECT {_SPAN_COLS} FROM spans WHERE label = ? ORDER BY id", (name,)
            )
        ]

    def remove_label(self, name: str, *, force: bool = False) -> ChangeSet:
        """Remove a label. Refused while spans use it, unless ``force`` (which deletes them:
        the ChangeSet lists each, so undo brings them back with their ids)."""
        # Checked inside the write transaction: a span another window adds meanwhile is seen.
        with self._tx() as conn:
            before = self._label_rows(conn)
            if not any(lab.name == name for lab in before):
                raise SpanError(f"no label named {name!r}")
            spans = self.label_spans(name)
            if spans and not force:
                raise SpanError(f"label {name!r} is used by {len(spans)} span(s)")
            # what points at those spans goes with them; the label leaves the definitions
            rows_removed, rows_changed = self._label_removed(conn, name, [sp.id for sp in spans])
            conn.execute("DELETE FROM spans WHERE label = ?", (name,))
            conn.execute("DELETE FROM labels WHERE name = ?", (name,))
            self._log(conn, "remove_label", label=name, spans_removed=len(spans))
            cs = self._label_change(
                conn,
                "remove_label",
                before,
                removed=spans,
                rows_removed=rows_removed,
                rows_changed=rows_changed,
                documents_changed=bool(spans),
                detail={"label": name},
            )
        return self._record(cs)

    # Hooks for the definitions that name labels (project/definitions.py overrides them).
    def _label_renamed(self, conn: sqlite3.Connection, old: str, new: str) -> list[tuple[Row, Row]]:
        return []

    def _label_removed(
        self, conn: sqlite3.Connection, name: str, span_ids: list[int]
    ) -> tuple[list[Row], list[tuple[Row, Row]]]:
        return [], []

    def move_label(self, name: str, new_index: int) -> ChangeSet:
        with self._tx() as conn:
            before = self._label_rows(conn)
            names = [lab.name for lab in before]
            if name not in names:
                raise SpanError(f"no label named {name!r}")
            names.remove(name)
            new_index = max(0, min(new_index, len(names)))
            names.insert(new_index, name)
            if names == [lab.name for lab in before]:
                return ChangeSet("move_label", detail={"label": name})
            conn.executemany(
                "UPDATE labels SET ord = ? WHERE name = ?", [(i, n) for i, n in enumerate(names)]
            )
            self._log(conn, "move_label", label=name, index=new_index)
            cs = self._label_change(conn, "move_label", before, detail={"label": name})
        return self._record(cs)


# The one rule for label names, hotkeys and colours: core and the labels dialog both call these,
# so a name the dialog accepts is never refused when saved, and the user reads one message.
#
# A label name is any run of letters, digits and punctuation in any script (Arabic names are
# normal here) without whitespace, control or invisible formatting characters (a right-to-left
# mark would make two names look identical). Names compare exactly, as the database's primary
# key does. A name that differs from another label's only by case is refused when a person adds
# or renames a label: "event" beside EVENT is a typo, and exports would carry two labels that
# read the same. An import is not refused for it: a file's labels are its data (``existing`` is
# then empty).


def validate_hotkey(hotkey: str, taken: Mapping[str, str] | None = None) -> str:
    """The hotkey as stored: "" (none), one digit or one lower-case letter; else SpanError.

    Any script's letters are allowed (an Arabic keyboard types Arabic letters); Arabic-Indic
    digits are stored as ASCII, as the article view reads them. ``taken`` maps the other
    labels' hotkeys to their names.
    """
    key = hotkey.strip()
    if not key:
        return ""
    if len(key) != 1 or not (key.isalpha() or key.isdecimal()) or len(key.lower()) != 1:
        raise SpanError(f"hotkey {key!r} must be one letter or one digit")
    key = str(int(key)) if key.isdecimal() else key.lower()
    if taken and key in taken:
        raise _hotkey_taken(key, taken[key])
    return key


def _hotkey_taken(key: str, owner: str) -> SpanError:
    return SpanError(f"hotkey {key!r} is already used by the label {owner}")


def _write_label(
    conn: sqlite3.Connection, sql: str, args: Sequence[Any], name: str, hotkey: str | None
) -> None:
    """Write a labels row. The validators check against what this window read; another window
    may have taken the name or the hotkey since, and the database's UNIQUE constraints (the
    hotkey's since schema 4) refuse it: the user gets the validators' message all the same."""
    try:
        conn.execute(sql, args)
    except sqlite3.IntegrityError as exc:
        if "labels.hotkey" in str(exc) and hotkey:
            row = conn.execute("SELECT name FROM labels WHERE hotkey = ?", (hotkey,)).fetchone()
            raise _hotkey_taken(hotkey, row[0] if row else "another label") from None
        if "labels.name" in str(exc):
            raise SpanError(f"a label named {name!r} already exists") from None
        raise


def validate_label_color(color: str) -> str:
    """The colour as stored (#RRGGBB, upper case), or SpanError."""
    c = color.strip()
    if len(c) != 7 or c[0] != "#" or any(ch not in "0123456789abcdefABCDEF" for ch in c[1:]):
        raise SpanError(f"colour {color!r} must look like #RRGGBB")
    return c.upper()
