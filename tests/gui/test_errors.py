"""The error hook: an unexpected exception shows a dialog, is logged, and the app keeps going."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from annotator.gui import errors


class Boom(RuntimeError):
    pass


@pytest.fixture
def hook(qapp, tmp_path):
    log_path = errors.install_excepthook(qapp, log_dir=tmp_path / "logs")
    yield log_path
    errors.uninstall_excepthook()
    errors.close_file_logging()
    dialog = errors.error_dialog(qapp)
    if dialog is not None:
        dialog.close()


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_shows_dialog_logs_and_keeps_running(qtbot, hook):
    def bad_slot() -> None:
        raise Boom("the database went away")

    QTimer.singleShot(0, bad_slot)
    qtbot.waitUntil(lambda: errors.error_dialog() is not None, timeout=5000)
    dialog = errors.error_dialog()
    assert dialog.isVisible()
    assert "Boom: the database went away" in dialog.summary.text()
    assert "Your work is saved" in dialog.message.text()
    assert dialog.details.isHidden()
    assert str(hook) in dialog.log_label.text()

    dialog.findChild(QPushButton, "showDetailsButton").click()
    assert not dialog.details.isHidden()
    assert "bad_slot" in dialog.details.toPlainText()
    dialog.findChild(QPushButton, "copyDetailsButton").click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "Boom: the database went away" in copied
    assert dialog.isVisible()  # copying does not close the dialog

    log = hook.read_text("utf-8")
    assert "unexpected error" in log and "Boom: the database went away" in log
    assert "bad_slot" in log

    # The app keeps running: the event loop still delivers timers.
    fired = []
    QTimer.singleShot(0, lambda: fired.append(1))
    qtbot.waitUntil(lambda: fired == [1], timeout=5000)


@pytest.mark.qt_no_exception_capture
def test_errors_from_a_worker_thread_reach_the_same_dialog(qtbot, hook):
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: errors.error_dialog() is not None, timeout=5000)
    dialog = errors.error_dialog()

    def work() -> None:
        raise Boom("from a worker")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: "from a worker" in dialog.summary.text(), timeout=5000)
    assert errors.error_dialog() is dialog
    assert "2 unexpected errors" in dialog.message.text()
    assert "ZeroDivisionError" in dialog.details_text and "from a worker" in dialog.details_text
    assert "from a worker" in hook.read_text("utf-8")
    assert QApplication.instance() is not None


def test_log_rotates(tmp_path, qapp):
    path = errors.setup_file_logging(tmp_path)
    for _ in range(2200):
        errors.log.error("x" * 600)
    assert path.stat().st_size <= errors.MAX_LOG_BYTES
    assert (tmp_path / "annotator.log.1").exists()
    errors.close_file_logging()
