"""Issue 14: the export dialog asks before replacing existing files (the output and its card)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.gui.export_dialog import ExportDialog


def test_export_dialog_asks_before_replacing(qtbot, tmp_path: Path, monkeypatch) -> None:
    with Project.create(tmp_path / "p.annotator") as project:
        # done: the dialog exports done documents by default
        project.import_records(
            [DocRecord(text="خبر أول", external_id="a", status="done")], source="t"
        )
        out = tmp_path / "out.jsonl"
        out.write_text("mine\n", encoding="utf-8")
        asked: list[str] = []

        def answer(reply):
            def question(parent, title, text, *args, **kwargs):
                asked.append(text)
                return reply

            return question

        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        dialog.output.setText(str(out))
        monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
        assert dialog.start_export() is None
        assert str(out) in asked[0]
        assert out.read_text(encoding="utf-8") == "mine\n"
        monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
        with qtbot.waitSignal(dialog.exported, timeout=60_000):
            dialog.start_export()
        assert '"id":"a"' in out.read_text(encoding="utf-8")
