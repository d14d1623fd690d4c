"""Errors that reach the user as one clear line (CLI) or one dialog (GUI)."""

from __future__ import annotations


class AnnotatorError(Exception):
    """A problem the user can act on. ``str(err)`` is the whole message."""


class InputError(AnnotatorError):
    """Bad input: names the file, the line (or record) and the problem."""

    def __init__(self, source: str | None, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = source or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str | None, int | None, str]]:
        # pickled by the forked import reader (core/forked_reader.py): rebuilt from its
        # parts, not from the formatted message
        return type(self), (self.source, self.line, self.reason)


class NotAProjectError(AnnotatorError):
    """The file is not an annotator project (or is from a newer version)."""


class SpanError(AnnotatorError):
    """A span that cannot be stored: empty, reversed, out of range, duplicate, bad label."""


class ProjectLockedError(AnnotatorError):
    """Another window or process holds the project for writing."""


class ConflictError(AnnotatorError):
    """Undo or redo found the project changed since (by another window or process)."""


class FrameError(AnnotatorError):
    """An event frame, role argument, relation, attribute, note or definition that cannot be
    stored: a role not allowed for a label, spans of two documents, a frame cycle, an unknown
    role, type, attribute or value."""
