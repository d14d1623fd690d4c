"""Issue 13, items 5-7 in the real main window: find's current hit, silent keys, Arabic UI."""

from __future__ import annotations

from pathlib import Path

from helpers import make_project
from helpers.qt import key, show_window, type_text
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QToolBar

from annotator.core.model import DocRecord
from annotator.gui import open_project_window
from annotator.gui.find_bar import FIND_OUTLINE_COLOR

K = Qt.Key
M = Qt.KeyboardModifier


def dark_pixels(image: QImage, rect: QRect) -> int:
    """Pixels of the outline's colour on the border band of ``rect``."""
    target = FIND_OUTLINE_COLOR
    n = 0
    for x in range(rect.left() - 4, rect.right() + 5):
        for y in (rect.top() - 2, rect.top() - 1, rect.top(), rect.bottom(), rect.bottom() + 1):
            if 0 <= x < image.width() and 0 <= y < image.height():
                c = QColor(image.pixel(x, y))
                if max(abs(c.red() - target.red()), abs(c.green() - target.green()),
                       abs(c.blue() - target.blue())) < 40:  # fmt: skip
                    n += 1
    return n


def test_find_outlines_the_current_hit_instead_of_an_orange_fill(qtbot, tmp_path: Path):
    text = "مدرسة أولى في السطر.\n\n\nثم مدرسة ثانية هنا."
    path = make_project(tmp_path / "f.annotator", [DocRecord(text=text, external_id="f")])
    win = open_project_window(path)
    show_window(qtbot, win)
    key(win.view, K.Key_F, M.ControlModifier)
    type_text(win.find_bar.edit, "مدرسة")
    hits = win.find_bar.hits
    assert len(hits) == 2
    # both hits are filled alike: no label colour (EVENT's orange) marks the current one
    fills = {sel.format.background().color().name() for sel in win.view.extraSelections()}
    assert len(fills) == 1
    outline = win.find_bar.outline
    qtbot.waitUntil(lambda: bool(outline.line_rects()))
    rects = outline.line_rects()
    assert len(rects) == 1
    image = win.view.viewport().grab().toImage()
    around_first = dark_pixels(image, rects[0])
    key(win.find_bar.edit, K.Key_F3)  # the second hit becomes current
    second = outline.line_rects()[0]
    assert second.top() != rects[0].top()
    image2 = win.view.viewport().grab().toImage()
    assert around_first > 20
    assert dark_pixels(image2, second) > 20
    assert dark_pixels(image2, rects[0]) < around_first // 4  # the first is no longer framed
    key(win.find_bar.edit, K.Key_Escape)
    assert outline.line_rects() == []
    win.close()


def test_a_hotkey_with_nothing_selected_says_why(window, qtbot):
    from helpers.qt import open_doc

    open_doc(window, "seed")
    window.view.setFocus()
    key(window.view, K.Key_1)
    message = window.statusBar().currentMessage()
    assert "Nothing selected" in message and "Event" in message
    window.statusBar().clearMessage()
    window.doc_list.setFocus()
    key(window.doc_list, K.Key_3)  # from the document list too
    assert "Place" in window.statusBar().currentMessage()


def test_keys_help_is_a_table_of_every_label_and_key(window, qtbot):
    from PySide6.QtWidgets import QLabel, QMessageBox

    window.ops.add_label("WEAPON", hotkey="7")
    window.project.labels()  # the new label is in the project
    key(window.view, K.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "keysHelp") is not None)
    box = window.findChild(QMessageBox, "keysHelp")
    assert box.textFormat() == Qt.TextFormat.RichText
    text = box.text()
    assert text.startswith("<table")
    for hotkey, name in [("1", "Event"), ("2", "Actor"), ("3", "Place"), ("4", "Claim"),
                         ("7", "Weapon")]:  # fmt: skip
        assert f"<b>\u2066{hotkey}\u2069</b>" in text
        assert f"label the selection as {name}" in text
    # one row per key: every row has its two cells
    assert text.count("<tr><td") == text.count("</td></tr>") >= 15
    assert box.findChild(QLabel) is not None
    box.close()


def test_arabic_menus_show_shortcuts_left_to_right(window):
    from annotator.gui import i18n

    i18n.set_language("ar")
    try:
        _text, _, shortcut = window.zoom_in_action.text().partition("\t")
        assert shortcut == "\u2066Ctrl+=\u2069"
        assert window.zoom_out_action.text().endswith("\t\u2066Ctrl+-\u2069")
        assert window.undo_action.text().split("\t")[0] == "&تراجع"
        # the toolbar's buttons show the name alone, never the shortcut column
        bar = window.findChild(QToolBar, "mainToolbar")
        texts = [bar.widgetForAction(a).text() for a in bar.actions()]
        assert texts and all("\t" not in t and "Ctrl" not in t and "Alt" not in t for t in texts)
    finally:
        i18n.set_language("en")
    assert "\t" not in window.zoom_in_action.text()
    texts = [bar.widgetForAction(a).text() for a in bar.actions()]
    assert "Skip" in texts and "Done, next undone" in texts


def test_a_label_added_in_arabic_keeps_an_english_name(window, qtbot):
    from annotator.gui import i18n
    from annotator.gui.labels_dialog import LabelsDialog

    i18n.set_language("ar")
    try:
        dialog = LabelsDialog(window.ops, window)
        qtbot.addWidget(dialog)
        name = dialog.add_new_label()
        assert name is not None
        label = next(lb for lb in window.project.labels() if lb.name == name)
        assert label.name_en.startswith("Label ") and label.name_ar.startswith("تسمية")
        dialog.close()
    finally:
        i18n.set_language("en")


def test_export_dialog_defaults_to_done_documents_and_a_visible_folder(qtbot, tmp_path: Path):
    from annotator.core.project import Project
    from annotator.gui import settings
    from annotator.gui.export_dialog import ExportDialog, documents_folder

    records = [DocRecord(text=f"خبر رقم {i}", external_id=f"d{i}") for i in range(5)]
    (tmp_path / "data").mkdir()
    path = make_project(tmp_path / "data" / "p.annotator", records)
    with Project.open(path) as project:
        ids = project.document_ids()
        project.set_status(ids[0], "done")
        project.set_status(ids[1], "done")
        project.set_status(ids[2], "in_progress")
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        checked = {s for s, c in dialog.status_checks.items() if c.isChecked()}
        assert checked == {"done"}
        texts = {s: c.text() for s, c in dialog.status_checks.items()}
        assert texts["done"].endswith("(2)") and texts["new"].endswith("(2)")
        assert texts["in_progress"].endswith("(1)") and texts["skipped"].endswith("(0)")
        # not beside the project (the hidden data folder for the default project): Documents
        out = Path(dialog.output.text())
        assert out.parent == documents_folder() and out.name == "p.jsonl"
        target = tmp_path / "exports"
        target.mkdir()
        dialog.output.setText(str(target / "mine.jsonl"))
        with qtbot.waitSignal(dialog.exported, timeout=60_000):
            dialog.export_button.click()
        assert len((target / "mine.jsonl").read_text("utf-8").splitlines()) == 2
        assert settings.value("export/folder") == str(target)
        again = ExportDialog(project)
        qtbot.addWidget(again)
        assert Path(again.output.text()).parent == target  # the folder last exported to


def test_export_dialog_shows_an_empty_split_part(qtbot, tmp_path: Path):
    from annotator.core.project import Project
    from annotator.gui.export_dialog import ExportDialog

    path = make_project(tmp_path / "one.annotator", [DocRecord(text="خبر واحد", external_id="a")])
    with Project.open(path) as project:
        project.set_status(project.document_ids()[0], "done")
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        dialog.set_format("jsonl")
        dialog.split_box.setChecked(True)
        dialog.output.setText(str(tmp_path / "split"))
        with qtbot.waitSignal(dialog.exported, timeout=60_000):
            dialog.export_button.click()
        shown = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
        assert any("dev.jsonl is empty: 1 document cannot fill 3 parts" in m for m in shown)
        assert dialog.errors.isVisibleTo(dialog)


def test_exports_default_to_home_when_there_is_no_documents_folder(tmp_path: Path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from annotator.gui.export_dialog import documents_folder

    missing = tmp_path / "Documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(missing))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert documents_folder() == Path.home() == tmp_path
    missing.mkdir()
    assert documents_folder() == missing
