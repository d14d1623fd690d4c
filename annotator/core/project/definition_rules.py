"""The rules of definitions: decoding their rows, which labels fit a list, names and values.

Lists name labels; "frame:EVENT" is a frame of that type, "*" any label, "frame:*" any frame.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import FrameError, SpanError
from ..model import AttributeDef, AttributeValue, RelationType, RoleDef, Row
from .labels import validate_hotkey


def role_from_row(row: Row) -> RoleDef:
    v = row.as_dict()
    return RoleDef(
        v["frame_type"],
        v["name"],
        v["name_en"],
        v["name_ar"],
        v["color"],
        v["hotkey"],
        tuple(json.loads(v["fillers"])),
        v["ord"],
    )


def relation_type_from_row(row: Row) -> RelationType:
    v = row.as_dict()
    return RelationType(
        v["name"],
        v["name_en"],
        v["name_ar"],
        v["color"],
        v["hotkey"],
        tuple(json.loads(v["heads"])),
        tuple(json.loads(v["tails"])),
        bool(v["symmetric"]),
        v["ord"],
    )


def attribute_from_row(row: Row) -> AttributeDef:
    v = row.as_dict()
    values = tuple(
        AttributeValue(x["name"], x.get("name_en", x["name"]), x.get("name_ar", x["name"]))
        for x in json.loads(v["vals"])
    )
    return AttributeDef(
        v["name"], v["name_en"], v["name_ar"], values, tuple(json.loads(v["targets"])), v["ord"]
    )


# ------------------------------------------------------------------ matching rules
def fits(names: Sequence[str], label: str) -> bool:
    """A span of ``label`` fits a list of label names ("*": any label; frames never)."""
    return label in names or "*" in names


def fits_frame(names: Sequence[str], frame_type: str) -> bool:
    """A frame of ``frame_type`` fits a list ("frame:EVENT", "frame:*")."""
    return f"frame:{frame_type}" in names or "frame:*" in names


def relation_fits(rt: RelationType, head_label: str, tail_label: str) -> bool:
    """A relation of ``rt`` may link these labels (either way when symmetric); an empty list
    allows any label."""

    def ok(h: str, t: str) -> bool:
        return (not rt.heads or fits(rt.heads, h)) and (not rt.tails or fits(rt.tails, t))

    return ok(head_label, tail_label) or (rt.symmetric and ok(tail_label, head_label))


def validate_name(name: object, what: str) -> str:
    """A definition's name (a role, relation type, attribute or value): a word without
    spaces, control or invisible characters."""
    if not isinstance(name, str) or not name.strip():
        raise FrameError(f"a {what} needs a name")
    name = name.strip()
    if any(c.isspace() or unicodedata.category(c)[0] == "C" for c in name):
        raise FrameError(f"{what} name {name!r} cannot contain spaces or invisible characters")
    return name


def dumps(items: Iterable[Any]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


# which columns of each definition table name labels
LABEL_COLUMNS = {
    "roles": ("frame_type", "fillers"),
    "relation_types": ("heads", "tails"),
    "attribute_defs": ("targets",),
}
EDITABLE = {
    "roles": {"name_en", "name_ar", "color", "hotkey", "fillers", "order"},
    "relation_types": {
        "name_en",
        "name_ar",
        "color",
        "hotkey",
        "heads",
        "tails",
        "symmetric",
        "order",
    },
    "attribute_defs": {"name_en", "name_ar", "values", "targets", "order"},
}
DEF_NAMES = {"roles": "role", "relation_types": "relation type", "attribute_defs": "attribute"}


def hotkey_of(hotkey: str, taken: dict[str, str]) -> str:
    try:
        return validate_hotkey(hotkey, taken)
    except SpanError as exc:
        raise FrameError(str(exc).replace("the label", "")) from None


def values_of(
    values: Sequence[str | AttributeValue | tuple[str, str, str]], attribute: str
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for v in values:
        if isinstance(v, AttributeValue):
            name, en, ar = v.name, v.name_en, v.name_ar
        elif isinstance(v, str):
            name = en = ar = v
        else:
            name, en, ar = v
        name = validate_name(name, f"value of attribute {attribute!r}")
        if any(o["name"] == name for o in out):
            raise FrameError(f"attribute {attribute!r}: value {name!r} is listed twice")
        out.append({"name": name, "name_en": en or name, "name_ar": ar or en or name})
    return out
