"""Suggestion work off the UI thread, for one main window (issue 12).

- Whole-project propagation after a label: no dialog (it follows every label), one task at a
  time, queued, with a line and a Cancel button in the status bar.
- Pre-annotation: train the model from the documents marked done, then suggest on the undone
  ones; with a progress dialog and Cancel when the user asks for it (Document > Pre-annotate),
  in the background (status bar) when it runs again by itself after more documents are done.

The work runs in a helper process (``suggestion_process.py``: not under this process's GIL), one
job at a time, on its own connection; a worker thread here waits for it. Its ChangeSet comes
back to the UI thread and goes out through ``Operations.deliver`` like any other, so the document
list repaints the counts and the article its outlines.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..core.changes import ChangeSet
from ..core.errors import AnnotatorError
from ..core.model import ModelInfo
from ..core.project import SuggestionCancelled
from .operations import message_for
from .suggestion_process import SuggestionProcess
from .tasks import Task, TaskContext, run_task

# The main window (main_window imports the module that imports this one).
MainWindow = Any

# lupdate finds strings by the name ``translate``; they keep the main window's context
translate = QCoreApplication.translate


class BackgroundLine(QWidget):
    """A status bar line for background work: what runs, and a Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionWorkLine")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel = QToolButton(self)
        self.cancel.setObjectName("suggestionWorkCancel")
        self.cancel.setAutoRaise(True)
        layout.addWidget(self.text)
        layout.addWidget(self.cancel)
        self.hide()

    def retranslate(self) -> None:
        self.cancel.setText(translate("MainWindow", "Cancel"))


class SuggestionWork(QObject):
    """Background propagation and training for ``window``; one task at a time."""

    # a ChangeSet of suggestions was committed and delivered (tests wait for it)
    delivered = Signal(object)
    # the first documents' part of a job, emitted in the worker thread (queued to this one)
    partial = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.path = Path(window.project.path)
        # the work runs there, not under this process's GIL
        self.process = SuggestionProcess(self.path, window.project.annotator)
        self._queue: list[tuple[str, Any]] = []
        self.task: Task | None = None
        self._stopped = False
        self.line = BackgroundLine(window)
        self.line.cancel.clicked.connect(self.cancel)
        self.partial.connect(self._done)
        # permanent: a status message shown while the work runs must not be drawn under it
        window.statusBar().addPermanentWidget(self.line)
        self.retranslate()

    def retranslate(self) -> None:
        self.line.retranslate()

    def busy(self) -> bool:
        return self.task is not None or bool(self._queue)

    # --- queueing ------------------------------------------------------------------------------

    def propagate(self, span_id: int, first_document: int | None = None) -> None:
        """Suggest the name of ``span_id`` in every document (after the ones queued);
        ``first_document`` first, delivered on its own as soon as it is done."""
        if self._stopped:
            return
        self._queue.append(("propagate", (span_id, first_document)))
        self._next()

    def retrain(self) -> None:
        """Train again and pre-annotate the undone documents, in the background."""
        if self._stopped or any(kind == "train" for kind, _ in self._queue):
            return
        self._queue.append(("train", None))
        self._next()

    def cancel(self) -> None:
        """Cancel the running task and drop the queued ones."""
        self._queue.clear()
        if self.task is not None:
            self.task.cancel()

    def stop(self) -> None:
        """The window is closing: cancel, and wait for the worker to let go of the file."""
        self._stopped = True
        task = self.task
        self.cancel()
        if task is not None:
            task.wait()

    def close(self) -> None:
        """After ``stop`` and any dialog's task: end the helper process."""
        self.process.close()

    def _next(self) -> None:
        if self.task is not None or not self._queue or self._stopped:
            return
        kind, arg = self._queue.pop(0)
        if kind == "propagate":
            # every label made meanwhile goes in the same pass over the project
            items = [arg]
            while self._queue and self._queue[0][0] == "propagate":
                items.append(self._queue.pop(0)[1])
            arg = ([i for i, _ in items], sorted({d for _, d in items if d is not None}))
        if kind == "propagate":
            text = translate("MainWindow", "Finding the name in every document…")
        else:
            text = translate("MainWindow", "Training the model and pre-annotating…")
        work = job(self.process, kind, arg, self.partial.emit)
        self.line.text.setText(text)
        self.line.show()
        # no Qt parent: the worker may outlive this window by a moment after a cancel
        task = Task(work, cancel_exceptions=(SuggestionCancelled,))
        task.progressed.connect(lambda done, total, _t: self._progress_text(text, done, total))
        task.succeeded.connect(self._done)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        self.window.watcher.hold()
        task.start()

    def _progress_text(self, text: str, done: int, total: int) -> None:
        self.line.text.setText(f"{text} {done}/{total}" if total > 0 else text)

    def _done(self, result: Any) -> None:
        if self._stopped:
            return  # the window closed meanwhile: the project is closed
        cs = result[1] if isinstance(result, tuple) else result
        if isinstance(cs, ChangeSet):
            deliver(self.window, cs)
            self.delivered.emit(cs)

    def _failed(self, exc: BaseException, _details: str) -> None:
        if self._stopped:
            return
        self.window.statusBar().showMessage(message_for(exc), 8000)
        if not isinstance(exc, (AnnotatorError, OSError)):
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _finished(self) -> None:
        self.task = None
        self.window.watcher.release()
        self.line.hide()
        if not self._stopped:
            self._next()


def job(
    process: SuggestionProcess,
    kind: str,
    arg: object,
    on_partial: Callable[[ChangeSet], None] | None = None,
) -> Callable[[TaskContext], Any]:
    """Work for a Task: run ``kind`` ("propagate" span ids, or "train") in the helper process,
    passing its progress, a first part of its result and the user's cancel through."""

    def work(ctx: TaskContext) -> Any:
        def progress(done: int, total: int | None, stage: str | None) -> None:
            text = None
            if stage == "pre_annotate":
                text = translate("MainWindow", "Pre-annotating the undone documents…")
            ctx.progress(done, total, text)

        return process.run(
            kind, arg, cancelled=ctx.cancelled, progress=progress, on_partial=on_partial
        )

    return work


def deliver(window: MainWindow, cs: ChangeSet) -> None:
    """Hand a ChangeSet committed by a worker to the window's views."""
    # committed on another connection: not "another window"
    window.watcher.own_commit()
    window.project.refresh()
    window.ops.deliver(cs)


def pre_annotate(window: MainWindow, on_finished: Callable[[], None]) -> Task:
    """Document > Pre-annotate: train, then pre-annotate, with a progress dialog and Cancel."""

    def done(result: tuple[ModelInfo, ChangeSet]) -> None:
        if window._closed:
            return
        info, cs = result
        deliver(window, cs)
        n = len(cs.rows_in("suggestions", any_document=True)[1])
        docs = len(cs.documents())
        message = (
            translate(
                "MainWindow", "Model trained on %1 documents; %2 suggestions in %3 documents."
            )
            .replace("%1", str(info.trained_on))
            .replace("%2", str(n))
            .replace("%3", str(docs))
        )
        window.statusBar().showMessage(message, 10000)

    def failed(exc: BaseException, _details: str) -> None:
        if window._closed:
            return
        window.statusBar().showMessage(message_for(exc), 10000)
        if not isinstance(exc, (AnnotatorError, OSError)):
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def cancelled() -> None:
        if window._closed:
            return
        window.statusBar().showMessage(translate("MainWindow", "Pre-annotation cancelled."), 5000)

    task = run_task(
        window,
        translate("MainWindow", "Training the model"),
        job(window.suggestions.work.process, "train", None),
        on_done=done,
        on_error=failed,
        on_cancelled=cancelled,
        cancel_exceptions=(SuggestionCancelled,),
    )
    window.watcher.hold()
    task.finished.connect(window.watcher.release)
    task.finished.connect(on_finished)
    return task
