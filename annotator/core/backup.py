"""Automatic, rotating backups of a project, and restoring one.

A backup is a consistent copy made with SQLite's online backup API (a snapshot even while
another window writes), kept in the folder ``NAME.annotator.backups`` beside the project, named
``NAME-YYYYMMDD-HHMMSSmmm-cN.annotator`` where N is the project's newest change-log id: that is how
"changed since the last backup" is known without opening anything. The app takes one when a
project is opened (at most once every 30 minutes, and only if it changed) and when it is
closed; ``annotator backup`` takes one on demand. Rotation keeps the newest ``keep`` backups
plus the newest of each of the last seven days.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .errors import AnnotatorError, NotAProjectError, ProjectLockedError
from .schema import check_file_header

KEEP = 10
KEEP_DAYS = 7
MIN_INTERVAL_S = 30 * 60
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?P<ms>\d{3})?-c(?P<change>\d+)\.annotator$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # UTC
    change: int  # the project's newest change-log id when it was taken


def backup_folder(project: Path) -> Path:
    return project.with_name(f"{project.name}.backups")


def list_backups(project: str | Path) -> list[Backup]:
    """The project's backups, newest first."""
    folder = backup_folder(Path(project))
    out = []
    if folder.is_dir():
        for f in folder.iterdir():
            m = _NAME.match(f.name)
            if m and f.is_file():
                taken = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S").replace(
                    tzinfo=UTC, microsecond=int(m["ms"] or 0) * 1000
                )
                out.append(Backup(f, taken, int(m["change"])))
    return sorted(out, key=lambda b: (b.taken, b.change, b.path.name), reverse=True)


def _last_change(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0])


def take_backup(project: str | Path, *, keep: int | None = KEEP) -> Path:
    """Copy ``project`` into its backup folder now and rotate; returns the new backup's path.

    Reads the project through its own read-only connection: the caller's connection (a window
    labeling) is never blocked, and a WAL snapshot is consistent however long the copy takes.
    ``keep=None`` skips the rotation.
    """
    path = Path(project)
    check_file_header(path)
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        change = _last_change(src)
        folder = backup_folder(path)
        folder.mkdir(exist_ok=True)
        stem = path.name.removesuffix(".annotator")
        while True:  # never over an earlier backup (two in one millisecond)
            now = datetime.now(UTC)
            stamp = f"{now:%Y%m%d-%H%M%S}{now.microsecond // 1000:03d}"
            final = folder / f"{stem}-{stamp}-c{change}.annotator"
            if not final.exists():
                break
            time.sleep(0.002)
        tmp = folder / f".{final.name}.partial"
        tmp.unlink(missing_ok=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # all pages in one step: one read snapshot
            # a backup is one self-contained file, whatever the project's journal mode
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        os.replace(tmp, final)
    except sqlite3.Error as exc:
        raise AnnotatorError(f"{path}: backup failed ({exc})") from None
    finally:
        src.close()
    if keep is not None:
        rotate(path, keep=keep)
    return final


def rotate(project: str | Path, *, keep: int = KEEP, now: datetime | None = None) -> list[Path]:
    """Delete backups beyond the newest ``keep`` and the newest of each of the last seven
    days; returns the deleted paths."""
    backups = list_backups(project)
    now = now or datetime.now(UTC)
    kept = {b.path for b in backups[:keep]}
    days: set[str] = set()
    for b in backups:  # newest first: the first seen of a day is that day's newest
        day = b.taken.strftime("%Y%m%d")
        if now - b.taken <= timedelta(days=KEEP_DAYS) and day not in days:
            days.add(day)
            kept.add(b.path)
    gone = []
    for b in backups:
        if b.path not in kept:
            b.path.unlink(missing_ok=True)
            gone.append(b.path)
    return gone


def backup_if_due(
    project: str | Path,
    *,
    min_interval_s: float = MIN_INTERVAL_S,
    keep: int = KEEP,
    now: float | None = None,
) -> Path | None:
    """Take a backup if the project changed since the newest one and that one is at least
    ``min_interval_s`` old (0: whenever it changed, as on close); else None."""
    path = Path(project)
    newest = next(iter(list_backups(path)), None)
    if newest is not None:
        age = (now or time.time()) - newest.taken.timestamp()
        if age < min_interval_s:
            return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            if _last_change(conn) == newest.change:
                return None
        finally:
            conn.close()
    return take_backup(path, keep=keep)


def _refuse_if_open(conn: sqlite3.Connection, path: Path) -> None:
    """Leaving WAL mode needs the only connection to the file: the test for "nobody else has
    this project open" (every connection to a WAL file holds a shared lock until it closes)."""
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ProjectLockedError(
                f"{path}: the project is open in another window or process; close it there "
                "and restore again (nothing was changed)"
            ) from None
        raise
    if mode != "delete":
        raise ProjectLockedError(f"{path}: the project is open elsewhere; nothing was changed")


def restore_backup(project: str | Path, backup: str | Path) -> Path | None:
    """Replace ``project`` with the backup ``backup``. The current project is backed up first
    (when it can be read; that backup's path is returned). Refused while another window or
    process has the project open."""
    path, source = Path(project), Path(backup)
    if not source.is_file():
        raise AnnotatorError(f"{source}: no such backup")
    if path.exists() and os.path.samefile(path, source):
        # SQLite's backup from a file onto itself waits on its own lock for ever
        raise AnnotatorError(f"{source}: is the project itself, not a backup of it")
    check_file_header(source)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise NotAProjectError(f"{source}: the backup is damaged; choose another one")
    except sqlite3.DatabaseError as exc:
        src.close()
        raise NotAProjectError(f"{source}: the backup is damaged ({exc})") from None
    saved = None
    try:
        dst = sqlite3.connect(path, timeout=0)
        try:
            _refuse_if_open(dst, path)
            try:
                # no rotation: it could delete the very backup being restored
                saved = take_backup(path, keep=None)
            except (AnnotatorError, sqlite3.Error):
                saved = None  # a damaged project cannot be copied: restoring is the point
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise ProjectLockedError(
                    f"{path}: the project is open in another window or process; nothing was changed"
                ) from None
            # The file is too damaged for SQLite to open: nobody can be using it.
            dst.close()
            _replace_file(source, path)
            return saved
        finally:
            dst.close()
    finally:
        src.close()
    return saved


def _replace_file(source: Path, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.restoring")
    tmp.write_bytes(source.read_bytes())
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, path)
