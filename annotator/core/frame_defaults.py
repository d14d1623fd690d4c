"""The roles, relation types and attributes a project starts with (docs/frames.md).

A new project gets all of them; a file migrated from schema 5 gets those whose labels it has
(a project that renamed or removed EVENT gets no EVENT roles). Definitions are stored as JSON
lists in their tables (schema 6): ``fillers``, ``heads``, ``tails``, ``targets`` are label names
("frame:EVENT" for a frame of that type, "*" for any label), ``vals`` a list of
``{"name", "name_en", "name_ar"}`` objects.
"""

from __future__ import annotations

import json
import sqlite3

# (frame type, name, English, Arabic, colour, fillers)
DEFAULT_ROLES: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("EVENT", "agent", "Agent", "فاعل الحدث", "#0072B2", ("ACTOR",)),
    ("EVENT", "target", "Target", "المستهدف", "#D55E00", ("ACTOR",)),
    ("EVENT", "location", "Location", "مكان الحدث", "#009E73", ("PLACE",)),
    ("CLAIM", "claimant", "Claimant", "صاحب الادعاء", "#CC79A7", ("ACTOR",)),
    ("CLAIM", "about", "About", "موضوع الادعاء", "#E69F00", ("frame:EVENT",)),
)

# (name, English, Arabic, colour, heads, tails, symmetric); empty heads/tails: any label
DEFAULT_RELATION_TYPES: tuple[
    tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], bool], ...
] = (
    ("part_of", "Part of", "جزء من", "#56B4E9", ("ACTOR",), ("ACTOR",), False),
    ("same_as", "Same as", "نفس الكيان", "#999999", (), (), True),
)

# (name, English, Arabic, values as (name, English, Arabic), targets); no values: a flag.
# Each may be set on the trigger span or on its frame (an importer of brat events gives it on
# the frame, the app on whichever the user picked).
DEFAULT_ATTRIBUTES: tuple[
    tuple[str, str, str, tuple[tuple[str, str, str], ...], tuple[str, ...]], ...
] = (
    (
        "type",
        "Event type",
        "نوع الحدث",
        (
            ("attack", "Attack", "هجوم"),
            ("protest", "Protest", "احتجاج"),
            ("arrest", "Arrest", "اعتقال"),
            ("armed_clash", "Armed clash", "اشتباك مسلح"),
            ("statement", "Statement", "تصريح"),
            ("other", "Other", "أخرى"),
        ),
        ("EVENT", "frame:EVENT"),
    ),
    (
        "certainty",
        "Certainty",
        "درجة اليقين",
        (
            ("asserted", "Asserted", "مؤكد"),
            ("hedged", "Hedged", "غير مؤكد"),
            ("denied", "Denied", "منفي"),
        ),
        ("CLAIM", "frame:CLAIM"),
    ),
    ("negated", "Negated", "منفي", (), ("*", "frame:*")),
)


def label_of(target: str) -> str:
    """The label a filler or target names ("frame:EVENT" -> "EVENT")."""
    return target[6:] if target.startswith("frame:") else target


def add_default_definitions(conn: sqlite3.Connection) -> None:
    """Insert the defaults whose labels exist and whose names are free, in the caller's
    transaction (Project.create after its labels, the migration to schema 6)."""
    labels = {row[0] for row in conn.execute("SELECT name FROM labels")}

    def known(names: tuple[str, ...]) -> bool:
        return all(label_of(n) == "*" or label_of(n) in labels for n in names)

    order = 0
    for frame_type, name, en, ar, colour, fillers in DEFAULT_ROLES:
        if frame_type in labels and known(fillers):
            conn.execute(
                "INSERT OR IGNORE INTO roles (frame_type, name, name_en, name_ar, color, hotkey, "
                "fillers, ord) VALUES (?, ?, ?, ?, ?, '', ?, ?)",
                (frame_type, name, en, ar, colour, json.dumps(list(fillers)), order),
            )
            order += 1
    for order, (name, en, ar, colour, heads, tails, symmetric) in enumerate(DEFAULT_RELATION_TYPES):
        if known(heads) and known(tails):
            conn.execute(
                "INSERT OR IGNORE INTO relation_types (name, name_en, name_ar, color, hotkey, "
                "heads, tails, symmetric, ord) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)",
                (
                    name,
                    en,
                    ar,
                    colour,
                    json.dumps(list(heads)),
                    json.dumps(list(tails)),
                    int(symmetric),
                    order,
                ),
            )
    for order, (name, en, ar, values, targets) in enumerate(DEFAULT_ATTRIBUTES):
        if known(targets):
            vals = [{"name": v, "name_en": ve, "name_ar": va} for v, ve, va in values]
            conn.execute(
                "INSERT OR IGNORE INTO attribute_defs (name, name_en, name_ar, vals, targets, "
                "ord) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    name,
                    en,
                    ar,
                    json.dumps(vals, ensure_ascii=False),
                    json.dumps(list(targets)),
                    order,
                ),
            )
