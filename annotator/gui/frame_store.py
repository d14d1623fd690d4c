"""The open document's frames, arguments, relations, attribute values and notes, as the views
need them, kept up to date from each ``ChangeSet``'s rows (undo and redo included).

Read once with the core's read API when a document opens; after that every change is applied
from ``cs.rows_in(table, doc)``, so a link made, removed or undone never re-reads the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.model import AttributeDef, RelationType, RoleDef, Row, Span
from .i18n import current_language, label_display_name
from .link_overlay import Link

if TYPE_CHECKING:
    from ..core.changes import ChangeSet
    from ..core.project import Project

TABLES = ("frames", "frame_args", "relations", "attribute_values", "notes")
FALLBACK_COLOR = "#555555"

NoteKey = tuple[str, int]  # ("span" | "frame" | "document", id)


@dataclass(frozen=True, slots=True)
class ArgInfo:
    id: int
    frame_id: int
    role: str
    span_id: int | None
    arg_frame_id: int | None


@dataclass(frozen=True, slots=True)
class RelationInfo:
    id: int
    type: str
    head_id: int
    tail_id: int


def _owner(values: Mapping[str, Any], document_id: int | None) -> NoteKey:
    if values.get("span_id") is not None:
        return ("span", int(values["span_id"]))
    if values.get("frame_id") is not None:
        return ("frame", int(values["frame_id"]))
    return ("document", int(document_id or 0))


class LinkStore:
    """What links the spans of one document; no Qt, no database access after ``load``."""

    def __init__(self) -> None:
        self.document_id: int | None = None
        self.frames: dict[int, int] = {}  # frame id -> trigger span id
        self.args: dict[int, ArgInfo] = {}
        self.relations: dict[int, RelationInfo] = {}
        self.attributes: dict[NoteKey, dict[str, Any]] = {}
        self.notes: dict[NoteKey, str] = {}

    # --- filling ---------------------------------------------------------------------------------

    def clear(self, document_id: int | None = None) -> None:
        self.document_id = document_id
        self.frames.clear()
        self.args.clear()
        self.relations.clear()
        self.attributes.clear()
        self.notes.clear()

    def load(self, project: Project, document_id: int | None) -> None:
        """Read the document's records (a document was opened, or reloaded from outside)."""
        self.clear(document_id)
        if document_id is None:
            return
        for frame in project.frames(document_id):
            self.frames[frame.id] = frame.trigger_id
            for arg in frame.args:
                self.args[arg.id] = ArgInfo(
                    arg.id, frame.id, arg.role, arg.span_id, arg.arg_frame_id
                )
            if frame.attributes:
                self.attributes[("frame", frame.id)] = dict(frame.attributes)
            if frame.note:
                self.notes[("frame", frame.id)] = frame.note
        for rel in project.relations(document_id):
            self.relations[rel.id] = RelationInfo(rel.id, rel.type, rel.head_id, rel.tail_id)
        for span_id, values in project.span_attributes(document_id).items():
            if values:
                self.attributes[("span", span_id)] = dict(values)
        for (kind, owner), text in project.notes(document_id).items():
            self.notes[(kind, owner)] = text

    def apply(self, cs: ChangeSet) -> bool:
        """Take the change's rows of this document out and put them in. True if any."""
        if self.document_id is None or not cs.touches(*TABLES):
            return False
        touched = False
        for table in TABLES:
            out, into = cs.rows_in(table, self.document_id)
            for row in out:
                self._remove(row)
            for row in into:
                self._add(row)
            touched = touched or bool(out or into)
        return touched

    def _remove(self, row: Row) -> None:
        values = row.as_dict()
        if row.table == "frames":
            self.frames.pop(row.id, None)
        elif row.table == "frame_args":
            self.args.pop(row.id, None)
        elif row.table == "relations":
            self.relations.pop(row.id, None)
        elif row.table == "attribute_values":
            owned = self.attributes.get(_owner(values, row.document_id))
            if owned is not None:
                owned.pop(str(values.get("name")), None)
        elif row.table == "notes":
            self.notes.pop(_owner(values, row.document_id), None)

    def _add(self, row: Row) -> None:
        v = row.as_dict()
        if row.table == "frames":
            self.frames[row.id] = int(v["trigger_id"])
        elif row.table == "frame_args":
            self.args[row.id] = ArgInfo(
                row.id, int(v["frame_id"]), str(v["role"]), v.get("span_id"), v.get("arg_frame_id")
            )
        elif row.table == "relations":
            self.relations[row.id] = RelationInfo(
                row.id, str(v["type"]), int(v["head_id"]), int(v["tail_id"])
            )
        elif row.table == "attribute_values":
            self.attributes.setdefault(_owner(v, row.document_id), {})[str(v["name"])] = v["value"]
        elif row.table == "notes":
            self.notes[_owner(v, row.document_id)] = str(v.get("text") or "")

    # --- reading ---------------------------------------------------------------------------------

    def frames_on(self, span_id: int) -> list[int]:
        """The frames whose trigger is ``span_id``, oldest first."""
        return sorted(f for f, trigger in self.frames.items() if trigger == span_id)

    def args_of(self, frame_id: int) -> list[ArgInfo]:
        return sorted((a for a in self.args.values() if a.frame_id == frame_id), key=lambda a: a.id)

    def filler_span(self, arg: ArgInfo) -> int | None:
        """The span an argument points at: its span, or the trigger of its frame."""
        if arg.span_id is not None:
            return arg.span_id
        return self.frames.get(arg.arg_frame_id) if arg.arg_frame_id is not None else None

    def relations_of(self, span_id: int) -> list[RelationInfo]:
        return sorted(
            (r for r in self.relations.values() if span_id in (r.head_id, r.tail_id)),
            key=lambda r: r.id,
        )

    def args_pointing_at(self, span_id: int) -> list[ArgInfo]:
        """Arguments of other frames filled by ``span_id`` (or by a frame it triggers)."""
        return sorted(
            (a for a in self.args.values() if self.filler_span(a) == span_id), key=lambda a: a.id
        )

    def link_counts(self) -> dict[int, int]:
        """Span id -> how many arguments and relations touch it (either end)."""
        counts: dict[int, int] = {}
        for arg in self.args.values():
            for sid in (self.frames.get(arg.frame_id), self.filler_span(arg)):
                if sid is not None:
                    counts[sid] = counts.get(sid, 0) + 1
        for rel in self.relations.values():
            for sid in (rel.head_id, rel.tail_id):
                counts[sid] = counts.get(sid, 0) + 1
        return counts

    def attributes_of(self, kind: str, owner: int) -> dict[str, Any]:
        return dict(self.attributes.get((kind, owner), {}))

    def note_of(self, kind: str, owner: int) -> str:
        return self.notes.get((kind, owner), "")

    # --- arrows ----------------------------------------------------------------------------------

    def links(
        self,
        spans: Mapping[int, Span],
        roles: Iterable[RoleDef],
        relation_types: Iterable[RelationType],
        language: str | None = None,
    ) -> list[Link]:
        """Every argument and relation of the document as an arrow (trigger -> filler, head ->
        tail), coloured and named by its definition in the interface language."""
        role_defs = {(r.frame_type, r.name): r for r in roles}
        rel_defs = {t.name: t for t in relation_types}
        # each name looked up once (the interface language is asked of the application)
        language = language or current_language()
        names: dict[object, str] = {}

        def shown(definition: object) -> str:
            if definition not in names:
                names[definition] = label_display_name(definition, language)
            return names[definition]

        out: list[Link] = []
        for arg in sorted(self.args.values(), key=lambda a: a.id):
            trigger = spans.get(self.frames.get(arg.frame_id, -1))
            filler_id = self.filler_span(arg)
            filler = spans.get(filler_id) if filler_id is not None else None
            if trigger is None or filler is None:
                continue
            role = role_defs.get((trigger.label, arg.role))
            out.append(
                Link(
                    f"a{arg.id}",
                    (trigger.start, trigger.end),
                    (filler.start, filler.end),
                    role.color if role is not None else FALLBACK_COLOR,
                    shown(role if role is not None else arg.role),
                )
            )
        for rel in sorted(self.relations.values(), key=lambda r: r.id):
            head, tail = spans.get(rel.head_id), spans.get(rel.tail_id)
            if head is None or tail is None:
                continue
            rtype = rel_defs.get(rel.type)
            out.append(
                Link(
                    f"r{rel.id}",
                    (head.start, head.end),
                    (tail.start, tail.end),
                    rtype.color if rtype is not None else FALLBACK_COLOR,
                    shown(rtype if rtype is not None else rel.type),
                )
            )
        return out


@dataclass(slots=True)
class Definitions:
    """The project's roles, relation types and attributes, read once and again only when a
    change touches their tables (or the labels)."""

    roles: list[RoleDef]
    relation_types: list[RelationType]
    attributes: list[AttributeDef]
    frame_types: list[str]

    TABLES = ("roles", "relation_types", "attribute_defs")

    @classmethod
    def load(cls, project: Project) -> Definitions:
        return cls(
            list(project.roles()),
            list(project.relation_types()),
            list(project.attribute_defs()),
            list(project.frame_types()),
        )

    def roles_of(self, frame_type: str) -> list[RoleDef]:
        return sorted((r for r in self.roles if r.frame_type == frame_type), key=lambda r: r.order)

    def role(self, frame_type: str, name: str) -> RoleDef | None:
        return next((r for r in self.roles if r.frame_type == frame_type and r.name == name), None)

    def relation_type(self, name: str) -> RelationType | None:
        return next((t for t in self.relation_types if t.name == name), None)

    def frame_attributes(self, frame_type: str) -> list[AttributeDef]:
        """Attributes of a frame of ``frame_type`` (``frame:EVENT``, or ``frame:*``)."""
        return [
            a
            for a in self.attributes
            if f"frame:{frame_type}" in a.targets or "frame:*" in a.targets
        ]

    def span_attributes(self, label: str) -> list[AttributeDef]:
        """Attributes of a span with ``label`` (its label, or "*"), but for a trigger those its
        frame has too: one place to set the event type, on the frame."""
        on_frame = (
            {a.name for a in self.frame_attributes(label)} if label in self.frame_types else set()
        )
        return [
            a
            for a in self.attributes
            if (label in a.targets or "*" in a.targets) and a.name not in on_frame
        ]
