"""The span list: the open document's spans in text order, following the selected span."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ..core.model import Label, Span
from . import i18n
from .list_delegate import LIST_ROLES, CountRole, IdRole, plain_tooltip, swatch, uniform_row_size

if TYPE_CHECKING:
    from ..core.changes import ChangeSet

BATCH = 200  # rows laid out per batch

EXCERPT_CHARS = 48
FSI, PDI = "\u2068", "\u2069"


def _isolated_excerpt(text: str) -> str:
    """A span's text for a list row: one line, cut at a word, in a bidi isolate.

    The isolate keeps the Arabic text in its own direction next to a Latin label name, and
    cutting it ourselves at a space keeps Qt from eliding in the middle of a joined word.
    """
    line = " ".join(text.split())
    if len(line) > EXCERPT_CHARS:
        cut = line.rfind(" ", 0, EXCERPT_CHARS)
        line = line[: cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + " …"
    return f"{FSI}{line}{PDI}"


class LabeledListModel(QAbstractListModel):
    """Rows of one document's items under their labels (spans here, suggestions in
    suggestion_list.py): one line each, of one size."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, Label] = {}
        # narrow and uniform: rows fill the list's width and long spans are elided, instead of
        # the widest span setting a scroll width for every row
        self._row_size = uniform_row_size()

    def set_labels(self, labels: Iterable[Label]) -> None:
        self.labels = {lab.name: lab for lab in labels}
        self.layoutChanged.emit()

    def row_text(self, label: Label | None, label_name: str, text: str) -> str:
        """A row's line: the label's shown name, then the item's text as an excerpt."""
        name = i18n.label_display_name(label) if label else label_name
        return f"{name} — {_isolated_excerpt(text)}"


class ItemList(QListView):
    """A read-only list of a ``LabeledListModel``: its current row follows the article, and
    picking a row calls ``_emit_chosen`` with the row's id (IdRole)."""

    def _setup(self, model: LabeledListModel) -> None:
        self.setModel(model)
        self.setUniformItemSizes(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)

    def _show_row(self, row: int | None) -> None:
        """Make ``row`` current and scroll to it (None: select no row)."""
        if row is None:
            self.clearSelection()
            return
        idx = self.model().index(row, 0)
        self.setCurrentIndex(idx)
        self.scrollTo(idx)

    def _chosen(self, index: QModelIndex) -> None:
        item_id = index.data(IdRole)
        if item_id is not None:
            self._emit_chosen(item_id)

    def _emit_chosen(self, item_id: int) -> None:
        raise NotImplementedError


class SpanListModel(LabeledListModel):
    """The current document's spans, ordered by (start, end, id); updated row by row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spans: list[Span] = []
        self._keys: list[tuple[int, int, int]] = []
        # span id -> arguments and relations touching it (frames_ui.py), drawn as the row's count
        self.link_counts: dict[int, int] = {}

    @staticmethod
    def _key(span: Span) -> tuple[int, int, int]:
        return (span.start, span.end, span.id)

    def set_spans(self, spans: Sequence[Span]) -> None:
        self.beginResetModel()
        self.spans = sorted(spans, key=self._key)
        self._keys = [self._key(s) for s in self.spans]
        self.endResetModel()

    def add(self, span: Span) -> None:
        key = self._key(span)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, key)
        self.spans.insert(row, span)
        self.endInsertRows()

    def remove(self, span: Span) -> None:
        row = self.row_of(span.id, self._key(span))
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        del self.spans[row]
        self.endRemoveRows()

    def row_of(self, span_id: int, key: tuple[int, int, int] | None = None) -> int | None:
        if key is not None:
            row = bisect_left(self._keys, key)
            if row < len(self.spans) and self.spans[row].id == span_id:
                return row
        for row, s in enumerate(self.spans):
            if s.id == span_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spans)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.SizeHintRole:
            return self._row_size
        if role not in LIST_ROLES or not index.isValid() or not 0 <= index.row() < len(self.spans):
            return None
        span = self.spans[index.row()]
        label = self.labels.get(span.label)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_text(label, span.label, span.text)
        if role == Qt.ItemDataRole.DecorationRole and label is not None:
            return swatch(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{span.label} {span.start}-{span.end}\n{span.text}"
            count = self.link_counts.get(span.id, 0)
            if count:
                tip += "\n" + self.tr("%n link(s)", "", count)
            return plain_tooltip(tip)
        if role == IdRole:
            return span.id
        if role == CountRole:
            count = self.link_counts.get(span.id, 0)
            return f"↔{count}" if count else None
        return None

    def set_link_counts(
        self, counts: dict[int, int], spans: Mapping[int, Span] | None = None
    ) -> None:
        """New link counts; only the rows whose count changed are redrawn (found by their
        (start, end, id) key when ``spans`` gives them: no walk over 5,000 rows)."""
        old, self.link_counts = self.link_counts, dict(counts)
        for span_id in old.keys() | counts.keys():
            if old.get(span_id, 0) == counts.get(span_id, 0):
                continue
            span = spans.get(span_id) if spans is not None else None
            row = self.row_of(span_id, self._key(span) if span is not None else None)
            if row is not None:
                index = self.index(row)
                self.dataChanged.emit(index, index, [CountRole])


class SpanList(ItemList):
    """The open document's spans. ``spanChosen(id)`` fires when the user picks a row.

    Its current row is the span the article has selected: ``follow`` is told of every new
    selection, and ``apply`` puts the current row back on that span after rows move.
    """

    spanChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spanList")
        self.span_model = SpanListModel(self)
        self._setup(self.span_model)
        # a long article has thousands of spans: lay the list out in batches, so inserting one
        # row does not delay the label's highlight
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(BATCH)
        self.document_id: int | None = None
        self._selected: int | None = None

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.span_model.set_labels(labels)

    def show_document(self, doc_id: int | None, spans: Sequence[Span]) -> None:
        self.document_id = doc_id
        self._selected = None
        self.span_model.set_spans(spans)

    def set_link_counts(
        self, counts: dict[int, int], spans: Mapping[int, Span] | None = None
    ) -> None:
        self.span_model.set_link_counts(counts, spans)

    def follow(self, span_id: int | None) -> None:
        """Make ``span_id``'s row current and selected (None: select no row)."""
        self._selected = span_id
        self._show_row(self.span_model.row_of(span_id) if span_id is not None else None)

    def apply(self, cs: ChangeSet) -> None:
        """Take out and put in the rows of a change to the open document."""
        removed, added = cs.spans_in(self.document_id)
        for span in removed:
            self.span_model.remove(span)
        for span in added:
            self.span_model.add(span)
        if removed or added:
            # Qt moved the current row off a row taken out; a relabel or boundary move puts the
            # span back (maybe elsewhere), and the list must show that row again
            self.follow(cs.select if cs.select is not None else self._selected)

    def _emit_chosen(self, item_id: int) -> None:
        self.spanChosen.emit(item_id)
