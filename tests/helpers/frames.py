"""Frames, arguments, relations, attributes and notes read straight from a project file with
sqlite3 (never through the app), by the surface text of the spans involved."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(str(path))
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def db_args(path: Path) -> list[tuple[str, str, str]]:
    """(trigger text, role, filler text) per argument; a frame filler is its trigger's text."""
    return sorted(
        _query(
            path,
            "SELECT t.text, a.role, COALESCE(s.text, ft.text) FROM frame_args a "
            "JOIN frames f ON f.id = a.frame_id JOIN spans t ON t.id = f.trigger_id "
            "LEFT JOIN spans s ON s.id = a.span_id "
            "LEFT JOIN frames af ON af.id = a.arg_frame_id "
            "LEFT JOIN spans ft ON ft.id = af.trigger_id",
        )
    )


def db_frames(path: Path) -> list[str]:
    """The trigger text of every frame."""
    return sorted(
        r[0]
        for r in _query(path, "SELECT t.text FROM frames f JOIN spans t ON t.id = f.trigger_id")
    )


def db_relations(path: Path) -> list[tuple[str, str, str]]:
    """(type, head text, tail text) per relation."""
    return sorted(
        _query(
            path,
            "SELECT r.type, h.text, t.text FROM relations r "
            "JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id",
        )
    )


def db_attributes(path: Path) -> list[tuple[str, str, str, str]]:
    """("span" | "frame", owner text, name, value); a frame's owner is its trigger's text."""
    return sorted(
        _query(
            path,
            "SELECT CASE WHEN v.span_id IS NULL THEN 'frame' ELSE 'span' END, "
            "COALESCE(s.text, t.text), v.name, v.value FROM attribute_values v "
            "LEFT JOIN spans s ON s.id = v.span_id LEFT JOIN frames f ON f.id = v.frame_id "
            "LEFT JOIN spans t ON t.id = f.trigger_id",
        )
    )


def db_notes(path: Path) -> list[tuple[str, str]]:
    """(owner text, note) per span or frame note."""
    return sorted(
        _query(
            path,
            "SELECT COALESCE(s.text, t.text), n.text FROM notes n "
            "LEFT JOIN spans s ON s.id = n.span_id LEFT JOIN frames f ON f.id = n.frame_id "
            "LEFT JOIN spans t ON t.id = f.trigger_id WHERE n.span_id IS NOT NULL "
            "OR n.frame_id IS NOT NULL",
        )
    )
