"""A helper process for the suggestion work of one window: propagation over the whole project
and model training with pre-annotation.

Why a process and not a thread: that work is CPU-bound under the GIL (regular expressions over
every document; python-crfsuite's training holds the GIL in C between its callbacks), and a
thread doing it made the window's label latency 5x slower (bench/bench_gui.py, 47 ms median
instead of 9). In another process, at a lower priority, it costs the window 1.1-1.6x on a busy
two-core machine; the window's worker thread only waits on a pipe.

The process is started on first use ("spawn": no fork of a process running Qt threads), opens
the project on its own connection, runs one job at a time and lives until the window closes.
This module imports no Qt: the child process never loads it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..core.changes import ChangeSet
from ..core.errors import AnnotatorError
from ..core.project import SuggestionCancelled

POLL_S = 0.05


class ProcessFailed(RuntimeError):
    """The helper process raised something other than a user error, or ended."""


def _serve(path: str, annotator: str, conn: Connection, cancel: Any) -> None:  # pragma: no cover
    """The helper process: jobs in, messages out, until ``None`` or the pipe closes."""
    from ..core.project import Project

    if hasattr(os, "nice"):
        # below the window's priority: on a busy machine the CPU goes to labeling first
        os.nice(10)
    project: Project | None = None
    try:
        while True:
            try:
                job = conn.recv()
            except EOFError:
                return
            if job is None:
                return
            kind, arg = job

            def progress(done: int, total: int) -> None:
                conn.send(("progress", done, total))

            try:
                if project is None:
                    project = Project.open(path, annotator=annotator)
                else:
                    project.refresh()  # labels edited meanwhile
                result: object
                if kind == "propagate":
                    # the names of the spans labeled since the last job, in one pass
                    span_ids, first_docs = arg
                    names = []
                    for span_id in span_ids:
                        try:
                            span = project.get_span(span_id)
                        except AnnotatorError:  # undone meanwhile: nothing to propagate
                            continue
                        names.append((span.text, span.label))
                    result = ChangeSet("suggest")
                    if names and first_docs:  # the open document first, sent on its own
                        first = project.propagate_names(names, first_docs)
                        conn.send(("partial", first))
                    if names:
                        result = project.propagate_names(
                            names, should_cancel=cancel.is_set, on_progress=progress
                        )
                else:
                    info = project.train_model(on_progress=progress, should_cancel=cancel.is_set)
                    if cancel.is_set():
                        raise SuggestionCancelled("stopped after training")
                    conn.send(("stage", "pre_annotate"))
                    cs = project.pre_annotate(should_cancel=cancel.is_set, on_progress=progress)
                    result = (info, cs)
                conn.send(("done", result))
            except SuggestionCancelled:
                conn.send(("cancelled",))
            except AnnotatorError as exc:
                conn.send(("error", True, str(exc), ""))
            except Exception as exc:  # reported to the window, which logs it as a bug
                conn.send(("error", False, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        if project is not None:
            project.close()


class SuggestionProcess:
    """The parent's handle: ``run`` a job (from a worker thread), ``close`` at the end."""

    def __init__(self, path: str | Path, annotator: str) -> None:
        self.path = str(path)
        self.annotator = annotator
        self._lock = threading.Lock()  # one job at a time (a dialog's and a background one)
        self._proc: Any = None
        self._conn: Connection | None = None
        self._cancel: Any = None

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self._cancel = ctx.Event()
        self._proc = ctx.Process(
            target=_serve,
            args=(self.path, self.annotator, child, self._cancel),
            name="annotator-suggestions",
            daemon=True,
        )
        # "spawn" runs the parent's main script again in the child unless the script guards
        # itself with ``if __name__ == "__main__"``; the target lives in this module, so the
        # child needs none of it: hide the script's path while starting (a script that opens
        # a window would otherwise open another one in the helper)
        main = sys.modules.get("__main__")
        script = main.__dict__.pop("__file__", None) if main is not None else None
        try:
            self._proc.start()
        finally:
            if script is not None and main is not None:
                main.__file__ = script
        child.close()
        self._conn = parent

    def run(
        self,
        kind: str,
        arg: object,
        *,
        cancelled: Callable[[], bool],
        progress: Callable[[int, int | None, str | None], None],
        on_partial: Callable[[ChangeSet], None] | None = None,
    ) -> Any:
        """Run one job in the process and return its result (a ChangeSet, or (ModelInfo,
        ChangeSet) for "train"). Raises SuggestionCancelled, AnnotatorError or ProcessFailed."""
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            conn = self._conn
            assert conn is not None
            self._cancel.clear()
            conn.send((kind, arg))
            while True:
                if cancelled():
                    self._cancel.set()
                try:
                    ready = conn.poll(POLL_S)
                except (EOFError, OSError):
                    ready = False
                if not ready:
                    if not self._proc.is_alive():
                        self._proc = None
                        raise ProcessFailed("the suggestion process ended unexpectedly")
                    continue
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    self._proc = None
                    raise ProcessFailed("the suggestion process ended unexpectedly") from None
                tag = message[0]
                if tag == "progress":
                    progress(message[1], message[2], None)
                elif tag == "partial":
                    if on_partial is not None:
                        on_partial(message[1])
                elif tag == "stage":
                    progress(0, None, message[1])
                elif tag == "done":
                    return message[1]
                elif tag == "cancelled":
                    raise SuggestionCancelled("cancelled")
                else:
                    _tag, user_error, text, details = message
                    if user_error:
                        raise AnnotatorError(text)
                    raise ProcessFailed(f"{text}\n{details}")

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def close(self, timeout: float = 5.0) -> None:
        """Ask the process to end (after its job), then make sure it has."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is None:
            return
        self.cancel()
        try:
            if conn is not None:
                conn.send(None)
        except (OSError, ValueError):
            pass
        proc.join(timeout)
        if proc.is_alive():
            proc.terminate()
            proc.join(timeout)
        if conn is not None:
            conn.close()
