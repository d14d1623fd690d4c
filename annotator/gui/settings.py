"""Persistent user preferences (QSettings): zoom, window layout, recent projects, UI language,
the annotator's name.

Every reader tolerates missing or malformed values (a settings file edited by hand, or written by
an older version) and falls back to the default instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

ORGANIZATION = "annotator"
APPLICATION = "annotator"

DEFAULT_ZOOM = 0  # steps relative to the default font size
MIN_ZOOM = -8
MAX_ZOOM = 20
MAX_RECENT = 10

_override_file: Path | None = None


def use_settings_file(path: str | Path | None) -> None:
    """Keep settings in one INI file (tests, portable installs); None goes back to the default."""
    global _override_file
    _override_file = Path(path) if path is not None else None


def settings() -> QSettings:
    """A QSettings for the app. Cheap to create; QSettings instances share one cache."""
    if _override_file is not None:
        return QSettings(str(_override_file), QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


@contextmanager
def _group(name: str) -> Iterator[QSettings]:
    s = settings()
    s.beginGroup(name)
    try:
        yield s
    finally:
        s.endGroup()
        s.sync()


def _as_int(value: object, default: int) -> int:
    if not isinstance(value, (int, float, str, bytes)):  # a list, a QByteArray...
        return default
    try:
        return int(value)
    except (ValueError, OverflowError):
        return default


# zoom -----------------------------------------------------------------------------------------


def zoom_level() -> int:
    with _group("view") as s:
        level = _as_int(s.value("zoom", DEFAULT_ZOOM), DEFAULT_ZOOM)
    return max(MIN_ZOOM, min(MAX_ZOOM, level))


def set_zoom_level(level: int) -> int:
    """Store the zoom level (clamped) and return what was stored."""
    level = max(MIN_ZOOM, min(MAX_ZOOM, int(level)))
    with _group("view") as s:
        s.setValue("zoom", level)
    return level


# window layout --------------------------------------------------------------------------------


def save_window(window: QWidget, key: str = "main") -> None:
    """Remember a window's geometry (and dock/toolbar state for a QMainWindow)."""
    with _group(f"windows/{key}") as s:
        s.setValue("geometry", window.saveGeometry())
        if isinstance(window, QMainWindow):
            s.setValue("state", window.saveState())


def restore_window(window: QWidget, key: str = "main") -> bool:
    """Restore what ``save_window`` stored. False when nothing usable was stored."""
    with _group(f"windows/{key}") as s:
        geometry = s.value("geometry")
        state = s.value("state")
    restored = False
    if isinstance(geometry, (QByteArray, bytes)) and geometry:
        restored = bool(window.restoreGeometry(QByteArray(geometry)))
    if isinstance(window, QMainWindow) and isinstance(state, (QByteArray, bytes)) and state:
        window.restoreState(QByteArray(state))
    return restored


def save_splitter(splitter: QSplitter, key: str) -> None:
    with _group("splitters") as s:
        s.setValue(key, [int(x) for x in splitter.sizes()])


def restore_splitter(splitter: QSplitter, key: str) -> bool:
    """Restore splitter sizes if the stored list matches the splitter's panes."""
    with _group("splitters") as s:
        value = s.value(key)
    if isinstance(value, str):  # INI files give a single-element list back as a plain string
        value = [value]
    if not isinstance(value, list) or len(value) != splitter.count():
        return False
    sizes = [_as_int(v, -1) for v in value]
    if any(v < 0 for v in sizes) or not any(sizes):
        return False
    splitter.setSizes(sizes)
    return True


# recent projects ------------------------------------------------------------------------------


def recent_projects(existing_only: bool = True) -> list[Path]:
    """Most recent first; missing files are left out unless ``existing_only`` is False."""
    with _group("recent") as s:
        value = s.value("projects", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    out: list[Path] = []
    for item in value:
        if not isinstance(item, str) or not item:
            continue
        path = Path(item)
        if path in out or (existing_only and not path.is_file()):
            continue
        out.append(path)
    return out[:MAX_RECENT]


def add_recent_project(path: str | Path) -> list[Path]:
    path = Path(path).resolve()
    items = [p for p in recent_projects(existing_only=False) if p != path]
    items.insert(0, path)
    items = items[:MAX_RECENT]
    with _group("recent") as s:
        s.setValue("projects", [str(p) for p in items])
    return items


def remove_recent_project(path: str | Path) -> list[Path]:
    path = Path(path).resolve()
    items = [p for p in recent_projects(existing_only=False) if p != path]
    with _group("recent") as s:
        s.setValue("projects", [str(p) for p in items])
    return items


# language -------------------------------------------------------------------------------------


def ui_language() -> str | None:
    """The language the user picked ("en", "ar"), or None to follow the system locale."""
    with _group("ui") as s:
        value = s.value("language")
    return value if isinstance(value, str) and value else None


def set_ui_language(language: str | None) -> None:
    with _group("ui") as s:
        if language:
            s.setValue("language", language)
        else:
            s.remove("language")


# who is labeling -------------------------------------------------------------------------------


def annotator_name() -> str | None:
    """The name the user gave (Preferences or the first-run prompt); None: never asked."""
    with _group("user") as s:
        value = s.value("annotator")
    return value.strip() if isinstance(value, str) and value.strip() else None


def set_annotator_name(name: str) -> None:
    with _group("user") as s:
        s.setValue("annotator", name.strip())


# misc values other widgets want to remember (last folder of a file dialog, dialog choices) ------


def value(key: str, default: object = None) -> object:
    with _group("misc") as s:
        return s.value(key, default)


def int_value(key: str, default: int) -> int:
    """``value(key)`` as an int; ``default`` if missing or malformed."""
    return _as_int(value(key, default), default)


def set_value(key: str, val: object) -> None:
    with _group("misc") as s:
        s.setValue(key, val)


# suggestions (issue 12) ---------------------------------------------------------------------------

DEFAULT_RETRAIN_EVERY = 10


def _as_bool(value: object, default: bool) -> bool:
    """INI files give booleans back as the strings "true" / "false"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.strip().lower() in ("true", "1", "yes", "on"):
            return True
        if value.strip().lower() in ("false", "0", "no", "off"):
            return False
    if isinstance(value, int):
        return bool(value)
    return default


def propagation_enabled() -> bool:
    """Propose a newly labeled name wherever else it occurs (default on)."""
    with _group("suggestions") as s:
        return _as_bool(s.value("propagate", True), True)


def set_propagation_enabled(on: bool) -> None:
    with _group("suggestions") as s:
        s.setValue("propagate", bool(on))


def uncertainty_order() -> bool:
    """ "Done, next undone" goes to the document the model is least sure about (default off)."""
    with _group("suggestions") as s:
        return _as_bool(s.value("uncertainty_order", False), False)


def set_uncertainty_order(on: bool) -> None:
    with _group("suggestions") as s:
        s.setValue("uncertainty_order", bool(on))


def retrain_every() -> int:
    """Train the model again after this many more documents are done (0: never by itself)."""
    with _group("suggestions") as s:
        n = _as_int(s.value("retrain_every", DEFAULT_RETRAIN_EVERY), DEFAULT_RETRAIN_EVERY)
    return max(0, min(1000, n))


def set_retrain_every(n: int) -> None:
    with _group("suggestions") as s:
        s.setValue("retrain_every", max(0, min(1000, int(n))))
