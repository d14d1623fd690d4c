"""Import files into a project: expand folders and globs, pick readers, one transaction; or
create a project from files, all or nothing (``create_project_from_files``).

Used by the CLI, the GUI and the benchmark alike, so all three behave the same.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formats
from .changes import ChangeSet
from .errors import AnnotatorError, InputError
from .forked_reader import FORK_MIN_BYTES, ForkedReader, ReaderEvents, can_fork
from .model import STATUSES, DocRecord
from .preparing import default_annotator, start_forked
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
    # what the import changed, as every write reports it (Project.import_records)
    changes: ChangeSet = field(default_factory=lambda: ChangeSet("import"))
    # Control characters that cleaning replaced (by spaces; VT, FF, NEL by line breaks).
    controls_replaced: int = 0
    # spans of documents not added as duplicates, and copies repeated within this import whose
    # spans differ from the copy kept (file:line of each)
    duplicate_spans: int = 0
    duplicate_conflicts: list[str] = field(default_factory=list)
    # sentences repeated within one import of a token format, kept as documents of their own
    repeated: int = 0
    # event frames and relations imported; roles, relation types, attributes the file used that
    # the project lacked (added, or widened), as Project.import_records reports them
    frames: int = 0
    relations: int = 0
    new_definitions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["document_ids"], out["changes"]
        return out


def _format_extensions(fmt: str) -> set[str]:
    if fmt == "auto":
        return {
            ext for ext, name in formats.by_extension().items() if formats.FORMATS[name].can_read
        }
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
    """Drop the files that another file's reader reads along with it (a format's
    ``companions``; brat: x.ann reads x.txt), so a folder import does not also bring them in as
    documents of their own."""
    # companion suffix -> the suffixes of the files that read such a companion
    readers_of: dict[str, set[str]] = {}
    for info in formats.FORMATS.values():
        if info.can_read:
            for companion in info.companions:
                readers_of.setdefault(companion, set()).update(info.extensions)
    if not readers_of:
        return files
    present = set(files)

    def is_companion(f: Path) -> bool:
        owners = readers_of.get(f.suffix.lower(), ())
        return any(f.with_suffix(ext) in present for ext in owners)

    return [f for f in files if not is_companion(f)]


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
    status: str | None = None,
    parallel: bool = False,
    **options: Any,
) -> ImportResult:
    """Import every file in ``paths`` into ``project`` in ONE transaction.

    ``status`` sets every imported document's status (a gold corpus is ``done``), whatever the
    file says or the spans imply.

    A bad record refuses the whole import (InputError naming file, line and reason) and leaves
    the project unchanged; with ``skip_invalid`` the rest is imported and the bad records are
    listed in ``skipped``. ``options`` go to the readers (``text_column`` for CSV, ...).

    ``parallel``: read and check the records in a forked process while this one writes, where
    that is safe and the input large enough (``forked_reader.py``); the command line asks for
    it, the app does not (a process with Qt's threads must not fork).
    """
    plan = _Plan(paths, fmt, skip_invalid, status, options)
    if parallel:
        plan.fork(project.annotator)
    return plan.run(project, progress, cancel)


class _Plan:
    """An import's files, readers and reported events, ready to run into a project; its
    records may already be read and prepared by a forked child (``fork``)."""

    def __init__(
        self,
        paths: Iterable[str | Path],
        fmt: str,
        skip_invalid: bool,
        status: str | None,
        options: dict[str, Any],
    ) -> None:
        self.files = expand_paths(paths, fmt)
        self.skip_invalid = skip_invalid
        # the CLI prints each warning as it comes
        self.events = ReaderEvents(also_warn=options.pop("warn", None))
        records = formats.read(
            [p for p, _ in self.files],
            fmt,
            names=[n for _, n in self.files],
            on_error=self.events.skip if skip_invalid else None,
            warn=self.events.warn,
            **options,
        )
        if status is not None:
            if status not in STATUSES:
                raise AnnotatorError(
                    f"unknown status {status!r} (expected one of {', '.join(STATUSES)})"
                )
            records = _with_status(records, status)
        self.records: Iterable[DocRecord] | ForkedReader = records
        if len(self.files) == 1:
            self.source = str(self.files[0][0])
        else:
            shown = ", ".join(str(p) for p, _ in self.files[:5])
            self.source = f"{len(self.files)} files: {shown}" + (
                ", ..." if len(self.files) > 5 else ""
            )

    def fork(self, annotator: str) -> None:
        """Start reading and preparing in a forked child now, where that is safe and the input
        large enough; ``annotator``: the project's (whose spans those without one are)."""
        if can_fork() and _input_bytes(self.files) >= FORK_MIN_BYTES:
            assert not isinstance(self.records, ForkedReader)
            self.records = start_forked(self.records, annotator, self.skip_invalid, self.events)

    def close(self) -> None:
        """Stop a forked child that will not be read (the project could not be created)."""
        if isinstance(self.records, ForkedReader):
            self.records.close()

    def run(
        self,
        project: Project,
        progress: Callable[[int], None] | None,
        cancel: Callable[[], bool] | None,
    ) -> ImportResult:
        report = project.import_records(
            self.records,
            source=self.source,
            skip_invalid=self.skip_invalid,
            progress=progress,
            cancel=cancel,
        )
        events = self.events
        if report.controls:
            events.warn(describe_controls(report.controls, report.control_documents))
        return ImportResult(
            files=[str(p) for p, _ in self.files],
            added=report.added,
            duplicates=report.duplicates,
            spans=report.spans,
            skipped=events.skipped + list(report.skipped),
            new_labels=list(report.new_labels),
            document_ids=list(report.document_ids),
            warnings=events.warnings,
            changes=report.changes,
            controls_replaced=sum(report.controls.values()),
            duplicate_spans=report.duplicate_spans,
            duplicate_conflicts=list(report.duplicate_conflicts),
            repeated=report.repeated,
            frames=report.frames,
            relations=report.relations,
            new_definitions=list(report.new_definitions),
        )


def _input_bytes(files: list[tuple[Path, str]]) -> int:
    total = 0
    for path, _ in files:
        try:
            total += path.stat().st_size
        except OSError:  # the reader will say what is wrong with it
            pass
    return total


def _with_status(records: Iterable[DocRecord], status: str) -> Iterator[DocRecord]:
    for rec in records:
        rec.status = status
        yield rec


def _remove_project_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_project_from_files(
    path: str | Path,
    paths: Iterable[str | Path],
    fmt: str = "auto",
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    annotator: str | None = None,
    status: str | None = None,
    parallel: bool = False,
    **options: Any,
) -> ImportResult:
    """Create the project ``path`` (``annotator``: who imports, the project's stored name) and
    import ``paths`` into it (``import_paths``): all or nothing. Used by ``annotator import`` on
    a new project and by the app's "create a project from files", so both behave the same.

    The project is built under a temporary name beside ``path`` and renamed once the import has
    committed: a refused, failed or cancelled import (``ImportCancelled``), or a crash, leaves
    no file under ``path``. An existing ``path`` is refused.

    ``parallel`` (``import_paths``): the reader is forked before the database code is even
    imported, so it starts reading while this process creates the project.
    """
    path = Path(path)
    if path.exists():
        raise AnnotatorError(f"{path}: already exists")
    who = annotator or default_annotator()
    plan = _Plan(paths, fmt, skip_invalid, status, options)
    if parallel:
        plan.fork(who)
    tmp = path.with_name(f".{path.name}.creating")
    try:
        from .project import Project  # not at module level: importing.py stays light

        _remove_project_files(tmp)  # left by a crash
        with Project.create(tmp, annotator=who) as project, project.unseen_file_writes():
            result = plan.run(project, progress, cancel)
        _sync(tmp)  # written unsynced (unseen_file_writes), and closed: synced once, here
        os.replace(tmp, path)
    except BaseException as exc:
        plan.close()
        _remove_project_files(tmp)
        _name_the_project(exc, tmp, path)
        raise
    return result


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _name_the_project(exc: BaseException, tmp: Path, path: Path) -> None:
    """Make a message about the temporary project name the project the user asked for: that
    is the name they know (a read-only folder, a full disk)."""
    if isinstance(exc, OSError):
        if exc.filename is not None and str(exc.filename) == str(tmp):
            exc.filename = str(path)
    elif isinstance(exc, AnnotatorError) and not isinstance(exc, InputError):
        if len(exc.args) == 1 and isinstance(exc.args[0], str):
            exc.args = (exc.args[0].replace(str(tmp), str(path)),)
