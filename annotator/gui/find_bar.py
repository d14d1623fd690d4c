"""The find bar over the article: find with Arabic normalisation, step through the hits."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from ..core.matching import find_hits
from .article_view import ArticleView
from .search_options import SearchOptionsButton

FIND_COLOR = QColor("#fff176")
# The current hit is outlined, not filled: a label may take any colour (EVENT's orange was close to
# the old orange fill), but no label is ever drawn as an outline.
FIND_OUTLINE_COLOR = QColor("#1a1a1a")
MAX_FIND_MARKS = 1000


class CurrentHitOutline(QWidget):
    """A frame drawn around the current find hit, over the article's viewport."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName("findOutline")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._range: tuple[object, int, int] | None = None
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        self.resize(view.viewport().size())
        self.show()

    def set_range(self, hit: tuple[int, int] | None) -> None:
        # remembered with its document: a hit never outlines text of another document
        self._range = None if hit is None else (self.view.document_, *hit)
        self.update()

    def line_rects(self) -> list[QRect]:
        """One rectangle per visual line of the current hit, in viewport coordinates."""
        view = self.view
        if self._range is None or view.offsets is None:
            return []
        doc, start, end = self._range
        if doc is not view.document_ or end > len(view.text):
            return []
        lines: dict[int, QRect] = {}
        for offset in range(start, end + 1):
            r = view.position_rect(offset)
            lines[r.top()] = lines[r.top()].united(r) if r.top() in lines else r
        return [r.adjusted(-3, -1, 3, 1) for r in lines.values() if r.width() > 1]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.resize(self.view.viewport().size())
        return super().eventFilter(obj, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        rects = self.line_rects()
        if not rects:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(FIND_OUTLINE_COLOR, 2))
        for r in rects:
            painter.drawRoundedRect(r, 3, 3)
        painter.end()


class FindBar(QWidget):
    """Find in the current document with Arabic normalisation.

    Enter selects the current hit and hands the focus to the article, so the next label key
    labels exactly that hit; Shift+Enter steps back, F3 (the window's Find next) forward.
    """

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
        self.outline = CurrentHitOutline(view)
        self.edit.textChanged.connect(self.search)
        self.edit.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Find in document (Arabic letters match any form)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self._show_count()

    def open_bar(self) -> None:
        # open already (Ctrl+F after F3): keep the current hit, so Enter then selects that one
        keep = self.isVisible() and bool(self.hits)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        if not keep:
            self.search()

    def close_bar(self) -> None:
        self.hide()
        self.hits, self.current = [], -1
        self._mark_hits()
        self.view.setFocus()
        self.closed.emit()

    def search(self) -> None:
        query = self.edit.text()
        text = self.view.text
        found = query.strip() and text
        self.hits = find_hits(text, query, **self.options.options()) if found else []
        self.current = 0 if self.hits else -1
        self._mark_hits()
        self._show_count()

    def step(self, delta: int) -> None:
        if not self.hits:
            return
        self.current = (self.current + delta) % len(self.hits)
        self._mark_hits()
        self._show_count()

    def select_current(self) -> None:
        """Select the current hit as a text selection and focus the article (a key labels it)."""
        if 0 <= self.current < len(self.hits):
            self.view.set_selection(*self.hits[self.current])
            self.view.setFocus()

    def _mark_hits(self) -> None:
        """Mark the hits on the article (ExtraSelections: transient) and show the current one."""
        view, offsets = self.view, self.view.offsets
        if offsets is None:
            view.setExtraSelections([])
            return
        selections = []
        hits = list(enumerate(self.hits))
        if len(hits) > MAX_FIND_MARKS:
            # ExtraSelections repaint as a whole list (shared NOTES.md): mark the hits around
            # the current one; stepping moves the window along
            first = max(0, min(self.current - MAX_FIND_MARKS // 2, len(hits) - MAX_FIND_MARKS))
            hits = hits[first : first + MAX_FIND_MARKS]
        for _i, (s, e) in hits:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(view.document())
            cursor.setPosition(offsets.to_qt(s))
            cursor.setPosition(offsets.to_qt(e), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(FIND_COLOR)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            sel.format = fmt
            selections.append(sel)
        view.setExtraSelections(selections)
        if 0 <= self.current < len(self.hits):
            view.scroll_to(self.hits[self.current][0])
            self.outline.set_range(self.hits[self.current])
        else:
            self.outline.set_range(None)

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
            key_event = cast(QKeyEvent, event)
            key = key_event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.step(-1)
                else:
                    self.select_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)
