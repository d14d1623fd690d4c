"""The GUI's adapter to the core change path.

Every write the GUI makes runs here: ``run`` calls a ``Project`` write (which commits one
transaction and records the undo step in core), gives the returned ``ChangeSet`` a description in
the interface language and emits it on ``changed``; each view then applies it itself. This is the
one place where an ``AnnotatorError`` becomes a message for the user: a refused write emits
``failed`` (or calls the caller's ``on_error``) instead of raising.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core import check
from ..core.changes import ChangeSet
from ..core.errors import AnnotatorError, ProjectLockedError
from ..core.importing import ImportResult, create_project_from_files, import_paths
from ..core.model import Label
from ..core.project import ImportCancelled, MergeCancelled, MergeReport, Project
from .frame_texts import describe_frame_action
from .i18n import label_display_name
from .tasks import Task, TaskContext, run_task, worker_project

# How long a write from the window waits for another process's transaction (an import) before
# saying the project is busy: long enough for any single user action of another window, short
# enough that the window never looks frozen.
GUI_BUSY_TIMEOUT_MS = 400

ErrorHandler = Callable[[str], object]  # what it returns is ignored


class Operations(QObject):
    """Runs a project's writes and undo/redo; views listen to ``changed``."""

    changed = Signal(object)  # ChangeSet, with ``description`` set
    undo_state_changed = Signal()
    failed = Signal(str)  # a refused write, as one line for the status bar

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        project.busy_timeout_ms = GUI_BUSY_TIMEOUT_MS
        # Set when a check found the project file damaged: every write is then refused with
        # this message (a write into a damaged file can spread the damage).
        self.refuse_writes: str | None = None

    # --- running --------------------------------------------------------------------------------

    def run(
        self, write: Callable[[], ChangeSet | None], on_error: ErrorHandler | None = None
    ) -> ChangeSet | None:
        """Run one core write; emit what it changed. None when it was refused (the message
        went to ``on_error``, else to ``failed``) or when there was nothing to do."""
        if self.refuse_writes is not None:
            self._fail(self.refuse_writes, on_error)
            return None
        try:
            cs = write()
        except AnnotatorError as err:
            if isinstance(err, ProjectLockedError):
                message = self.tr(
                    "The project is busy: another window or program is writing to it. "
                    "Nothing was changed; try again in a moment."
                )
            else:
                message = str(err)
            self._fail(message, on_error)
            # a refused undo drops its step, a busy one keeps it: the undo state may differ
            self.undo_state_changed.emit()
            return None
        except sqlite3.DatabaseError as exc:
            # a damaged file ("malformed"): say so, and how to go on (Tools > Check project)
            damaged = check.damaged(self.project.path, exc)
            if damaged is None:
                raise
            self._fail(str(damaged), on_error)
            return None
        if cs is None:
            return None
        if not cs.is_empty():
            cs.description = self.describe(cs)
            self.changed.emit(cs)
        self.undo_state_changed.emit()
        return cs

    def deliver(self, cs: ChangeSet) -> None:
        """A ChangeSet that background work committed on its own connection (suggestions):
        described and emitted like one of ``run``'s, so every view applies it."""
        if not cs.is_empty():
            cs.description = self.describe(cs)
            self.changed.emit(cs)

    def _fail(self, message: str, on_error: ErrorHandler | None) -> None:
        """The one place a refused write becomes what the user reads."""
        if on_error is not None:
            on_error(message)
        else:
            self.failed.emit(message)

    def _task_failed(self, on_error: ErrorHandler) -> Callable[[BaseException, str], None]:
        """A background task's error handler: the message for the user, and a bug (not bad
        input) also to the error hook (log + "copy details")."""

        def failed(exc: BaseException, _details: str) -> None:
            self._fail(message_for(exc), on_error)
            if not isinstance(exc, (AnnotatorError, OSError)):
                sys.excepthook(type(exc), exc, exc.__traceback__)

        return failed

    # --- spans and documents --------------------------------------------------------------------

    def add_span(self, doc_id: int, start: int, end: int, label: str) -> ChangeSet | None:
        return self.run(lambda: self.project.add_span(doc_id, start, end, label))

    def delete_span(self, span_id: int) -> ChangeSet | None:
        return self.run(lambda: self.project.delete_span(span_id))

    def relabel(self, span_id: int, label: str) -> ChangeSet | None:
        return self.run(lambda: self.project.update_span(span_id, label=label))

    def move_boundaries(self, span_id: int, start: int, end: int) -> ChangeSet | None:
        return self.run(lambda: self.project.update_span(span_id, start=start, end=end))

    def set_annotator(self, name: str, on_error: ErrorHandler | None = None) -> ChangeSet | None:
        """Who labels from now on in this project (a preference: not an undo step)."""
        return self.run(lambda: self.project.set_annotator(name), on_error)

    def set_status(self, doc_id: int, status: str) -> ChangeSet | None:
        return self.run(lambda: self.project.set_status(doc_id, status))

    def start_import(
        self,
        parent: QWidget,
        paths: list[Path],
        fmt: str,
        *,
        on_done: Callable[[ImportResult], None],
        on_error: ErrorHandler,
        on_cancelled: Callable[[], None],
        progress_text: Callable[[int, int], str],
        skip_invalid: bool = False,
        **options: Any,
    ) -> Task:
        """Import files off the UI thread, on the worker's own connection, as one transaction
        (a failed or cancelled import leaves the project as it was). On success the import's
        ChangeSet is emitted like any other, so every view reloads."""
        project_path, annotator = self.project.path, self.project.annotator

        def work(ctx: TaskContext) -> ImportResult:
            with worker_project(project_path, annotator) as project:
                return import_paths(
                    project,
                    paths,
                    fmt,
                    skip_invalid=skip_invalid,
                    progress=ctx.progress,
                    cancel=ctx.cancelled,
                    **options,
                )

        def done(result: ImportResult) -> None:
            # committed on the worker's connection: drop what this one cached (labels)
            self.project.refresh()
            if not result.changes.is_empty():
                result.changes.description = self.tr("import")
                self.changed.emit(result.changes)
            on_done(result)

        return run_task(
            parent,
            self.tr("Importing"),
            work,
            on_done=done,
            on_error=self._task_failed(on_error),
            on_cancelled=on_cancelled,
            cancel_exceptions=(ImportCancelled,),
            progress_text=progress_text,
        )

    def start_merge(
        self,
        parent: QWidget,
        paths: list[Path],
        *,
        on_done: Callable[[MergeReport], None],
        on_error: ErrorHandler,
        on_cancelled: Callable[[], None],
        progress_text: Callable[[int, int], str],
    ) -> Task:
        """Merge other projects into this one off the UI thread (one transaction on the
        worker's connection, like an import); the merge's ChangeSet then reloads every view."""
        project_path, annotator = self.project.path, self.project.annotator

        def work(ctx: TaskContext) -> MergeReport:
            with worker_project(project_path, annotator) as project:
                return project.merge_from(
                    paths, on_progress=ctx.progress, should_cancel=ctx.cancelled
                )

        def done(report: MergeReport) -> None:
            self.project.refresh()
            report.changes.description = self.tr("merge")
            self.changed.emit(report.changes)
            on_done(report)

        return run_task(
            parent,
            self.tr("Merging"),
            work,
            on_done=done,
            on_error=self._task_failed(on_error),
            on_cancelled=on_cancelled,
            cancel_exceptions=(MergeCancelled,),
            progress_text=progress_text,
        )

    # --- labels (the labels dialog's store) ---------------------------------------------------

    def labels(self) -> list[Label]:
        return self.project.labels()

    def label_usage(self, name: str) -> int:
        return self.project.label_usage(name)

    def add_label(
        self, name: str, on_error: ErrorHandler | None = None, **fields: Any
    ) -> ChangeSet | None:
        return self.run(lambda: self.project.add_label(name, **fields), on_error)

    def update_label(
        self, name: str, on_error: ErrorHandler | None = None, **fields: Any
    ) -> ChangeSet | None:
        return self.run(lambda: self.project.update_label(name, **fields), on_error)

    def remove_label(
        self, name: str, *, force: bool = False, on_error: ErrorHandler | None = None
    ) -> ChangeSet | None:
        return self.run(lambda: self.project.remove_label(name, force=force), on_error)

    def move_label(
        self, name: str, new_index: int, on_error: ErrorHandler | None = None
    ) -> ChangeSet | None:
        return self.run(lambda: self.project.move_label(name, new_index), on_error)

    # --- undo and redo --------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return self.project.history.can_undo()

    def can_redo(self) -> bool:
        return self.project.history.can_redo()

    def can_undo_label_edit(self) -> bool:
        step = self.project.history.next_undo()
        return step is not None and step.is_label_edit

    def can_redo_label_edit(self) -> bool:
        step = self.project.history.next_redo()
        return step is not None and step.is_label_edit

    def undo_text(self) -> str:
        step = self.project.history.next_undo()
        return self.describe(step.summary) if step is not None else ""

    def redo_text(self) -> str:
        step = self.project.history.next_redo()
        return self.describe(step.summary) if step is not None else ""

    def undo(self, on_error: ErrorHandler | None = None) -> ChangeSet | None:
        return self.run(self.project.undo, on_error)

    def redo(self, on_error: ErrorHandler | None = None) -> ChangeSet | None:
        return self.run(self.project.redo, on_error)

    # --- descriptions ---------------------------------------------------------------------------

    def _label_text(self, name: str) -> str:
        """A label as messages show it: its name in the interface language."""
        for label in self.project.labels():
            if label.name == name:
                return label_display_name(label)
        return label_display_name(name)

    def describe(self, cs: ChangeSet) -> str:
        """What a ChangeSet did, as undo/redo menus and messages say it."""
        action = cs.action
        frame_text = describe_frame_action(cs)
        if frame_text is not None:
            return frame_text
        if action == "add_span":
            spans = cs.added if cs.kind != "undo" else cs.removed
            return self.tr("add %1").replace("%1", self._label_text(_first_label(spans)))
        if action == "delete_span":
            spans = cs.removed if cs.kind != "undo" else cs.added
            return self.tr("delete %1").replace("%1", self._label_text(_first_label(spans)))
        if action == "update_span" and cs.changed:
            old, new = cs.changed[0]
            if cs.kind == "undo":
                old, new = new, old
            if old.label != new.label:
                return (
                    self.tr("relabel %1 as %2")
                    .replace("%1", self._label_text(old.label))
                    .replace("%2", self._label_text(new.label))
                )
            return self.tr("move boundary")
        if action == "set_status" and cs.statuses:
            was, now = next(iter(cs.statuses.values()))
            status = was if cs.kind == "undo" else now
            return {
                "new": self.tr("mark new"),
                "in_progress": self.tr("mark in progress"),
                "done": self.tr("mark done"),
                "skipped": self.tr("mark skipped"),
            }.get(status, status)
        if action in ("add_label", "update_label", "remove_label", "move_label"):
            return self._describe_label_edit(cs)
        if action == "accept_suggestion":
            return self.tr("accept suggestion")
        if action == "accept_suggestions":
            return self.tr("accept %n suggestion(s)", "", max(1, len(cs.rows_changed)))
        if action in ("reject_suggestion", "reject_suggestions"):
            return self.tr("reject suggestion")
        if action == "suggest":
            return self.tr("suggestions")
        if action == "accept_span":
            return self.tr("accept %1 into gold").replace(
                "%1", self._label_text(_first_label(cs.added or cs.removed))
            )
        if action == "accept_agreed":
            return self.tr("accept %n agreed span(s)", "", max(1, len(cs.added or cs.removed)))
        if action == "reject_span":
            return self.tr("reject difference")
        if action == "group":
            # the spans it touched (a status that came with them is part of labeling them)
            count = len(cs.added) + len(cs.removed) + len(cs.changed) or len(cs.statuses)
            return self.tr("%n change(s)", "", max(count, 1))
        return action

    def _describe_label_edit(self, cs: ChangeSet) -> str:
        before, after = cs.labels_before or (), cs.labels_after or ()
        if cs.kind == "undo":
            before, after = after, before
        old = {lab.name: lab for lab in before}
        new = {lab.name: lab for lab in after}
        if cs.action == "add_label":
            added = [lab for name, lab in new.items() if name not in old] or list(old.values())
            return self.tr("add label %1").replace("%1", label_display_name(added[0]))
        if cs.action == "remove_label":
            gone = [lab for name, lab in old.items() if name not in new] or list(new.values())
            count = len(cs.removed if cs.kind != "undo" else cs.added)
            if count:
                text = self.tr("remove label %1 and its %n span(s)", "", count)
            else:
                text = self.tr("remove label %1")
            return text.replace("%1", label_display_name(gone[0]))
        if cs.action == "move_label":
            return self.tr("move label %1").replace("%1", str(cs.detail.get("label", "")))
        renames = cs.renamed if cs.kind != "undo" else [(b, a) for a, b in cs.renamed]
        if renames:
            a, b = renames[0]
            return self.tr("rename label %1 to %2").replace("%1", a).replace("%2", b)
        for name, was in old.items():
            now = new.get(name)
            if now is None or now == was:
                continue
            old_text, new_text = label_display_name(was), label_display_name(now)
            if (was.name_en, was.name_ar) != (now.name_en, now.name_ar):
                return (
                    self.tr("rename label %1 to %2").replace("%1", old_text).replace("%2", new_text)
                )
            if was.color != now.color and was.hotkey == now.hotkey:
                return self.tr("recolour label %1").replace("%1", new_text)
            if was.hotkey != now.hotkey and was.color == now.color:
                return self.tr("change the hotkey of label %1").replace("%1", new_text)
            return self.tr("change label %1").replace("%1", new_text)
        return self.tr("change label %1").replace("%1", str(cs.detail.get("label", "")))


# --- writes that make a project (there is no Operations before there is a project) -------------


def create_project(path: Path, on_error: ErrorHandler) -> bool:
    """Create an empty project at ``path``; False (and the message to ``on_error``) if refused."""
    try:
        Project.create(path).close()
    except (AnnotatorError, OSError) as exc:
        on_error(message_for(exc))
        return False
    return True


def start_project_from_files(
    parent: QWidget | None,
    title: str,
    target: Path,
    paths: list[Path],
    fmt: str = "auto",
    *,
    on_done: Callable[[ImportResult], None],
    on_error: ErrorHandler,
    progress_text: Callable[[int, int], str] | None = None,
) -> Task:
    """Create a project at ``target`` from data files off the UI thread (core's
    ``create_project_from_files``: all or nothing, no file left behind on failure or cancel)."""

    def work(ctx: TaskContext) -> ImportResult:
        return create_project_from_files(
            target, paths, fmt, progress=ctx.progress, cancel=ctx.cancelled
        )

    return run_task(
        parent,
        title,
        work,
        on_done=on_done,
        on_error=lambda exc, _details: on_error(message_for(exc)),
        cancel_exceptions=(ImportCancelled,),
        progress_text=progress_text,
    )


def restore_project(path: Path, backup_file: Path, on_error: ErrorHandler) -> bool:
    """Replace the project at ``path`` with a backup (core.backup; the current state is backed
    up first); False, and the message to ``on_error``, if refused."""
    from ..core.backup import restore_backup

    try:
        restore_backup(path, backup_file)
    except (AnnotatorError, OSError, sqlite3.Error) as exc:
        on_error(message_for(exc))
        return False
    return True


def message_for(exc: BaseException) -> str:
    """What the user reads for an error: an AnnotatorError's own one line, else its type."""
    return str(exc) if isinstance(exc, AnnotatorError) else f"{type(exc).__name__}: {exc}"


def _first_label(spans: list[Any]) -> str:
    return spans[0].label if spans else ""
