"""Reading and preparing an import's records in a forked child process.

An import spends about half its time in Python reading and checking records (parsing JSON,
cleaning the text, checking every span) and the rest writing them to SQLite. Run in one process
they add up; here a child forked from this process reads and prepares the records and streams
them through a pipe, in order, while this process writes the ones it already has. On a machine
with two cores an import of 5,000 articles then takes about 60% of the time (bench/bench_cli.py).

Only the child reads the input; only this process touches the database (a SQLite connection is
never used across a fork: the child never calls SQLite and leaves with ``os._exit``). What the
readers report while the child iterates them (skipped records, warnings) travels through the
same stream and is replayed here, in order, so callers see exactly what a serial import gives.

Used by ``annotator import`` (``parallel=True`` of ``import_paths`` and
``create_project_from_files``) where fork is safe: on Linux, from a process without other
threads. The app imports serially: a process running Qt's threads must not fork.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from .errors import AnnotatorError

# Below this much input the fork (a few milliseconds) is not worth it.
FORK_MIN_BYTES = 1 << 20
# A batch's header: how it is encoded (marshal or pickle) and its length in bytes.
_HEADER = struct.Struct("<cQ")
# A batch ends at _BATCH items or once its items weigh _BATCH_BYTES (``weigh``): a file of a
# few huge documents must not gather gigabytes in one batch.
_BATCH_BYTES = 8 << 20
# Items a batch: large enough that the pipe carries few, small enough that the writer
# starts on the first documents at once.
_BATCH = 64
_F_SETPIPE_SZ = 1031  # Linux fcntl: a larger pipe lets the child run ahead of the writer


class ReaderEvents:
    """What readers report while their records are iterated: records they skipped (with
    ``skip_invalid``) and warnings. In the forked child both are sent to the parent instead,
    which records them here in the order they happened."""

    def __init__(self, also_warn: Callable[[str], None] | None = None) -> None:
        self.skipped: list[str] = []
        self.warnings: list[str] = []
        self._also_warn = also_warn
        self._send: Callable[[tuple[str, Any]], None] | None = None

    def skip(self, err: object) -> None:
        if self._send is not None:
            self._send(("skip", str(err)))
        else:
            self.skipped.append(str(err))

    def warn(self, message: str) -> None:
        if self._send is not None:
            self._send(("warn", message))
            return
        self.warnings.append(message)
        if self._also_warn is not None:
            self._also_warn(message)


def can_fork() -> bool:
    """Whether this process may fork a reader: Linux (macOS system libraries are not safe
    across fork without exec; Windows has no fork), and no other thread running."""
    import threading  # here: every command imports this module, few fork

    return (
        sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
    )


class ForkedReader:
    """``produce()`` run in a child forked at once; iterate to get its items here, in order.

    ``weigh``: an item's size in bytes, roughly (a batch is sent once it holds 8 MiB). An
    exception in the child is raised here, where the item it stopped at would have come; a
    child that dies without saying why raises AnnotatorError. ``close()`` before the end kills
    the child: the caller failed or was cancelled.
    """

    def __init__(
        self,
        produce: Callable[[], Iterator[Any]],
        events: ReaderEvents,
        weigh: Callable[[Any], int] = lambda item: 0,
    ) -> None:
        self._events = events
        self._pid = 0
        read_fd, write_fd = os.pipe()
        _grow_pipe(write_fd)
        # Objects that exist now are never collected in the child: its collector does not
        # touch (and so copy) the parent's memory pages.
        gc.freeze()
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            os.close(read_fd)
            os.close(write_fd)
            raise
        if pid == 0:  # pragma: no cover - the child's lines run in the child (coverage not there)
            os.close(read_fd)
            _child(produce, events, weigh, write_fd)
        gc.unfreeze()
        os.close(write_fd)
        self._pid = pid
        self._stream: BinaryIO | None = os.fdopen(read_fd, "rb", buffering=1 << 16)

    def __iter__(self) -> Iterator[Any]:
        try:
            while self._stream is not None:
                batch = _read_frame(self._stream)
                if batch is None:
                    status = self._finish()
                    raise AnnotatorError(
                        "the import's reader process stopped unexpectedly "
                        f"({_describe(status)}); nothing was imported"
                    ) from None
                for kind, payload in batch:
                    if kind == "item":
                        yield payload
                    elif kind == "warn":
                        self._events.warn(payload)
                    elif kind == "skip":
                        self._events.skip(payload)
                    elif kind == "error":
                        raise payload
                    else:  # "end"
                        self._finish()
                        return
        finally:
            self.close()

    def _finish(self) -> int:
        """The child has ended (or is ending): close the pipe and reap it; its exit status."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        status = _reap(self._pid) if self._pid else 0
        self._pid = 0
        return status

    def close(self) -> None:
        """Stop the child if it still runs (it may be blocked writing to a pipe nobody reads)."""
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._finish()


def _child(
    produce: Callable[[], Iterator[Any]],
    events: ReaderEvents,
    weigh: Callable[[Any], int],
    fd: int,
) -> None:
    """The child's whole life: stream the items, then leave without running any of the
    parent's clean-up (atexit, finalisers, the SQLite connection's close)."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C and stops us
        with os.fdopen(fd, "wb", buffering=1 << 16) as out:
            batch: list[tuple[str, Any]] = []
            events._send = batch.append
            try:
                weight = 0
                for item in produce():
                    batch.append(("item", item))
                    weight += weigh(item)
                    if len(batch) >= _BATCH or weight >= _BATCH_BYTES:
                        _write_frame(out, batch)
                        batch.clear()
                        weight = 0
                batch.append(("end", None))
            except Exception as exc:  # sent to the parent, raised there in its place
                batch.append(("error", _portable(exc)))
            _write_frame(out, batch)
    except BaseException:
        code = 1  # the parent sees the stream end early and says so
    finally:
        os._exit(code)


def _write_frame(out: BinaryIO, batch: list[tuple[str, Any]]) -> None:
    """One batch: a tag saying how it is encoded, its length, then the bytes. marshal (plain
    tuples, lists, strings, bytes and numbers: what a prepared record is) takes half the time
    of pickle; a batch holding anything else (a record with frames, an exception) is pickled."""
    try:
        data, tag = marshal.dumps(batch), b"m"
    except ValueError:
        import pickle

        data, tag = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL), b"p"
    out.write(_HEADER.pack(tag, len(data)))
    out.write(data)


def _read_frame(stream: BinaryIO) -> list[tuple[str, Any]] | None:
    """The next batch, or None where the stream ends (or is cut short) before one."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    tag, size = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    if tag == b"m":
        batch: list[tuple[str, Any]] = marshal.loads(data)
    else:
        import pickle

        batch = pickle.loads(data)
    return batch


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else an AnnotatorError with its message."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return AnnotatorError(f"{type(exc).__name__}: {exc}")
    return exc


def _grow_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, 1 << 20)
    except (ImportError, OSError):  # not Linux, or over the user's pipe quota: the default
        pass


def _reap(pid: int) -> int:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return f"killed by {name}"
    return f"exit status {os.WEXITSTATUS(status)}"
