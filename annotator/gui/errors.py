"""Unexpected errors: log them to a rotating file, show a short message, keep the app running.

``install_excepthook(app)`` replaces ``sys.excepthook`` and ``threading.excepthook``. An exception
that escapes a slot or an event handler then reaches the user as one small dialog (with a "Copy
details" button for a bug report) instead of killing the process and losing the session.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

LOGGER_NAME = "annotator"
LOG_FILE_NAME = "annotator.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 3

log = logging.getLogger(LOGGER_NAME)


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir("annotator", appauthor=False))


class _LogFile(logging.handlers.RotatingFileHandler):
    """The handler ``setup_file_logging`` adds: found again by its class, to replace or close."""


def setup_file_logging(log_dir: str | Path | None = None) -> Path:
    """Log the ``annotator`` logger to a rotating file in ``log_dir``; returns the file's path."""
    directory = Path(log_dir) if log_dir is not None else default_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE_NAME
    for handler in list(log.handlers):
        if isinstance(handler, _LogFile):
            if Path(handler.baseFilename) == path:
                return path
            log.removeHandler(handler)
            handler.close()
    handler = _LogFile(path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    return path


def close_file_logging() -> None:
    """Detach and close the log file handler (tests, shutdown)."""
    for handler in list(log.handlers):
        if isinstance(handler, _LogFile):
            log.removeHandler(handler)
            handler.close()


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    lines = traceback.format_exception(exc_type, exc, tb)
    return f"annotator {__version__}, Python {sys.version.split()[0]}\n" + "".join(lines)


class ErrorDialog(QDialog):
    """Short message, details hidden behind a toggle, and a button copying them to the clipboard."""

    def __init__(
        self,
        summary: str,
        details: str,
        parent: QWidget | None = None,
        log_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self._log_path = log_path
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._details_text = details
        self._count = 1

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32, 32)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel(summary)
        self.summary.setObjectName("errorSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details = QPlainTextEdit(details)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # Tracebacks are left-to-right whatever the UI direction.
        self.details.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.details.setVisible(False)
        self.details.setMinimumHeight(180)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyDetailsButton")
        self.toggle_button = QPushButton()
        self.toggle_button.setObjectName("showDetailsButton")
        self.toggle_button.setCheckable(True)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.toggle_button, QDialogButtonBox.ButtonRole.ActionRole)
        # ActionRole buttons do not close a QDialogButtonBox's dialog; only Close does.
        self.copy_button.clicked.connect(self.copy_details)
        self.toggle_button.toggled.connect(self._toggle_details)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.summary)
        self.log_label = QLabel()
        self.log_label.setObjectName("errorLogPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextFormat(Qt.TextFormat.PlainText)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setEnabled(False)  # greyed: secondary information
        self.log_label.setVisible(log_path is not None)
        text.addWidget(self.log_label)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(460, 160)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Unexpected error"))
        if self._count == 1:
            self.message.setText(
                self.tr("Something went wrong. Your work is saved and you can keep working.")
            )
        else:
            self.message.setText(
                self.tr(
                    "%n unexpected errors. Your work is saved and you can keep working.",
                    "",
                    self._count,
                )
            )
        if self._log_path is not None:
            # Isolated (LRI..PDI): the path stays left-to-right inside an Arabic sentence.
            self.log_label.setText(
                self.tr("Details were also saved to %1").replace(
                    "%1", "\u2066" + str(self._log_path) + "\u2069"
                )
            )
        self.copy_button.setText(self.tr("Copy details"))
        self.toggle_button.setText(
            self.tr("Hide details") if self.toggle_button.isChecked() else self.tr("Show details")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def details_text(self) -> str:
        return self._details_text

    def add_error(self, summary: str, details: str) -> None:
        """Another error while this one is still shown: one dialog, details appended."""
        self._count += 1
        self._details_text += "\n" + "-" * 60 + "\n" + details
        self.details.setPlainText(self._details_text)
        self.summary.setText(summary)
        self.retranslate()

    @Slot()
    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self._details_text)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.retranslate()
        self.adjustSize()


class _ErrorReporter(QObject):
    """Lives in the UI thread; errors from other threads arrive through a queued signal."""

    reported = Signal(str, str)

    def __init__(self, app: QCoreApplication, log_path: Path) -> None:
        super().__init__(app)
        self.setObjectName("annotatorErrorReporter")
        self.log_path = log_path
        self.dialog: ErrorDialog | None = None
        self._showing = False
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        details = format_exception(exc_type, exc, tb)
        try:
            log.error("unexpected error\n%s", details.rstrip())
        except Exception:  # a full disk must not turn one error into a crash loop
            pass
        summary = f"{exc_type.__name__}: {exc}".strip()
        if len(summary) > 300:
            summary = summary[:297] + "..."
        if threading.current_thread() is threading.main_thread():
            self._show(summary, details)
        else:
            self.reported.emit(summary, details)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        if not isinstance(QCoreApplication.instance(), QApplication) or self._showing:
            return
        self._showing = True  # an error raised while building the dialog must not recurse
        try:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.add_error(summary, details)
                return
            parent = QApplication.activeWindow()
            self.dialog = ErrorDialog(summary, details, parent, self.log_path)
            self.dialog.destroyed.connect(self._forget_dialog)
            # Non-blocking: an error inside a modal loop or at start-up must not stall the app.
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.show()
            self.dialog.raise_()
        finally:
            self._showing = False

    @Slot()
    def _forget_dialog(self) -> None:
        self.dialog = None


_previous_hooks: (
    tuple[
        Callable[[type[BaseException], BaseException, TracebackType | None], object],
        Callable[[threading.ExceptHookArgs], object],
    ]
    | None
) = None


def install_excepthook(app: QCoreApplication, log_dir: str | Path | None = None) -> Path:
    """Route unexpected exceptions to the log file and an error dialog. Returns the log file path.

    Calling it again (another test, a second window) replaces the reporter; the hooks chain only
    once to what was installed before the first call.
    """
    global _previous_hooks
    log_path = setup_file_logging(log_dir)
    old = app.findChild(_ErrorReporter, "annotatorErrorReporter")
    if old is not None:
        old.setParent(None)
        old.deleteLater()
    reporter = _ErrorReporter(app, log_path)
    if _previous_hooks is None:
        _previous_hooks = (sys.excepthook, threading.excepthook)

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QTimer.singleShot(0, QCoreApplication.quit)
            return
        reporter.handle(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            reporter.handle(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    return log_path


def uninstall_excepthook() -> None:
    """Put back the hooks that were there before ``install_excepthook`` (tests)."""
    global _previous_hooks
    if _previous_hooks is not None:
        sys.excepthook, threading.excepthook = _previous_hooks
        _previous_hooks = None


def error_dialog(app: QCoreApplication | None = None) -> ErrorDialog | None:
    """The error dialog currently shown, if any."""
    app = app or QCoreApplication.instance()
    reporter = app.findChild(_ErrorReporter, "annotatorErrorReporter") if app else None
    return reporter.dialog if reporter is not None else None
