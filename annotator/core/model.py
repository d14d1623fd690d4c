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


@dataclass(slots=True)
class SpanRecord:
    """A span as read from or written to a file (not yet, or no longer, in the database)."""

    start: int
    end: int
    label: str
    text: str | None = None
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
    # Where the record came from, for error messages: file name and line (or record number).
    source: str | None = None
    line: int | None = None
    # A reader's promise that every span has integer offsets 0 <= start < end <= len(text), a
    # label with no space around it, and ``text`` (when given) equal to ``text[start:end]``:
    # the import then skips checking again what the reader just checked.
    spans_checked: bool = False
