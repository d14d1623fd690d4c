"""Issue 13, item 3: File > New / Open / Open Recent / Close Project / Quit in the main window,
and reopening a project where the user left it."""

from __future__ import annotations

from pathlib import Path

from helpers import SEED, make_project
from helpers.qt import key, open_doc
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.model import DocRecord
from annotator.gui import project_menu, settings
from annotator.gui.main_window import MainWindow
from annotator.gui.welcome import WelcomeWindow
from annotator.gui.windows import show_project

K = Qt.Key
M = Qt.KeyboardModifier


def activate(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """Like conftest.show_window, without handing the window to qtbot: it deletes itself on
    close (WA_DeleteOnClose, as every window show_project opens)."""
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def visible(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def project(tmp_path: Path, name: str) -> Path:
    seed = SEED.read_text(encoding="utf-8")
    return make_project(
        tmp_path / f"{name}.annotator",
        [DocRecord(text=seed, external_id="seed"), DocRecord(text="خبر قصير", external_id="b")],
    )


def close_all() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, (MainWindow, WelcomeWindow)):
            w.close()


def test_file_menu_has_project_actions(window: MainWindow):
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["&New project…", "&Open project…", "Open &recent"]
    assert texts[-2:] == ["&Close project", "&Quit"]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert "Ctrl+W" in [k.toString() for k in window.close_action.shortcuts()]


def test_ctrl_w_closes_the_project_back_to_the_welcome_screen(qtbot, tmp_path: Path):
    path = project(tmp_path, "a")
    win = show_project(path)
    activate(qtbot, win)
    key(win.view, K.Key_W, M.ControlModifier)
    qtbot.waitUntil(lambda: not win.isVisible())
    welcomes = visible(WelcomeWindow)
    assert len(welcomes) == 1  # the app did not quit: the welcome screen is up
    assert welcomes[0].recent.count() >= 1  # with this project among the recent ones
    close_all()


def test_open_recent_and_open_switch_the_window(qtbot, tmp_path: Path, monkeypatch):
    a, b, c = project(tmp_path, "a"), project(tmp_path, "b"), project(tmp_path, "c")
    settings.add_recent_project(b)
    win = show_project(a)
    activate(qtbot, win)
    win.recent_menu.refill()
    names = [act.text() for act in win.recent_menu.actions()]
    assert names == ["b.annotator"]  # not the project open here
    win.recent_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: not win.isVisible())
    (now,) = visible(MainWindow)
    assert now.project.path == b
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(c), ""))
    now.open_project_action.trigger()
    (last,) = visible(MainWindow)
    assert last.project.path == c and not now.isVisible()
    new = tmp_path / "fresh.annotator"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(new), ""))
    last.new_project_action.trigger()
    (created,) = visible(MainWindow)
    assert created.project.path == new and new.is_file()
    created.quit_action.trigger()
    assert visible(MainWindow) == [] and visible(WelcomeWindow) == []


def test_reopens_on_the_document_and_place_left(qtbot, tmp_path: Path):
    path = project(tmp_path, "a")
    win = show_project(path)
    activate(qtbot, win)
    win.resize(700, 400)
    open_doc(win, "seed")
    view = win.view
    far = view.text.index("العسكري")
    qtbot.waitUntil(lambda: view.viewport().height() < 400)
    view.scroll_to(len(view.text) - 1)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    left_at = project_menu.top_offset(win)
    assert left_at is not None and left_at > 0
    doc = win.current_id
    win.close()
    again = show_project(path)
    activate(qtbot, again)
    assert again.current_id == doc
    qtbot.waitUntil(lambda: again.view.verticalScrollBar().value() > 0)
    back_at = project_menu.top_offset(again)
    # the same line at the top (the offset of its first visible character, give or take a word)
    assert back_at is not None and abs(back_at - left_at) < 40, (back_at, left_at, far)
    close_all()
