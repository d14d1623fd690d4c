"""Definitions beyond labels: the roles of each frame type, relation types and attributes.

Stored one row each (schema 6, lists as JSON: see frame_defaults) and written as Rows, so every
edit is one undoable action. A name is the key of its definition and is not renamed here (the
instances point at it by name). A label rename carries over to every definition that names the
label, in the rename's own transaction; removing a label takes it out of those lists (a role,
relation type or attribute left with no label at all goes, and comes back on undo).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from ..changes import ChangeSet
from ..errors import FrameError
from ..frame_defaults import label_of
from ..model import AttributeDef, AttributeValue, Definitions, RelationType, RoleDef, Row
from .common import PALETTE
from .definition_labels import DefinitionLabelsMixin
from .definition_rules import (
    DEF_NAMES,
    EDITABLE,
    attribute_from_row,
    dumps,
    fits,
    fits_frame,
    hotkey_of,
    relation_fits,
    relation_type_from_row,
    role_from_row,
    validate_name,
    values_of,
)
from .labels import validate_label_color


class DefinitionsMixin(DefinitionLabelsMixin):
    # ----------------------------------------------------------------- reading
    def _role_list(self, conn: sqlite3.Connection) -> list[RoleDef]:
        rows = self._rows_where(conn, "roles")
        return sorted((role_from_row(r) for r in rows), key=lambda r: (r.order, r.name))

    def _relation_type_list(self, conn: sqlite3.Connection) -> list[RelationType]:
        rows = self._rows_where(conn, "relation_types")
        return sorted((relation_type_from_row(r) for r in rows), key=lambda r: r.order)

    def _attribute_list(self, conn: sqlite3.Connection) -> list[AttributeDef]:
        rows = self._rows_where(conn, "attribute_defs")
        return sorted((attribute_from_row(r) for r in rows), key=lambda r: r.order)

    def roles(self, frame_type: str | None = None) -> list[RoleDef]:
        """The roles (of one frame type), in their order."""
        return [
            r
            for r in self._role_list(self._conn)
            if frame_type is None or r.frame_type == frame_type
        ]

    def relation_types(self) -> list[RelationType]:
        return self._relation_type_list(self._conn)

    def attribute_defs(self) -> list[AttributeDef]:
        return self._attribute_list(self._conn)

    def frame_types(self) -> list[str]:
        """The labels that have roles, in label order (EVENT, CLAIM by default)."""
        return self.definitions().frame_types()

    def definitions(self) -> Definitions:
        """Labels, roles, relation types and attributes: what a writer needs to describe the
        project's annotation scheme (brat's annotation.conf)."""
        return Definitions(
            tuple(self.labels()),
            tuple(self.roles()),
            tuple(self.relation_types()),
            tuple(self.attribute_defs()),
        )

    # ----------------------------------------------------------------- shared checks
    def _check_labels(self, names: Iterable[str], what: str, *, frames: bool) -> tuple[str, ...]:
        labels = self._label_names()
        out = []
        for n in names:
            if not isinstance(n, str) or not n.strip():
                raise FrameError(f"{what}: an empty label name")
            n = n.strip()
            if n == "*" or (frames and n == "frame:*"):
                out.append(n)
                continue
            if n.startswith("frame:") and not frames:
                raise FrameError(f"{what}: {n!r} names a frame, which is not allowed here")
            if label_of(n) not in labels:
                raise FrameError(f"{what}: no label named {label_of(n)!r}")
            out.append(n)
        return tuple(dict.fromkeys(out))

    def _def_change(self, action: str, **kw: Any) -> ChangeSet:
        return ChangeSet(action, **kw)

    def _find_row(self, conn: sqlite3.Connection, table: str, where: str, args: Any) -> Row:
        rows = self._rows_where(conn, table, where, args)
        if not rows:
            raise FrameError(f"no {DEF_NAMES[table]} {' '.join(map(str, args))!r}")
        return rows[0]

    # ----------------------------------------------------------------- roles
    def add_role(
        self,
        frame_type: str,
        name: str,
        *,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str = "",
        fillers: Sequence[str],
    ) -> ChangeSet:
        """A new role of frames whose trigger has label ``frame_type``, filled by spans of the
        ``fillers`` labels ("frame:EVENT": a frame of that type; "*": any label)."""
        name = validate_name(name, "role")
        if frame_type not in self._label_names():
            raise FrameError(f"role {name!r}: no label named {frame_type!r}")
        fill = self._check_labels(fillers, f"role {name!r}", frames=True)
        if not fill:
            raise FrameError(f"role {name!r}: give at least one label that may fill it")
        with self._tx() as conn:
            existing = [r for r in self._role_list(conn) if r.frame_type == frame_type]
            if any(r.name == name for r in existing):
                raise FrameError(f"{frame_type} already has a role named {name!r}")
            taken = {r.hotkey: r.name for r in existing if r.hotkey}
            key = hotkey_of(hotkey, taken)
            row = self._insert_row(
                conn,
                "roles",
                {
                    "frame_type": frame_type,
                    "name": name,
                    "name_en": (name_en or "").strip() or name,
                    "name_ar": (name_ar or "").strip() or name_en or name,
                    "color": validate_label_color(color or PALETTE[len(existing) % len(PALETTE)]),
                    "hotkey": key,
                    "fillers": dumps(fill),
                    "ord": max((r.order for r in self._role_list(conn)), default=-1) + 1,
                },
            )
            self._log(conn, "add_role", frame_type=frame_type, role=name)
        return self._record(
            ChangeSet("add_role", rows_added=[row], detail={"role": name, "frame_type": frame_type})
        )

    def update_role(self, frame_type: str, name: str, /, **fields: Any) -> ChangeSet:
        """Change a role's ``name_en``, ``name_ar``, ``color``, ``hotkey``, ``fillers`` or
        ``order``. Fillers that would leave an argument with a span or frame it no longer
        allows are refused."""
        with self._tx() as conn:
            row = self._find_row(conn, "roles", "frame_type = ? AND name = ?", (frame_type, name))
            values = self._definition_fields("roles", row, fields, conn)
            if "fillers" in values:
                fill = json.loads(values["fillers"])
                bad = self._args_outside(conn, frame_type, name, fill)
                if bad:
                    raise FrameError(
                        f"role {name!r} of {frame_type} is filled by {', '.join(bad)} in "
                        f"existing arguments; delete those first"
                    )
            if not values:
                return ChangeSet("update_role", detail={"role": name, "frame_type": frame_type})
            pair = self._update_row(conn, "roles", row.id, values)
            self._log(conn, "update_role", frame_type=frame_type, role=name, **values)
        return self._record(
            ChangeSet(
                "update_role", rows_changed=[pair], detail={"role": name, "frame_type": frame_type}
            )
        )

    def remove_role(self, frame_type: str, name: str, *, force: bool = False) -> ChangeSet:
        """Remove a role. Refused while arguments use it, unless ``force`` (which deletes them,
        recorded: undo brings them back)."""
        with self._tx() as conn:
            row = self._find_row(conn, "roles", "frame_type = ? AND name = ?", (frame_type, name))
            args = self._rows_where(
                conn,
                "frame_args",
                "role = ? AND frame_id IN (SELECT f.id FROM frames f JOIN spans s "
                "ON s.id = f.trigger_id WHERE s.label = ?)",
                (name, frame_type),
            )
            if args and not force:
                raise FrameError(
                    f"role {name!r} of {frame_type} is used by {len(args)} argument(s)"
                )
            removed = self._delete_rows(conn, "frame_args", [a.id for a in args])
            removed += self._delete_rows(conn, "roles", [row.id])
            self._log(conn, "remove_role", frame_type=frame_type, role=name, arguments=len(args))
        return self._record(
            ChangeSet(
                "remove_role",
                rows_removed=removed,
                documents_changed=bool(args),
                detail={"role": name, "frame_type": frame_type},
            )
        )

    def _args_outside(
        self, conn: sqlite3.Connection, frame_type: str, role: str, fillers: list[str]
    ) -> list[str]:
        """What fills ``role`` in existing arguments but is not in ``fillers``."""
        bad = []
        for span_label, arg_type in conn.execute(
            "SELECT DISTINCT s.label, t.label FROM frame_args a "
            "JOIN frames f ON f.id = a.frame_id JOIN spans tr ON tr.id = f.trigger_id "
            "LEFT JOIN spans s ON s.id = a.span_id "
            "LEFT JOIN frames af ON af.id = a.arg_frame_id "
            "LEFT JOIN spans t ON t.id = af.trigger_id "
            "WHERE a.role = ? AND tr.label = ?",
            (role, frame_type),
        ):
            if span_label is not None and not fits(fillers, span_label):
                bad.append(span_label)
            if arg_type is not None and not fits_frame(fillers, arg_type):
                bad.append(f"frame:{arg_type}")
        return bad

    # ----------------------------------------------------------------- relation types
    def add_relation_type(
        self,
        name: str,
        *,
        name_en: str | None = None,
        name_ar: str | None = None,
        color: str | None = None,
        hotkey: str = "",
        heads: Sequence[str] = (),
        tails: Sequence[str] = (),
        symmetric: bool = False,
    ) -> ChangeSet:
        """A new relation type from spans of ``heads`` labels to ``tails`` labels (empty: any
        label); a ``symmetric`` one links either way and is stored once per pair."""
        name = validate_name(name, "relation type")
        h = self._check_labels(heads, f"relation type {name!r}", frames=False)
        t = self._check_labels(tails, f"relation type {name!r}", frames=False)
        with self._tx() as conn:
            existing = self._relation_type_list(conn)
            if any(r.name == name for r in existing):
                raise FrameError(f"a relation type named {name!r} already exists")
            key = hotkey_of(hotkey, {r.hotkey: r.name for r in existing if r.hotkey})
            row = self._insert_row(
                conn,
                "relation_types",
                {
                    "name": name,
                    "name_en": (name_en or "").strip() or name,
                    "name_ar": (name_ar or "").strip() or name_en or name,
                    "color": validate_label_color(color or PALETTE[len(existing) % len(PALETTE)]),
                    "hotkey": key,
                    "heads": dumps(h),
                    "tails": dumps(t),
                    "symmetric": int(bool(symmetric)),
                    "ord": max((r.order for r in existing), default=-1) + 1,
                },
            )
            self._log(conn, "add_relation_type", relation_type=name)
        return self._record(
            ChangeSet("add_relation_type", rows_added=[row], detail={"relation_type": name})
        )

    def update_relation_type(self, name: str, /, **fields: Any) -> ChangeSet:
        """Change ``name_en``, ``name_ar``, ``color``, ``hotkey``, ``heads``, ``tails``,
        ``symmetric`` or ``order``; refused when existing relations would no longer fit."""
        with self._tx() as conn:
            row = self._find_row(conn, "relation_types", "name = ?", (name,))
            values = self._definition_fields("relation_types", row, fields, conn)
            if not values:
                return ChangeSet("update_relation_type", detail={"relation_type": name})
            pair = self._update_row(conn, "relation_types", row.id, values)
            rt = relation_type_from_row(pair[1])
            bad = [
                f"{h} -> {t}"
                for h, t in conn.execute(
                    "SELECT DISTINCT h.label, t.label FROM relations r "
                    "JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id "
                    "WHERE r.type = ?",
                    (name,),
                )
                if not relation_fits(rt, h, t)
            ]
            if bad:
                raise FrameError(
                    f"relation type {name!r} is used for {', '.join(bad)}; delete those "
                    "relations first"
                )
            self._log(conn, "update_relation_type", relation_type=name, **values)
        return self._record(
            ChangeSet("update_relation_type", rows_changed=[pair], detail={"relation_type": name})
        )

    def remove_relation_type(self, name: str, *, force: bool = False) -> ChangeSet:
        """Remove a relation type; refused while relations use it, unless ``force``."""
        with self._tx() as conn:
            row = self._find_row(conn, "relation_types", "name = ?", (name,))
            rels = self._rows_where(conn, "relations", "type = ?", (name,))
            if rels and not force:
                raise FrameError(f"relation type {name!r} is used by {len(rels)} relation(s)")
            removed = self._delete_rows(conn, "relations", [r.id for r in rels])
            removed += self._delete_rows(conn, "relation_types", [row.id])
            self._log(conn, "remove_relation_type", relation_type=name, relations=len(rels))
        return self._record(
            ChangeSet(
                "remove_relation_type",
                rows_removed=removed,
                documents_changed=bool(rels),
                detail={"relation_type": name},
            )
        )

    # ----------------------------------------------------------------- attributes
    def add_attribute(
        self,
        name: str,
        *,
        name_en: str | None = None,
        name_ar: str | None = None,
        values: Sequence[str | AttributeValue | tuple[str, str, str]] = (),
        targets: Sequence[str],
    ) -> ChangeSet:
        """A new attribute: a flag (no ``values``) or one of a closed list, on spans of the
        ``targets`` labels ("*": any) and on frames ("frame:EVENT", "frame:*")."""
        name = validate_name(name, "attribute")
        vals = values_of(values, name)
        tg = self._check_labels(targets, f"attribute {name!r}", frames=True)
        if not tg:
            raise FrameError(f"attribute {name!r}: give at least one label it applies to")
        with self._tx() as conn:
            existing = self._attribute_list(conn)
            if any(a.name == name for a in existing):
                raise FrameError(f"an attribute named {name!r} already exists")
            row = self._insert_row(
                conn,
                "attribute_defs",
                {
                    "name": name,
                    "name_en": (name_en or "").strip() or name,
                    "name_ar": (name_ar or "").strip() or name_en or name,
                    "vals": json.dumps(vals, ensure_ascii=False),
                    "targets": dumps(tg),
                    "ord": max((a.order for a in existing), default=-1) + 1,
                },
            )
            self._log(conn, "add_attribute", attribute=name)
        return self._record(
            ChangeSet("add_attribute", rows_added=[row], detail={"attribute": name})
        )

    def update_attribute(self, name: str, /, **fields: Any) -> ChangeSet:
        """Change ``name_en``, ``name_ar``, ``values``, ``targets`` or ``order``; refused when
        existing values would no longer be allowed."""
        with self._tx() as conn:
            row = self._find_row(conn, "attribute_defs", "name = ?", (name,))
            values = self._definition_fields("attribute_defs", row, fields, conn)
            if not values:
                return ChangeSet("update_attribute", detail={"attribute": name})
            pair = self._update_row(conn, "attribute_defs", row.id, values)
            bad = self._attribute_values_outside(conn, attribute_from_row(pair[1]))
            if bad:
                raise FrameError(
                    f"attribute {name!r} is set to {', '.join(bad)} on existing annotations; "
                    "remove those first"
                )
            self._log(conn, "update_attribute", attribute=name, **values)
        return self._record(
            ChangeSet("update_attribute", rows_changed=[pair], detail={"attribute": name})
        )

    def remove_attribute(self, name: str, *, force: bool = False) -> ChangeSet:
        """Remove an attribute; refused while annotations carry it, unless ``force``."""
        with self._tx() as conn:
            row = self._find_row(conn, "attribute_defs", "name = ?", (name,))
            used = self._rows_where(conn, "attribute_values", "name = ?", (name,))
            if used and not force:
                raise FrameError(f"attribute {name!r} is set on {len(used)} annotation(s)")
            removed = self._delete_rows(conn, "attribute_values", [r.id for r in used])
            removed += self._delete_rows(conn, "attribute_defs", [row.id])
            self._log(conn, "remove_attribute", attribute=name, values=len(used))
        return self._record(
            ChangeSet(
                "remove_attribute",
                rows_removed=removed,
                documents_changed=bool(used),
                detail={"attribute": name},
            )
        )

    def _attribute_values_outside(self, conn: sqlite3.Connection, ad: AttributeDef) -> list[str]:
        bad = []
        names = {v.name for v in ad.values}
        for value, span_label, frame_type in conn.execute(
            "SELECT DISTINCT v.value, s.label, t.label FROM attribute_values v "
            "LEFT JOIN spans s ON s.id = v.span_id LEFT JOIN frames f ON f.id = v.frame_id "
            "LEFT JOIN spans t ON t.id = f.trigger_id WHERE v.name = ?",
            (ad.name,),
        ):
            if span_label is not None and not fits(ad.targets, span_label):
                bad.append(f"a {span_label} span")
            if frame_type is not None and not fits_frame(ad.targets, frame_type):
                bad.append(f"a {frame_type} frame")
            if ad.values and value not in names:
                bad.append(repr(value))
            if not ad.values and value != "true":
                bad.append(repr(value))
        return bad

    # ----------------------------------------------------------------- field edits
    def _definition_fields(
        self, table: str, row: Row, fields: dict[str, Any], conn: sqlite3.Connection
    ) -> dict[str, Any]:
        """The columns an update of ``row`` changes, checked; unknown fields refused."""
        allowed = EDITABLE[table]
        unknown = set(fields) - allowed
        if unknown:
            raise FrameError(
                f"cannot change {', '.join(sorted(unknown))} of a {DEF_NAMES[table]} "
                f"(only {', '.join(sorted(allowed))})"
            )
        what = f"{DEF_NAMES[table]} {row.get('name')!r}"
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if value is None:
                continue
            if key in ("name_en", "name_ar"):
                col, new = key, str(value).strip() or row.get(key)
            elif key == "color":
                col, new = key, validate_label_color(value)
            elif key == "hotkey":
                others = self._rows_where(conn, table, "id != ?", (row.id,))
                if table == "roles":
                    others = [o for o in others if o.get("frame_type") == row.get("frame_type")]
                taken = {o.get("hotkey"): o.get("name") for o in others if o.get("hotkey")}
                col, new = key, hotkey_of(value, taken)
            elif key == "fillers":
                fill = self._check_labels(value, what, frames=True)
                if not fill:
                    raise FrameError(f"{what}: give at least one label that may fill it")
                col, new = key, dumps(fill)
            elif key in ("heads", "tails"):
                col, new = key, dumps(self._check_labels(value, what, frames=False))
            elif key == "targets":
                tg = self._check_labels(value, what, frames=True)
                if not tg:
                    raise FrameError(f"{what}: give at least one label it applies to")
                col, new = key, dumps(tg)
            elif key == "symmetric":
                col, new = key, int(bool(value))
            elif key == "values":
                col, new = (
                    "vals",
                    json.dumps(values_of(value, str(row.get("name"))), ensure_ascii=False),
                )
            else:  # order
                col, new = "ord", int(value)
            if new != row.get(col):
                out[col] = new
        return out
