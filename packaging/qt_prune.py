"""Which Qt files the bundle keeps: translations the app ships, plugins it can load.

Imported by packaging/annotator.spec (and tested by tests/test_packaging.py). Paths are bundle
destinations such as ``PySide6/Qt/plugins/platforms/libqxcb.so`` (``\\`` on Windows).
"""

from __future__ import annotations

import re

# Qt's own translations (dialog buttons, context menus): the app's UI languages only.
KEEP_QT_LANGUAGES = ("ar", "en")
# Plugin folders for things the app never does. platformthemes pulls GTK 3 (pango, cairo,
# gdk-pixbuf) from the build host on Linux; egldeviceintegrations serve the embedded eglfs platform.
DROP_PLUGIN_DIRS = frozenset(
    {
        "platformthemes",
        "sqldrivers",
        "tls",
        "networkinformation",
        "qmltooling",
        "qmllint",
        "designer",
        "printsupport",
        "generic",
        "egldeviceintegrations",
        "wayland-graphics-integration-server",
    }
)
# Platform plugins for embedded devices and remote framebuffers. Kept: xcb, wayland, windows,
# cocoa, offscreen (the headless self-test) and minimal.
DROP_PLATFORMS = frozenset({"qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimalegl"})
# PNG is built into QtGui; the app shows SVG and ICO icons. Each other format adds a codec.
DROP_IMAGEFORMATS = frozenset({"qpdf", "qtiff", "qwebp", "qtga", "qwbmp", "qgif", "qjpeg"})


def _parts(dest: str) -> list[str]:
    return [p for p in re.split(r"[\\/]", dest) if p]


def keep(dest: str, platform: str = "linux") -> bool:
    """False for a Qt translation or plugin the app never loads; True for everything else."""
    parts = _parts(dest)
    if not parts:
        return True
    name = parts[-1]
    if "translations" in parts and name.endswith(".qm"):
        # qtbase_ar.qm, qt_help_en.qm, qt_zh_TW.qm: the language is after the last module word.
        match = re.search(r"_([a-z]{2,3})(?:_[A-Z]{2})?\.qm$", name)
        return bool(match) and match.group(1) in KEEP_QT_LANGUAGES
    if "plugins" in parts:
        i = parts.index("plugins")
        if i + 1 >= len(parts) - 1:
            return True
        folder = parts[i + 1]
        stem = re.sub(r"^lib", "", name.split(".")[0])
        if folder in DROP_PLUGIN_DIRS:
            return False
        if folder == "platforms" and stem in DROP_PLATFORMS:
            return False
        if folder == "imageformats":
            if stem == "qicns":
                return platform == "darwin"
            return stem not in DROP_IMAGEFORMATS
    return True
