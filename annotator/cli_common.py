"""What every ``annotator`` command shares: the project argument, counts in words, and terminal
output (Arabic shaped only for a terminal that asks, a progress line only on a terminal).
``cli`` and ``cli_project`` both import it, so neither imports the other's internals."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from annotator.core.errors import AnnotatorError


def _project_path(args: argparse.Namespace) -> Path:
    if args.project:  # without importing the database code: `import` forks its reader first
        return Path(args.project)
    from annotator.core.project import default_project_path

    return default_project_path()


class UsageError(AnnotatorError):
    """A bad command line: reported like every other user error."""


def open_project(args: argparse.Namespace, read_only: bool = False) -> Any:
    """The project ``--project`` names; ``--annotator`` (the commands that write) says who
    does it (their spans, the change log)."""
    from annotator.core.project import Project

    who = getattr(args, "annotator", None) if not read_only else None
    return Project.open(_project_path(args), who, read_only=read_only)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ------------------------------------------------------------------ terminal output
def shaping_wanted(args: argparse.Namespace, stream: TextIO | None = None) -> bool:
    """Shape Arabic only for a terminal, and only when asked (--shape or ANNOTATOR_SHAPE=1)."""
    stream = stream or sys.stdout
    asked = bool(getattr(args, "shape", False)) or os.environ.get("ANNOTATOR_SHAPE") == "1"
    return asked and stream.isatty()


def shape_for_terminal(text: str) -> str:
    """Presentation forms in visual order, for terminals that cannot shape Arabic (rule 4).

    Reshape first, then reorder: the other way round joins the wrong letters.
    """
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def _has_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" for ch in text)


class Out:
    """Writes lines to stdout; Arabic cells are shaped when the user asked and it is a TTY."""

    def __init__(self, shape: bool) -> None:
        self.shape = shape

    def cell(self, text: str) -> str:
        if self.shape and _has_rtl(text):
            return shape_for_terminal(text)
        return text

    def line(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")


class Progress:
    """A one-line progress counter on stderr, only when stderr is a terminal."""

    def __init__(self, verb: str, enabled: bool | None = None) -> None:
        self.verb = verb
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and (total is None or done < total):
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        if total:
            msg = f"{self.verb}: {done:,}/{total:,} documents ({100 * done // total}%)"
        else:
            msg = f"{self.verb}: {done:,} documents"
        sys.stderr.write(f"\r{msg}, {rate:,.0f}/s\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.shown = False
