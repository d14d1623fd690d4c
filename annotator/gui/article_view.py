"""The article view: a read-only, right-to-left QTextEdit where spans are selected and labeled.

Rules this widget keeps (DEVELOPERS.md): the stored text goes in with ``setPlainText`` and nothing
is ever read back from the widget; every position crossing the widget boundary goes through
``OffsetMap``; right-to-left is set on the document's default QTextOption; highlights come from
``SpanHighlighter``; ExtraSelections only carry transient marks (the find bar's hits, the span
link mode stepped to).

Keys (logical direction follows the paragraph: in right-to-left text Left moves forward):
- label hotkeys (1-9 in label order, or a label's own letter): label the selection, or relabel
  the selected span;
- Delete / Backspace: delete the selected span; Escape: clear the selection;
- with a span selected, Shift+Left/Right moves its active boundary by one character and
  Ctrl+Shift+Left/Right by one token. The active boundary is the one nearer to where the span
  was clicked (the start for a span just labeled from the keyboard or picked in the span list).
  So ``لواشنطن`` -> ``واشنطن`` is: click the span on its first letter (right-hand side), then
  Shift+Left.
- without a selected span, Shift+arrows extend the text selection as usual;
- Ctrl+= / Ctrl+- / Ctrl+0: zoom in, out, reset (remembered).
The mouse selection snaps outward to whole tokens when the button is released; hold Alt for
exact characters. Clicking a highlight selects its span (innermost first); clicking again at the
same place cycles through the spans overlapping there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal, cast

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QMenu, QTextEdit, QToolTip, QWidget

from ..core import tokenize as tok
from ..core.model import Document, Label, Span
from . import settings
from .article_layout import article_font, format_blocks, setup_document
from .fonts import arabic_font_family
from .highlighter import SpanHighlighter
from .link_overlay import Link, LinkGeometry, LinkOverlay
from .list_delegate import plain_tooltip
from .offsets import OffsetMap, verify_document
from .span_edges import step_edge
from .text_geometry import char_at, content_offset

if TYPE_CHECKING:
    from ..core.changes import ChangeSet

# Arabic-Indic and Extended Arabic-Indic (Persian) digits -> ASCII, for label hotkeys
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class ArticleView(QTextEdit):
    """Shows one document. Emits requests; the main window turns them into operations."""

    labelRequested = Signal(str)  # label name: label the selection or relabel the selected span
    deleteRequested = Signal(int)  # span id
    boundaryRequested = Signal(int, int, int)  # span id, new start, new end
    spanSelected = Signal(object)  # span id or None
    textSelectionChanged = Signal()  # the user changed the text selection (mouse or keys)
    zoomChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setMouseTracking(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc = self.document()
        setup_document(doc)
        self.links = LinkOverlay(doc)
        # more drawing over the text after it is painted: f(painter, exposed rectangle), both
        # in document coordinates
        self.overlay_painters: list[Callable[[QPainter, QRectF], None]] = []
        # more entries for the context menu: f(menu, viewport point)
        self.context_menu_hooks: list[Callable[[QMenu, QPoint], None]] = []
        # more tooltip lines for a viewport point
        self.tooltip_hooks: list[Callable[[QPoint], list[str]]] = []
        self._family = arabic_font_family()
        self._zoom = settings.zoom_level()
        self._apply_font()

        self.highlighter = SpanHighlighter(doc)
        self.document_: Document | None = None
        self.offsets: OffsetMap | None = None
        self._tokens: list[tuple[int, int]] | None = None
        self._ltr_blocks: set[int] = set()
        self.labels: list[Label] = []
        self._hotkeys: dict[str, str] = {}
        self.selected_span_id: int | None = None
        self.active_boundary: Literal["start", "end"] = "start"
        self._press_pos: QPoint | None = None
        self._press_alt = False
        self._last_click_offset: int | None = None

    # --- font and zoom -------------------------------------------------------------------------

    def _apply_font(self) -> None:
        font = article_font(self._family, self._zoom)
        self.document().setDefaultFont(font)
        self.setFont(font)
        self.links.set_font(font)

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, level: int) -> None:
        self._zoom = settings.set_zoom_level(level)
        self._apply_font()
        self.zoomChanged.emit(self._zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    # --- content -------------------------------------------------------------------------------

    def set_labels(self, labels: list[Label]) -> None:
        self.labels = list(labels)
        keys: dict[str, str] = {}
        for i, label in enumerate(self.labels[:9]):
            keys[str(i + 1)] = label.name
        for label in self.labels:  # a label's own hotkey wins over its position
            if label.hotkey:
                keys[label.hotkey.lower()] = label.name
        self._hotkeys = keys
        self.highlighter.set_label_colors({lab.name: lab.color for lab in self.labels})

    def hotkey_label(self, text: str) -> str | None:
        """The label a key's text selects. Arabic keyboards type Arabic-Indic digits: same keys."""
        if not text:
            return None
        return self._hotkeys.get(text.translate(_DIGITS).lower())

    def set_document(self, document: Document | None, spans: Sequence[Span] = ()) -> None:
        """Show ``document`` with ``spans``. The text is set once and never read back."""
        self.document_ = document
        self.selected_span_id = None
        self.setExtraSelections([])
        self._tokens = None
        if document is None:
            self.offsets = None
            self.links.reset(None)
            self.highlighter.clear_spans()
            self.setPlainText("")
            return
        offsets = OffsetMap(document.text)
        self.offsets = offsets
        # Spans go in before the text: Qt highlights each block as setPlainText creates it,
        # 5x cheaper than rehighlighting a document that is already laid out.
        self.highlighter.set_spans(offsets, spans, rehighlight=False)
        self.setPlainText(document.text)
        doc = self.document()
        verify_document(offsets, doc.characterCount(), doc.blockCount())
        self._ltr_blocks = format_blocks(self.document(), document.text, offsets)
        self.links.reset(offsets, document.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    @property
    def text(self) -> str:
        return self.document_.text if self.document_ is not None else ""

    def tokens(self) -> list[tuple[int, int]]:
        """Every token of the document (the imported ones for token formats)."""
        if self._tokens is None:
            doc = self.document_
            if doc is not None and doc.tokens:
                self._tokens = [(s, e) for s, e in doc.tokens]  # pairs, even if stored as lists
            else:
                self._tokens = tok.tokenize(self.text)
        return self._tokens

    def tokens_near(self, start: int, end: int) -> list[tuple[int, int]]:
        """Tokens of the paragraphs around [start, end), with document offsets.

        Tokens never cross a line break, so tokenising the paragraph before, the ones touched and
        the one after gives the same tokens there as the whole text, at a cost that does not
        grow with the article (a 100,000-character article would take a third of a second).
        """
        if self._tokens is not None or self.offsets is None:
            return self.tokens()
        doc = self.document_
        if doc is not None and doc.tokens:
            return self.tokens()
        first = max(0, self.offsets.block_of(start) - 1)
        last = min(self.offsets.block_count - 1, self.offsets.block_of(end) + 1)
        a, b = self.offsets.block_starts[first], self.offsets.block_end(last)
        return [(s + a, e + a) for s, e in tok.tokenize(self.text[a:b])]

    def apply(self, cs: ChangeSet) -> None:
        """Redraw what a change to the document shown touched (other documents: nothing)."""
        if self.document_ is None:
            return
        removed, added = cs.spans_in(self.document_.id)
        if removed or added:
            mine = {sp.id for sp in added}
            self.apply_change(removed, added, cs.select if cs.select in mine else None)

    def apply_change(
        self, removed: list[Span], added: list[Span], select: int | None = None
    ) -> None:
        """Redraw only what a change touched; ``select`` a span at the same time."""
        previous = self.selected_span_id
        if select is not None:
            self.clear_selection()
            self.highlighter.update_spans(removed, added, selected=select)
        else:
            self.highlighter.update_spans(removed, added)
        self.selected_span_id = self.highlighter.selected_id
        if self.selected_span_id != previous:
            self._links_selection_changed()
            self.spanSelected.emit(self.selected_span_id)

    def spans(self) -> dict[int, Span]:
        return self.highlighter.spans()

    # --- links (link_overlay.py) ---------------------------------------------------------------

    def set_links(self, links: Iterable[Link]) -> None:
        """Draw ``links`` as arrows over the text (replacing any); ``[]`` clears them."""
        self.links.set_links(links)
        self.viewport().update()

    def link_geometry(self, link: Link) -> LinkGeometry | None:
        """Where ``link`` is drawn, in viewport coordinates (None if a span is off the text)."""
        geo = self.links.geometry(link)
        return None if geo is None else geo.translated(-content_offset(self))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.links.links() and not self.overlay_painters:
            return
        origin = content_offset(self)
        painter = QPainter(self.viewport())
        painter.translate(-origin)
        exposed = QRectF(event.rect()).translated(origin)
        for paint in self.overlay_painters:  # suggestions (suggestion_overlay.py)
            paint(painter, exposed)
        if self.links.links():
            span = self.selected_span()
            self.links.paint(
                painter,
                exposed,
                None if span is None else (span.start, span.end),
                self.viewport().palette().color(QPalette.ColorRole.Base),
            )
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.links.invalidate()  # the text is wrapped again
        super().resizeEvent(event)

    # --- selection -----------------------------------------------------------------------------

    def selection_range(self) -> tuple[int, int] | None:
        """Python range of the text selection, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.offsets is None:
            return None
        s, e = self.offsets.range_from_qt(cursor.anchor(), cursor.position())
        return (s, e) if e > s else None

    def set_selection(self, start: int, end: int) -> None:
        """Select Python range [start, end) (cursor at ``end``)."""
        assert self.offsets is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.select_span(None)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def select_span(
        self,
        span_id: int | None,
        boundary: Literal["start", "end"] | None = None,
        scroll: bool = True,
    ) -> None:
        """Make ``span_id`` the selected span: drawn distinctly, the target of Delete, hotkeys."""
        if span_id is not None and span_id not in self.highlighter.spans():
            span_id = None
        if boundary is not None:
            self.active_boundary = boundary
        changed = span_id != self.selected_span_id
        self.selected_span_id = span_id
        self.highlighter.set_selected(span_id)
        if span_id is not None:
            self.clear_selection()
            if scroll:
                self.scroll_to(self.highlighter.spans()[span_id].start)
        if changed:
            self._links_selection_changed()
            self.spanSelected.emit(span_id)

    def _links_selection_changed(self) -> None:
        if self.links.links():  # the selected span's links are drawn strong
            self.viewport().update()

    def selected_span(self) -> Span | None:
        if self.selected_span_id is None:
            return None
        return self.highlighter.spans().get(self.selected_span_id)

    def scroll_to(self, offset: int) -> None:
        if self.offsets is None:
            return
        rect = self.position_rect(offset)
        bar = self.verticalScrollBar()
        viewport_h = self.viewport().height()
        if rect.top() < 0 or rect.bottom() > viewport_h:
            bar.setValue(bar.value() + rect.center().y() - viewport_h // 2)

    def position_rect(self, offset: int) -> QRect:
        """Viewport rectangle of the cursor at Python ``offset`` (for tests and scrolling)."""
        assert self.offsets is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(offset))
        return self.cursorRect(cursor)

    def offset_at(self, point: QPoint) -> int | None:
        """Python offset of the character under viewport ``point``, None if there is none."""
        if self.offsets is None or not self.text:
            return None
        return char_at(self.document(), self.offsets, content_offset(self) + QPointF(point))

    def spans_at_point(self, point: QPoint) -> list[Span]:
        offset = self.offset_at(point)
        return [] if offset is None else self.highlighter.spans_at(offset)

    def tooltip_text(self, point: QPoint) -> str:
        from .i18n import label_display_name

        spans = self.spans_at_point(point)
        labels = {lab.name: lab for lab in self.labels}
        lines = []
        for sp in spans:
            lab = labels.get(sp.label)
            name = label_display_name(lab) if lab is not None else sp.label
            lines.append(f"{name}: {sp.text}")
        for extra in self.tooltip_hooks:  # a suggestion there
            lines += extra(point)
        return "\n".join(lines)

    # --- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
            self._press_alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.offsets is None:
            return
        alt = self._press_alt or bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        press = self._press_pos
        self._press_pos = None
        cursor = self.textCursor()
        if cursor.hasSelection():
            self.select_span(None)
            if not alt:
                self._snap_selection(cursor)
            self.textSelectionChanged.emit()
            return
        moved = press is not None and (press - event.position().toPoint()).manhattanLength() > 3
        if not moved:
            self._click(event.position().toPoint())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # Qt's word selection keeps Arabic punctuation (، ؟ «) and bidi marks: use our tokens.
        if event.button() != Qt.MouseButton.LeftButton or self.offsets is None:
            super().mouseDoubleClickEvent(event)
            return
        offset = self.offset_at(event.position().toPoint())
        if offset is None:
            return
        token = tok.token_at(self.text, offset, self.tokens_near(offset, offset))
        if token is not None:
            self.set_selection(*token)
            self.textSelectionChanged.emit()

    def _snap_selection(self, cursor: QTextCursor) -> None:
        assert self.offsets is not None
        s, e = self.offsets.range_from_qt(cursor.anchor(), cursor.position())
        if e <= s:
            return
        s2, e2 = tok.snap_words(self.text, s, e, self.tokens_near(s, e))
        if (s2, e2) == (s, e):
            return
        forward = cursor.position() >= cursor.anchor()
        new = QTextCursor(self.document())
        a, b = (s2, e2) if forward else (e2, s2)
        new.setPosition(self.offsets.to_qt(a))
        new.setPosition(self.offsets.to_qt(b), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(new)

    def _click(self, point: QPoint) -> None:
        offset = self.offset_at(point)
        spans = [] if offset is None else self.highlighter.spans_at(offset)
        if not spans:
            self.select_span(None)
            self._last_click_offset = None
            return
        spans.reverse()  # innermost (shortest) first
        ids = [sp.id for sp in spans]
        if self.selected_span_id in ids and self._last_click_offset is not None:
            nxt = spans[(ids.index(self.selected_span_id) + 1) % len(spans)]
        else:
            nxt = spans[0]
        self._last_click_offset = offset
        assert offset is not None
        near: Literal["start", "end"] = (
            "start" if offset - nxt.start <= (nxt.end - 1) - offset else "end"
        )
        self.select_span(nxt.id, boundary=near, scroll=False)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            text = self.tooltip_text(help_event.pos())
            if text:
                QToolTip.showText(help_event.globalPos(), plain_tooltip(text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        from .i18n import label_display_name

        point = event.pos()
        if self.selection_range() is None and self.selected_span_id is None:
            spans = self.spans_at_point(point)
            if spans:
                self.select_span(spans[-1].id, scroll=False)
        menu = QMenu(self)
        can_label = self.selection_range() is not None or self.selected_span_id is not None
        for i, label in enumerate(self.labels):
            key = label.hotkey or (str(i + 1) if i < 9 else "")
            action = menu.addAction(label_display_name(label))
            if key:
                action.setShortcut(QKeySequence(key))
            action.setEnabled(can_label)
            action.triggered.connect(lambda _=False, n=label.name: self.labelRequested.emit(n))
        if self.selected_span_id is not None:
            menu.addSeparator()
            delete = menu.addAction(self.tr("Delete span"))
            delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            sid = self.selected_span_id
            delete.triggered.connect(lambda _=False: self.deleteRequested.emit(sid))
        for extend in self.context_menu_hooks:  # suggestions: accept / reject the one here
            extend(menu, point)
        menu.addSeparator()
        copy = menu.addAction(self.tr("Copy"))
        copy.setEnabled(self.textCursor().hasSelection())
        copy.triggered.connect(self._copy_selection)
        menu.exec(event.globalPos())

    def _copy_selection(self) -> None:
        rng = self.selection_range()
        if rng is not None:
            # from the stored text, not the widget (which would turn breaks into U+2029)
            QApplication.clipboard().setText(self.text[rng[0] : rng[1]])

    # --- keyboard ------------------------------------------------------------------------------

    def block_is_rtl(self, offset: int) -> bool:
        if self.offsets is None:
            return True
        return self.offsets.block_of(offset) not in self._ltr_blocks

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)

        if ctrl and not alt and key in (Qt.Key.Key_Equal, Qt.Key.Key_Plus):
            self.zoom_in()
            return
        if ctrl and not alt and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
            return
        if ctrl and not alt and not shift and key == Qt.Key.Key_0:
            self.set_zoom(0)
            return
        if key == Qt.Key.Key_Escape and (
            self.selected_span_id is not None or self.textCursor().hasSelection()
        ):
            self.select_span(None)
            self.clear_selection()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not ctrl and not alt:
            if self.selected_span_id is not None:
                self.deleteRequested.emit(self.selected_span_id)
                return
        if (
            shift
            and not alt
            and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and self.selected_span_id is not None
        ):
            self._move_boundary(key == Qt.Key.Key_Left, by_token=ctrl)
            return
        if not ctrl and not alt:
            name = self.hotkey_label(event.text())
            if name is not None:
                # also with nothing selected: the window then says why nothing was labeled
                self.labelRequested.emit(name)
                return
        before = self.textCursor()
        super().keyPressEvent(event)
        if shift and self.textCursor().position() != before.position():
            # a keyboard selection replaces the selected span
            self.select_span(None)
            self.textSelectionChanged.emit()

    def _move_boundary(self, left: bool, by_token: bool) -> None:
        span = self.selected_span()
        if span is None:
            return
        edge = span.start if self.active_boundary == "start" else span.end
        # in right-to-left text the Left key moves forward in logical order
        probe = edge if self.active_boundary == "start" else max(span.start, edge - 1)
        forward = left if self.block_is_rtl(probe) else not left
        tokens = self.tokens_near(edge, edge) if by_token else None
        new = step_edge(self.text, edge, forward, self.active_boundary, tokens)
        start, end = (new, span.end) if self.active_boundary == "start" else (span.start, new)
        if start >= end or (start, end) == (span.start, span.end):
            QApplication.beep()
            return
        self.boundaryRequested.emit(span.id, start, end)
