"""Import dialog: files or folders, format, CSV text column, skip invalid records.

The import runs in a worker thread on its own connection to the project file, as one
transaction (``annotator.core.importing.import_paths``): a failed or cancelled import leaves the
project exactly as it was. ``Operations.start_import`` runs it and emits its ChangeSet, so every
view reloads; the dialog shows the report (``imported(result)``) or the one-line error.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core import formats
from ..core.errors import AnnotatorError
from ..core.importing import ImportResult, expand_paths
from ..core.project import Project
from . import settings
from .bidi import MessageDelegate
from .operations import Operations
from .tasks import Task

AUTO = "auto"
# Column names tried, in order, to preselect the CSV columns (lower-case).
TEXT_GUESSES = ("text", "body", "content", "article", "story", "نص", "النص", "المحتوى")
TITLE_GUESSES = ("title", "headline", "عنوان", "العنوان")
ID_GUESSES = ("id", "doc_id", "document_id", "uid", "url")


def dropped_paths(mime: QMimeData | None) -> list[Path]:
    """Local files and folders in drag-and-drop data (remote URLs are ignored)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def csv_columns(path: Path) -> list[str]:
    """Header of a CSV/TSV file (empty list if it cannot be read)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(64 * 1024)
    except (OSError, UnicodeDecodeError):
        return []
    if not sample:
        return []
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        header = next(csv.reader(sample.splitlines(), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [h.strip() for h in header if h.strip()]


class ImportDialog(QDialog):
    """Pick files and options, import with progress and cancel, list the errors."""

    imported = Signal(object)  # ImportResult
    import_failed = Signal(str)
    import_cancelled = Signal()

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        operations: Operations | None = None,
        paths: Iterable[str | Path] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setAcceptDrops(True)
        self._project = project
        # every write goes through Operations; a dialog opened on its own has its own
        self._operations = operations if operations is not None else Operations(project, self)
        self.task: Task | None = None
        self.import_result: ImportResult | None = None
        self._columns: list[str] | None = None

        self.files = QListWidget(self)
        self.files.setObjectName("importFiles")
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # File paths are left-to-right text even in the Arabic interface.
        self.files.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.add_files_button = QPushButton(self)
        self.add_files_button.setObjectName("addFilesButton")
        self.add_folder_button = QPushButton(self)
        self.add_folder_button.setObjectName("addFolderButton")
        self.remove_files_button = QPushButton(self)
        self.remove_files_button.setObjectName("removeFilesButton")
        self.add_files_button.clicked.connect(self._browse_files)
        self.add_folder_button.clicked.connect(self._browse_folder)
        self.remove_files_button.clicked.connect(self._remove_selected_files)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.add_folder_button)
        file_buttons.addWidget(self.remove_files_button)
        file_buttons.addStretch(1)
        self.files_box = QGroupBox(self)
        files_layout = QHBoxLayout(self.files_box)
        files_layout.addWidget(self.files, 1)
        files_layout.addLayout(file_buttons)

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("importFormat")
        # CSV columns: the text one is required; title and id are optional.
        self.text_column = QComboBox(self)
        self.text_column.setObjectName("textColumn")
        self.title_column = QComboBox(self)
        self.title_column.setObjectName("titleColumn")
        self.id_column = QComboBox(self)
        self.id_column.setObjectName("idColumn")
        self.skip_invalid = QCheckBox(self)
        self.skip_invalid.setObjectName("skipInvalid")
        self.format_label = QLabel(self)
        self.text_column_label = QLabel(self)
        self.title_column_label = QLabel(self)
        self.id_column_label = QLabel(self)
        options = QFormLayout()
        options.addRow(self.format_label, self.format_combo)
        options.addRow(self.text_column_label, self.text_column)
        options.addRow(self.title_column_label, self.title_column)
        options.addRow(self.id_column_label, self.id_column)
        options.addRow("", self.skip_invalid)
        self.format_combo.currentIndexChanged.connect(self._update_state)

        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.errors = QListWidget(self)
        self.errors.setObjectName("importErrors")
        self.errors.setWordWrap(True)
        # Messages name files and lines (left-to-right, Arabic inside still shapes); each row
        # is laid out in its own direction, so an Arabic one keeps its punctuation too.
        self.errors.setItemDelegate(MessageDelegate(self.errors))
        self.errors.setVisible(False)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setObjectName("importButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.files_box, 1)
        layout.addLayout(options)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)

        self.retranslate()
        self._fill_formats()
        self.add_paths(paths)
        self.resize(620, 480)

    # --- inputs ---------------------------------------------------------------------------

    def _fill_formats(self) -> None:
        current = self.format_combo.currentData()
        self.format_combo.blockSignals(True)
        self.format_combo.clear()
        self.format_combo.addItem(self.tr("Automatic (from the file name)"), AUTO)
        for name in formats.reader_names():
            info = formats.FORMATS.get(name)
            exts = " ".join(info.extensions) if info else ""
            self.format_combo.addItem(f"{name.upper()} ({exts})" if exts else name.upper(), name)
        index = self.format_combo.findData(current) if current else 0
        self.format_combo.setCurrentIndex(max(index, 0))
        self.format_combo.blockSignals(False)
        self._update_state()

    def paths(self) -> list[Path]:
        role = Qt.ItemDataRole.UserRole
        return [Path(self.files.item(i).data(role)) for i in range(self.files.count())]

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        known = {str(p) for p in self.paths()}
        for p in paths:
            path = Path(p)
            if str(path) in known:
                continue
            known.add(str(path))
            item = QListWidgetItem(str(path) + ("/" if path.is_dir() else ""))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.files.addItem(item)
        self._update_state()

    def set_format(self, fmt: str) -> None:
        index = self.format_combo.findData(fmt)
        if index < 0:
            raise ValueError(f"unknown import format {fmt!r}")
        self.format_combo.setCurrentIndex(index)

    def chosen_format(self) -> str:
        return self.format_combo.currentData() or AUTO

    def _csv_files(self) -> list[Path]:
        fmt = self.chosen_format()
        # Formats read by column (CSV/TSV): the ones whose reader takes a text column.
        column_formats = {
            f.name for f in formats.FORMATS.values() if "text_column" in f.reader_options
        }
        column_extensions = {e for name in column_formats for e in formats.FORMATS[name].extensions}
        out = []
        for p in self.paths():
            if p.is_file():
                is_csv = fmt in column_formats or (
                    fmt == AUTO and p.suffix.lower() in column_extensions
                )
                if is_csv:
                    out.append(p)
            elif p.is_dir() and fmt in column_formats:
                out.append(p)
        return out

    @Slot()
    def _update_state(self) -> None:
        csv_files = self._csv_files()
        wants_columns = bool(csv_files)
        for widget in (
            self.text_column,
            self.text_column_label,
            self.title_column,
            self.title_column_label,
            self.id_column,
            self.id_column_label,
        ):
            widget.setEnabled(wants_columns)
        first = next((p for p in csv_files if p.is_file()), None)
        columns = csv_columns(first) if first else []
        if columns != self._columns:
            self._columns = columns
            self._fill_column(self.text_column, columns, TEXT_GUESSES, optional=False)
            self._fill_column(self.title_column, columns, TITLE_GUESSES, optional=True)
            self._fill_column(self.id_column, columns, ID_GUESSES, optional=True)
        self.import_button.setEnabled(self.files.count() > 0 and not self._running())
        self.remove_files_button.setEnabled(self.files.count() > 0)

    def _fill_column(
        self, combo: QComboBox, columns: list[str], guesses: tuple[str, ...], *, optional: bool
    ) -> None:
        combo.clear()
        if optional:
            combo.addItem(self.tr("(none)"), "")
        for col in columns:
            combo.addItem(col, col)
        lowered = [c.lower() for c in columns]
        for guess in guesses:
            if guess in lowered:
                combo.setCurrentIndex(lowered.index(guess) + (1 if optional else 0))
                return
        combo.setCurrentIndex(0 if optional else -1)

    def set_column(self, which: str, column: str | None) -> None:
        """Choose the CSV ``text``, ``title`` or ``id`` column (None: no title / id column)."""
        combo = {"text": self.text_column, "title": self.title_column, "id": self.id_column}[which]
        index = combo.findData(column or "")
        if index < 0:
            raise ValueError(f"no column {column!r}")
        combo.setCurrentIndex(index)

    def chosen_columns(self) -> dict[str, str]:
        """The CSV options for the reader (empty when no CSV file is listed)."""
        if not self.text_column.isEnabled():
            return {}
        out = {}
        for option, combo in (
            ("text_column", self.text_column),
            ("title_column", self.title_column),
            ("id_column", self.id_column),
        ):
            value = combo.currentData()
            # "" for an optional column set to "(none)": the reader would otherwise take a
            # column called "title" or "id" by default
            if value or (value == "" and combo is not self.text_column):
                out[option] = value
        return out

    def _last_folder(self) -> str:
        value = settings.value("import/folder", "")
        return value if isinstance(value, str) else ""

    @Slot()
    def _browse_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(formats.by_extension()))
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import files"),
            self._last_folder(),
            self.tr("Documents (%1);;All files (*)").replace("%1", patterns),
        )
        if names:
            settings.set_value("import/folder", str(Path(names[0]).parent))
            self.add_paths(names)

    @Slot()
    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import a folder"), self._last_folder()
        )
        if folder:
            settings.set_value("import/folder", folder)
            self.add_paths([folder])

    @Slot()
    def _remove_selected_files(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update_state()

    # --- running --------------------------------------------------------------------------

    def _running(self) -> bool:
        return self.task is not None and self.task.is_running()

    @Slot()
    def start_import(self) -> Task | None:
        """Start importing the listed files; returns the task (None if nothing to do)."""
        if self._running():
            return None
        paths = self.paths()
        if not paths:
            return None
        fmt = self.chosen_format()
        options: dict[str, Any] = {}
        options.update(self.chosen_columns())
        if self.text_column.isEnabled() and "text_column" not in options:
            self._show_failure(self.tr("Choose the column of the CSV file that holds the text."))
            return None
        skip = self.skip_invalid.isChecked()
        self.errors.clear()
        self.errors.setVisible(False)
        self.import_result = None
        # Unknown paths and empty folders fail here, before the worker starts.
        try:
            files = expand_paths(paths, fmt)
        except AnnotatorError as exc:
            self._show_failure(str(exc))
            return None
        self.summary.setText(self.tr("Importing %n file(s)…", "", len(files)))
        self.task = self._operations.start_import(
            self,
            [p for p, _ in files],
            fmt,
            skip_invalid=skip,
            on_done=self._done,
            on_error=self._failed,
            on_cancelled=self._cancelled,
            progress_text=lambda done, _total: self.tr("%n document(s) read…", "", done),
            **options,
        )
        self._update_state()
        self.task.finished.connect(self._update_state)
        return self.task

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, result: ImportResult) -> None:
        self.import_result = result
        parts = [self.tr("%n document(s) imported", "", result.added)]
        if result.duplicates:
            parts.append(self.tr("%n duplicate(s) left out", "", result.duplicates))
        if result.spans:
            parts.append(self.tr("%n span(s)", "", result.spans))
        if result.new_labels:
            parts.append(self.tr("new labels: %1").replace("%1", ", ".join(result.new_labels)))
        if result.skipped:
            parts.append(self.tr("%n invalid record(s) skipped", "", len(result.skipped)))
        if result.warnings:
            parts.append(
                self.tr(
                    "%n warning(s) about what was repaired or left out", "", len(result.warnings)
                )
            )
        self.summary.setText("; ".join(parts) + ".")
        self.errors.clear()
        error_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        # What the readers repaired (IOB1 tags, direction marks, UTF-16 offsets...) is listed
        # too: the data is not exactly what the file said, and the user must be able to see why.
        for messages, icon in ((result.skipped, error_icon), (result.warnings, warning_icon)):
            for message in messages:
                self.errors.addItem(QListWidgetItem(icon, message))
        self.errors.setVisible(self.errors.count() > 0)
        self.imported.emit(result)

    def _failed(self, message: str) -> None:
        self._show_failure(message)
        self.import_failed.emit(message)

    def _show_failure(self, message: str) -> None:
        self.summary.setText(self.tr("Nothing was imported: the project is unchanged."))
        self.errors.clear()
        self.errors.addItem(message)
        self.errors.setVisible(True)

    def _cancelled(self) -> None:
        self.summary.setText(self.tr("Import cancelled: the project is unchanged."))
        self.import_cancelled.emit()

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import documents"))
        self.files_box.setTitle(self.tr("Files and folders"))
        self.add_files_button.setText(self.tr("Add &files…"))
        self.add_folder_button.setText(self.tr("Add f&older…"))
        self.remove_files_button.setText(self.tr("&Remove"))
        self.format_label.setText(self.tr("&Format:"))
        self.format_label.setBuddy(self.format_combo)
        self.text_column_label.setText(self.tr("&Text column (CSV):"))
        self.text_column_label.setBuddy(self.text_column)
        self.title_column_label.setText(self.tr("Tit&le column (CSV):"))
        self.title_column_label.setBuddy(self.title_column)
        self.id_column_label.setText(self.tr("I&D column (CSV):"))
        self.id_column_label.setBuddy(self.id_column)
        if self.title_column.count():
            self.title_column.setItemText(0, self.tr("(none)"))
            self.id_column.setItemText(0, self.tr("(none)"))
        self.skip_invalid.setText(self.tr("&Skip invalid records (and list them)"))
        self.import_button.setText(self.tr("&Import"))
        if self.format_combo.count():
            self.format_combo.setItemText(0, self.tr("Automatic (from the file name)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # Files and folders dropped on the dialog are added to the list.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()) and not self._running():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths and not self._running():
            self.add_paths(paths)
            event.acceptProposedAction()

    def reject(self) -> None:
        # Closing while importing would leave the worker writing with nobody listening.
        if self._running():
            self.cancel_import()
            return
        super().reject()
