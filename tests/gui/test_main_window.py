"""Undo/redo, navigation, statuses, find, document list, persistence, two windows."""

from __future__ import annotations

from pathlib import Path

from helpers import db_spans, db_status, make_project
from helpers.qt import key, open_doc, show_window, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.gui import open_project_window, settings
from annotator.gui.main_window import MainWindow
from annotator.gui.palette import LabelPalette

K = Qt.Key
M = Qt.KeyboardModifier


def _label(win: MainWindow, start: int, end: int, k: Qt.Key = K.Key_1) -> None:
    win.view.set_selection(start, end)
    key(win.view, k)


def test_undo_redo_across_documents(window: MainWindow, sample_path: Path):
    open_doc(window, "b")
    _label(window, 0, 3)
    ids_b = window.project.spans(window.current_id)
    open_doc(window, "c")
    _label(window, 0, 3, K.Key_2)
    key(window.view, K.Key_Delete)  # the new span is selected: delete it
    assert db_spans(sample_path, "c") == []

    key(window.view, K.Key_Z, M.ControlModifier)  # undo delete
    assert db_spans(sample_path, "c") == [(0, 3, "ACTOR", "زار")]
    key(window.view, K.Key_Z, M.ControlModifier)  # undo add
    assert db_spans(sample_path, "c") == []
    assert db_status(sample_path, "c") == "new"
    key(window.view, K.Key_Z, M.ControlModifier)  # undo the add in document b: jumps there
    assert db_spans(sample_path, "b") == []
    assert window.project.get_document(window.current_id).external_id == "b"
    assert window.span_model.rowCount() == 0

    key(window.view, K.Key_Z, M.ControlModifier | M.ShiftModifier)  # redo in b, same id back
    assert [s.id for s in window.project.spans(window.current_id)] == [s.id for s in ids_b]
    key(window.view, K.Key_Z, M.ControlModifier | M.ShiftModifier)  # redo in c
    assert window.project.get_document(window.current_id).external_id == "c"
    assert db_spans(sample_path, "c") == [(0, 3, "ACTOR", "زار")]
    assert db_status(sample_path, "c") == "in_progress"
    key(window.view, K.Key_Z, M.ControlModifier | M.ShiftModifier)  # redo delete
    assert db_spans(sample_path, "c") == []
    assert not window.ops.can_redo()
    # every undo and redo went to the change log too
    actions = [c["action"] for c in window.project.changes(limit=20)]
    assert actions.count("undo") >= 3 and actions.count("redo") >= 3


def test_undo_of_relabel_and_boundary_move(window: MainWindow, sample_path: Path):
    open_doc(window, "c")
    start = window.view.text.index("لواشنطن")
    end = start + len("لواشنطن")
    _label(window, start, end, K.Key_3)
    key(window.view, K.Key_Left, M.ShiftModifier)
    key(window.view, K.Key_2)
    assert db_spans(sample_path, "c") == [(start + 1, end, "ACTOR", "واشنطن")]
    window.undo()
    assert db_spans(sample_path, "c") == [(start + 1, end, "PLACE", "واشنطن")]
    window.undo()
    assert db_spans(sample_path, "c") == [(start, end, "PLACE", "لواشنطن")]
    window.redo()
    window.redo()
    assert db_spans(sample_path, "c") == [(start + 1, end, "ACTOR", "واشنطن")]


def test_navigation_and_statuses(window: MainWindow, sample_path: Path):
    project = window.project
    ids = project.document_ids()
    assert window.current_id == ids[0]  # opens on the first undone document
    _label(window, 0, 4)
    assert db_status(sample_path, "seed") == "in_progress"
    key(window.view, K.Key_Return, M.ControlModifier)  # done, and on to the next undone
    assert db_status(sample_path, "seed") == "done"
    assert window.current_id == ids[1]
    window.skip()
    assert db_status(sample_path, "b") == "skipped"
    assert window.current_id == ids[2]
    key(window.view, K.Key_Left, M.AltModifier)  # next in reading direction (RTL: left)
    assert window.current_id == ids[3]
    key(window.view, K.Key_Right, M.AltModifier)
    assert window.current_id == ids[2]
    window.go(-1)
    window.go(-1)
    assert window.current_id == ids[0]
    window.go(-1)  # stays at the first
    assert window.current_id == ids[0]
    # done-and-next wraps around to the first undone document
    window.open_document(ids[3])
    window.done_and_next()
    assert window.current_id == ids[2]
    window.done_and_next()
    assert window.current_id == ids[2]  # nothing undone left: stays, says so
    assert "done" in window.statusBar().currentMessage()
    assert window.project.status_counts()["done"] == 3
    assert "3 / 4" in window.status_label.text() and "tester" in window.status_label.text()


def test_find_with_arabic_normalisation(qtbot, tmp_path: Path):
    text = "ذهب الولد إلى المَدْرَسَةِ صباحا. مَدْرَسَةٌ كبيرة وأخرى مدرسة."
    path = make_project(tmp_path / "f.annotator", [DocRecord(text=text, external_id="f")])
    win = open_project_window(path)
    show_window(qtbot, win)
    key(win.view, K.Key_F, M.ControlModifier)
    assert win.find_bar.isVisible()
    type_text(win.find_bar.edit, "مدرسه")
    hits = win.find_bar.hits
    assert [text[s:e] for s, e in hits] == ["مَدْرَسَةِ", "مَدْرَسَةٌ", "مدرسة"]
    assert len(win.view.extraSelections()) == 3
    assert win.find_bar.current == 0
    key(win.find_bar.edit, K.Key_F3)  # Find next
    assert win.find_bar.current == 1
    key(win.find_bar.edit, K.Key_Return, M.ShiftModifier)
    key(win.find_bar.edit, K.Key_Return, M.ShiftModifier)
    assert win.find_bar.current == 2
    # the current hit is marked differently, at the right place
    sel = win.view.extraSelections()[2]
    assert win.view.offsets.range_from_qt(sel.cursor.anchor(), sel.cursor.position()) == hits[2]
    win.find_bar.select_current()
    key(win.view, K.Key_2)
    assert db_spans(path) == [(hits[2][0], hits[2][1], "ACTOR", "مدرسة")]
    key(win.find_bar.edit, K.Key_Escape)
    assert not win.find_bar.isVisible() and win.view.extraSelections() == []
    win.close()


def test_document_list_filter_and_search(window: MainWindow, qtbot):
    model = window.doc_model
    assert model.rowCount() == 4
    open_doc(window, "c")
    _label(window, 0, 3)
    window.status_filter.setCurrentIndex(window.status_filter.findData("in_progress"))
    assert model.rowCount() == 1 and model.index(0).data(Qt.ItemDataRole.UserRole) == (
        window.current_id
    )
    window.status_filter.setCurrentIndex(0)
    assert model.rowCount() == 4
    # search uses the Arabic normalisation: plain letters find the text with hamza forms
    window.search_edit.setText("اسبوع")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    window.search_edit.setText("")
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=3000)
    # clicking a row opens that document
    rect = window.doc_list.visualRect(model.index(1))
    qtbot.mouseClick(window.doc_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_id == model.ids[1]


def test_lazy_list_reads_only_the_rows_it_shows(qtbot, tmp_path: Path):
    records = [DocRecord(text=f"نص رقم {i}", external_id=str(i)) for i in range(3000)]
    path = make_project(tmp_path / "many.annotator", records)
    win = open_project_window(path)
    show_window(qtbot, win)
    assert win.doc_model.rowCount() == 3000
    assert len(win.doc_model._cache) < 3000 // 2
    win.close()


def test_zoom_layout_and_splitters_persist(qtbot, sample_path: Path):
    win = open_project_window(sample_path)
    show_window(qtbot, win)
    size = win.view.document().defaultFont().pointSizeF()
    key(win.view, K.Key_Equal, M.ControlModifier)
    key(win.view, K.Key_Equal, M.ControlModifier)
    assert win.view.document().defaultFont().pointSizeF() > size
    win.splitter.setSizes([300, 600, 300])
    sizes = win.splitter.sizes()
    win.close()
    assert settings.zoom_level() == 2
    again = open_project_window(sample_path)
    show_window(qtbot, again)
    assert again.view.zoom == 2
    # the side panels keep their widths (the offscreen screen may clamp the window itself)
    restored = again.splitter.sizes()
    assert (restored[0], restored[2]) == (sizes[0], sizes[2])
    key(again.view, K.Key_Minus, M.ControlModifier)
    assert settings.zoom_level() == 1
    again.close()


def test_two_windows_stay_consistent(qtbot, sample_path: Path):
    a = open_project_window(sample_path)
    b = open_project_window(sample_path)
    for w in (a, b):
        qtbot.addWidget(w)
        w.show()
    open_doc(a, "c")
    open_doc(b, "c")
    _label(a, 0, 3, K.Key_2)
    qtbot.waitUntil(lambda: len(b.view.spans()) == 1, timeout=5000)  # b polls data_version
    assert b.span_model.rowCount() == 1
    assert "another window" in b.statusBar().currentMessage()
    b.view.select_span(next(iter(b.view.spans())))
    key(b.view, K.Key_Delete)
    qtbot.waitUntil(lambda: len(a.view.spans()) == 0, timeout=5000)
    # a's undo entry now refers to a span b deleted: undo says why instead of corrupting data
    a.undo()
    assert db_spans(sample_path, "c") == []
    a.close()
    b.close()


def test_unknown_file_is_refused_clearly(tmp_path: Path):
    bad = tmp_path / "x.annotator"
    bad.write_text("not a project")
    from annotator.core.errors import NotAProjectError

    try:
        open_project_window(bad)
    except NotAProjectError as err:
        assert str(bad.name) in str(err) or "project" in str(err)
    else:  # pragma: no cover
        raise AssertionError("opened a text file as a project")
    assert bad.read_text() == "not a project"


def test_label_palette_leaves_qwidget_palette_alone(window: MainWindow):
    # the label list was once `window.palette`, hiding QWidget.palette() from Qt and styles
    assert isinstance(window.palette(), QPalette)
    assert window.findChild(LabelPalette) is window.label_palette


def test_labels_added_elsewhere_show_in_the_palette(window: MainWindow):
    with Project.open(window.project.path) as other:
        other.add_label("DATE", name_en="Date", name_ar="تاريخ", color="#123456", hotkey="d")
    assert window.check_external_changes()
    assert window.label_palette.count() == 5
    open_doc(window, "c")
    _label(window, 0, 3, K.Key_D)
    assert db_spans(window.project.path, "c")[0][2] == "DATE"


def test_hotkeys_and_delete_work_from_the_lists(window: MainWindow, sample_path: Path):
    open_doc(window, "c")
    window.view.set_selection(0, 3)
    window.span_list.setFocus()
    key(window.span_list, K.Key_2)
    assert db_spans(sample_path, "c") == [(0, 3, "ACTOR", "زار")]
    key(window.doc_list, K.Key_4)  # relabel the selected span from the document list
    assert db_spans(sample_path, "c") == [(0, 3, "CLAIM", "زار")]
    key(window.span_list, K.Key_Delete)
    assert db_spans(sample_path, "c") == []


def test_rows_follow_their_own_text_direction(window: MainWindow):
    from PySide6.QtWidgets import QStyleOptionViewItem

    from annotator.gui.bidi import text_direction

    assert text_direction("CNN: قال") == Qt.LayoutDirection.RightToLeft  # as the article view
    assert text_direction("CNN: said") == Qt.LayoutDirection.LeftToRight
    assert text_direction("«قال» CNN") == Qt.LayoutDirection.RightToLeft
    option = QStyleOptionViewItem()
    window._bidi.initStyleOption(option, window.doc_model.index(1))
    assert option.direction == Qt.LayoutDirection.RightToLeft
    assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert option.displayAlignment & Qt.AlignmentFlag.AlignAbsolute  # also in the Arabic UI


def test_app_opens_a_project_and_refuses_other_files(qtbot, sample_path: Path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.gui import app

    assert app.is_project_file(sample_path)
    other = sample_path.with_name("notes.txt")
    other.write_text("نص", encoding="utf-8")
    assert not app.is_project_file(other)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: messages.append(a[2]))
    assert app.show_project(other) is None
    assert messages and "notes.txt" in messages[0]
    win = app.show_project(sample_path)
    assert win is not None and win.isVisible()
    assert settings.recent_projects()[0] == sample_path.resolve()
    win.close()


def test_label_edits_through_operations_reach_the_views(window: MainWindow, sample_path: Path):
    from annotator.gui.labels_dialog import LabelsDialog

    open_doc(window, "c")
    _label(window, 0, 3, K.Key_3)
    dialog = LabelsDialog(window.ops, window)  # the dialog edits through Operations
    window.ops.update_label("PLACE", color="#000000", name_en="Location")
    assert "Location" in window.label_palette.item(2).text()
    assert "Location" in window.span_model.index(0).data()
    window.ops.add_label("DATE", name_en="Date", color="#123456", hotkey="d")
    assert window.label_palette.count() == 5
    removed = window.ops.remove_label("PLACE", force=True)
    assert len(removed.removed) == 1 and db_spans(sample_path, "c") == []
    assert window.span_model.rowCount() == 0 and not window.view.spans()
    dialog.close()


def test_keys_help_names_the_two_step_fix(window: MainWindow):
    text = window.keys_text()
    assert "Shift+←" in text and "لواشنطن" in text and "Ctrl+Enter" in text


def test_empty_project_then_import(qtbot, tmp_path: Path):
    path = tmp_path / "empty.annotator"
    Project.create(path).close()
    win = open_project_window(path)
    show_window(qtbot, win)
    assert win.current_id is None and win.doc_model.rowCount() == 0
    key(win.view, K.Key_1)  # nothing to label: nothing happens
    win.done_and_next()
    report = win.project.import_records([DocRecord(text="نص جديد", external_id="n")], source="t")
    win.ops.changed.emit(report.changes)  # what Operations.start_import emits
    assert win.doc_model.rowCount() == 1 and win.view.text == "نص جديد"
    win.close()


def test_external_change_keeps_the_reader_in_place(qtbot, sample_path: Path):
    a = open_project_window(sample_path)
    b = open_project_window(sample_path)
    for w in (a, b):
        show_window(qtbot, w)
        open_doc(w, "seed")
    bar = b.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    assert where > 0
    _label(a, 0, 4)
    assert b.check_external_changes()
    assert bar.value() == where and len(b.view.spans()) == 1
    a.close()
    b.close()


def test_find_marks_at_most_a_window_of_hits(qtbot, tmp_path: Path):
    from annotator.gui.find_bar import MAX_FIND_MARKS

    text = " ".join(["كلمة"] * (MAX_FIND_MARKS + 500))
    path = make_project(tmp_path / "many.annotator", [DocRecord(text=text, external_id="x")])
    win = open_project_window(path)
    show_window(qtbot, win)
    win.find_bar.open_bar()
    type_text(win.find_bar.edit, "كلمه")
    assert len(win.find_bar.hits) == MAX_FIND_MARKS + 500
    assert len(win.view.extraSelections()) == MAX_FIND_MARKS
    win.find_bar.step(-1)  # wraps to the last hit: still marked
    last = win.find_bar.hits[-1]
    marked = [
        win.view.offsets.range_from_qt(sel.cursor.anchor(), sel.cursor.position())
        for sel in win.view.extraSelections()
    ]
    assert last in marked and len(marked) == MAX_FIND_MARKS
    win.close()


def test_reopening_resumes_at_the_last_document(qtbot, sample_path: Path):
    win = open_project_window(sample_path)
    show_window(qtbot, win)
    open_doc(win, "c")
    left_on = win.current_id
    win.close()
    again = open_project_window(sample_path)
    show_window(qtbot, again)
    assert again.current_id == left_on
    again.close()


def test_search_index_builds_in_the_background_without_reloading(qtbot, tmp_path: Path):
    path = tmp_path / "many.annotator"
    with Project.create(path) as p:
        p.import_records(
            [DocRecord(text=f"تقرير {i} عن المَدْرَسَةِ") for i in range(700)]
            + [DocRecord(text="خبر عن الجامعة")],
            source="gen",
        )
        assert p.unindexed_count() == 701
    win = open_project_window(path)
    qtbot.addWidget(win)
    win.show()
    reloads: list[int] = []
    original = win.reload_all
    win.reload_all = lambda keep_view=True: (reloads.append(1), original(keep_view))  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: win.project.unindexed_count() == 0, timeout=30000)
    # the search copy is derived data: the poll must not treat it as another window's edit
    assert not win.check_external_changes()
    assert reloads == []
    win.search_edit.setText("الجامعه")
    qtbot.waitUntil(lambda: win.doc_model.rowCount() == 1, timeout=5000)
    win.close()


def test_search_before_the_index_is_built_finishes_it_first(qtbot, tmp_path: Path):
    path = tmp_path / "fresh.annotator"
    with Project.create(path) as p:
        p.import_records(
            [DocRecord(text=f"تقرير {i}") for i in range(300)]
            + [DocRecord(text="ذهب إلى المَدْرَسَةِ")],
            source="gen",
        )
    win = open_project_window(path)
    qtbot.addWidget(win)
    win.show()
    assert win.project.unindexed_count() == 301  # the background build has not started yet
    win.search_edit.setText("المدرسه")
    qtbot.waitUntil(lambda: win.doc_model.rowCount() == 1, timeout=20000)
    assert win.project.unindexed_count() == 0
    win.close()
