"""Run long work (import, export, sample creation) off the UI thread, with progress and cancel.

    task = run_task(parent, "Importing", work, on_done=..., on_error=...)

``work(ctx)`` runs in a worker thread. It reports with ``ctx.progress(done, total, text)`` and
polls ``ctx.cancelled()`` (or passes ``ctx.cancelled`` as a cancel callback to the core). Its
result, its exception or its cancellation is delivered back on the UI thread through the task's
signals and the ``on_*`` callbacks. Qt widgets must not be touched inside ``work``; SQLite
connections must be opened inside it (a connection belongs to the thread that made it).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

# Worker progress is forwarded at most this often: a tight loop reporting every record would
# flood the UI thread's event queue.
PROGRESS_INTERVAL_S = 0.05


_running: set[Task] = set()


class TaskCancelled(Exception):
    """Raised by ``TaskContext.check()`` (or by work itself) when the user cancelled."""


class TaskContext:
    """Handed to the work function: progress reporting and the cancel flag (thread-safe)."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()
        self._last_emit = 0.0

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int | None = None, text: str | None = None) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and text is None and now - self._last_emit < PROGRESS_INTERVAL_S:
            return
        self._last_emit = now
        self._task._progress.emit(int(done), -1 if total is None else int(total), text or "")


class _Worker(QThread):
    def __init__(self, task: Task, work: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self._task = task
        self._work = work

    def run(self) -> None:
        ctx = self._task.context
        try:
            result = self._work(ctx)
        except TaskCancelled:
            self._task._outcome = ("cancelled", None, "")
        except BaseException as exc:  # delivered to the UI thread, not lost in the worker
            if ctx.cancelled() and isinstance(exc, self._task.cancel_exceptions):
                self._task._outcome = ("cancelled", None, "")
            else:
                details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                self._task._outcome = ("error", exc, details)
        else:
            self._task._outcome = ("done", result, "")


class Task(QObject):
    """One piece of work in a worker thread. Signals arrive on the thread that created the Task."""

    progressed = Signal(int, int, str)  # done, total (-1: unknown), text
    succeeded = Signal(object)  # the work function's return value
    failed = Signal(object, str)  # the exception, its formatted traceback
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    _progress = Signal(int, int, str)

    def __init__(
        self,
        work: Callable[[TaskContext], Any],
        parent: QObject | None = None,
        *,
        cancel_exceptions: tuple[type[BaseException], ...] = (),
    ) -> None:
        super().__init__(parent)
        self.cancel_exceptions: tuple[type[BaseException], ...] = (
            TaskCancelled,
            *cancel_exceptions,
        )
        self.dialog: TaskProgressDialog | None = None  # set by run_task(show_progress=True)
        self.context = TaskContext(self)
        self._outcome: tuple[str, Any, str] | None = None
        self._state = "idle"
        self.result: Any = None
        self.error: BaseException | None = None
        self.error_details = ""
        self._thread = _Worker(self, work)
        # Cross-thread signal from the worker, re-emitted here in this object's thread.
        self._progress.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._thread.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def state(self) -> str:
        """idle, running, done, error or cancelled."""
        return self._state

    def is_running(self) -> bool:
        return self._state == "running"

    def start(self) -> None:
        if self._state != "idle":
            raise RuntimeError("a task runs once")
        self._state = "running"
        # A running task must outlive every Python reference the caller drops.
        _running.add(self)
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        self.context.cancel()

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Block until the worker thread ends (tests, shutdown). Signals are delivered later."""
        if timeout_ms is None:
            return self._thread.wait()
        return self._thread.wait(timeout_ms)

    @Slot()
    def _deliver(self) -> None:
        # QThread.finished is emitted from the worker just before its thread ends: wait out that
        # instant, else a caller dropping its last reference to the task here would destroy a
        # QThread still running (Qt aborts the process).
        self._thread.wait()
        kind, value, details = self._outcome or ("error", RuntimeError("worker ended"), "")
        self._state = kind
        if kind == "done":
            self.result = value
            self.succeeded.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.error = value
            self.error_details = details
            self.failed.emit(value, details)
        _running.discard(self)
        self.finished.emit()


class TaskProgressDialog(QProgressDialog):
    """Progress dialog bound to a Task: shows its progress, Cancel asks the worker to stop."""

    def __init__(
        self,
        task: Task,
        title: str,
        parent: QWidget | None = None,
        progress_text: Callable[[int, int], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskProgressDialog")
        self._task = task
        self._progress_text = progress_text
        self._title = title
        self.setWindowTitle(title)
        self.setLabelText(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        # Short work finishes before the dialog would appear: no flash.
        self.setMinimumDuration(400)
        self.setRange(0, 0)
        self.setValue(0)
        self.canceled.connect(self._cancel)
        task.progressed.connect(self._on_progress)
        task.finished.connect(self._on_finished)

    def retranslate(self) -> None:
        self.setCancelButtonText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot()
    def _cancel(self) -> None:
        self._task.cancel()
        self.setLabelText(self.tr("Cancelling…"))
        # The worker rolls back before it stops; keep the dialog until it has.
        self.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._task.context.cancelled():
            return
        if total > 0:
            if self.maximum() != total:
                self.setRange(0, total)
            self.setValue(min(done, total))
        else:
            if self.maximum() != 0:
                self.setRange(0, 0)
        if text:
            self.setLabelText(text)
        elif self._progress_text is not None:
            self.setLabelText(self._progress_text(done, total))

    @Slot()
    def _on_finished(self) -> None:
        self.hide()
        self.deleteLater()


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[TaskContext], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], object] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    cancel_exceptions: tuple[type[BaseException], ...] = (),
    show_progress: bool = True,
    progress_text: Callable[[int, int], str] | None = None,
) -> Task:
    """Start ``work`` in a worker thread with a progress dialog; callbacks run on the UI thread.

    ``cancel_exceptions`` are exception types the work raises when it honours a cancel request
    (for example the core's ImportCancelled); they are reported as a cancellation, not an error.
    ``progress_text(done, total)`` makes the dialog's label from progress (on the UI thread, so
    it may translate); total is -1 when unknown.
    """
    task = Task(work, parent, cancel_exceptions=cancel_exceptions)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    if on_cancelled is not None:
        task.cancelled.connect(on_cancelled)
    if show_progress:
        task.dialog = TaskProgressDialog(task, title, parent, progress_text)
        task.dialog.retranslate()
    # Start from the event loop so callers can connect more signals first.
    QTimer.singleShot(0, task.start)
    return task


@contextmanager
def worker_project(path: str | Path, annotator: str | None = None) -> Iterator[Any]:
    """Open the project file on a connection of the calling (worker) thread, closed at the end.

    A worker writes on its own connection so the UI's connection only ever sees committed data:
    a cancelled import never flashes half-imported documents in the views.
    """
    from ..core.project import Project

    project = Project.open(path, annotator=annotator)
    try:
        yield project
    finally:
        project.close()
