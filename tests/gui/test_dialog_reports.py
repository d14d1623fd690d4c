"""The import and export dialogs are never silent about what the core repaired or left out, and
a format whose optional package is missing is shown disabled with the reason."""

from __future__ import annotations

import importlib.util
import sqlite3

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.gui import i18n, settings
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.operations import Operations


@pytest.fixture(autouse=True)
def english(qapp):
    # the English .qm carries the plural forms ("1 document", "2 warnings")
    i18n.language_manager().apply(i18n.ENGLISH)


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def messages(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def test_import_lists_the_reader_warnings(qtbot, project, tmp_path):
    # IOB1-style tags (a span starting with I-) and a right-to-left mark glued to a token
    src = tmp_path / "news.conll"
    src.write_text(
        "قال\tO\nالرئيس\tI-ACTOR\nإن\tO\nواشنطن\u200f\tI-PLACE\nسترد\tO\n", encoding="utf-8"
    )
    dialog = ImportDialog(project, operations=Operations(project))
    qtbot.addWidget(dialog)
    dialog.add_paths([src])
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    # imported, repaired...
    conn = sqlite3.connect(project.path)
    spans = conn.execute("SELECT label, text FROM spans ORDER BY start").fetchall()
    conn.close()
    assert spans == [("ACTOR", "الرئيس"), ("PLACE", "واشنطن")]
    # ...and said so, in the message list, with the file and line
    assert dialog.import_result is not None and len(dialog.import_result.warnings) == 2
    shown = messages(dialog.errors)
    assert shown == dialog.import_result.warnings
    assert any("I- tag" in m and "news.conll" in m and "line 2" in m for m in shown)
    assert any("direction marks" in m and "line 4" in m for m in shown)
    assert dialog.errors.isVisibleTo(dialog)
    assert "2 warnings" in dialog.summary.text() and "1 document imported" in dialog.summary.text()


def test_import_without_warnings_shows_no_list(qtbot, project, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("قال الرئيس", encoding="utf-8")
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.add_paths([src])
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    assert dialog.errors.count() == 0 and dialog.errors.isHidden()


def overlapping_project(project: Project) -> None:
    project.import_records(
        [DocRecord(text="قال الرئيس الأمريكي إن واشنطن سترد", external_id="a")], source="t"
    )
    doc = project.document_ids()[0]
    text = project.get_document(doc).text
    claim_start = text.index("إن")
    project.add_span(doc, claim_start, len(text), "CLAIM")
    place = text.index("واشنطن")
    project.add_span(doc, place, place + len("واشنطن"), "PLACE")  # inside the CLAIM
    actor = text.index("الرئيس")
    project.add_span(doc, actor, actor + len("الرئيس"), "ACTOR")


@pytest.mark.parametrize("split", [False, True], ids=["file", "split"])
def test_export_lists_the_spans_left_out(qtbot, project, tmp_path, split):
    overlapping_project(project)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format("conll")  # BIO: one label per token, overlaps cannot be written
    if split:
        dialog.split_box.setChecked(True)
        dialog.train.setValue(1.0)
        dialog.dev.setValue(0.0)
        dialog.test.setValue(0.0)
        out = tmp_path / "split"
    else:
        out = tmp_path / "out.conll"
    dialog.output.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    written = (out / "train.conll" if split else out).read_text("utf-8")
    # PLACE (order 3) loses to... the label order: EVENT ACTOR PLACE CLAIM; PLACE beats CLAIM
    assert "B-PLACE" in written and "CLAIM" not in written
    shown = messages(dialog.errors)
    assert dialog.errors.isVisibleTo(dialog)
    assert shown[0] == (
        "1 span left out: it overlaps a span of higher priority (this format cannot hold overlaps)"
    )
    assert any("CLAIM" in m for m in shown[1:])  # the example names the span
    assert "1 span could not be written" in dialog.summary.text()


def test_export_with_nothing_left_out_shows_no_list(qtbot, project, tmp_path):
    overlapping_project(project)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")  # holds overlaps
    dialog.output.setText(str(tmp_path / "out.jsonl"))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    assert dialog.errors.count() == 0 and dialog.errors.isHidden()


@pytest.fixture
def without_spacy(monkeypatch):
    """What the packaged app sees: spaCy is not installed."""
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object):  # type: ignore[no-untyped-def]
        return None if name == "spacy" or name.startswith("spacy.") else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_spacy_format_disabled_with_a_reason_when_spacy_is_missing(
    qtbot, project, tmp_path, without_spacy
):
    settings.set_value("export/format", "spacy")  # chosen last time, when spaCy was there
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    index = dialog.format_combo.findData("spacy")
    item = dialog.format_combo.model().item(index)
    assert not item.isEnabled()
    tooltip = dialog.format_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert "spaCy" in tooltip and "annotator[spacy]" in tooltip
    assert "needs spaCy" in dialog.format_combo.itemText(index)
    assert dialog.chosen_format() == "jsonl"  # the remembered choice is not offered
    with pytest.raises(ValueError, match="spaCy"):
        dialog.set_format("spacy")
    # even forced past the combo, nothing is attempted: one clear message, no file
    dialog.format_combo.setCurrentIndex(index)
    dialog.output.setText(str(tmp_path / "out.spacy"))
    assert dialog.start_export() is None
    assert "spaCy" in messages(dialog.errors)[0]
    assert not (tmp_path / "out.spacy").exists()

    i18n.language_manager().apply(i18n.ARABIC)
    try:
        tooltip_ar = dialog.format_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
        assert tooltip_ar != tooltip and "spaCy" in tooltip_ar
    finally:
        i18n.language_manager().apply(i18n.ENGLISH)


def test_spacy_format_enabled_when_spacy_is_installed(qtbot, project):
    # the test extra installs spaCy: its absence is a broken test environment, not a skip
    assert importlib.util.find_spec("spacy") is not None, "install annotator[test]"
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    index = dialog.format_combo.findData("spacy")
    assert dialog.format_combo.model().item(index).isEnabled()
    dialog.set_format("spacy")
    assert dialog.chosen_format() == "spacy"


def test_messages_and_paths_keep_their_direction_in_the_arabic_ui(qtbot, project, tmp_path):
    from PySide6.QtWidgets import QStyleOptionViewItem

    overlapping_project(project)
    i18n.language_manager().apply(i18n.ARABIC)
    try:
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        dialog.set_format("conll")
        out = tmp_path / "out.conll"
        dialog.output.setText(str(out))
        with qtbot.waitSignal(dialog.exported, timeout=60_000):
            dialog.export_button.click()
        # the path sits in a left-to-right isolate, the arrow points at it (leftwards)
        assert f"← \u2066{out}\u2069" in dialog.summary.text()
        directions = []
        for row in range(dialog.errors.count()):
            option = QStyleOptionViewItem()
            dialog.errors.itemDelegate().initStyleOption(
                option, dialog.errors.model().index(row, 0)
            )
            directions.append(
                (option.direction, bool(option.displayAlignment & Qt.AlignmentFlag.AlignRight))
            )
        # the Arabic reason right-to-left and right-aligned; the core's English example quotes
        # Arabic text, and one rule (the article view's) lays any line with an Arabic letter out
        # right-to-left (issue 17)
        assert "استُبعد" in dialog.errors.item(0).text()
        assert directions[0] == (Qt.LayoutDirection.RightToLeft, True)
        assert "واشنطن" in dialog.errors.item(1).text()
        assert directions[1] == (Qt.LayoutDirection.RightToLeft, True)
    finally:
        i18n.language_manager().apply(i18n.ENGLISH)
