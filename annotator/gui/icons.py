"""Bundled icons (resources/icons), read with importlib.resources so frozen builds find them."""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

STATUSES = ("new", "in_progress", "done", "skipped")
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_bytes(name: str) -> bytes:
    """Raw bytes of ``resources/icons/<name>``; FileNotFoundError if it is not bundled."""
    return resources.files("annotator.resources").joinpath("icons", name).read_bytes()


def _pixmap(data: bytes, fmt: str) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(data), fmt)
    return pixmap


@functools.cache
def app_icon() -> QIcon:
    """The application icon: the rendered PNGs at each size, plus the SVG for any other size."""
    icon = QIcon()
    for size in APP_ICON_SIZES:
        try:
            pixmap = _pixmap(icon_bytes(f"annotator-{size}.png"), "PNG")
        except FileNotFoundError:
            continue
        if not pixmap.isNull():
            icon.addPixmap(pixmap)
    if icon.isNull():  # PNGs not rendered yet (a fresh checkout): draw the SVG
        for size in APP_ICON_SIZES:
            icon.addPixmap(_render_svg(icon_bytes("annotator.svg"), size))
    return icon


@functools.cache
def status_icon(status: str) -> QIcon:
    """Icon of a document status (new, in_progress, done, skipped); a null icon if unknown."""
    if status not in STATUSES:
        return QIcon()
    icon = QIcon()
    data = icon_bytes(f"status-{status}.svg")
    # Render at the sizes list views use so the icon stays sharp on high-DPI screens.
    for size in (16, 32, 48):
        icon.addPixmap(_render_svg(data, size))
    return icon


def _render_svg(data: bytes, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(data))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap
