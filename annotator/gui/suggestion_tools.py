"""Suggestions in the main window (issue 12): outlines in the article, the keys that accept,
reject and step through them, the list under the spans, Document > Accept all and
Document > Pre-annotate, and propagation after every label.

Keys, in the article view, when no link is being made (frames: ``MainWindow.is_linking``):
- **Tab** / **Shift+Tab**: make the next / previous suggestion current (drawn strong, scrolled to);
- **Enter**: accept the current suggestion, else the one at the text cursor or the next after it;
- **Backspace**: reject it the same way (with a span selected, Backspace deletes the span, as ever);
- **A** / **X**: accept / reject, only while a suggestion is current: otherwise they are what they
  always were (a label's letter hotkey). Selecting text or a span, or **Esc**, ends "current";
- after accepting or rejecting, the next suggestion becomes current: Enter, Enter, X, Enter…
- **Ctrl+Shift+A**: accept every suggestion of the document (one undo step).
Accepting makes an ordinary span through ``Operations`` (undoable with Ctrl+Z).
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QLabel, QMenu

from ..core.changes import ChangeSet
from ..core.model import Suggestion
from ..core.project.suggestions import suggestion_from_row
from . import settings
from .i18n import label_display_name
from .suggestion_list import SuggestionList
from .suggestion_overlay import SuggestionOverlay
from .suggestion_tasks import SuggestionWork, pre_annotate

# The main window (main_window imports this module: importing it back would be a cycle).
MainWindow = Any

# lupdate finds strings by the name ``translate``; they keep the main window's context
translate = QCoreApplication.translate

# Up to this length the open document's propagation runs at once on the UI thread (1,000
# characters: under 1 ms; 100,000: about 20 ms, which labeling would feel).
SYNC_PROPAGATION_CHARS = 20_000
_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_REJECT_KEYS = (Qt.Key.Key_Backspace,)


class SuggestionTools(QObject):
    """The window's suggestions: state of the open document, keys, actions, background work."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.project = window.project
        self.ops = window.ops
        self.view = window.view
        self.overlay = SuggestionOverlay(self.view)
        self.view.overlay_painters.append(self.overlay.paint)
        self.work = SuggestionWork(window)
        self.pre_annotate_task: Any = None
        self._scheduled = 0  # propagations waiting for the event loop
        self._press: QPoint | None = None  # where the left button went down (click or drag)

        # at the foot of the side column, under the spans and the frame panel: title and list
        self.title = QLabel(window)
        self.list = SuggestionList(window)
        layout = window.side_layout
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.list.setMaximumHeight(160)
        self.list.setItemDelegate(window.span_list.itemDelegate())
        self.list.suggestionChosen.connect(self._chosen_in_list)

        # the status bar's "3 suggestions — Enter accept, X reject, Tab next"
        self.status = QLabel(window)
        self.status.setObjectName("suggestionStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # permanent, as the background line: a status message is never drawn under it
        window.statusBar().addPermanentWidget(self.status)

        self.accept_all_action = window._action(
            "acceptAllSuggestionsAction", self.accept_all, ["Ctrl+Shift+A"]
        )
        self.pre_annotate_action = window._action("preAnnotateAction", self.pre_annotate)
        self.propagate_action = QAction(window)
        self.propagate_action.setObjectName("propagateAction")
        self.propagate_action.setCheckable(True)
        self.propagate_action.setChecked(settings.propagation_enabled())
        self.propagate_action.toggled.connect(settings.set_propagation_enabled)
        window.doc_menu.addSeparator()
        window.doc_menu.addAction(self.accept_all_action)
        window.doc_menu.addAction(self.pre_annotate_action)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.propagate_action)
        window.view_menu.aboutToShow.connect(
            lambda: self.propagate_action.setChecked(settings.propagation_enabled())
        )

        self._viewport = self.view.viewport()
        self.view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        self.view.context_menu_hooks.append(self._context_menu)
        self.view.tooltip_hooks.append(self._tooltip)
        self.view.spanSelected.connect(self._span_selected)
        self.view.textSelectionChanged.connect(lambda: self.set_current(None, scroll=False))
        window.documentChanged.connect(self.show_document)
        self.ops.changed.connect(self._on_changed)
        self.retranslate()
        self.show_document(window.current_id)

    def retranslate(self) -> None:
        self.accept_all_action.setText(translate("MainWindow", "&Accept all suggestions"))
        self.pre_annotate_action.setText(translate("MainWindow", "&Pre-annotate…"))
        self.propagate_action.setText(
            translate("MainWindow", "Suggest a labeled name &everywhere it occurs")
        )
        self.title.setText(translate("MainWindow", "Suggestions"))
        self.work.retranslate()
        self._update_status()

    def set_labels(self) -> None:
        self.list.set_labels(self.view.labels)
        self.view.viewport().update()

    # --- the open document ---------------------------------------------------------------------

    def show_document(self, doc_id: int | None) -> None:
        items = [] if doc_id is None else self.project.suggestions(doc_id)
        self.overlay.set_suggestions(items)
        self.list.set_labels(self.view.labels)
        self.list.show_items(self.overlay.items(), None)
        self._update_status()

    def _on_changed(self, cs: ChangeSet) -> None:
        doc_id = self.window.current_id
        if doc_id is None or self.window._closed:
            return
        if cs.labels_changed:
            self.set_labels()
        out_rows, in_rows = cs.rows_in("suggestions", doc_id)
        if out_rows or in_rows:
            self.overlay.apply(
                [suggestion_from_row(r) for r in out_rows],
                [suggestion_from_row(r) for r in in_rows],
            )
            self.list.show_items(self.overlay.items(), self.overlay.current)
            self._update_status()
        if cs.kind:
            return  # undo and redo replay what was; they propose nothing new
        if cs.action in ("add_span", "update_span") and settings.propagation_enabled():
            spans = list(cs.added) + [new for old, new in cs.changed if old.label != new.label]
            for span in spans:
                # after this change has been painted; at once, in the document; then everywhere
                self._scheduled += 1
                QTimer.singleShot(0, lambda sid=span.id: self._propagate(sid))
        if any(now == "done" and was != "done" for was, now in cs.statuses.values()):
            self._count_done()

    def busy(self) -> bool:
        """Suggestion work is scheduled or running (tests and benchmarks wait for it)."""
        return bool(self._scheduled) or self.work.busy() or self.pre_annotate_task is not None

    def _propagate(self, span_id: int) -> None:
        self._scheduled -= 1
        if self.window._closed or span_id not in self.view.spans():
            return  # undone meanwhile
        if len(self.view.text) <= SYNC_PROPAGATION_CHARS:
            # a news article: a millisecond or two, so at once, on this thread
            self.ops.run(lambda: self.project.propagate_span(span_id))
            self.work.propagate(span_id)
        else:
            # a long text (20 ms at 100,000 characters): its own pass comes first in the helper
            self.work.propagate(span_id, first_document=self.window.current_id)

    def _count_done(self) -> None:
        """Train again in the background once enough more documents are done, if a model
        was trained here before (Document > Pre-annotate starts it)."""
        every = settings.retrain_every()
        if every and self.project.model_info() is not None and self.project.training_due(every):
            self.work.retrain()

    # --- current suggestion ---------------------------------------------------------------------

    def set_current(self, suggestion_id: int | None, scroll: bool = True) -> None:
        self.overlay.set_current(suggestion_id)
        current = self.overlay.get(self.overlay.current)
        if current is not None:
            if self.view.selected_span_id is not None:
                self.view.select_span(None)
            self.view.clear_selection()
            if scroll:
                self.view.scroll_to(current.start)
        self.list.follow(self.overlay.current)
        self._update_status()

    def current(self) -> Suggestion | None:
        return self.overlay.get(self.overlay.current)

    def _span_selected(self, span_id: int | None) -> None:
        if span_id is not None and self.overlay.current is not None:
            self.set_current(None, scroll=False)

    def _target(self) -> Suggestion | None:
        """What Enter and Backspace act on: the current suggestion, else the one at the text
        cursor or the next after it."""
        current = self.current()
        if current is not None:
            return current
        offsets = self.view.offsets
        if offsets is None or not len(self.overlay):
            return None
        return self.overlay.at_or_after(offsets.from_qt(self.view.textCursor().position()))

    def step(self, forward: bool) -> None:
        offsets = self.view.offsets
        cursor = None if offsets is None else offsets.from_qt(self.view.textCursor().position())
        found = self.overlay.step(cursor, forward)
        if found is not None:
            self.set_current(found.id)

    def _chosen_in_list(self, suggestion_id: int) -> None:
        self.set_current(suggestion_id)
        self.view.setFocus()

    # --- accept and reject ----------------------------------------------------------------------

    def accept(self, suggestion: Suggestion | None = None) -> ChangeSet | None:
        """Accept ``suggestion`` (default: the one Enter acts on); the next becomes current."""
        target = suggestion or self._target()
        if target is None:
            return None
        following = self._after(target)
        cs = self.ops.run(lambda: self.project.accept_suggestion(target.id))
        if cs is not None:
            self._moved_on(following)
            name = label_display_name(self._label(target.label))
            self.window.statusBar().showMessage(
                translate("MainWindow", "Accepted %1: %2 (Ctrl+Z undoes)")
                .replace("%1", name)
                .replace("%2", target.text),
                4000,
            )
        return cs

    def reject(self, suggestion: Suggestion | None = None) -> ChangeSet | None:
        target = suggestion or self._target()
        if target is None:
            return None
        following = self._after(target)
        cs = self.ops.run(lambda: self.project.reject_suggestion(target.id))
        if cs is not None:
            self._moved_on(following)
        return cs

    def accept_all(self) -> ChangeSet | None:
        doc_id = self.window.current_id
        if doc_id is None or not len(self.overlay):
            self.window.statusBar().showMessage(
                translate("MainWindow", "No suggestions in this document."), 4000
            )
            return None
        cs = self.ops.run(lambda: self.project.accept_suggestions(doc_id))
        if cs is not None:
            self.view.select_span(None)
        return cs

    def _after(self, target: Suggestion) -> int | None:
        """The suggestion that becomes current once ``target`` is gone."""
        if len(self.overlay) < 2:
            return None
        was = self.overlay.current
        self.overlay.current = target.id
        nxt = self.overlay.step(target.start, True)
        self.overlay.current = was
        return None if nxt is None or nxt.id == target.id else nxt.id

    def _moved_on(self, following: int | None) -> None:
        # the accepted span is not selected: the keys keep walking through the suggestions
        if self.view.selected_span_id is not None:
            self.view.select_span(None)
        self.set_current(following)

    def _label(self, name: str) -> Any:
        return next((lab for lab in self.view.labels if lab.name == name), name)

    # --- keys and clicks -------------------------------------------------------------------------

    def _linking(self) -> bool:
        """A link is being made (frames): Tab, Enter and Esc are that mode's then."""
        return self.window.is_linking()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view and event.type() == QEvent.Type.KeyPress:
            return self._key(cast(QKeyEvent, event))
        if (
            obj is self._viewport
            and event.type() == QEvent.Type.MouseButtonPress
            and cast(QMouseEvent, event).button() == Qt.MouseButton.LeftButton
        ):
            self._press = cast(QMouseEvent, event).position().toPoint()
        if (
            obj is self._viewport
            and event.type() == QEvent.Type.MouseButtonRelease
            and cast(QMouseEvent, event).button() == Qt.MouseButton.LeftButton
        ):
            self._clicked(cast(QMouseEvent, event).position().toPoint())
        return super().eventFilter(obj, event)

    def _tooltip(self, point: QPoint) -> list[str]:
        offset = self.view.offset_at(point)
        found = self.overlay.at(offset) if offset is not None else None
        if found is None:
            return []
        name = label_display_name(self._label(found.label))
        text = translate("MainWindow", "Suggested %1: %2 (Enter accept, X reject)")
        return [text.replace("%1", name).replace("%2", found.text)]

    def _context_menu(self, menu: QMenu, point: QPoint) -> None:
        """Accept / Reject for the suggestion under the mouse."""
        offset = self.view.offset_at(point)
        found = self.overlay.at(offset) if offset is not None else None
        if found is None:
            return
        menu.addSeparator()
        accept = menu.addAction(translate("MainWindow", "Accept suggestion"))
        accept.setShortcut(QKeySequence(Qt.Key.Key_Return))
        accept.triggered.connect(lambda _=False: self.accept(found))
        reject = menu.addAction(translate("MainWindow", "Reject suggestion"))
        reject.setShortcut(QKeySequence(Qt.Key.Key_Backspace))
        reject.triggered.connect(lambda _=False: self.reject(found))

    def _clicked(self, point: QPoint) -> None:
        """A click on an outline where no span is makes that suggestion current."""
        press = self._press
        if press is not None and (press - point).manhattanLength() > 3:
            return  # a drag selects text
        offset = self.view.offset_at(point)
        if offset is None or self.view.highlighter.spans_at(offset):
            self.set_current(None, scroll=False)
            return
        found = self.overlay.at(offset)
        self.set_current(found.id if found is not None else None, scroll=False)

    def _key(self, event: QKeyEvent) -> bool:
        """True when the key was a suggestion key (handled here)."""
        if not len(self.overlay) or self._linking():
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        has_current = self.overlay.current is not None
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.step(not backwards)
            return True
        if mods & Qt.KeyboardModifier.ShiftModifier:
            return False
        if key == Qt.Key.Key_Escape and has_current:
            self.set_current(None, scroll=False)
            return True
        text_selected = self.view.textCursor().hasSelection()
        if key in _ACCEPT_KEYS and (has_current or not text_selected):
            self.accept()
            return True
        if key in _REJECT_KEYS and (
            has_current or (not text_selected and self.view.selected_span_id is None)
        ):
            self.reject()
            return True
        letter = event.text().lower()
        if has_current and letter == "a":
            self.accept()
            return True
        if has_current and letter == "x":
            self.reject()
            return True
        return False

    def _update_status(self) -> None:
        n = len(self.overlay)
        if not n:
            self.status.setText("")
            self.status.hide()
            return
        current = self.current()
        keys = translate("MainWindow", "Enter accept, X reject, Tab next")
        if current is not None:
            name = label_display_name(self._label(current.label))
            text = translate("MainWindow", "Suggestion: %1 %2").replace("%1", name)
            text = text.replace("%2", current.text)
            count = self.tr("%n suggestion(s)", "", n)
            self.status.setText(f"{text} ({count}) — {keys}")
        else:
            count = self.tr("%n suggestion(s)", "", n)
            self.status.setText(f"{count} — {keys}")
        self.status.show()

    # --- pre-annotation ---------------------------------------------------------------------------

    def pre_annotate(self) -> None:
        if self.pre_annotate_task is not None:
            return

        def finished() -> None:
            self.pre_annotate_task = None

        self.pre_annotate_task = pre_annotate(self.window, finished)

    def stop(self) -> None:
        """The window is closing."""
        self.view.removeEventFilter(self)
        self._viewport.removeEventFilter(self)
        self.work.stop()
        task = self.pre_annotate_task
        if task is not None:
            task.cancel()
            task.wait()
        self.work.close()
