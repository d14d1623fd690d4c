"""Plain records passed between the database, importers, exporters and the GUI.

Offsets everywhere are Python code-point indices into the stored (cleaned) text, end-exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES: tuple[str, ...] = ("new", "in_progress", "done", "skipped")


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    name_en: str
    name_ar: str
    color: str  # "#rrggbb"
    hotkey: str  # "1".."9" or a letter; "" for none
    order: int


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    document_id: int
    start: int
    end: int
    label: str
    text: str
    annotator: str
    created: str
    updated: str


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    external_id: str
    title: str
    text: str
    meta: dict[str, Any]
    status: str
    text_hash: str
    created: str
    updated: str
    # Token-based imports (CoNLL, BIO) keep their tokens: [(start, end), ...] and the indices of
    # the tokens that start a sentence. None for documents imported as running text.
    tokens: list[tuple[int, int]] | None = None
    sentence_starts: list[int] | None = None


@dataclass(frozen=True, slots=True)
class DocSummary:
    id: int
    external_id: str
    title: str
    status: str
    span_count: int


@dataclass(frozen=True, slots=True)
class Row:
    """One stored record of a table other than spans (a frame, a role argument, a relation, an
    attribute value, a note, a suggestion, a definition), as a ChangeSet carries it.

    ``values`` holds every column but ``id``, sorted by column name, so two snapshots of the same
    row compare equal exactly when the database row is the same. ``document_id`` is None for
    project-wide definitions.
    """

    table: str
    id: int
    document_id: int | None
    values: tuple[tuple[str, Any], ...]

    def get(self, column: str, default: Any = None) -> Any:
        for key, value in self.values:
            if key == column:
                return value
        return default

    def as_dict(self) -> dict[str, Any]:
        return dict(self.values)


@dataclass(frozen=True, slots=True)
class Arg:
    """A role argument of a frame as stored: a span (``span_id``) or another frame
    (``arg_frame_id``), exactly one of the two."""

    id: int
    frame_id: int
    role: str
    span_id: int | None
    arg_frame_id: int | None
    annotator: str


@dataclass(frozen=True, slots=True)
class Frame:
    """An event frame as stored: its trigger span, its type (the trigger's label), its role
    arguments (in id order), its attributes (name -> value, True for a flag) and its note."""

    id: int
    document_id: int
    trigger_id: int
    type: str
    args: tuple[Arg, ...]
    attributes: dict[str, str | bool]
    note: str | None
    annotator: str


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two spans of one document as stored."""

    id: int
    document_id: int
    type: str
    head_id: int
    tail_id: int
    annotator: str


@dataclass(slots=True)
class SpanRecord:
    """A span as read from or written to a file (not yet, or no longer, in the database)."""

    start: int
    end: int
    label: str
    text: str | None = None
    annotator: str | None = None
    # the span's id within its document in the file ("T3" in brat, a number in JSONL): what
    # frames and relations of the same record point at. None when nothing points at it.
    id: str | None = None
    # attribute name -> value (a string of the attribute's closed list, or True for a flag)
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    # a pending suggestion exported with ``include_suggestions`` ({"source", "score"}); None for
    # a span
    suggestion: dict[str, Any] | None = None


@dataclass(slots=True)
class ArgRecord:
    """A role argument of a frame in a file: a span (by its record id) or another frame."""

    role: str
    span: str | None = None
    frame: str | None = None


@dataclass(slots=True)
class FrameRecord:
    """An event frame in a file: a trigger span, its type (the trigger's label, EVENT or CLAIM)
    and its role arguments. Several frames may share one trigger; an argument may be a frame."""

    id: str
    trigger: str
    type: str
    args: list[ArgRecord] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    annotator: str | None = None


@dataclass(slots=True)
class RelationRecord:
    """A typed link between two spans of one document (head -> tail; either way when the
    type is symmetric)."""

    head: str
    tail: str
    type: str
    id: str | None = None
    annotator: str | None = None


@dataclass(slots=True)
class DocRecord:
    """A document as read from or written to a file.

    Importers yield these with offsets into ``text`` as it stands in the source file (before
    cleaning); ``Project.import_records`` cleans the text and remaps every offset. Exporters get
    them from ``Project.iter_records`` with offsets into the stored text.
    """

    text: str
    external_id: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    spans: list[SpanRecord] = field(default_factory=list)
    tokens: list[tuple[int, int]] | None = None
    sentence_starts: list[int] | None = None
    # event frames and relations, pointing at spans by SpanRecord.id; a note on the document
    frames: list[FrameRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    note: str | None = None
    # pending suggestions, only when an export asks for them (``include_suggestions``): kept
    # apart from ``spans`` so no writer or statistic takes one for a span
    suggestions: list[SpanRecord] = field(default_factory=list)
    # Where the record came from, for error messages: file name and line (or record number).
    source: str | None = None
    line: int | None = None
    # A reader's promise that every span has integer offsets 0 <= start < end <= len(text), a
    # label with no space around it, and ``text`` (when given) equal to ``text[start:end]``:
    # the import then skips checking again what the reader just checked.
    spans_checked: bool = False


# ------------------------------------------------------------------ per-project definitions
@dataclass(frozen=True, slots=True)
class RoleDef:
    """A role of a frame type: ``agent`` of EVENT frames, filled by ACTOR spans. A filler
    written ``frame:EVENT`` is another frame of that type (a CLAIM is ``about`` an EVENT)."""

    frame_type: str  # the trigger's label
    name: str
    name_en: str
    name_ar: str
    color: str
    hotkey: str
    fillers: tuple[str, ...]
    order: int


@dataclass(frozen=True, slots=True)
class RelationType:
    """A relation type: directed from a head label to a tail label, or symmetric (brat ``*``).
    An empty tuple of labels allows any label at that end."""

    name: str
    name_en: str
    name_ar: str
    color: str
    hotkey: str
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    symmetric: bool
    order: int


@dataclass(frozen=True, slots=True)
class AttributeValue:
    name: str
    name_en: str
    name_ar: str


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """An attribute: a flag (``values`` empty) or one value of a closed list, allowed on spans
    of the labels in ``targets`` ("*" for any label) and on frames written ``frame:EVENT``."""

    name: str
    name_en: str
    name_ar: str
    values: tuple[AttributeValue, ...]
    targets: tuple[str, ...]
    order: int

    @property
    def is_flag(self) -> bool:
        return not self.values


# ------------------------------------------------------------------ suggestions (issue 12)
SUGGESTION_SOURCES: tuple[str, ...] = ("propagation", "gazetteer", "model")
SUGGESTION_STATUSES: tuple[str, ...] = ("pending", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span: its own layer, never a span until accepted (docs/suggestions.md).
    ``score`` is in [0, 1]; ``source`` is one of SUGGESTION_SOURCES."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    text: str
    source: str
    score: float
    status: str


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A stored suggestion model: which backend, when (ISO 8601), how many documents marked
    done it learned from, and what training reported (labels, spans, ...)."""

    id: int
    backend: str
    created: str
    trained_on: int
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Definitions:
    """A project's definitions beyond labels, for writers that describe them (brat's
    annotation.conf): ``Project.definitions()``."""

    labels: tuple[Label, ...] = ()
    roles: tuple[RoleDef, ...] = ()
    relation_types: tuple[RelationType, ...] = ()
    attributes: tuple[AttributeDef, ...] = ()

    def frame_types(self) -> list[str]:
        """The labels that have roles, in label order (then any other, in role order)."""
        typed = dict.fromkeys(r.frame_type for r in self.roles)
        ordered = [lab.name for lab in self.labels if lab.name in typed]
        return ordered + [t for t in typed if t not in ordered]
