"""How undo/redo menus and messages name the frame actions (``Operations.describe``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.changes import ChangeSet

# The texts keep the Operations translation context; lupdate finds them by ``translate``.
translate = QCoreApplication.translate


def describe_frame_action(cs: ChangeSet) -> str | None:
    """A description of a frame, argument, relation, attribute or note action; None for others."""
    texts = {
        "link": translate("Operations", "link"),
        "add_frame": translate("Operations", "add frame"),
        "delete_frame": translate("Operations", "delete frame"),
        "add_argument": translate("Operations", "add argument"),
        "update_argument": translate("Operations", "retarget argument"),
        "delete_argument": translate("Operations", "remove argument"),
        "add_relation": translate("Operations", "add relation"),
        "update_relation": translate("Operations", "change relation"),
        "delete_relation": translate("Operations", "remove relation"),
        "set_attribute": translate("Operations", "set attribute"),
        "set_note": translate("Operations", "edit note"),
    }
    text = texts.get(cs.action)
    if text is None:
        return None
    if cs.action == "link":
        # a link is a role argument or a relation: say which
        added = cs.rows_added if cs.kind != "undo" else cs.rows_removed
        if any(r.table == "relations" for r in added):
            return texts["add_relation"]
        if any(r.table == "frame_args" for r in added):
            return texts["add_argument"]
    return text
