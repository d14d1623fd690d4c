"""The main window: document list, article view, label palette, span list, find bar.

Every change goes through ``Operations``; this window turns view requests (a hotkey, a palette
click, Delete, Shift+arrow) into operations and redraws only what each ``ChangeSet`` names, so
labeling stays as fast on a 100,000-character article as on a short one.
"""

from __future__ import annotations

import functools
import logging
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShowEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import AnnotatorError
from ..core.matching import find_hits
from ..core.model import STATUSES, DocSummary, Label, Span
from ..core.project import Project
from . import i18n, settings
from .article_view import ArticleView
from .bidi import text_direction
from .operations import ChangeSet, Operations
from .search_options import SearchOptionsButton
from .tasks import Task, TaskContext, run_task, worker_project

log = logging.getLogger(__name__)

PAGE = 200  # document summaries fetched per page by the lazy list model
POLL_MS = 1000  # how often another window's or process's commits are looked for
SEARCH_DELAY_MS = 250
INDEX_DELAY_MS = 2000  # background search indexing starts this long after the window opens
UNDONE = ("new", "in_progress")
IdRole = Qt.ItemDataRole.UserRole
# The document list's title and span count, drawn apart so a long title never hides the count.
TitleRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
_DOC_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    TitleRole,
    CountRole,
    IdRole,
)


def _status_icon(status: str) -> QIcon:
    try:
        from .icons import status_icon

        return status_icon(status)
    except (ImportError, FileNotFoundError):
        return QIcon()


@functools.cache
def _swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class DocumentListModel(QAbstractListModel):
    """Document ids in import order; titles, statuses and counts fetched a page at a time.

    Opening a project reads the count and the first page of ids only, so 100,000 documents open
    as fast as ten; the whole id list is read the first time a row past that page is needed.
    The view asks for the rows it paints and ``summaries`` reads them a page at a time.
    """

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._ids: list[int] = []
        self._total = 0
        self._loader: Callable[[], list[int]] | None = None
        self._load_pending = False
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, DocSummary] = {}
        # one size for every row: Qt then never measures rows one by one
        self._row_size = QSize(40, max(18, QFontMetrics(QFont()).height() + 6))

    def set_ids(
        self,
        ids: list[int],
        total: int | None = None,
        loader: Callable[[], list[int]] | None = None,
    ) -> None:
        """``ids`` (the first ``len(ids)`` of ``total``); ``loader`` reads them all when needed."""
        self.beginResetModel()
        self._ids = ids
        self._total = len(ids) if total is None else total
        self._loader = loader if self._total > len(ids) else None
        self._row_of = None
        self._cache.clear()
        self.endResetModel()

    @property
    def ids(self) -> list[int]:
        self._load_all()
        return self._ids

    def is_complete(self) -> bool:
        return self._loader is None

    def _load_all(self) -> None:
        if self._loader is None:
            return
        loader, self._loader = self._loader, None
        ids = loader()
        if len(ids) == self._total:
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

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def row_of(self, doc_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {d: i for i, d in enumerate(self._ids)}
        row = self._row_of.get(doc_id)
        if row is None and self._loader is not None:
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
            cached = self._cache.get(doc_id)
        return cached

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.SizeHintRole:
            return self._row_size
        if role not in _DOC_ROLES:
            return None
        s = self.summary(index.row(), wait=False)
        if s is None:
            return None
        title = s.title or s.external_id or f"#{s.id}"
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{title}  ·  {s.span_count}" if s.span_count else title
        if role == TitleRole:
            return title
        if role == CountRole:
            return s.span_count
        if role == Qt.ItemDataRole.DecorationRole:
            return _status_icon(s.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.title}\n{s.external_id} · {s.status} · {s.span_count}"
        if role == IdRole:
            return s.id
        return None

    def refresh(self, doc_id: int) -> None:
        """Forget one document's cached summary and repaint its row."""
        self._cache.pop(doc_id, None)
        row = self.row_of(doc_id)
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)


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


class SpanListModel(QAbstractListModel):
    """The current document's spans, ordered by (start, end, id); updated row by row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spans: list[Span] = []
        self._keys: list[tuple[int, int, int]] = []
        self.labels: dict[str, Label] = {}
        # narrow and uniform: rows fill the list's width and long spans are elided, instead of
        # the widest span setting a scroll width for every row
        self._row_size = QSize(40, max(18, QFontMetrics(QFont()).height() + 6))

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
        if role not in _DOC_ROLES or not index.isValid() or not 0 <= index.row() < len(self.spans):
            return None
        span = self.spans[index.row()]
        label = self.labels.get(span.label)
        if role == Qt.ItemDataRole.DisplayRole:
            name = i18n.label_display_name(label) if label else span.label
            return f"{name} — {_isolated_excerpt(span.text)}"
        if role == Qt.ItemDataRole.DecorationRole and label is not None:
            return _swatch(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{span.label} {span.start}-{span.end}\n{span.text}"
        if role == IdRole:
            return span.id
        return None


@dataclass(slots=True)
class RowLayout:
    """Where a list row's parts go (viewport coordinates)."""

    icon: QRect
    text: QRect  # the title (elided to fit) in its own direction
    count: QRect  # the span count at the row's trailing side; empty when there is none
    elided: str
    direction: Qt.LayoutDirection


class BidiItemDelegate(QStyledItemDelegate):
    """Lays each row's text out in its own direction: an Arabic title keeps its full stop at the
    end (on the left) and is elided at its end, a Latin one the other way round, whatever the
    interface language. The icon and the span count stay in columns on the interface's sides,
    so a list of mixed titles does not zigzag."""

    def row_layout(self, option: QStyleOptionViewItem, index: QModelIndex) -> RowLayout:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_direction_ = opt.direction
        title = index.data(TitleRole)
        title = opt.text if title is None else str(title)
        count = index.data(CountRole)
        count_text = str(count) if count else ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        ui = widget.layoutDirection() if widget is not None else QApplication.layoutDirection()
        opt.direction = ui
        opt.text = title
        icon = style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, opt, widget)
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        # the text rect of an icon row starts after the icon: keep all of the rest
        if ui == Qt.LayoutDirection.RightToLeft:
            text.setLeft(opt.rect.left())
        else:
            text.setRight(opt.rect.right())
        text = text.adjusted(3, 0, -3, 0)
        count_rect = QRect()
        if count_text:
            # a gap wide enough that the count does not read as part of the title
            width = opt.fontMetrics.horizontalAdvance(count_text) + 16
            if ui == Qt.LayoutDirection.RightToLeft:
                count_rect = QRect(text.left(), text.top(), width, text.height())
                text.setLeft(count_rect.right() + 1)
            else:
                count_rect = QRect(text.right() - width + 1, text.top(), width, text.height())
                text.setRight(count_rect.left() - 1)
        # Elided here, not by the style: it would size its layout for the whole title (an
        # emoji's taller font then pushed the visible part up out of the row's middle).
        elided = opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, text.width())
        return RowLayout(icon, text, count_rect, elided, text_direction_)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        layout = self.row_layout(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.direction = widget.layoutDirection() if widget is not None else opt.direction
        opt.text = ""  # background, selection, focus and icon from the style; text drawn below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        if group == QPalette.ColorGroup.Normal and not opt.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        role = (
            QPalette.ColorRole.HighlightedText
            if opt.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        text_option.setTextDirection(layout.direction)
        side = (
            Qt.AlignmentFlag.AlignRight
            if layout.direction == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        text_option.setAlignment(
            side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        )
        painter.drawText(QRectF(layout.text), layout.elided, text_option)
        if not layout.count.isEmpty():
            count_text = str(index.data(CountRole))
            trailing = (
                Qt.AlignmentFlag.AlignLeft
                if opt.direction == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignRight
            )
            count_option = QTextOption(
                trailing | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
            count_option.setTextDirection(Qt.LayoutDirection.LeftToRight)
            if not opt.state & QStyle.StateFlag.State_Selected:
                painter.setPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(layout.count), count_text, count_option)
        painter.restore()

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.direction = text_direction(option.text)
        # absolute: in the mirrored Arabic interface a plain AlignRight would mean left
        option.displayAlignment = (
            Qt.AlignmentFlag.AlignVCenter
            | Qt.AlignmentFlag.AlignAbsolute
            | (
                Qt.AlignmentFlag.AlignRight
                if option.direction == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignLeft
            )
        )


class FindBar(QWidget):
    """Find in the current document with Arabic normalisation; Enter / Shift+Enter step."""

    closed = Signal()

    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.options = SearchOptionsButton(self)
        self.options.setObjectName("findOptions")
        self.options.changed.connect(self.search)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.options)
        layout.addWidget(self.count)
        layout.addWidget(self.close_button)
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.edit.textChanged.connect(self.search)
        self.edit.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Find in document (Arabic letters match any form)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self._show_count()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.search()

    def close_bar(self) -> None:
        self.hide()
        self.hits, self.current = [], -1
        self.view.set_find_hits([])
        self.view.setFocus()
        self.closed.emit()

    def search(self) -> None:
        query = self.edit.text()
        text = self.view.text
        self.hits = find_hits(text, query, **self.options.options()) if query.strip() else []
        self.current = 0 if self.hits else -1
        self.view.set_find_hits(self.hits, self.current)
        self._show_count()

    def step(self, delta: int) -> None:
        if not self.hits:
            return
        self.current = (self.current + delta) % len(self.hits)
        self.view.set_find_hits(self.hits, self.current)
        self._show_count()

    def select_current(self) -> None:
        """Select the current hit as a text selection (so a hotkey labels it)."""
        if 0 <= self.current < len(self.hits):
            self.view.set_selection(*self.hits[self.current])

    def _show_count(self) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif not self.hits:
            self.count.setText(self.tr("no match"))
        else:
            self.count.setText(
                self.tr("%1 of %2")
                .replace("%1", str(self.current + 1))
                .replace("%2", str(len(self.hits)))
            )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.step(-1 if shift else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)


class MainWindow(QMainWindow):
    """One open project. Owns the Project (closed with the window) and its Operations."""

    documentChanged = Signal(object)  # document id or None

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.project = project
        self.ops = Operations(project, self)
        self.ops.changed.connect(self._on_changed)
        self.ops.undo_state_changed.connect(self._update_actions)
        self.current_id: int | None = None
        self._closed = False
        self._labels: list[Label] = project.labels()
        self._counts: dict[str, int] = {}
        self._status_filter: str | None = None
        self._search = ""

        # centre: find bar over the article view
        self.view = ArticleView(self)
        self.find_bar = FindBar(self.view, self)
        self.find_bar.hide()
        centre = QWidget(self)
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.find_bar)
        cl.addWidget(self.view, 1)

        # left: filter, search, document list
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(4, 4, 4, 4)
        self.status_filter = QComboBox(left)
        self.status_filter.setObjectName("statusFilter")
        self.search_edit = QLineEdit(left)
        self.search_edit.setObjectName("documentSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.doc_model = DocumentListModel(project, self)
        self.doc_list = QListView(left)
        self.doc_list.setObjectName("documentList")
        # no per-row size query, and rows laid out in batches between events: 100,000 rows do
        # not delay the first paint
        self.doc_list.setUniformItemSizes(True)
        self.doc_list.setLayoutMode(QListView.LayoutMode.Batched)
        self.doc_list.setBatchSize(PAGE)
        self.doc_list.setModel(self.doc_model)
        self.doc_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.doc_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doc_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.doc_list.setIconSize(QSize(16, 16))
        ll.addWidget(self.status_filter)
        self.search_options = SearchOptionsButton(left)
        self.search_options.setObjectName("documentSearchOptions")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_options)
        ll.addLayout(search_row)
        ll.addWidget(self.doc_list, 1)

        # right: label palette and span list
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 4, 4, 4)
        self.palette_title = QLabel(right)
        self.palette = QListWidget(right)
        self.palette.setObjectName("labelPalette")
        self.palette.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking it keeps the selection
        self.spans_title = QLabel(right)
        self.span_model = SpanListModel(self)
        self.span_list = QListView(right)
        self.span_list.setObjectName("spanList")
        self.span_list.setModel(self.span_model)
        self.span_list.setUniformItemSizes(True)
        # a long article has thousands of spans: lay the list out in batches, so inserting one
        # row does not delay the label's highlight
        self.span_list.setLayoutMode(QListView.LayoutMode.Batched)
        self.span_list.setBatchSize(PAGE)
        self.span_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.span_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rl.addWidget(self.palette_title)
        rl.addWidget(self.palette)
        rl.addWidget(self.spans_title)
        rl.addWidget(self.span_list, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760, 260])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("progressLabel")
        self.statusBar().addPermanentWidget(self.status_label)

        self._make_actions()
        self._make_menus()

        self.view.labelRequested.connect(self.apply_label)
        self.view.deleteRequested.connect(self.delete_span)
        self.view.boundaryRequested.connect(self._move_boundary)
        self.view.spanSelected.connect(self._on_span_selected)
        self.palette.itemClicked.connect(self._palette_clicked)
        self.span_list.clicked.connect(self._span_clicked)
        self.span_list.activated.connect(self._span_clicked)
        self.doc_list.clicked.connect(self._doc_clicked)
        self.doc_list.activated.connect(self._doc_clicked)
        self._bidi = BidiItemDelegate(self)
        self.doc_list.setItemDelegate(self._bidi)
        self.span_list.setItemDelegate(self._bidi)
        # label hotkeys and Delete work while a list has the focus too
        for widget in (self.doc_list, self.span_list, self.palette):
            widget.installEventFilter(self)
        self.doc_list.selectionModel().currentChanged.connect(self._doc_current_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_options.changed.connect(self._apply_search)

        self._data_version = project.data_version()
        self._last_change = project.last_change_id()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_external_changes)
        self._poll.start()
        self._index_task: Task | None = None
        # after the first paint and the first document: indexing competes for the GIL
        QTimer.singleShot(INDEX_DELAY_MS, self._start_search_index)

        self.view.set_labels(self._labels)
        self.span_model.labels = {lab.name: lab for lab in self._labels}
        self.retranslate()
        self.reload_documents()
        self.open_document(self._resume_id())
        self.resize(1280, 800)
        settings.restore_window(self)
        self._splitter_restored = False
        self.view.setFocus()

    # --- actions and menus ---------------------------------------------------------------------

    def _action(
        self, name: str, slot: Any, shortcuts: Sequence[QKeySequence | str] = ()
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        keys: list[QKeySequence] = []
        for spec in shortcuts:
            seqs = (
                QKeySequence.keyBindings(spec)
                if isinstance(spec, QKeySequence.StandardKey)
                else [QKeySequence(spec)]
            )
            # a platform's standard key may repeat one given explicitly (Redo is Ctrl+Shift+Z on
            # X11): a duplicate makes Qt call the shortcut ambiguous and fire neither
            keys.extend(k for k in seqs if k not in keys)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.undo_action = self._action("undoAction", self.undo, [QKeySequence.StandardKey.Undo])
        self.redo_action = self._action(
            "redoAction", self.redo, ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo]
        )
        self.find_action = self._action("findAction", self.find_bar.open_bar, ["Ctrl+F"])
        self.find_next_action = self._action(
            "findNextAction", lambda: self.find_bar.step(1), ["F3"]
        )
        # "Next" points the way the article reads: leftwards in Arabic.
        self.next_action = self._action("nextAction", lambda: self.go(1), ["Alt+Left"])
        self.prev_action = self._action("prevAction", lambda: self.go(-1), ["Alt+Right"])
        self.done_action = self._action(
            "doneNextAction", self.done_and_next, ["Ctrl+Return", "Ctrl+Enter"]
        )
        self.skip_action = self._action(
            "skipAction", self.skip, ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"]
        )
        self.reopen_action = self._action("reopenAction", self.mark_in_progress)
        self.zoom_in_action = self._action("zoomInAction", self.view.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.zoom_out_action = self._action("zoomOutAction", self.view.zoom_out, ["Ctrl+-"])
        self.labels_action = self._action("labelsAction", self.edit_labels)
        self.import_action = self._action("importAction", lambda: self._dialog("import"))
        self.export_action = self._action("exportAction", lambda: self._dialog("export"))
        self.close_action = self._action(
            "closeAction", self.close, [QKeySequence.StandardKey.Close]
        )
        self._update_actions()

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for a in (self.import_action, self.export_action, self.labels_action, self.close_action):
            self.file_menu.addAction(a)
        self.edit_menu = bar.addMenu("")
        for a in (self.undo_action, self.redo_action, self.find_action, self.find_next_action):
            self.edit_menu.addAction(a)
        self.doc_menu = bar.addMenu("")
        for a in (
            self.next_action,
            self.prev_action,
            self.done_action,
            self.skip_action,
            self.reopen_action,
        ):
            self.doc_menu.addAction(a)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.zoom_in_action)
        self.view_menu.addAction(self.zoom_out_action)
        self.language_menu = i18n.LanguageMenu(self)
        self.view_menu.addMenu(self.language_menu)
        self.help_menu = bar.addMenu("")
        self.keys_action = self._action("keysAction", self.show_keys, ["F1"])
        self.help_menu.addAction(self.keys_action)
        toolbar = self.addToolBar("main")
        toolbar.setObjectName("mainToolbar")
        for a in (self.prev_action, self.next_action, self.done_action, self.skip_action):
            toolbar.addAction(a)

    def retranslate(self) -> None:
        # self.tr(...) spelled out: lupdate only finds literal self.tr / translate calls.
        self.undo_action.setText(self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo"))
        self.find_action.setText(self.tr("&Find in document…"))
        self.find_next_action.setText(self.tr("Find &next"))
        rtl = self.view.block_is_rtl(0)
        self.next_action.setText(self.tr("Next document") + (" ←" if rtl else " →"))
        self.prev_action.setText(self.tr("Previous document") + (" →" if rtl else " ←"))
        self.done_action.setText(self.tr("&Done, next undone"))
        self.skip_action.setText(self.tr("&Skip"))
        self.reopen_action.setText(self.tr("Mark in &progress"))
        self.zoom_in_action.setText(self.tr("Zoom &in"))
        self.zoom_out_action.setText(self.tr("Zoom &out"))
        self.labels_action.setText(self.tr("&Labels…"))
        self.import_action.setText(self.tr("&Import…"))
        self.export_action.setText(self.tr("&Export…"))
        self.close_action.setText(self.tr("&Close"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.doc_menu.setTitle(self.tr("&Document"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.keys_action.setText(self.tr("&Keyboard and mouse"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.search_edit.setPlaceholderText(self.tr("Search titles and text"))
        self.palette_title.setText(self.tr("Labels"))
        self.spans_title.setText(self.tr("Spans in this document"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        names = {
            "new": self.tr("New"),
            "in_progress": self.tr("In progress"),
            "done": self.tr("Done"),
            "skipped": self.tr("Skipped"),
        }
        self.status_filter.addItem(self.tr("All documents"), None)
        for status in STATUSES:
            self.status_filter.addItem(_status_icon(status), names[status], status)
        self.status_filter.setCurrentIndex(max(0, current))
        self.status_filter.blockSignals(False)
        self.rebuild_palette()
        self.span_model.layoutChanged.emit()
        self._update_status_bar()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and not self._closed:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and obj in (
            self.doc_list,
            self.span_list,
            self.palette,
        ):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            plain = not mods & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            name = self.view.hotkey_label(event.text()) if plain else None
            has_target = (
                self.view.selected_span_id is not None or self.view.selection_range() is not None
            )
            if name is not None and has_target:
                self.apply_label(name)
                return True
            if (
                plain
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and obj is self.span_list
                and self.view.selected_span_id is not None
            ):
                self.delete_span(self.view.selected_span_id)
                return True
        return super().eventFilter(obj, event)

    def _update_actions(self) -> None:
        self.undo_action.setEnabled(self.ops.can_undo())
        self.redo_action.setEnabled(self.ops.can_redo())

    def _update_title(self) -> None:
        title = ""
        if self.current_id is not None:
            s = self.project.summaries([self.current_id])
            if s:
                title = s[0].title or s[0].external_id
        name = self.project.path.name
        self.setWindowTitle(f"{title} — {name} — annotator" if title else f"{name} — annotator")

    # --- document list -------------------------------------------------------------------------

    def reload_documents(self) -> None:
        status, search = self._status_filter, self._search or None
        if search:
            options = self.search_options.options()
            self.doc_model.set_ids(self.project.document_ids(status, search, **options))
        else:
            self.doc_model.set_ids(
                self.project.document_ids(status, limit=PAGE),
                self.project.document_count(status),
                lambda: self.project.document_ids(status),
            )
        self._select_row(self.current_id)
        self._update_status_bar()

    def _filter_changed(self, _index: int) -> None:
        self._status_filter = self.status_filter.currentData()
        self.reload_documents()

    def _apply_search(self) -> None:
        self._search = self.search_edit.text().strip()
        if self._search and self.project.unindexed_count():
            self._finish_search_index_then_search()
            return
        self.reload_documents()

    def _finish_search_index_then_search(self) -> None:
        """A search before the background index is complete: finish it with a progress dialog."""
        self._stop_search_index()
        total = self.project.unindexed_count()
        work = self._index_work(lambda ctx, n: ctx.progress(n, total), batch=256)

        def done(_n: object) -> None:
            self.reload_documents()

        def cancelled() -> None:
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self._search = ""
            self.reload_documents()
            self.statusBar().showMessage(self.tr("Search cancelled."), 5000)

        # kept as the index task: the delayed background build must not start beside it
        self._index_task = run_task(
            self, self.tr("Preparing search…"), work, on_done=done, on_cancelled=cancelled
        )

    def _select_row(self, doc_id: int | None) -> None:
        row = self.doc_model.row_of(doc_id) if doc_id is not None else None
        sel = self.doc_list.selectionModel()
        sel.blockSignals(True)
        if row is None:
            self.doc_list.clearSelection()
        else:
            idx = self.doc_model.index(row)
            self.doc_list.setCurrentIndex(idx)
            if row >= PAGE or self.doc_list.isVisible():
                # before the first paint a scroll would lay out every row; after it, cheap
                target = QPersistentModelIndex(idx)
                QTimer.singleShot(0, lambda: self._scroll_list(target))
        sel.blockSignals(False)

    def _scroll_list(self, index: QPersistentModelIndex) -> None:
        if index.isValid():
            self.doc_list.scrollTo(self.doc_model.index(index.row()))

    def _doc_clicked(self, index: QModelIndex) -> None:
        doc_id = index.data(IdRole)
        if doc_id is not None and doc_id != self.current_id:
            self.open_document(doc_id)

    def _doc_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._doc_clicked(current)

    def _update_status_bar(self) -> None:
        if self._closed:
            return
        # two indexed counts: a GROUP BY over every status would scan 100,000 rows
        total = self.project.document_count()
        done = self.project.document_count("done")
        text = self.tr("Done %1 / %2").replace("%1", str(done))
        text = text.replace("%2", str(total))
        who = self.tr("Annotator: %1").replace("%1", self.project.annotator)
        self.status_label.setText(f"{text}   ·   {who}")

    # --- the current document ------------------------------------------------------------------

    def open_document(self, doc_id: int | None) -> None:
        """Show ``doc_id`` (None: nothing). Reads it fresh from the database."""
        self.current_id = doc_id
        if doc_id is None:
            self.view.set_document(None)
            spans: list[Span] = []
        else:
            document = self.project.get_document(doc_id)
            spans = self.project.spans(doc_id)
            self.view.set_document(document, spans)
        self.span_model.set_spans(spans)
        self._counts = {}
        for sp in spans:
            self._counts[sp.label] = self._counts.get(sp.label, 0) + 1
        self.rebuild_palette()
        self._select_row(doc_id)
        if self.find_bar.isVisible():
            self.find_bar.search()
        self._update_title()
        if doc_id is not None:
            settings.set_value(self._resume_key(), doc_id)
        self.documentChanged.emit(doc_id)

    def go(self, step: int) -> None:
        """Next (+1) or previous (-1) document in the list as filtered."""
        ids = self.doc_model.ids
        if not ids:
            return
        row = self.doc_model.row_of(self.current_id) if self.current_id is not None else None
        if row is None:
            # the current document left the filtered list: continue from its place in id order
            pos = bisect_left(ids, self.current_id) if self.current_id is not None else 0
            row = pos - 1 if step > 0 else pos
        new = row + step
        if 0 <= new < len(ids):
            self.open_document(ids[new])

    def _resume_key(self) -> str:
        return "last_document/" + str(self.project.path.resolve()).replace("/", "|")

    def _resume_id(self) -> int | None:
        """The document this project was left on (if it still exists), else the first undone."""
        try:
            stored = int(settings.value(self._resume_key(), 0) or 0)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            stored = 0
        if stored and self.project.summaries([stored]):
            return stored
        return self.first_document_id()

    def first_document_id(self) -> int | None:
        """Where a project opens: its first undone document, else its first one."""
        first = self.project.next_document_id(None, 1, UNDONE)
        return first if first is not None else self.project.next_document_id(None, 1)

    def next_undone_id(self) -> int | None:
        cur = self.current_id
        nxt = self.project.next_document_id(cur, 1, UNDONE)
        if nxt is None:  # wrap around to the first undone document
            nxt = self.project.next_document_id(None, 1, UNDONE)
        return nxt if nxt != cur else None

    def done_and_next(self) -> None:
        if self.current_id is None:
            return
        self.ops.set_status(self.current_id, "done")
        self._go_next_undone()

    def skip(self) -> None:
        if self.current_id is None:
            return
        self.ops.set_status(self.current_id, "skipped")
        self._go_next_undone()

    def mark_in_progress(self) -> None:
        if self.current_id is not None:
            self.ops.set_status(self.current_id, "in_progress")

    def _go_next_undone(self) -> None:
        nxt = self.next_undone_id()
        if nxt is None:
            self.statusBar().showMessage(self.tr("Every document is done or skipped."), 8000)
            return
        self.open_document(nxt)

    # --- labeling ------------------------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """Label the text selection, or relabel the selected span."""
        if self.current_id is None:
            return
        try:
            span = self.view.selected_span()
            if span is not None:
                if span.label != name:
                    self.ops.relabel(span.id, name)
                return
            rng = self.view.selection_range()
            if rng is None:
                self.statusBar().showMessage(self.tr("Select some text first."), 4000)
                return
            self.view.active_boundary = "start"
            self.ops.add_span(self.current_id, rng[0], rng[1], name)
        except AnnotatorError as err:
            self.statusBar().showMessage(str(err), 6000)

    def delete_span(self, span_id: int) -> None:
        try:
            self.ops.delete_span(span_id)
        except AnnotatorError as err:
            self.statusBar().showMessage(str(err), 6000)

    def _move_boundary(self, span_id: int, start: int, end: int) -> None:
        try:
            self.ops.move_boundaries(span_id, start, end)
        except AnnotatorError as err:
            self.statusBar().showMessage(str(err), 6000)

    def undo(self) -> None:
        try:
            cs = self.ops.undo()
        except AnnotatorError as err:
            self.statusBar().showMessage(self.tr("Cannot undo: %1").replace("%1", str(err)), 8000)
            return
        if cs is not None:
            self.statusBar().showMessage(self.tr("Undone: %1").replace("%1", cs.description), 3000)

    def redo(self) -> None:
        try:
            cs = self.ops.redo()
        except AnnotatorError as err:
            self.statusBar().showMessage(self.tr("Cannot redo: %1").replace("%1", str(err)), 8000)
            return
        if cs is not None:
            self.statusBar().showMessage(self.tr("Redone: %1").replace("%1", cs.description), 3000)

    def _palette_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(IdRole)
        if name:
            self.apply_label(name)
        self.palette.clearSelection()
        self.view.setFocus()

    def _span_clicked(self, index: QModelIndex) -> None:
        span_id = index.data(IdRole)
        if span_id is not None:
            self.view.select_span(span_id, boundary="start")
            self.view.setFocus()

    def _on_span_selected(self, span_id: int | None) -> None:
        if span_id is None:
            self.span_list.clearSelection()
            return
        row = self.span_model.row_of(span_id)
        if row is not None:
            idx = self.span_model.index(row)
            self.span_list.setCurrentIndex(idx)
            self.span_list.scrollTo(idx)

    def rebuild_palette(self) -> None:
        self.palette.clear()
        for i, label in enumerate(self._labels):
            key = label.hotkey or (str(i + 1) if i < 9 else "")
            count = self._counts.get(label.name, 0)
            name = i18n.label_display_name(label)
            item = QListWidgetItem(_swatch(label.color, 16), f"{name}   [{key}]   {count}")
            item.setData(IdRole, label.name)
            item.setToolTip(
                self.tr("Label the selection as %1 (key %2)").replace("%1", name).replace("%2", key)
            )
            self.palette.addItem(item)

    def _update_palette_counts(self) -> None:
        for i, label in enumerate(self._labels):
            item = self.palette.item(i)
            if item is None:
                continue
            key = label.hotkey or (str(i + 1) if i < 9 else "")
            count = self._counts.get(label.name, 0)
            item.setText(f"{i18n.label_display_name(label)}   [{key}]   {count}")

    # --- reacting to changes -------------------------------------------------------------------

    def _on_changed(self, cs: ChangeSet) -> None:
        if cs.labels_changed:
            self._labels = self.project.labels()
            self.view.set_labels(self._labels)
            self.span_model.labels = {lab.name: lab for lab in self._labels}
        if cs.documents_changed:
            # an import commits on its own connection: that is not "another window"
            self._data_version = self.project.data_version()
            self.reload_all(keep_view=True)
            return
        if cs.labels_changed:
            self.rebuild_palette()
            self.span_model.layoutChanged.emit()
        doc_id = cs.document_id
        if doc_id is None:
            return
        if cs.kind and doc_id != self.current_id:
            # an undo or redo in another document: show it where it happened
            self.doc_model.refresh(doc_id)
            self.open_document(doc_id)
            if cs.select is not None:
                self.view.select_span(cs.select)
            if cs.status is not None:
                self._update_status_bar()
            return
        if doc_id == self.current_id:
            removed = list(cs.removed) + [old for old, _new in cs.changed]
            added = list(cs.added) + [new for _old, new in cs.changed]
            for sp in removed:
                self.span_model.remove(sp)
                self._counts[sp.label] = self._counts.get(sp.label, 0) - 1
            for sp in added:
                self.span_model.add(sp)
                self._counts[sp.label] = self._counts.get(sp.label, 0) + 1
            self.view.apply_change(removed, added, cs.select)
            if removed or added:
                self._update_palette_counts()
        if cs.added or cs.removed or cs.status is not None:
            self.doc_model.refresh(doc_id)
        if cs.status is not None:
            self._update_status_bar()

    def check_external_changes(self) -> bool:
        """Reload if another window or process committed to the project. True if it did."""
        try:
            version = self.project.data_version()
        except Exception as err:  # the file went away or the disk failed: say so, stop polling
            log.exception("cannot poll the project")
            self._poll.stop()
            self.statusBar().showMessage(
                self.tr("Cannot read the project any more: %1").replace("%1", str(err))
            )
            return False
        if version == self._data_version:
            self._last_change = self.project.last_change_id()
            return False
        self._data_version = version
        last_change = self.project.last_change_id()
        if last_change == self._last_change:
            # only derived data changed (the search copy built in the background)
            return False
        self._last_change = last_change
        self.reload_all(keep_view=True)
        self.statusBar().showMessage(self.tr("Updated with changes made in another window."), 5000)
        return True

    def reload_all(self, keep_view: bool = True) -> None:
        """Read labels, the document list and the current document again from the database."""
        selected = self.view.selected_span_id
        scroll = self.view.verticalScrollBar().value()
        self.project.refresh()  # another connection may have edited the labels
        self._labels = self.project.labels()
        self.view.set_labels(self._labels)
        self.span_model.labels = {lab.name: lab for lab in self._labels}
        self.reload_documents()
        current = self.current_id
        if current is None or not self.project.summaries([current]):
            current = self.first_document_id()
            keep_view = False
        self.open_document(current)
        if keep_view:
            self.view.verticalScrollBar().setValue(scroll)
            if selected is not None:
                self.view.select_span(selected, scroll=False)

    # --- dialogs -------------------------------------------------------------------------------

    def keys_text(self) -> str:
        rows = [
            (
                self.tr("Drag over text"),
                self.tr("select; snaps to whole words (hold Alt: exact letters)"),
            ),
            (self.tr("Double-click"), self.tr("select one word")),
            ("Shift + ← →", self.tr("select letter by letter (← moves forward in Arabic)")),
            (
                "1 2 3 4 / " + self.tr("letter"),
                self.tr("label the selection, or relabel the selected span"),
            ),
            (
                self.tr("Click a highlight"),
                self.tr("select its span; click again for overlapping spans"),
            ),
            ("Delete", self.tr("delete the selected span")),
            (
                "Shift + ← →",
                self.tr("with a span selected: move the boundary nearer to where you clicked"),
            ),
            ("Ctrl + Shift + ← →", self.tr("with a span selected: move that boundary by one word")),
            ("Ctrl+Z / Ctrl+Shift+Z", self.tr("undo / redo, in any document")),
            ("Alt + ← / Alt + →", self.tr("next / previous document")),
            ("Ctrl+Enter", self.tr("mark done and go to the next undone document")),
            ("Ctrl+Shift+Enter", self.tr("skip this document")),
            ("Ctrl+F, Enter, Shift+Enter", self.tr("find in document; next and previous hit")),
            ("Ctrl+= / Ctrl+-", self.tr("zoom in / out")),
        ]
        example = self.tr(
            "Example: لواشنطن labeled PLACE should be واشنطن. Click the highlight on its first "
            "letter, then press Shift+←."
        )
        return "\n".join(f"{k}\t{v}" for k, v in rows) + "\n\n" + example

    def show_keys(self) -> None:
        QMessageBox.information(self, self.tr("Keyboard and mouse"), self.keys_text())

    def edit_labels(self) -> None:
        from .labels_dialog import LabelsDialog

        dialog = LabelsDialog(self.ops, self)
        dialog.exec()

    def _dialog(self, which: str) -> None:
        if which == "import":
            from .import_dialog import ImportDialog

            dialog: Any = ImportDialog(self.project, self, operations=self.ops)
        else:
            from .export_dialog import ExportDialog

            dialog = ExportDialog(self.project, self)
        dialog.exec()
        # the dialog worked on its own connection: do not mistake that for another window
        self._data_version = self.project.data_version()

    # --- closing -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_restored:
            # only once the window has its size: earlier, the splitter would rescale them
            self._splitter_restored = True
            self.splitter.resize(self.centralWidget().size())
            settings.restore_splitter(self.splitter, "main")

    def _start_search_index(self) -> None:
        """Build the normalised search copy in the background (imports leave it to us)."""
        if self._closed or self._index_task is not None or not self.project.unindexed_count():
            return
        # a short pause after each batch hands the GIL back: labeling stays instant
        work = self._index_work(lambda _ctx, _n: time.sleep(0.02), batch=64)
        # no Qt parent: the worker may outlive this window by one batch after a cancel
        self._index_task = Task(work)
        self._index_task.start()

    def _index_work(
        self, after_batch: Callable[[TaskContext, int], None], batch: int
    ) -> Callable[[TaskContext], int]:
        """Work that builds the search copy on the worker's own connection."""
        path, who = self.project.path, self.project.annotator

        def work(ctx: TaskContext) -> int:
            with worker_project(path, who) as p:
                return p.build_search_index(
                    progress=lambda n: after_batch(ctx, n), cancel=ctx.cancelled, batch=batch
                )

        return work

    def _stop_search_index(self) -> None:
        if self._index_task is not None and self._index_task.is_running():
            self._index_task.cancel()
            self._index_task.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_window(self)
        settings.save_splitter(self.splitter, "main")
        self._poll.stop()
        self._search_timer.stop()
        self._stop_search_index()
        super().closeEvent(event)
        if event.isAccepted() and not self._closed:
            self._closed = True
            self.doc_model.set_ids([])  # nothing may read the closed project any more
            self.project.close()


def open_main_window(path: str | Path, annotator: str | None = None) -> MainWindow:
    """Open the project at ``path`` in a new main window (not shown yet)."""
    project = Project.open(path, annotator)
    try:
        return MainWindow(project)
    except BaseException:
        project.close()
        raise
