"""How undo/redo menus and messages name the frame actions (``Operations.describe``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.changes import ChangeSet

# The texts keep the Operations translation context; lupdate finds them by ``translate``.
translate = QCoreApplication.translate


def describe_frame_action(cs: ChangeSet) -> str | None:
    """A description of a frame, argument, relation, attribute, note or definition action;
    None for others."""
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
        "add_role": translate("Operations", "add role"),
        "update_role": translate("Operations", "change role"),
        "remove_role": translate("Operations", "remove role"),
        "add_relation_type": translate("Operations", "add relation type"),
        "update_relation_type": translate("Operations", "change relation type"),
        "remove_relation_type": translate("Operations", "remove relation type"),
        "add_attribute": translate("Operations", "add attribute"),
        "update_attribute": translate("Operations", "change attribute"),
        "remove_attribute": translate("Operations", "remove attribute"),
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
