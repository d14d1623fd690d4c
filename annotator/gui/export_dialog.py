"""Export dialog: format, output, status and label filters, train/dev/test split with a seed.

The export reads on its own connection in a worker thread (``annotator.core.exporting.export``),
which writes under a temporary name and renames at the end: a failed or cancelled export leaves
no half-written file under the chosen name.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QEvent, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core import formats
from ..core.errors import AnnotatorError
from ..core.exporting import existing_outputs, export
from ..core.model import STATUSES
from ..core.project import Project
from . import settings
from .bidi import MessageDelegate, isolate_ltr
from .i18n import label_display_name
from .tasks import Task, TaskCancelled, TaskContext, run_task, worker_project


def documents_folder() -> Path:
    """The user's Documents folder; their home folder when the platform names none or it does
    not exist (a fresh Linux account without xdg-user-dirs has no ~/Documents)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def status_names() -> dict[str, str]:
    """Statuses as the UI shows them (translated)."""
    return {
        "new": QCoreApplication.translate("Status", "New"),
        "in_progress": QCoreApplication.translate("Status", "In progress"),
        "done": QCoreApplication.translate("Status", "Done"),
        "skipped": QCoreApplication.translate("Status", "Skipped"),
    }


def unavailable_formats() -> set[str]:
    """Export formats whose optional package (the table's ``requires``) is not installed."""
    return {f.name for f in formats.FORMATS.values() if f.can_write and f.missing_packages()}


def format_label(name: str) -> str:
    info = formats.FORMATS.get(name)
    label = name.upper()
    if info and info.output_extension:
        label += f" ({info.output_extension})"
    return label


def _needs_spacy(fmt: str) -> bool:
    # The one optional package with its own message (and install command) for now.
    return "spacy" in formats.get_format(fmt).requires


def unavailable_text(fmt: str) -> str:
    """Why ``fmt`` cannot be chosen, in the UI language."""
    if _needs_spacy(fmt):
        # The command in a left-to-right isolate (LRI ... PDI): in the Arabic tooltip its
        # quotes and brackets would otherwise be reordered by the bidi algorithm.
        return (
            QCoreApplication.translate(
                "ExportDialog",
                "Needs spaCy, which this installation does not include.\n"
                "To export spaCy DocBin files, install annotator with the spaCy extra:",
            )
            + "\n\u2066pip install 'annotator[spacy]'\u2069"
        )
    return QCoreApplication.translate("ExportDialog", "Not available in this installation.")


def reason_text(reason: str) -> str:
    """Why the core left a span out, in the UI language (the core's English if unknown)."""
    known = {
        "overlaps a span of higher priority": QCoreApplication.translate(
            "ExportDialog",
            "it overlaps a span of higher priority (this format cannot hold overlaps)",
        ),
        "covers no token (only spaces)": QCoreApplication.translate(
            "ExportDialog", "it covers no token (only spaces)"
        ),
        "label not in --layer": QCoreApplication.translate(
            "ExportDialog", "its label is not in the chosen layer"
        ),
    }
    return known.get(reason, reason)


def left_out_of(report: dict[str, Any]) -> tuple[int, dict[str, int], list[str]]:
    """Spans an export left out: total, count per reason, examples (all split files summed)."""
    files = report.get("files")
    parts = list(files.values()) if isinstance(files, dict) else [report]
    total = 0
    reasons: dict[str, int] = {}
    examples: list[str] = []
    for part in parts:
        total += int(part.get("left_out", 0) or 0)
        for reason, count in (part.get("left_out_reasons") or {}).items():
            reasons[reason] = reasons.get(reason, 0) + int(count)
        examples.extend(str(e) for e in part.get("left_out_examples") or [])
    return total, reasons, examples[:10]


class ExportDialog(QDialog):
    """Choose what and where to export; runs the export with progress and cancel."""

    exported = Signal(object)  # the core's report dict
    export_failed = Signal(str)
    export_cancelled = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self._project = project
        self.task: Task | None = None
        self.report: dict[str, Any] | None = None

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        # Formats whose writer needs a package that is not installed (spaCy is an optional
        # extra the packaged app does not ship): shown, but disabled, with the reason.
        self.unavailable = unavailable_formats()
        for name in formats.writer_names():
            self.format_combo.addItem(format_label(name), name)
            if name in self.unavailable:
                model = cast(QStandardItemModel, self.format_combo.model())  # QComboBox default
                item = model.item(self.format_combo.count() - 1)
                item.setEnabled(False)
        jsonl = self.format_combo.findData("jsonl")
        if jsonl >= 0:
            self.format_combo.setCurrentIndex(jsonl)
        self.format_combo.currentIndexChanged.connect(self._format_changed)

        self.output = QLineEdit(self)
        self.output.setObjectName("exportOutput")
        self.output.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.browse_button = QPushButton(self)
        self.browse_button.setObjectName("browseOutputButton")
        self.browse_button.clicked.connect(self._browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(self.browse_button)

        self.status_box = QGroupBox(self)
        status_layout = QHBoxLayout(self.status_box)
        self.status_checks: dict[str, QCheckBox] = {}
        for status in STATUSES:
            check = QCheckBox(self.status_box)
            check.setObjectName(f"status_{status}")
            status_layout.addWidget(check)
            self.status_checks[status] = check
        status_layout.addStretch(1)

        self.labels_box = QGroupBox(self)
        self.label_list = QListWidget(self.labels_box)
        self.label_list.setObjectName("exportLabels")
        self.label_list.setMaximumHeight(120)
        labels_layout = QVBoxLayout(self.labels_box)
        labels_layout.addWidget(self.label_list)

        self.split_box = QGroupBox(self)
        self.split_box.setObjectName("splitBox")
        self.split_box.setCheckable(True)
        self.split_box.setChecked(False)
        self.split_box.toggled.connect(self._split_toggled)
        self.train = self._fraction_box("train", 0.8)
        self.dev = self._fraction_box("dev", 0.1)
        self.test = self._fraction_box("test", 0.1)
        self.seed = QSpinBox(self)
        self.seed.setObjectName("splitSeed")
        self.seed.setRange(0, 2_147_483_647)
        self.train_label, self.dev_label, self.test_label = QLabel(), QLabel(), QLabel()
        self.seed_label = QLabel()
        split_layout = QFormLayout(self.split_box)
        split_layout.addRow(self.train_label, self.train)
        split_layout.addRow(self.dev_label, self.dev)
        split_layout.addRow(self.test_label, self.test)
        split_layout.addRow(self.seed_label, self.seed)

        self.format_label = QLabel(self)
        self.output_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.format_label, self.format_combo)
        form.addRow(self.output_label, output_row)

        self.summary = QLabel(self)
        self.summary.setObjectName("exportSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.errors = QListWidget(self)
        self.errors.setObjectName("exportErrors")
        self.errors.setWordWrap(True)
        # English messages from the core and Arabic ones from the interface: each in its own
        # direction, so neither has its brackets and full stop moved
        self.errors.setItemDelegate(MessageDelegate(self.errors))
        self.errors.setVisible(False)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status_box)
        layout.addWidget(self.labels_box)
        layout.addWidget(self.split_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)

        self._status_counts = project.status_counts()
        # Training data is what is done: an unlabeled "new" document would look like one with no
        # entities. With nothing done yet, what is being worked on (never "new") is offered.
        default = {"done"} if self._status_counts.get("done") else {"done", "in_progress"}
        for status, check in self.status_checks.items():
            check.setChecked(status in default)
        self._fill_labels()
        self.retranslate()
        self._restore_choices()
        self._suggest_output()
        self.resize(560, 560)

    # The format, split fractions and seed of the last export are offered again: a corpus is
    # usually exported the same way each time (and the same seed keeps the split stable).
    def _remember_choices(self) -> None:
        settings.set_value("export/format", self.chosen_format())
        settings.set_value(
            "export/split",
            ",".join(f"{box.value():.2f}" for box in (self.train, self.dev, self.test)),
        )
        settings.set_value("export/seed", self.seed.value())

    def _restore_choices(self) -> None:
        fmt = settings.value("export/format")
        if (
            isinstance(fmt, str)
            and fmt not in self.unavailable
            and self.format_combo.findData(fmt) >= 0
        ):
            self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))
        split = settings.value("export/split")
        if isinstance(split, str):
            try:
                parts = [float(x) for x in split.split(",")]
            except ValueError:
                parts = []
            if len(parts) == 3:
                for box, part in zip((self.train, self.dev, self.test), parts, strict=True):
                    box.setValue(part)
        self.seed.setValue(settings.int_value("export/seed", self.seed.value()))

    def _fraction_box(self, name: str, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(f"split_{name}")
        box.setRange(0.0, 1.0)
        box.setDecimals(2)
        box.setSingleStep(0.05)
        box.setValue(value)
        return box

    def _fill_labels(self) -> None:
        self.label_list.clear()
        for label in self._project.labels():
            item = QListWidgetItem(f"{label_display_name(label)} ({label.name})")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.label_list.addItem(item)

    # --- choices --------------------------------------------------------------------------

    def chosen_format(self) -> str:
        return self.format_combo.currentData() or "jsonl"

    def set_format(self, fmt: str) -> None:
        index = self.format_combo.findData(fmt)
        if index < 0:
            raise ValueError(f"unknown export format {fmt!r}")
        if fmt in self.unavailable:
            raise ValueError(unavailable_text(fmt))
        self.format_combo.setCurrentIndex(index)

    def chosen_statuses(self) -> list[str] | None:
        """None when every status is ticked (no filter)."""
        chosen = [s for s, check in self.status_checks.items() if check.isChecked()]
        return None if len(chosen) == len(self.status_checks) else chosen

    def chosen_labels(self) -> list[str] | None:
        """None when every label is ticked (no filter)."""
        items = [self.label_list.item(i) for i in range(self.label_list.count())]
        chosen = [
            it.data(Qt.ItemDataRole.UserRole)
            for it in items
            if it.checkState() == Qt.CheckState.Checked
        ]
        return None if len(chosen) == len(items) else chosen

    def set_label_checked(self, name: str, checked: bool) -> None:
        for i in range(self.label_list.count()):
            item = self.label_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                item.setCheckState(state)
                return
        raise KeyError(name)

    def chosen_split(self) -> tuple[float, ...] | None:
        if not self.split_box.isChecked():
            return None
        parts = (self.train.value(), self.dev.value(), self.test.value())
        # A zero dev part means a two-way train/test split.
        return (parts[0], parts[2]) if parts[1] == 0 else parts

    def _extension(self) -> str:
        info = formats.FORMATS.get(self.chosen_format())
        return info.output_extension if info and info.output_extension else ".jsonl"

    def _suggest_output(self) -> None:
        # The folder of the last export, else Documents: never the hidden data folder where the
        # default project lives (~/.local/share/annotator).
        folder = settings.value("export/folder", "")
        base = Path(folder) if isinstance(folder, str) and folder else documents_folder()
        stem = self._project.path.stem
        if self.split_box.isChecked():
            self.output.setText(str(base / f"{stem}-split"))
        else:
            self.output.setText(str(base / f"{stem}{self._extension()}"))

    @Slot()
    def _format_changed(self) -> None:
        text = self.output.text().strip()
        if text and not self.split_box.isChecked():
            self.output.setText(str(Path(text).with_suffix(self._extension())))

    @Slot(bool)
    def _split_toggled(self, on: bool) -> None:
        text = self.output.text().strip()
        if not text:
            self._suggest_output()
            return
        path = Path(text)
        if on and path.suffix:
            self.output.setText(str(path.with_suffix("")))
        elif not on and not path.suffix:
            self.output.setText(str(path.with_suffix(self._extension())))

    @Slot()
    def _browse(self) -> None:
        current = self.output.text().strip()
        if self.split_box.isChecked():
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Export into folder"), current)
        else:
            ext = self._extension()
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to file"),
                current,
                self.tr("%1 files (*%2);;All files (*)")
                .replace("%1", self.chosen_format().upper())
                .replace("%2", ext),
            )
        if chosen:
            self.output.setText(chosen)

    # --- running --------------------------------------------------------------------------

    def _running(self) -> bool:
        return self.task is not None and self.task.is_running()

    @Slot()
    def start_export(self) -> Task | None:
        if self._running():
            return None
        self.errors.clear()
        self.errors.setVisible(False)
        self.report = None
        output = self.output.text().strip()
        if not output:
            self._show_failure(self.tr("Choose where to write the export."))
            return None
        statuses = self.chosen_statuses()
        if statuses == []:
            self._show_failure(self.tr("Tick at least one status to export."))
            return None
        labels = self.chosen_labels()
        if labels == []:
            self._show_failure(self.tr("Tick at least one label to export."))
            return None
        split = self.chosen_split()
        if split is not None and abs(sum(split) - 1.0) > 1e-6:
            self._show_failure(
                self.tr("The split fractions add up to %1; they must add up to 1.").replace(
                    "%1", f"{sum(split):.2f}"
                )
            )
            return None
        fmt = self.chosen_format()
        if fmt in self.unavailable:
            self._show_failure(unavailable_text(fmt))
            return None
        # Nothing is replaced without asking (the card and label list too, not just the file).
        existing = existing_outputs(output, fmt, split=split)
        if existing and not self._confirm_replace(existing):
            return None
        force = bool(existing)
        seed = self.seed.value()
        project_path = self._project.path
        settings.set_value("export/folder", str(Path(output).parent))
        self._remember_choices()

        def work(ctx: TaskContext) -> dict[str, Any]:
            def progress(done: int, total: int) -> None:
                # Export writes to a temporary name: stopping here leaves no partial file.
                ctx.check()
                ctx.progress(done, total)

            with worker_project(project_path) as project:
                return export(
                    project,
                    output,
                    fmt,
                    status=statuses,
                    labels=labels,
                    split=split,
                    seed=seed,
                    progress=progress,
                    force=force,
                )

        self.summary.setText(self.tr("Exporting…"))
        self.task = run_task(
            self,
            self.tr("Exporting"),
            work,
            on_done=self._done,
            on_error=self._failed,
            on_cancelled=self._cancelled,
            cancel_exceptions=(TaskCancelled,),
            progress_text=lambda done, total: (
                self.tr("%1 of %2 documents written")
                .replace("%1", str(done))
                .replace("%2", str(max(total, done)))
            ),
        )
        self.export_button.setEnabled(False)
        self.task.finished.connect(lambda: self.export_button.setEnabled(True))
        return self.task

    def _confirm_replace(self, paths: list[Path]) -> bool:
        names = "\n".join(str(p) for p in paths[:8]) + ("\n…" if len(paths) > 8 else "")
        answer = QMessageBox.question(
            self,
            self.tr("Replace files?"),
            self.tr("These files exist already and would be replaced:\n%1").replace("%1", names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, report: dict[str, Any]) -> None:
        self.report = report
        text = (
            self.tr("%n document(s)", "", int(report.get("documents", 0)))
            + ", "
            + self.tr("%n span(s)", "", int(report.get("spans", 0)))
            # the arrow points from the counts to the file in the reading direction
            + (" ← " if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else " → ")
            + isolate_ltr(str(report.get("output", "")))
        )
        files = report.get("files")
        if isinstance(files, dict):
            text += " (" + ", ".join(f"{k}: {v.get('documents', 0)}" for k, v in files.items())
            text += ")"
        summary = self.tr("Exported %1.").replace("%1", text)
        left_out, reasons, examples = left_out_of(report)
        self.errors.clear()
        if left_out:
            # Never silent: a format that cannot hold every span (BIO and overlaps) says which
            # spans it dropped and why, with examples.
            summary += " " + self.tr(
                "%n span(s) could not be written in this format (listed below).", "", left_out
            )
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            for reason, count in reasons.items():
                message = self.tr("%n span(s) left out: %1", "", count).replace(
                    "%1", reason_text(reason)
                )
                self.errors.addItem(QListWidgetItem(icon, message))
            for example in examples:
                self.errors.addItem(example)
        for warning in report.get("warnings", ()):  # a split part left empty, and why
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.errors.addItem(QListWidgetItem(icon, str(warning)))
        self.errors.setVisible(self.errors.count() > 0)
        self.summary.setText(summary)
        self.exported.emit(report)

    def _failed(self, exc: BaseException, details: str) -> None:
        message = str(exc) if isinstance(exc, AnnotatorError | OSError) else repr(exc)
        self._show_failure(message)
        self.export_failed.emit(message)
        if not isinstance(exc, AnnotatorError | OSError):
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _show_failure(self, message: str) -> None:
        self.summary.setText(self.tr("Nothing was exported."))
        self.errors.clear()
        self.errors.addItem(message)
        self.errors.setVisible(True)

    def _cancelled(self) -> None:
        self.summary.setText(self.tr("Export cancelled: no file was written."))
        self.export_cancelled.emit()

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        self.format_label.setText(self.tr("&Format:"))
        self.format_label.setBuddy(self.format_combo)
        self.output_label.setText(self.tr("&Output:"))
        self.output_label.setBuddy(self.output)
        self.browse_button.setText(self.tr("&Browse…"))
        self.status_box.setTitle(self.tr("Documents with status"))
        for status, name in status_names().items():
            count = self._status_counts.get(status, 0)
            self.status_checks[status].setText(f"{name} ({count})")
        self.labels_box.setTitle(self.tr("Spans with label"))
        for i in range(self.label_list.count()):
            item = self.label_list.item(i)
            name = item.data(Qt.ItemDataRole.UserRole)
            label = next((lb for lb in self._project.labels() if lb.name == name), name)
            item.setText(f"{label_display_name(label)} ({name})")
        self.split_box.setTitle(self.tr("&Split into train / dev / test"))
        self.train_label.setText(self.tr("Train:"))
        self.dev_label.setText(self.tr("Dev (0 for train/test only):"))
        self.test_label.setText(self.tr("Test:"))
        self.seed_label.setText(self.tr("Random seed:"))
        self.export_button.setText(self.tr("&Export"))
        for i in range(self.format_combo.count()):
            fmt = self.format_combo.itemData(i)
            if fmt in self.unavailable:
                self.format_combo.setItemText(
                    i,
                    self.tr("%1 (needs spaCy)").replace("%1", format_label(fmt))
                    if _needs_spacy(fmt)
                    else format_label(fmt),
                )
                self.format_combo.setItemData(i, unavailable_text(fmt), Qt.ItemDataRole.ToolTipRole)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        if self._running():
            self.cancel_export()
            return
        super().reject()
