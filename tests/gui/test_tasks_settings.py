"""Worker tasks (results, errors and progress back on the UI thread) and settings helpers."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

from annotator.gui import settings
from annotator.gui.tasks import Task, TaskCancelled, run_task


def test_result_and_progress_arrive_on_the_ui_thread(qtbot):
    ui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(ctx):
        seen["worker"] = threading.current_thread().name
        for i in range(5):
            ctx.progress(i + 1, 5, f"step {i + 1}")
        return 42

    progress: list[tuple[int, int, str, bool]] = []
    results: list[tuple[int, bool]] = []
    task = run_task(
        None, "Working", work, on_done=lambda r: results.append((r, QThread.currentThread() is ui))
    )
    task.progressed.connect(
        lambda d, t, s: progress.append((d, t, s, QThread.currentThread() is ui))
    )
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert results == [(42, True)]
    assert task.state == "done" and task.result == 42
    assert seen["worker"] != threading.main_thread().name
    assert progress and all(p[3] for p in progress) and progress[-1][:3] == (5, 5, "step 5")


def test_error_and_cancel_are_delivered(qtbot):
    errors: list[tuple[str, str]] = []
    task = run_task(
        None,
        "Failing",
        lambda ctx: 1 / 0,
        on_error=lambda exc, details: errors.append((type(exc).__name__, details)),
    )
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert task.state == "error" and errors[0][0] == "ZeroDivisionError"
    assert "1 / 0" in errors[0][1]

    gate = threading.Event()

    def slow(ctx):
        gate.wait(10)
        ctx.check()
        return "finished anyway"

    cancelled: list[bool] = []
    task = Task(slow)
    task.cancelled.connect(lambda: cancelled.append(True))
    task.start()
    task.cancel()
    gate.set()
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert cancelled == [True] and task.state == "cancelled" and task.result is None
    assert issubclass(TaskCancelled, Exception)


def test_recent_projects_zoom_language_and_layout(qtbot, tmp_path):
    a, b = tmp_path / "a.annotator", tmp_path / "b.annotator"
    a.write_bytes(b"x")
    b.write_bytes(b"x")
    settings.add_recent_project(a)
    settings.add_recent_project(b)
    settings.add_recent_project(a)
    assert settings.recent_projects() == [a.resolve(), b.resolve()]
    b.unlink()
    assert settings.recent_projects() == [a.resolve()]
    assert len(settings.recent_projects(existing_only=False)) == 2
    settings.remove_recent_project(a)
    assert settings.recent_projects() == []
    for i in range(15):
        p = tmp_path / f"p{i}.annotator"
        p.write_bytes(b"x")
        settings.add_recent_project(p)
    assert len(settings.recent_projects()) == settings.MAX_RECENT

    assert settings.zoom_level() == settings.DEFAULT_ZOOM
    assert settings.set_zoom_level(99) == settings.MAX_ZOOM
    assert settings.zoom_level() == settings.MAX_ZOOM
    settings.set_zoom_level(3)
    assert settings.zoom_level() == 3

    assert settings.ui_language() is None
    settings.set_ui_language("ar")
    assert settings.ui_language() == "ar"
    settings.set_ui_language(None)
    assert settings.ui_language() is None

    win = QMainWindow()
    splitter = QSplitter()
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    win.setCentralWidget(splitter)
    qtbot.addWidget(win)
    win.resize(700, 500)
    win.show()
    splitter.setSizes([200, 500])
    settings.save_window(win)
    settings.save_splitter(splitter, "test")
    saved = splitter.sizes()

    win2 = QMainWindow()
    splitter2 = QSplitter()
    splitter2.addWidget(QWidget())
    splitter2.addWidget(QWidget())
    win2.setCentralWidget(splitter2)
    qtbot.addWidget(win2)
    assert settings.restore_window(win2)
    assert settings.restore_splitter(splitter2, "test")
    win2.show()
    assert win2.size() == win.size()
    assert splitter2.sizes() == saved
    assert not settings.restore_splitter(QSplitter(), "test")  # pane count differs
    # The file really is where the tests put it (never the user's settings).
    assert "zoom=3" in (tmp_path / "settings.ini").read_text()
    assert QApplication.instance() is not None


def test_int_value_falls_back_on_missing_and_malformed_values():
    assert settings.int_value("count", 7) == 7
    for stored, expected in (("12", 12), (5, 5), ("", 7), ("abc", 7), (["1", "2"], 7)):
        settings.set_value("count", stored)
        assert settings.int_value("count", 7) == expected, stored
