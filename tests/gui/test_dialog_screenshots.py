"""Screenshots of the dialogs in the English and the Arabic interface, saved to artifacts/.

artifacts/dialog-<name>-<lang>.png. Run under Xvfb (QT_QPA_PLATFORM=xcb) or offscreen; look at
them: Arabic shaped, the whole layout mirrored in Arabic, file paths still left-to-right.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, SEED
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project
from annotator.gui import errors, i18n
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.labels_dialog import LabelsDialog
from annotator.gui.operations import Operations
from annotator.gui.welcome import WelcomeWindow

ARTIFACTS = ROOT / "artifacts"


def _save(qtbot, widget: QWidget, name: str) -> Path:
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(30)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.qt_no_exception_capture
def test_dialog_screenshots(qtbot, tmp_path, language):
    i18n.language_manager().apply(language)
    try:
        rtl = language == "ar"
        expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        assert QApplication.layoutDirection() == expected
        project = Project.create(tmp_path / "news.annotator", annotator="tester")
        seed = SEED.read_text("utf-8")
        project.import_records(
            [
                DocRecord(text=seed, external_id="seed", spans=[SpanRecord(0, 4, "EVENT")]),
                DocRecord(
                    text="قال الرئيس إن واشنطن سترد.",
                    external_id="b",
                    spans=[SpanRecord(14, 20, "PLACE")],
                ),
            ],
            source="test",
        )

        welcome = WelcomeWindow(open_project=None)
        qtbot.addWidget(welcome)
        assert welcome.layoutDirection() == expected
        _save(qtbot, welcome, f"dialog-welcome-{language}")

        bad = tmp_path / "broken.jsonl"
        bad.write_text('{"id": "x", "text": "نص"}\n{"id": "y", "text": \n', "utf-8")
        good = tmp_path / "articles.csv"
        good.write_text("id,headline,body\n1,عنوان,نص الخبر\n", "utf-8")
        dialog = ImportDialog(project, paths=[good, bad])
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.import_failed, timeout=60_000):
            dialog.start_import()
        assert dialog.layoutDirection() == expected
        _save(qtbot, dialog, f"dialog-import-{language}")

        export = ExportDialog(project)
        qtbot.addWidget(export)
        export.split_box.setChecked(True)
        _save(qtbot, export, f"dialog-export-{language}")

        # an export that leaves a span out (BIO cannot hold the overlap): the list says so
        text = "قال الرئيس إن واشنطن سترد."
        doc = project.document_ids()[-1]
        project.add_span(doc, text.index("إن"), len(text), "CLAIM")
        report = ExportDialog(project)
        qtbot.addWidget(report)
        report.set_format("conll")
        report.output.setText(str(tmp_path / "news.conll"))
        with qtbot.waitSignal(report.exported, timeout=60_000):
            report.export_button.click()
        assert report.errors.count() >= 2
        _save(qtbot, report, f"dialog-export-report-{language}")

        # through the window's Operations, as the app opens it: Undo for the label edit
        labels = LabelsDialog(Operations(project))
        qtbot.addWidget(labels)
        labels.set_color("CLAIM", "#9b59b6")
        labels.select("PLACE")
        assert labels.selected_name() == "PLACE" and labels.remove_button.isEnabled()
        assert labels.undo_button.isEnabled()
        _save(qtbot, labels, f"dialog-labels-{language}")

        errors.install_excepthook(QApplication.instance(), log_dir=tmp_path / "logs")
        try:
            try:
                raise KeyError("document 42")
            except KeyError as exc:
                errors.sys.excepthook(type(exc), exc, exc.__traceback__)
            error = errors.error_dialog()
            assert error is not None
            _save(qtbot, error, f"dialog-error-{language}")
            error.close()
        finally:
            errors.uninstall_excepthook()
            errors.close_file_logging()
        project.close()
    finally:
        i18n.language_manager().apply("en")
