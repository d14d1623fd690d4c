"""Import files into a project: expand folders and globs, pick readers, one transaction.

Used by the CLI, the GUI and the benchmark alike, so all three behave the same.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formats
from .errors import AnnotatorError, InputError
from .text import describe_controls

if TYPE_CHECKING:
    from .project import Project

_GLOB_CHARS = set("*?[")


@dataclass
class ImportResult:
    files: list[str] = field(default_factory=list)
    added: int = 0
    duplicates: int = 0
    spans: int = 0
    skipped: list[str] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    # What readers repaired or dropped (IOB1 tags, bidi marks, relations, unmapped labels...).
    warnings: list[str] = field(default_factory=list)
    # Control characters that cleaning replaced (by spaces; VT, FF, NEL by line breaks).
    controls_replaced: int = 0

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["document_ids"]
        return out


def _format_extensions(fmt: str) -> set[str]:
    if fmt == "auto":
        return {ext for ext, name in formats.EXTENSIONS.items() if name in formats.READERS}
    formats.get_reader(fmt)  # unknown format: a clear error before touching the disk
    return set(formats.FORMATS[fmt].extensions)


def _matches(path: Path, exts: set[str]) -> bool:
    name = path.name.lower()
    return any(name.endswith(ext) for ext in exts)


def _glob_root(pattern: str) -> Path:
    """The leading part of ``pattern`` without wildcards: names are given relative to it."""
    parts = Path(pattern).parts
    root: list[str] = []
    for part in parts[:-1]:
        if _GLOB_CHARS & set(part):
            break
        root.append(part)
    return Path(*root) if root else Path(".")


def _without_companions(files: list[Path]) -> list[Path]:
    """Drop the text files that another file's reader reads along with it (brat: x.ann reads
    x.txt), so a folder import does not also bring them in as plain-text documents."""
    if formats.EXTENSIONS.get(".ann") not in formats.READERS:
        return files
    present = set(files)
    return [
        f for f in files if not (f.suffix.lower() == ".txt" and f.with_suffix(".ann") in present)
    ]


def expand_paths(paths: Iterable[str | Path], fmt: str = "auto") -> list[tuple[Path, str]]:
    """Files to import as ``(path, name)``; name = file name, or path relative to a folder.

    Folders are searched recursively for files of the format (any known format for ``auto``),
    in sorted order; wildcards are expanded (``**`` included) for shells that do not.
    """
    exts = _format_extensions(fmt)
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(p: Path, name: str) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append((p, name))

    for arg in paths:
        text = str(arg)
        p = Path(text)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and _matches(f, exts)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if fmt == "auto":
                found = _without_companions(found)
            if not found:
                wanted = "files" if fmt == "auto" else f"{fmt} files"
                raise InputError(
                    text, None, f"no {wanted} in this folder ({', '.join(sorted(exts))})"
                )
            for f in found:
                add(f, f.relative_to(p).as_posix())
        elif p.is_file():
            add(p, p.name)
        elif _GLOB_CHARS & set(text):
            root = _glob_root(text)
            found = sorted(Path(f) for f in glob.glob(text, recursive=True) if os.path.isfile(f))
            if not found:
                raise InputError(text, None, "no files match this pattern")
            for f in found:
                try:
                    name = f.relative_to(root).as_posix()
                except ValueError:
                    name = f.name
                add(f, name)
        elif p.exists():
            raise InputError(text, None, "not a regular file")
        else:
            raise InputError(text, None, "no such file or folder")
    if not out:
        raise AnnotatorError("nothing to import: give files, folders or patterns")
    return out


def import_paths(
    project: Project,
    paths: Iterable[str | Path],
    fmt: str = "auto",
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    **options: Any,
) -> ImportResult:
    """Import every file in ``paths`` into ``project`` in ONE transaction.

    A bad record refuses the whole import (InputError naming file, line and reason) and leaves
    the project unchanged; with ``skip_invalid`` the rest is imported and the bad records are
    listed in ``skipped``. ``options`` go to the readers (``text_column`` for CSV, ...).
    """
    files = expand_paths(paths, fmt)
    skipped_by_readers: list[str] = []
    on_error = (lambda err: skipped_by_readers.append(str(err))) if skip_invalid else None
    warnings: list[str] = []
    also_warn = options.pop("warn", None)  # the CLI prints each warning as it comes

    def warn(message: str) -> None:
        warnings.append(message)
        if also_warn is not None:
            also_warn(message)

    records = formats.read(
        [p for p, _ in files],
        fmt,
        names=[n for _, n in files],
        on_error=on_error,
        warn=warn,
        **options,
    )
    if len(files) == 1:
        source = str(files[0][0])
    else:
        source = f"{len(files)} files: " + ", ".join(str(p) for p, _ in files[:5])
        if len(files) > 5:
            source += ", ..."
    report = project.import_records(
        records, source=source, skip_invalid=skip_invalid, progress=progress, cancel=cancel
    )
    if report.controls:
        warn(describe_controls(report.controls, report.control_documents))
    return ImportResult(
        files=[str(p) for p, _ in files],
        added=report.added,
        duplicates=report.duplicates,
        spans=report.spans,
        skipped=skipped_by_readers + list(report.skipped),
        new_labels=list(report.new_labels),
        document_ids=list(report.document_ids),
        warnings=warnings,
        controls_replaced=sum(report.controls.values()),
    )
