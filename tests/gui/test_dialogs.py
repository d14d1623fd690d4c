"""Import, export and labels dialogs driven as real widgets; results read from the database file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QColorDialog, QDialog, QMessageBox, QPushButton

from annotator.core.project import Project
from annotator.gui import settings
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.labels_dialog import COL_AR, COL_HOTKEY, COL_NAME, LabelsDialog
from annotator.gui.operations import Operations

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7eddefe59b9ed5ed.txt"
TABLES = ("meta", "documents", "labels", "spans", "changes")


def dump(path: Path) -> dict[str, list]:
    """Every row of every table, read with plain sqlite3 (not through Project)."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def query(path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    settings.use_settings_file(tmp_path / "settings.ini")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    yield
    settings.use_settings_file(None)


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def run_import(qtbot, dialog: ImportDialog, signal: str) -> None:
    with qtbot.waitSignal(getattr(dialog, signal), timeout=60_000):
        task = dialog.start_import()
        assert task is not None


# --- import -------------------------------------------------------------------------------


def test_import_good_file(qtbot, project, tmp_path):
    ops = Operations(project)
    changes = []
    ops.changed.connect(changes.append)
    src = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "a",
                "text": "قصف في بغداد اليوم",
                "spans": [{"start": 7, "end": 12, "label": "PLACE"}],
            },
            {
                "id": "b",
                "text": "وزير الخارجية يقول",
                "spans": [{"start": 0, "end": 4, "label": "ROLE"}],
            },
        ],
    )
    assert [lb.name for lb in project.labels()] == ["EVENT", "ACTOR", "PLACE", "CLAIM"]
    dialog = ImportDialog(project, operations=ops)
    qtbot.addWidget(dialog)
    dialog.add_paths([src, SEED])
    reports = []
    dialog.imported.connect(reports.append)
    run_import(qtbot, dialog, "imported")

    assert reports and reports[0].added == 3
    rows = query(project.path, "SELECT external_id, title FROM documents ORDER BY id")
    assert [r[0] for r in rows] == ["a", "b", SEED.name]
    assert query(project.path, 'SELECT start, "end", label, text FROM spans ORDER BY id') == [
        (7, 12, "PLACE", "بغداد"),
        (0, 4, "ROLE", "وزير"),
    ]
    assert changes and changes[-1].documents_changed and changes[-1].labels_changed
    # The import committed on the worker's connection; this one sees the new label at once.
    assert [lb.name for lb in project.labels()][-1] == "ROLE"
    assert reports[0].new_labels == ["ROLE"]
    assert "3" in dialog.summary.text()
    assert dialog.errors.isHidden()


def test_import_failing_file_lists_error_and_leaves_project_unchanged(qtbot, project, tmp_path):
    project.import_records([], source="nothing")  # one change-log row, so "before" is not empty
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "g", "text": "نص سليم"}])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "نص أول"}\n{"id": "y", "text": \n', "utf-8")
    before = dump(project.path)

    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([good, bad])
    failures = []
    dialog.import_failed.connect(failures.append)
    run_import(qtbot, dialog, "import_failed")

    assert dump(project.path) == before
    assert dialog.errors.isVisible() and dialog.errors.count() == 1
    message = dialog.errors.item(0).text()
    assert "bad.jsonl:2" in message
    assert failures == [message]
    assert project.document_count() == 0


def drop(widget, paths) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
    return event.isAccepted()


def test_files_dropped_on_the_import_dialog_are_listed(qtbot, project, tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "نص"}])
    folder = tmp_path / "corpus"
    folder.mkdir()
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    assert drop(dialog, [a, folder])
    assert dialog.paths() == [a, folder]
    assert dialog.import_button.isEnabled()


def test_import_skip_invalid_lists_skipped_records(qtbot, project, tmp_path):
    bad = tmp_path / "mixed.jsonl"
    bad.write_text(
        '{"id": "x", "text": "نص أول"}\nnot json\n{"id": "z", "text": "ثالث"}\n', "utf-8"
    )
    dialog = ImportDialog(project, paths=[bad])
    qtbot.addWidget(dialog)
    dialog.skip_invalid.setChecked(True)
    run_import(qtbot, dialog, "imported")
    assert dialog.import_result is not None and dialog.import_result.added == 2
    # QDialog.result() is the dialog's own (the import's outcome once hid it)
    assert dialog.result() == QDialog.DialogCode.Rejected.value
    dialog.close_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected.value and not dialog.isVisible()
    assert dialog.errors.count() == 1 and "mixed.jsonl:2" in dialog.errors.item(0).text()
    assert [r[0] for r in query(project.path, "SELECT external_id FROM documents")] == ["x", "z"]


def test_import_csv_columns(qtbot, project, tmp_path):
    src = tmp_path / "news.csv"
    src.write_text(
        "id,headline,body,source\n1,عنوان,الخبر الأول,وكالة\n2,عنوان آخر,الخبر الثاني,وكالة\n",
        "utf-8",
    )
    dialog = ImportDialog(project, paths=[src])
    qtbot.addWidget(dialog)
    assert dialog.text_column.isEnabled()
    columns = [dialog.text_column.itemText(i) for i in range(dialog.text_column.count())]
    assert columns == ["id", "headline", "body", "source"]
    # Preselected from the column names.
    assert dialog.chosen_columns() == {
        "text_column": "body",
        "title_column": "headline",
        "id_column": "id",
    }
    dialog.set_column("id", None)
    run_import(qtbot, dialog, "imported")
    rows = query(project.path, "SELECT external_id, title, text, meta FROM documents ORDER BY id")
    assert [(r[1], r[2]) for r in rows] == [("عنوان", "الخبر الأول"), ("عنوان آخر", "الخبر الثاني")]
    assert rows[0][0] == "news.csv:2" and json.loads(rows[0][3])["source"] == "وكالة"


def test_import_csv_without_a_text_column_asks_for_one(qtbot, project, tmp_path):
    src = tmp_path / "odd.csv"
    src.write_text("a,b\nx,y\n", "utf-8")
    dialog = ImportDialog(project, paths=[src])
    qtbot.addWidget(dialog)
    assert dialog.start_import() is None
    assert "column" in dialog.errors.item(0).text()
    dialog.set_column("text", "b")
    run_import(qtbot, dialog, "imported")
    assert query(project.path, "SELECT text FROM documents") == [("y",)]


def test_cancel_mid_import_leaves_project_unchanged(qtbot, project, tmp_path):
    rows = [{"id": f"d{i}", "text": f"خبر رقم {i} عن بغداد"} for i in range(3000)]
    src = write_jsonl(tmp_path / "big.jsonl", rows)
    before = dump(project.path)
    dialog = ImportDialog(project, paths=[src])
    qtbot.addWidget(dialog)
    dialog.show()
    seen = []

    def on_progress(done: int, total: int, text: str) -> None:
        # Runs in the worker thread (direct connection) at the first progress report, so the
        # import is certainly mid-way: records are in the open transaction, none committed.
        seen.append(done)
        dialog.task.context.cancel()

    with qtbot.waitSignal(dialog.import_cancelled, timeout=60_000):
        task = dialog.start_import()
        task._progress.connect(on_progress, Qt.ConnectionType.DirectConnection)
    assert seen and 0 < seen[0] < len(rows)
    assert task.state == "cancelled"
    assert dump(project.path) == before
    assert "unchanged" in dialog.summary.text()


def test_progress_dialog_cancel_button_cancels(qtbot, project, tmp_path):
    rows = [{"id": f"d{i}", "text": f"خبر {i}"} for i in range(100)]
    src = write_jsonl(tmp_path / "small.jsonl", rows)
    dialog = ImportDialog(project, paths=[src])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.import_cancelled, timeout=60_000):
        task = dialog.start_import()
        # The worker starts from the event loop: the click lands before it reads anything.
        task.dialog.findChild(QPushButton).click()
        assert task.context.cancelled()
    assert task.state == "cancelled"
    assert project.document_count() == 0


# --- export -------------------------------------------------------------------------------


def labeled_project(project: Project) -> Project:
    project.import_records(
        [
            _rec("a", "قصف في بغداد اليوم", [(7, 12, "PLACE"), (0, 3, "EVENT")]),
            _rec("b", "وزير الخارجية يقول", [(0, 13, "ACTOR")]),
            _rec("c", "خبر ثالث", []),
        ],
        source="test",
    )
    ids = project.document_ids()
    project.set_status(ids[0], "done")
    project.set_status(ids[1], "done")
    return project


def _rec(ext_id, text, spans):
    from annotator.core.model import DocRecord, SpanRecord

    return DocRecord(
        text=text, external_id=ext_id, spans=[SpanRecord(s, e, lab) for s, e, lab in spans]
    )


def test_export_dialog_writes_file_with_filters(qtbot, project, tmp_path):
    labeled_project(project)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    out = tmp_path / "out.jsonl"
    dialog.output.setText(str(out))
    dialog.status_checks["new"].setChecked(False)
    dialog.status_checks["in_progress"].setChecked(False)
    dialog.status_checks["skipped"].setChecked(False)
    dialog.set_label_checked("EVENT", False)
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    labels = [sp["label"] for x in lines for sp in x["spans"]]
    assert sorted(labels) == ["ACTOR", "PLACE"]
    assert dialog.report["documents"] == 2


def test_export_dialog_split_with_seed(qtbot, project, tmp_path):
    labeled_project(project)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.split_box.setChecked(True)
    for check in dialog.status_checks.values():  # every status, not only the default done
        check.setChecked(True)
    folder = tmp_path / "split"
    dialog.output.setText(str(folder))
    dialog.train.setValue(0.67)
    dialog.dev.setValue(0.0)
    dialog.test.setValue(0.33)
    dialog.seed.setValue(7)
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.start_export()
    train = (folder / "train.jsonl").read_text("utf-8").splitlines()
    test = (folder / "test.jsonl").read_text("utf-8").splitlines()
    assert len(train) + len(test) == 3 and len(test) == 1
    assert dialog.report["seed"] == 7
    # The next export dialog offers the same format, split and seed.
    again = ExportDialog(project)
    qtbot.addWidget(again)
    assert again.seed.value() == 7 and again.dev.value() == 0.0 and again.test.value() == 0.33
    assert again.chosen_format() == "jsonl"


def test_export_dialog_bad_split_and_bad_output(qtbot, project, tmp_path):
    labeled_project(project)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.split_box.setChecked(True)
    dialog.train.setValue(0.9)
    assert dialog.start_export() is None
    assert not dialog.errors.isHidden() and "1" in dialog.errors.item(0).text()
    dialog.split_box.setChecked(False)
    dialog.output.setText(str(tmp_path / "missing" / "out.jsonl"))
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000):
        dialog.start_export()
    assert "no such folder" in dialog.errors.item(0).text()
    assert not (tmp_path / "missing").exists()


def test_export_cancel_leaves_no_file(qtbot, project, tmp_path):
    project.import_records([_rec(f"d{i}", f"خبر رقم {i}", []) for i in range(900)], source="many")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    out = tmp_path / "out.jsonl"
    dialog.output.setText(str(out))
    dialog.status_checks["new"].setChecked(True)  # all 900 are new: not exported by default
    seen = []

    def on_progress(done: int, total: int, text: str) -> None:
        # Worker thread, first progress report: the export is mid-way.
        seen.append(done)
        dialog.task.context.cancel()

    with qtbot.waitSignal(dialog.export_cancelled, timeout=60_000):
        task = dialog.start_export()
        task._progress.connect(on_progress, Qt.ConnectionType.DirectConnection)
    assert seen and 0 < seen[0] < 900
    assert list(tmp_path.glob("*.jsonl")) == [] and list(tmp_path.glob(".*partial*")) == []
    assert "no file was written" in dialog.summary.text()


# --- labels -------------------------------------------------------------------------------


def label_rows(path: Path) -> list[tuple]:
    return query(path, "SELECT name, name_en, name_ar, color, hotkey FROM labels ORDER BY ord")


def test_labels_dialog_rename_recolour_hotkey(qtbot, project, monkeypatch):
    labeled_project(project)
    ops = Operations(project)
    dialog = LabelsDialog(ops)
    qtbot.addWidget(dialog)
    changed = []
    dialog.labels_changed.connect(lambda: changed.append(1))
    assert [lb.name for lb in dialog.labels] == ["EVENT", "ACTOR", "PLACE", "CLAIM"]

    # rename by editing the cell: spans follow
    dialog.table.item(dialog.row_of("PLACE"), COL_NAME).setText("LOCATION")
    assert [r[0] for r in label_rows(project.path)] == ["EVENT", "ACTOR", "LOCATION", "CLAIM"]
    assert query(project.path, "SELECT label FROM spans WHERE text = 'بغداد'") == [("LOCATION",)]

    # Arabic display name
    dialog.table.item(dialog.row_of("LOCATION"), COL_AR).setText("موقع")
    assert label_rows(project.path)[2][2] == "موقع"

    # recolour through the colour dialog
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    dialog.select("ACTOR")
    dialog.color_button.click()
    assert label_rows(project.path)[1][3].lower() == "#123456"

    # hotkey: a free one is saved, a duplicate is refused with a message
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    dialog.table.item(dialog.row_of("CLAIM"), COL_HOTKEY).setText("c")
    assert label_rows(project.path)[3][4] == "c"
    before = label_rows(project.path)
    dialog.table.item(dialog.row_of("EVENT"), COL_HOTKEY).setText("C")
    assert label_rows(project.path) == before
    assert warnings and "CLAIM" in warnings[-1]
    assert dialog.table.item(dialog.row_of("EVENT"), COL_HOTKEY).text() == "1"
    assert len(changed) == 4


def test_labels_dialog_add_reorder_and_remove_in_use(qtbot, project, monkeypatch):
    labeled_project(project)
    dialog = LabelsDialog(project)
    qtbot.addWidget(dialog)
    name = dialog.add_new_label()
    assert name == "LABEL1"
    rows = label_rows(project.path)
    assert rows[-1][0] == "LABEL1" and rows[-1][4] == "5"

    dialog.select("LABEL1")
    dialog.up_button.click()
    assert [r[0] for r in label_rows(project.path)] == [
        "EVENT",
        "ACTOR",
        "PLACE",
        "LABEL1",
        "CLAIM",
    ]

    # an unused label goes without a question (Delete key in the table)
    asked = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.show()
    dialog.select("LABEL1")
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert asked == []
    assert "LABEL1" not in [r[0] for r in label_rows(project.path)]

    # a label in use: says how many spans, and "No" keeps everything
    before = dump(project.path)
    dialog.select("PLACE")
    dialog.remove_button.click()
    assert len(asked) == 1 and "PLACE" in asked[0] and "1 span" in asked[0]
    assert dump(project.path) == before
    # "Yes" removes the label and its span
    dialog.remove_button.click()
    assert "PLACE" not in [r[0] for r in label_rows(project.path)]
    assert query(project.path, "SELECT count(*) FROM spans WHERE label = 'PLACE'") == [(0,)]
    assert query(project.path, "SELECT count(*) FROM spans") == [(2,)]
