"""Frames and relations in the main window: the link store of the open document, link mode,
the frame panel, the Link button, the arrows over the article and the span list's link counts.

The main window keeps only small hooks: it places ``panel`` and ``link_button``, calls
``show_document`` when a document opens, ``apply`` with every ChangeSet, and ``relabel`` for a
label key on a selected span (which asks first when that would remove arguments).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QSplitter, QStatusBar, QWidget

from ..core.model import Label, Span
from .frame_panel import FramePanel
from .frame_store import Definitions, LinkStore
from .i18n import label_display_name
from .link_mode import LinkMode, Purpose, excerpt
from .messages import as_shown

if TYPE_CHECKING:
    from ..core.changes import ChangeSet
    from ..core.project import Project
    from .article_view import ArticleView
    from .operations import Operations
    from .span_list import SpanList

LINK_KEYS = ("R", "ق")  # R, and the same key on an Arabic keyboard
# MainWindow._action: (object name, slot, shortcuts) -> a window action
ActionFactory = Callable[[str, Callable[[], object], Sequence[str]], QAction]


class Window(Protocol):
    """What this needs of the main window (which imports this module)."""

    view: ArticleView
    ops: Operations
    project: Project
    span_list: SpanList
    current_id: int | None

    def statusBar(self) -> QStatusBar: ...

    def apply_label(self, name: str) -> None: ...


class FramesUI(QObject):
    def __init__(self, window: Window, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.view = window.view
        self.ops = window.ops
        self.project = window.project
        self.store = LinkStore()
        self.definitions = Definitions.load(self.project)
        self.link_mode = LinkMode(self.view, self.ops, self.store, self)
        self.link_mode.message.connect(self._status)
        self.panel = FramePanel(
            self.ops, self.store, lambda: self.definitions, self.view.spans, parent
        )
        self.panel.spanRequested.connect(self.select_span)
        self.panel.linkRequested.connect(self.start_link)
        self.link_button = QPushButton(parent)
        self.link_button.setObjectName("linkButton")
        self.link_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.link_button.clicked.connect(lambda: self.start_link())
        self.view.spanSelected.connect(self.panel.show_span)
        self.link_action: QAction | None = None
        self.definitions_action: QAction | None = None
        self.retranslate()

    def side_splitter(self, span_list: QWidget, parent: QWidget) -> QSplitter:
        """The span list over the frame panel, for the window's side column."""
        splitter = QSplitter(Qt.Orientation.Vertical, parent)
        splitter.setObjectName("rightSplitter")
        splitter.addWidget(span_list)
        splitter.addWidget(self.panel)
        splitter.setSizes([220, 480])
        return splitter

    def make_actions(self, action: ActionFactory) -> tuple[QAction, QAction]:
        """Edit > Link selected span (R) and Edit > Roles, relations and attributes…."""
        self.link_action = action("linkAction", self.link_key, LINK_KEYS)
        self.definitions_action = action("definitionsAction", self.edit_definitions, ())
        self._name_actions()
        return self.link_action, self.definitions_action

    def _name_actions(self) -> None:
        if self.link_action is not None and self.definitions_action is not None:
            self.link_action.setText(self.tr("&Link selected span…"))
            self.definitions_action.setText(self.tr("Roles, &relations and attributes…"))

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def retranslate(self) -> None:
        self._name_actions()
        self.link_button.setText(self.tr("Link (R)"))
        self.link_button.setToolTip(
            self.tr("Link the selected span to another: a role of its frame, or a relation")
        )
        self.panel.retranslate()
        self._show_links()

    def set_labels(self, labels: list[Label]) -> None:
        self.definitions = Definitions.load(self.project)
        self.panel.set_labels(labels)
        self._show_links()

    # --- the open document -----------------------------------------------------------------------

    def show_document(self, doc_id: int | None) -> None:
        self.link_mode.cancel(quiet=True)
        self.store.load(self.project, doc_id)
        self._show_counts()
        self._show_links()
        self.panel.show_span(self.view.selected_span_id)
        self.panel.refresh(force=True)

    def apply(self, cs: ChangeSet) -> None:
        """Update store, arrows, counts and panel from what the change names."""
        self.link_mode.apply(cs)
        if cs.touches(*Definitions.TABLES):
            self.definitions = Definitions.load(self.project)
        touched = self.store.apply(cs)
        # a new span changes no arrow; a moved, relabeled or deleted end of one does
        removed, _added = cs.spans_in(self.store.document_id)
        ends = self.store.link_counts() if removed else {}
        moved = any(sp.id in ends for sp in removed)
        if touched or moved or cs.touches(*Definitions.TABLES):
            self._show_counts()
            self._show_links()
        self.panel.show_span(self.view.selected_span_id)
        self.panel.refresh()

    def _show_counts(self) -> None:
        self.window.span_list.set_link_counts(self.store.link_counts(), self.view.spans())

    def _show_links(self) -> None:
        self.view.set_links(
            self.store.links(
                self.view.spans(), self.definitions.roles, self.definitions.relation_types
            )
        )

    # --- actions ---------------------------------------------------------------------------------

    def select_span(self, span_id: int) -> None:
        self.view.select_span(span_id, boundary="start")
        self.view.setFocus()

    def start_link(self, head_id: int | None = None, purpose: Purpose = None) -> bool:
        if self.window.current_id is None:
            self._status(self.tr("No document is open."), 6000)
            return False
        return self.link_mode.start(head_id, purpose)

    def edit_definitions(self) -> QDialog:
        """Edit > Roles, relations and attributes…: the dialog, window-modal."""
        from .definitions_dialog import DefinitionsDialog

        dialog = DefinitionsDialog(self.ops, parent_widget(self))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def link_key(self) -> None:
        """R: start a link; a label that has the key R as its hotkey keeps it."""
        name = self.view.hotkey_label("r")
        if name is not None:
            self.window.apply_label(name)
            return
        self.start_link()

    def relabel(self, span_id: int, label: str) -> None:
        """Relabel; if that removes arguments or relations, list them and ask first."""
        lost = self._invalidated_by(span_id, label)
        if not lost:
            self.ops.relabel(span_id, label)
            return
        box = QMessageBox(parent_widget(self))
        box.setObjectName("relabelQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Relabel"))
        box.setText(
            as_shown(
                self.tr("Relabeling as %1 removes these links:").replace(
                    "%1", label_display_name(self._label(label))
                )
                + "\n"
                + "\n".join(f"• {line}" for line in lost)
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Relabel and remove"))
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        if box.exec() == QMessageBox.StandardButton.Ok:
            self.ops.run(lambda: self.project.update_span(span_id, label=label, drop_invalid=True))
        else:
            self._status(self.tr("Nothing was relabeled."), 4000)

    def _label(self, name: str) -> Label | str:
        return next((lb for lb in self.view.labels if lb.name == name), name)

    def _invalidated_by(self, span_id: int, label: str) -> list[str]:
        """What relabeling ``span_id`` as ``label`` removes (core's ``invalidated_by``: frames,
        arguments, relations, attribute values, notes), one line each."""
        spans = self.view.spans()
        defs = self.definitions

        def text(sid: object) -> str:
            span = spans.get(sid) if isinstance(sid, int) else None
            return excerpt(span.text) if span is not None else "?"

        def trigger(frame_id: object) -> Span | None:
            sid = self.store.frames.get(frame_id) if isinstance(frame_id, int) else None
            return spans.get(sid) if sid is not None else None

        lines = []
        for row in self.project.invalidated_by(span_id, label):
            v = row.as_dict()
            if row.table == "frames":
                t = spans.get(int(v.get("trigger_id") or -1))
                kind = self._label_name(t.label) if t is not None else ""
                lines.append(
                    self.tr("%1 frame on «%2»")
                    .replace("%1", kind)
                    .replace("%2", text(v.get("trigger_id")))
                )
            elif row.table == "frame_args":
                t = trigger(v.get("frame_id"))
                role = defs.role(t.label, str(v.get("role"))) if t is not None else None
                filler = v.get("span_id")
                if filler is None:
                    ft = trigger(v.get("arg_frame_id"))
                    filler = ft.id if ft is not None else None
                lines.append(
                    self.tr("%1 of «%2»: «%3»")
                    .replace("%1", label_display_name(role or str(v.get("role"))))
                    .replace("%2", excerpt(t.text) if t is not None else "?")
                    .replace("%3", text(filler))
                )
            elif row.table == "relations":
                rtype = defs.relation_type(str(v.get("type")))
                lines.append(
                    self.tr("%1: «%2» → «%3»")
                    .replace("%1", label_display_name(rtype or str(v.get("type"))))
                    .replace("%2", text(v.get("head_id")))
                    .replace("%3", text(v.get("tail_id")))
                )
            elif row.table == "attribute_values":
                attr = next((a for a in defs.attributes if a.name == v.get("name")), None)
                owner = v.get("span_id")
                if owner is None:
                    t = trigger(v.get("frame_id"))
                    owner = t.id if t is not None else None
                lines.append(
                    self.tr("attribute %1 of «%2»")
                    .replace("%1", label_display_name(attr or str(v.get("name"))))
                    .replace("%2", text(owner))
                )
            elif row.table == "notes":
                lines.append(self.tr("a note: %1").replace("%1", excerpt(str(v.get("text") or ""))))
        return lines

    def _label_name(self, name: str) -> str:
        return label_display_name(self._label(name))


def parent_widget(obj: QObject) -> QWidget | None:
    parent = obj.parent()
    return parent if isinstance(parent, QWidget) else None
