"""The document list (every document of the project, filtered, read a page at a time) with its
status filter and search box, and where to go from the open document."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ..core.model import STATUSES, DocSummary
from ..core.project import Project
from . import settings
from .list_delegate import (
    LIST_ROLES,
    CountRole,
    IdRole,
    TitleRole,
    plain_tooltip,
    uniform_row_size,
)
from .search_options import SearchOptionsButton

if TYPE_CHECKING:
    from ..core.changes import ChangeSet

PAGE = 200  # document summaries fetched per page by the lazy list model
SEARCH_DELAY_MS = 250
UNDONE = ("new", "in_progress")
LRM = "\u200e"
# The strings keep the main window's translation context, where they were translated.
translate = QCoreApplication.translate


def status_icon(status: str) -> QIcon:
    try:
        from .icons import status_icon as icon

        return icon(status)
    except (ImportError, FileNotFoundError):
        return QIcon()


class DocumentListModel(QAbstractListModel):
    """Document ids in import order; titles, statuses and counts fetched a page at a time.

    Opening a project reads the count and the first page of ids only, so 100,000 documents open
    as fast as ten; the whole id list is read the first time a row past that page is needed.
    A search does not know its count before it has found every match (a common word: seconds
    over 100,000 documents), so it shows its first page and grows: the rest are added when the
    view scrolls to the end (``fetchMore``) or something needs them all.
    The view asks for the rows it paints and ``summaries`` reads them a page at a time.
    """

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._ids: list[int] = []
        self._total = 0
        self._loader: Callable[[], list[int]] | None = None
        self._load_pending = False
        self._growing = False
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, DocSummary] = {}
        # pending suggestions per document, read with the summaries, a page at a time
        self._pending: dict[int, int] = {}
        # annotators who finished each document, shown only in a team's project (docs/teams.md)
        self._finished: dict[int, int] = {}
        self._team = False
        self._row_size = uniform_row_size()

    def set_ids(
        self,
        ids: list[int],
        total: int | None = None,
        loader: Callable[[], list[int]] | None = None,
        *,
        growing: bool = False,
    ) -> None:
        """``ids`` (the first ``len(ids)`` of ``total``); ``loader`` reads them all when needed.

        ``growing``: the total is unknown; the list shows ``ids`` until ``loader`` adds the rest.
        """
        self.beginResetModel()
        self._ids = ids
        self._total = len(ids) if total is None else total
        self._growing = growing and loader is not None
        self._loader = loader if self._total > len(ids) or self._growing else None
        self._row_of = None
        self._cache.clear()
        self._pending.clear()
        self._finished.clear()
        self._team = self.project.has_team_statuses()
        self.endResetModel()

    @property
    def ids(self) -> list[int]:
        self._load_all()
        return self._ids

    def _load_all(self) -> None:
        if self._loader is None:
            return
        loader, self._loader = self._loader, None
        ids = loader()
        if self._growing:
            self._growing = False
            known = len(self._ids)
            if ids[:known] == self._ids:  # the first page unchanged: add the rows after it
                if len(ids) > known:
                    self.beginInsertRows(QModelIndex(), known, len(ids) - 1)
                    self._ids = ids
                    self._total = len(ids)
                    self._row_of = None
                    self.endInsertRows()
            else:  # changed meanwhile: start over
                self.set_ids(ids)
        elif len(ids) == self._total:
            self._ids = ids
            self._row_of = None
        else:  # changed meanwhile (another window imported): start over
            self.set_ids(ids)

    def id_at(self, row: int, *, wait: bool = True) -> int | None:
        if row >= len(self._ids):
            if not wait:
                # Qt asks for far rows while laying out (the last one, for its size): read the
                # ids just after this paint instead of delaying it
                if self._loader is not None and not self._load_pending:
                    self._load_pending = True
                    QTimer.singleShot(0, self._load_deferred)
                return None
            self._load_all()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _load_deferred(self) -> None:
        self._load_pending = False
        if self._loader is None:
            return
        known = len(self._ids)
        self._load_all()
        if self._ids and known < len(self._ids):
            self.dataChanged.emit(self.index(known), self.index(len(self._ids) - 1))

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._growing and self._loader is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        # Qt asks when the view shows the last row (scrolled to the end)
        if self.canFetchMore(parent):
            self._load_all()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    @property
    def growing(self) -> bool:
        """Only a search's first page is read yet (see ``set_ids``)."""
        return self._growing

    def row_of(self, doc_id: int, *, load: bool = True) -> int | None:
        """``doc_id``'s row; ``load``: read every id first if it is not among those read."""
        if self._row_of is None:
            self._row_of = {d: i for i, d in enumerate(self._ids)}
        row = self._row_of.get(doc_id)
        if row is None and load and self._loader is not None:
            self._load_all()
            return self.row_of(doc_id)
        return row

    def summary(self, row: int, *, wait: bool = True) -> DocSummary | None:
        doc_id = self.id_at(row, wait=wait)
        if doc_id is None:
            return None
        cached = self._cache.get(doc_id)
        if cached is None:
            first = row - row % PAGE
            page = self._ids[first : first + PAGE]
            for s in self.project.summaries(page):
                self._cache[s.id] = s
            self._pending.update(self.project.pending_counts(page))
            if self._team:
                self._finished.update(self.project.finished_counts(page))
            cached = self._cache.get(doc_id)
        return cached

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.SizeHintRole:
            return self._row_size
        if role not in LIST_ROLES:
            return None
        s = self.summary(index.row(), wait=False)
        if s is None:
            return None
        title = s.title or s.external_id or f"#{s.id}"
        pending = self._pending.get(s.id, 0)
        finished = self._finished.get(s.id, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            shown = f"{title}  ·  {s.span_count}" if s.span_count else title
            return f"{shown}  ·  {finished}✓" if finished else shown
        if role == TitleRole:
            return title
        if role == CountRole:
            # spans, then pending suggestions with a question mark: "12 · 3?", then in a team's
            # project the annotators who finished it: "12 · 2✓", between LRMs (strong
            # left-to-right: a bare "3?" is drawn "?3" in a right-to-left row)
            if pending or finished:
                parts = [str(s.span_count)] if s.span_count else []
                parts += [f"{pending}?"] if pending else []
                parts += [f"{finished}✓"] if finished else []
                return f"{LRM}{' · '.join(parts)}{LRM}"
            return s.span_count
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(s.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{s.title}\n{s.external_id} · {s.status} · {s.span_count}"
            if pending:
                tip += "\n" + self.tr("%n suggestion(s)", "", pending)
            return plain_tooltip(tip)
        if role == IdRole:
            return s.id
        return None

    def refresh(self, doc_id: int) -> None:
        """Forget one document's cached summary and repaint its row."""
        self._cache.pop(doc_id, None)
        self._pending.pop(doc_id, None)
        self._finished.pop(doc_id, None)
        row = self.row_of(doc_id, load=False)  # a row not read yet is not painted either
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)


class DocumentList(QListView):
    """The list of documents as filtered; its current row is the open document.

    ``documentChosen(id)`` fires when the user picks a row (click, Enter or arrow keys).
    """

    documentChosen = Signal(int)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.project = project
        self.doc_model = DocumentListModel(project, self)
        # no per-row size query, and rows laid out in batches between events: 100,000 rows do
        # not delay the first paint
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(PAGE)
        self.setModel(self.doc_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(QSize(16, 16))
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)
        self.selectionModel().currentChanged.connect(self._current_changed)
        # the open document, when it may be past the first page of a search: selected once
        # its row is read
        self._wanted: int | None = None
        self.doc_model.rowsInserted.connect(self._rows_added)

    def load(
        self,
        status: str | None,
        search: str | None,
        *,
        exact: bool = False,
        substring: bool = False,
    ) -> None:
        """Show the documents with ``status`` (None: all) matching ``search`` (None: all): whole
        words by default, ``exact`` spelling or ``substring`` (``core.matching``)."""
        if search:
            # The first page (and one more id, to know whether there are more) first: a common
            # word would otherwise have every match listed before anything shows.
            first = self.project.document_ids(
                status, search, limit=PAGE + 1, exact=exact, substring=substring
            )
            if len(first) <= PAGE:
                self.doc_model.set_ids(first)
            else:
                # a new list starts at its top: left scrolled down, the shorter first page
                # would end at the view's bottom and Qt would fetch the rest at once
                self.scrollToTop()
                self.doc_model.set_ids(
                    first[:PAGE],
                    loader=lambda: self.project.document_ids(
                        status, search, exact=exact, substring=substring
                    ),
                    growing=True,
                )
        else:
            self.doc_model.set_ids(
                self.project.document_ids(status, limit=PAGE),
                self.project.document_count(status),
                lambda: self.project.document_ids(status),
            )

    def select_document(self, doc_id: int | None) -> None:
        """Make ``doc_id``'s row the current one, quietly (no ``documentChosen``)."""
        growing = self.doc_model.growing
        # not every match of a search for it: that is what showing the first page first avoids
        row = self.doc_model.row_of(doc_id, load=not growing) if doc_id is not None else None
        self._wanted = doc_id if row is None and growing else None
        sel = self.selectionModel()
        sel.blockSignals(True)
        if row is None:
            self.clearSelection()
        else:
            idx = self.doc_model.index(row)
            self.setCurrentIndex(idx)
            if row >= PAGE or self.isVisible():
                # before the first paint a scroll would lay out every row; after it, cheap
                target = QPersistentModelIndex(idx)
                QTimer.singleShot(0, lambda: self._scroll_to(target))
        sel.blockSignals(False)

    # --- where to go --------------------------------------------------------------------------

    def neighbour(self, doc_id: int | None, step: int) -> int | None:
        """The document ``step`` rows after (or before) ``doc_id`` in the list as filtered."""
        ids = self.doc_model.ids
        if not ids:
            return None
        row = self.doc_model.row_of(doc_id) if doc_id is not None else None
        if row is None:
            # the document left the filtered list: continue from its place in id order
            pos = bisect_left(ids, doc_id) if doc_id is not None else 0
            row = pos - 1 if step > 0 else pos
        new = row + step
        return ids[new] if 0 <= new < len(ids) else None

    def first_id(self) -> int | None:
        """Where a project opens: its first undone document, else its first one."""
        first = self.project.next_document_id(None, 1, UNDONE)
        return first if first is not None else self.project.next_document_id(None, 1)

    def next_undone_id(self, doc_id: int | None) -> int | None:
        """The next undone document after ``doc_id``, wrapping around; None if there is none.
        With the setting on, the undone one the model is least sure of (issue 12)."""
        if settings.uncertainty_order():
            return self.project.next_undone("uncertainty", exclude=lambda d: d == doc_id)
        nxt = self.project.next_document_id(doc_id, 1, UNDONE)
        if nxt is None:  # wrap around to the first undone document
            nxt = self.project.next_document_id(None, 1, UNDONE)
        return nxt if nxt != doc_id else None

    def _resume_key(self) -> str:
        return "last_document/" + str(self.project.path.resolve()).replace("/", "|")

    def remember(self, doc_id: int) -> None:
        """Reopen the project on ``doc_id`` next time."""
        settings.set_value(self._resume_key(), doc_id)

    def resume_id(self) -> int | None:
        """The document this project was left on (if it still exists), else the first undone."""
        stored = settings.int_value(self._resume_key(), 0)
        if stored and self.project.summaries([stored]):
            return stored
        return self.first_id()

    def apply(self, cs: ChangeSet) -> None:
        """Repaint the rows of the documents whose span count or status changed."""
        for doc_id in cs.documents():
            self.doc_model.refresh(doc_id)

    def _rows_added(self) -> None:
        wanted = self._wanted
        row = self.doc_model.row_of(wanted, load=False) if wanted is not None else None
        if row is not None:
            self._wanted = None
            sel = self.selectionModel()
            sel.blockSignals(True)
            # no scroll: the user is reading the end of the list, which brought these rows
            self.setCurrentIndex(self.doc_model.index(row))
            sel.blockSignals(False)

    def _scroll_to(self, index: QPersistentModelIndex) -> None:
        if index.isValid():
            self.scrollTo(self.doc_model.index(index.row()))

    def _chosen(self, index: QModelIndex) -> None:
        doc_id = index.data(IdRole)
        if doc_id is not None:
            self.documentChosen.emit(doc_id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._chosen(current)


class DocumentPanel(QWidget):
    """The document list under its status filter and search box.

    ``statusChanged`` fires when the user picks another status, ``searchChanged`` when they stop
    typing in the search box for a moment.
    """

    statusChanged = Signal()
    searchChanged = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("documentSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_options = SearchOptionsButton(self)
        self.search_options.setObjectName("documentSearchOptions")
        self.doc_list = DocumentList(project, self)
        layout.addWidget(self.status_filter)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_options)
        layout.addLayout(search_row)
        layout.addWidget(self.doc_list, 1)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.statusChanged.emit())
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.searchChanged)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_options.changed.connect(self.searchChanged)

    def clear_search(self) -> None:
        """Empty the search box without a ``searchChanged``."""
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(translate("MainWindow", "Search titles and text"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        names = {
            "new": translate("MainWindow", "New"),
            "in_progress": translate("MainWindow", "In progress"),
            "done": translate("MainWindow", "Done"),
            "skipped": translate("MainWindow", "Skipped"),
        }
        self.status_filter.addItem(translate("MainWindow", "All documents"), None)
        for status in STATUSES:
            self.status_filter.addItem(status_icon(status), names[status], status)
        self.status_filter.setCurrentIndex(max(0, current))
        self.status_filter.blockSignals(False)
