"""Screenshots of the seed's first paragraph labeled as a frame: arrows over the article and the
frame card, English and Arabic interface. Saved as artifacts/frames-en.png and
artifacts/frames-ar.png; look at them (arrows between the right words, the card mirrored)."""

from __future__ import annotations

from pathlib import Path

from helpers.frame_steps import (
    ACTOR,
    ATTACK,
    BASE,
    CLAIM,
    EVENT,
    FORCES,
    PLACE,
    REPORTED,
    click,
    label,
    link,
    where,
)
from helpers.qt import open_doc, save_screenshot, show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui import i18n, open_project_window
from annotator.gui.main_window import MainWindow


def _framed_window(qtbot, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = open_project_window(path)
    win.resize(1400, 860)
    show_window(qtbot, win)
    open_doc(win, "seed")
    label(win, ATTACK, EVENT)
    label(win, BASE, PLACE)
    label(win, FORCES, ACTOR)
    label(win, REPORTED, CLAIM)
    link(win, ATTACK, BASE)
    link(win, REPORTED, FORCES)
    link(win, REPORTED, ATTACK)
    click(win, ATTACK)
    view = win.view
    view.verticalScrollBar().setValue(
        view.verticalScrollBar().value() + view.position_rect(where(win, ATTACK)).top() - 60
    )
    return win


def test_frame_screenshot_english(qtbot, sample_path: Path):
    i18n.install(QApplication.instance(), i18n.ENGLISH)
    win = _framed_window(qtbot, sample_path)
    assert len(win.view.links.links()) == 3
    save_screenshot(win, "frames-en.png")
    win.close()


def test_frame_screenshot_arabic(qtbot, sample_path: Path):
    app = QApplication.instance()
    try:
        i18n.install(app, i18n.ARABIC)
        win = _framed_window(qtbot, sample_path)
        assert win.frames.panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
        save_screenshot(win, "frames-ar.png")
        win.close()
    finally:
        i18n.install(app, i18n.ENGLISH)
