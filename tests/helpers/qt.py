"""Driving the article view like a user: mouse drags at real glyph positions, key presses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.article_view import ArticleView
from annotator.gui.main_window import MainWindow

from . import ROOT


def point_of(view: ArticleView, offset: int) -> QPoint:
    """Viewport point of the cursor at Python ``offset`` (cursorRect via offsets.py)."""
    return view.position_rect(offset).center()


def char_point(view: ArticleView, offset: int) -> QPoint:
    """Viewport point in the middle of the character at ``offset``."""
    a = view.position_rect(offset)
    b = view.position_rect(offset + 1)
    return QPoint((a.center().x() + b.center().x()) // 2, a.center().y())


def drag(
    view: ArticleView,
    start: int,
    end: int,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press at the cursor position of ``start``, move and release at that of ``end``."""
    view.scroll_to(start)
    vp = view.viewport()
    p1, p2 = point_of(view, start), point_of(view, end)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifiers, p1)
    mid = QPoint((p1.x() + p2.x()) // 2, (p1.y() + p2.y()) // 2)
    QTest.mouseMove(vp, mid)
    QTest.mouseMove(vp, p2)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifiers, p2)


def click_char(view: ArticleView, offset: int) -> None:
    view.scroll_to(offset)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        char_point(view, offset),
    )


def key(
    widget: object,
    k: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    QTest.keyClick(widget, k, modifiers)  # type: ignore[arg-type]


def type_text(widget: QWidget, text: str) -> None:
    """Type non-ASCII text key by key (QTest.keyClicks only knows ASCII keys)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def open_doc(win: MainWindow, external_id: str) -> int:
    for doc_id in win.project.document_ids():
        if win.project.get_document(doc_id).external_id == external_id:
            win.open_document(doc_id)
            return doc_id
    raise KeyError(external_id)


def show_window(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """Show and activate ``win``: window shortcuts (Ctrl+Z, Ctrl+F) only reach an active window."""
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def save_screenshot(win: QWidget, name: str) -> Path:
    """``win`` drawn into artifacts/``name`` after pending events; a real picture, not a blank."""
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    QApplication.processEvents()
    out = artifacts / name
    assert win.grab().save(str(out))
    assert out.stat().st_size > 10_000
    return out
