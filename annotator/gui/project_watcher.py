"""Watching an open project: commits made by another window or process, and the search copy
that imports leave to be built in the background."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..core.project import Project
from .tasks import Task, TaskContext, run_task, worker_project

log = logging.getLogger(__name__)

POLL_MS = 1000  # how often another window's or process's commits are looked for
INDEX_DELAY_MS = 2000  # background search indexing starts this long after the window opens


class ProjectWatcher(QObject):
    """Polls ``project`` for commits made elsewhere and builds its search copy off the UI thread.

    ``changedElsewhere`` fires when another window or process committed a change (the views must
    read the project again); ``failed(message)`` when the project cannot be read any more (the
    polling then stops).
    """

    changedElsewhere = Signal()
    failed = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._stopped = False
        self._held = 0
        self._data_version = project.data_version()
        self._last_change = project.last_change_id()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check)
        self._poll.start()
        self.index_task: Task | None = None
        # after the first paint and the first document: indexing competes for the GIL
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(INDEX_DELAY_MS)
        self._index_timer.timeout.connect(self.start_index)
        self._index_timer.start()

    def hold(self) -> None:
        """Background work of this window commits on its own connection meanwhile (chunks of
        suggestions): no poll may take that for another window's. ``release`` when it ends."""
        self._held += 1

    def release(self) -> None:
        self._held = max(0, self._held - 1)
        if not self._stopped:
            self.own_commit()

    def own_commit(self) -> None:
        """This window committed on another connection (an import, a dialog): not news."""
        self._data_version = self.project.data_version()

    def check(self) -> bool:
        """True (and ``changedElsewhere``) if another window or process committed meanwhile."""
        if self._held:
            return False
        try:
            version = self.project.data_version()
        except Exception as err:  # the file went away or the disk failed: say so, stop polling
            log.exception("cannot poll the project")
            self._poll.stop()
            self.failed.emit(str(err))
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
        self.changedElsewhere.emit()
        return True

    # --- the search copy -----------------------------------------------------------------------

    def start_index(self) -> None:
        """Build the normalised search copy in the background (imports leave it to us)."""
        if self._stopped or self.index_task is not None or not self.project.unindexed_count():
            return
        # a short pause after each batch hands the GIL back: labeling stays instant
        work = self._index_work(lambda _ctx, _n: time.sleep(0.02), batch=64)
        # no Qt parent: the worker may outlive this window by one batch after a cancel
        self.index_task = Task(work)
        self.index_task.start()

    def finish_index(
        self,
        parent: QWidget,
        title: str,
        on_done: Callable[[object], None],
        on_cancelled: Callable[[], None],
    ) -> None:
        """Build the rest of the search copy now, with a progress dialog (a search needs it)."""
        self.stop_index()
        total = self.project.unindexed_count()
        work = self._index_work(lambda ctx, n: ctx.progress(n, total), batch=256)
        # kept as the index task: the delayed background build must not start beside it
        self.index_task = run_task(parent, title, work, on_done=on_done, on_cancelled=on_cancelled)

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

    def stop_index(self) -> None:
        if self.index_task is not None and self.index_task.is_running():
            self.index_task.cancel()
            self.index_task.wait()

    def stop(self) -> None:
        """No more polling or indexing (the window is closing)."""
        self._stopped = True
        self._poll.stop()
        self._index_timer.stop()
        self.stop_index()
