"""The main window: document list, article view, label palette, span list, find bar.

Every change goes through ``Operations``; the window turns view requests (a hotkey, a palette
click, Delete, Shift+arrow) into operations and hands each ``ChangeSet`` to the views, which
redraw only what it names, so labeling stays as fast on a 100,000-character article as on a
short one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from ..core.changes import ChangeSet
from ..core.model import Label, Span
from ..core.project import Project
from . import i18n, keys_help, project_menu, settings
from .article_view import ArticleView
from .document_list import DocumentPanel
from .find_bar import FindBar
from .frames_ui import FramesUI
from .list_delegate import BidiItemDelegate
from .operations import Operations
from .palette import LabelPalette
from .project_tools import ProjectTools
from .project_watcher import ProjectWatcher
from .review_panel import ReviewMode
from .span_list import SpanList
from .suggestion_tools import SuggestionTools


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
        # a refused write (a span that already exists, a busy project): one line, the window
        # stays usable
        self.ops.failed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.current_id: int | None = None
        self._closed = False
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
        self.documents = DocumentPanel(project, self)
        self.status_filter = self.documents.status_filter
        self.search_edit = self.documents.search_edit
        self.search_options = self.documents.search_options
        self.doc_list = self.documents.doc_list
        self.doc_model = self.doc_list.doc_model

        # right: label palette and span list
        right = QWidget(self)
        # the side column; the suggestion list goes under it (suggestion_tools.py)
        self.side_layout = rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 4, 4, 4)
        self.palette_title = QLabel(right)
        self.label_palette = LabelPalette(right)
        self.spans_title = QLabel(right)
        self.span_list = SpanList(right)
        self.span_model = self.span_list.span_model
        # frames and relations (frames_ui.py): the Link button, the frame panel under the spans
        self.frames = FramesUI(self, self)
        rl.addWidget(self.palette_title)
        rl.addWidget(self.label_palette)
        rl.addWidget(self.frames.link_button)
        rl.addWidget(self.spans_title)
        rl.addWidget(self.frames.side_splitter(self.span_list, right), 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.documents)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760, 260])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("progressLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_label)

        self._make_actions()
        self._make_menus()

        self.view.labelRequested.connect(self.apply_label)
        self.view.deleteRequested.connect(self.delete_span)
        self.view.boundaryRequested.connect(self._move_boundary)
        self.view.spanSelected.connect(self.span_list.follow)
        self.label_palette.labelChosen.connect(self._palette_clicked)
        self.span_list.spanChosen.connect(self._span_clicked)
        self.doc_list.documentChosen.connect(self._doc_clicked)
        self._bidi = BidiItemDelegate(self)
        self.doc_list.setItemDelegate(self._bidi)
        self.span_list.setItemDelegate(self._bidi)
        # label hotkeys and Delete work while a list has the focus too
        for widget in (self.doc_list, self.span_list, self.label_palette):
            widget.installEventFilter(self)
        self.documents.statusChanged.connect(self._filter_changed)
        self.documents.searchChanged.connect(self._apply_search)

        self.watcher = ProjectWatcher(project, self)
        self.watcher.changedElsewhere.connect(self._changed_elsewhere)
        self.watcher.failed.connect(self._project_unreadable)

        # Tools > Check project, File > Restore from backup…, backups on open and close
        self.tools = ProjectTools(self)
        # suggestions: outlines, keys, list, Accept all, Pre-annotate, propagation (issue 12)
        self.suggestions = SuggestionTools(self)
        # Tools > Review…: adjudicating annotators' layers into the gold layer
        self.review = ReviewMode(self)
        self._set_labels(project.labels())
        self.retranslate()
        self.reload_documents()
        self.open_document(self.doc_list.resume_id())
        self.resize(1280, 800)
        settings.restore_window(self)
        self._splitter_restored = False
        self.view.setFocus()

    # --- actions and menus ---------------------------------------------------------------------

    def _action(
        self,
        name: str,
        slot: Any,
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcuts(keys_help.key_sequences(shortcuts))
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
        self.link_action, self.definitions_action = self.frames.make_actions(self._action)
        self.zoom_in_action = self._action("zoomInAction", self.view.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.zoom_out_action = self._action("zoomOutAction", self.view.zoom_out, ["Ctrl+-"])
        self.labels_action = self._action("labelsAction", self.edit_labels)
        self.preferences_action = self._action("preferencesAction", self.edit_preferences)
        self.import_action = self._action("importAction", lambda: self._dialog("import"))
        self.export_action = self._action("exportAction", lambda: self._dialog("export"))
        project_menu.install(self)
        self._update_actions()

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        project_menu.fill_file_menu(self)
        self.edit_menu = bar.addMenu("")
        for a in (self.undo_action, self.redo_action, self.find_action, self.find_next_action):
            self.edit_menu.addAction(a)
        self.edit_menu.addAction(self.link_action)
        self.edit_menu.addAction(self.definitions_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.preferences_action)
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
        self.preferences_action.setText(self.tr("&Preferences…"))
        self.import_action.setText(self.tr("&Import…"))
        self.export_action.setText(self.tr("&Export…"))
        project_menu.retranslate(self)
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.doc_menu.setTitle(self.tr("&Document"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.keys_action.setText(self.tr("&Keyboard and mouse"))
        self.frames.retranslate()  # before the shortcuts are shown left to right
        keys_help.show_shortcuts_ltr(self.actions(), i18n.is_rtl())
        self.language_menu.setTitle(self.tr("&Language"))
        self.palette_title.setText(self.tr("Labels"))
        self.spans_title.setText(self.tr("Spans in this document"))
        if hasattr(self, "tools"):
            self.tools.retranslate()
        if hasattr(self, "suggestions"):
            self.suggestions.retranslate()
        if hasattr(self, "review"):
            self.review.retranslate()
        self.documents.retranslate()
        self.label_palette.rebuild()
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
            self.label_palette,
        ):
            key_event = cast(QKeyEvent, event)
            mods = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            plain = not mods & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            name = self.view.hotkey_label(key_event.text()) if plain else None
            if name is not None:  # with nothing selected, apply_label says why
                self.apply_label(name)
                return True
            if (
                plain
                and key_event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
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
        self.doc_list.load(
            self._status_filter, self._search or None, **self.search_options.options()
        )
        self.doc_list.select_document(self.current_id)
        self._update_status_bar()

    def _filter_changed(self) -> None:
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

        def done(_n: object) -> None:
            self.reload_documents()

        def cancelled() -> None:
            self.documents.clear_search()
            self._search = ""
            self.reload_documents()
            self.statusBar().showMessage(self.tr("Search cancelled."), 5000)

        self.watcher.finish_index(self, self.tr("Preparing search…"), done, cancelled)

    def _doc_clicked(self, doc_id: int) -> None:
        if doc_id != self.current_id:
            self.open_document(doc_id)

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
        self.span_list.show_document(doc_id, spans)
        self.label_palette.show_document(doc_id, spans)
        self.frames.show_document(doc_id)
        self.doc_list.select_document(doc_id)
        if self.find_bar.isVisible():
            self.find_bar.search()
        self._update_title()
        if doc_id is not None:
            self.doc_list.remember(doc_id)
        self.documentChanged.emit(doc_id)

    def go(self, step: int) -> None:
        """Next (+1) or previous (-1) document in the list as filtered."""
        doc_id = self.doc_list.neighbour(self.current_id, step)
        if doc_id is not None:
            self.open_document(doc_id)

    def done_and_next(self) -> None:
        self._set_status_and_next("done")

    def skip(self) -> None:
        self._set_status_and_next("skipped")

    def _set_status_and_next(self, status: str) -> None:
        # a refused write (the project busy with another program's import) stays here
        if self.current_id is not None and self.ops.set_status(self.current_id, status):
            self._go_next_undone()

    def mark_in_progress(self) -> None:
        if self.current_id is not None:
            self.ops.set_status(self.current_id, "in_progress")

    def _go_next_undone(self) -> None:
        nxt = self.doc_list.next_undone_id(self.current_id)
        if nxt is None:
            self.statusBar().showMessage(self.tr("Every document is done or skipped."), 8000)
            return
        self.open_document(nxt)

    # --- labeling ------------------------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """Label the text selection, or relabel the selected span; else say why not."""
        if self.current_id is None:
            self.statusBar().showMessage(self.tr("No document is open: nothing to label."), 6000)
            return
        span = self.view.selected_span()
        if span is not None:
            if span.label != name:
                self.frames.relabel(span.id, name)  # asks first if links would go
            return
        rng = self.view.selection_range()
        if rng is None:
            label = next((lb for lb in self.view.labels if lb.name == name), None)
            self.statusBar().showMessage(
                self.tr("Nothing selected for %1: select text or click a highlight first.").replace(
                    "%1", i18n.label_display_name(label or name)
                ),
                6000,
            )
            return
        self.view.active_boundary = "start"
        self.ops.add_span(self.current_id, rng[0], rng[1], name)

    def delete_span(self, span_id: int) -> None:
        self.ops.delete_span(span_id)

    def _move_boundary(self, span_id: int, start: int, end: int) -> None:
        self.ops.move_boundaries(span_id, start, end)

    def undo(self) -> None:
        cs = self.ops.undo(on_error=self._history_refused(self.tr("Cannot undo: %1")))
        if cs is not None:
            self.statusBar().showMessage(self.tr("Undone: %1").replace("%1", cs.description), 3000)

    def redo(self) -> None:
        cs = self.ops.redo(on_error=self._history_refused(self.tr("Cannot redo: %1")))
        if cs is not None:
            self.statusBar().showMessage(self.tr("Redone: %1").replace("%1", cs.description), 3000)

    def is_linking(self) -> bool:
        """A link is being made (R): Tab, Enter and Esc belong to link mode until it ends."""
        return self.frames.link_mode.active

    def _history_refused(self, template: str) -> Callable[[str], None]:
        return lambda message: self.statusBar().showMessage(template.replace("%1", message), 8000)

    def _palette_clicked(self, name: str) -> None:
        if name:
            self.apply_label(name)
        self.view.setFocus()

    def _span_clicked(self, span_id: int) -> None:
        self.view.select_span(span_id, boundary="start")
        self.view.setFocus()

    # --- reacting to changes -------------------------------------------------------------------

    def _set_labels(self, labels: list[Label]) -> None:
        self.view.set_labels(labels)
        self.span_list.set_labels(labels)
        self.label_palette.set_labels(labels)
        self.suggestions.set_labels()
        self.frames.set_labels(labels)

    def _on_changed(self, cs: ChangeSet) -> None:
        """Hand a change to the views; each redraws what it names."""
        if cs.labels_changed:
            self._set_labels(self.project.labels())
        if cs.documents_changed:
            # an import commits on its own connection: that is not "another window"
            self.watcher.own_commit()
            self.reload_all(keep_view=True)
            return
        doc_id = cs.document_id
        self.doc_list.apply(cs)
        if cs.kind and doc_id is not None and doc_id != self.current_id:
            # an undo or redo in another document: show it where it happened
            self.open_document(doc_id)
            if cs.select is not None:
                self.view.select_span(cs.select)
        else:
            # the span list first: the article then selects a span the list already has
            self.span_list.apply(cs)
            self.label_palette.apply(cs)
            self.view.apply(cs)
            self.frames.apply(cs)
        if cs.statuses:
            self._update_status_bar()

    def check_external_changes(self) -> bool:
        """Reload if another window or process committed to the project. True if it did."""
        return self.watcher.check()

    def _changed_elsewhere(self) -> None:
        self.reload_all(keep_view=True)
        self.statusBar().showMessage(self.tr("Updated with changes made in another window."), 5000)

    def _project_unreadable(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Cannot read the project any more: %1").replace("%1", message)
        )

    def reload_all(self, keep_view: bool = True) -> None:
        """Read labels, the document list and the current document again from the database."""
        selected = self.view.selected_span_id
        scroll = self.view.verticalScrollBar().value()
        self.project.refresh()  # another connection may have edited the labels
        self._set_labels(self.project.labels())
        self.reload_documents()
        current = self.current_id
        if current is None or not self.project.summaries([current]):
            current = self.doc_list.first_id()
            keep_view = False
        self.open_document(current)
        if keep_view:
            self.view.verticalScrollBar().setValue(scroll)
            if selected is not None:
                self.view.select_span(selected, scroll=False)

    # --- dialogs -------------------------------------------------------------------------------

    def keys_text(self) -> str:
        return keys_help.keys_text(self.project.labels())

    def show_keys(self) -> None:
        keys_help.show_keys(self, self.project.labels())

    def edit_preferences(self) -> None:
        from .preferences import PreferencesDialog

        dialog = PreferencesDialog(self.project.annotator, self.view.zoom, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_preferences(dialog))
        dialog.open()

    def _apply_preferences(self, dialog: Any) -> None:
        dialog.store()
        name, _language, zoom = dialog.values()
        self.use_annotator(name)
        self.view.set_zoom(zoom)

    def use_annotator(self, name: str) -> None:
        """Label as ``name`` from now on (stored in the project too)."""
        if name != self.project.annotator:
            self.ops.set_annotator(name)
        self._update_status_bar()

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
        self.watcher.own_commit()

    # --- closing -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_restored:
            # only once the window has its size: earlier, the splitter would rescale them
            self._splitter_restored = True
            central = self.centralWidget()
            if central is not None:
                self.splitter.resize(central.size())
            settings.restore_splitter(self.splitter, "main")
            project_menu.restore_place(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            project_menu.remember_place(self)
        settings.save_window(self)
        settings.save_splitter(self.splitter, "main")
        self.documents.search_timer.stop()
        self.watcher.stop()
        super().closeEvent(event)
        if event.isAccepted() and not self._closed:
            self._closed = True
            self.suggestions.stop()  # a worker lets go of the file before it is closed
            self.doc_model.set_ids([])  # nothing may read the closed project any more
            self.project.close()
            self.tools.closed()


def open_main_window(path: str | Path, annotator: str | None = None) -> MainWindow:
    """Open the project at ``path`` in a new main window (not shown yet). Without
    ``annotator``, the user's name from the settings labels (else the project's own)."""
    project = Project.open(path, annotator or settings.annotator_name())
    try:
        return MainWindow(project)
    except BaseException:
        project.close()
        raise
