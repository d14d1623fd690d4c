"""The project database: one SQLite file per project.

Every mutating call is one transaction and appends one row to the change log. Offsets are Python
code-point indices into the stored text, end-exclusive; the stored text never changes after import.

``Project`` is assembled from one mixin per concern (a module each); they share the connection
and the transaction helpers of ``ConnectionMixin`` and call each other through ``self``.
"""

from __future__ import annotations

from ..preparing import validate_label_name
from .adjudication import AdjudicationMixin, Difference
from .adjudication_relations import RelationAdjudicationMixin, RelationDifference
from .annotations import AnnotationsMixin
from .common import (
    DEFAULT_LABELS,
    PALETTE,
    PROJECT_SUFFIX,
    default_annotator,
    default_project_path,
)
from .connection import ConnectionMixin
from .documents import DocumentsMixin
from .export import ExportMixin
from .importer import ImportCancelled, ImportMixin, ImportReport
from .labels import LabelsMixin, validate_hotkey, validate_label_color
from .merge import MergeCancelled, MergeMixin, MergeReport
from .rows import RowsMixin
from .search import SearchMixin
from .spans import SpansMixin
from .suggestions import SuggestionCancelled, SuggestionsMixin
from .training import TrainingMixin
from .undo import UndoMixin

__all__ = [
    "DEFAULT_LABELS",
    "PALETTE",
    "PROJECT_SUFFIX",
    "Difference",
    "ImportCancelled",
    "ImportReport",
    "MergeCancelled",
    "MergeReport",
    "Project",
    "RelationDifference",
    "SuggestionCancelled",
    "default_annotator",
    "default_project_path",
    "validate_hotkey",
    "validate_label_color",
    "validate_label_name",
]


class Project(
    UndoMixin,
    MergeMixin,
    ExportMixin,
    ImportMixin,
    TrainingMixin,
    SuggestionsMixin,
    DocumentsMixin,
    SearchMixin,
    RelationAdjudicationMixin,
    AdjudicationMixin,
    AnnotationsMixin,
    SpansMixin,
    RowsMixin,
    LabelsMixin,
    ConnectionMixin,
):
    """An open project file. Use ``Project.create`` / ``Project.open``, or as a context manager."""
