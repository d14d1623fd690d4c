"""Each view applies a change itself; the fixes that came with splitting the main window."""

from __future__ import annotations

from pathlib import Path

from helpers import db_spans, make_project
from helpers.qt import key, open_doc, show_window, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.gui import open_project_window
from annotator.gui.article_view import ArticleView
from annotator.gui.document_list import DocumentList
from annotator.gui.list_delegate import CountRole
from annotator.gui.main_window import MainWindow
from annotator.gui.operations import Operations
from annotator.gui.palette import LabelPalette
from annotator.gui.span_list import SpanList

K = Qt.Key
M = Qt.KeyboardModifier


def _span_list_row(win: MainWindow) -> int | None:
    """The row the span list shows as current and selected (None: none, or they disagree)."""
    current = win.span_list.currentIndex()
    selected = win.span_list.selectionModel().selectedIndexes()
    if not current.isValid() or [i.row() for i in selected] != [current.row()]:
        return None
    return current.row()


def test_span_list_follows_the_selected_span_after_relabel_and_boundary_move(
    window: MainWindow, sample_path: Path
):
    open_doc(window, "c")
    text = window.view.text  # "زار الوزير لواشنطن أمس."
    for word, k in (("زار", K.Key_1), ("الوزير", K.Key_2), ("أمس", K.Key_4)):
        start = text.index(word)
        window.view.set_selection(start, start + len(word))
        key(window.view, k)
    start = text.index("لواشنطن")
    end = start + len("لواشنطن")
    window.view.set_selection(start, end)
    key(window.view, K.Key_3)
    span_id = window.view.selected_span_id
    assert span_id is not None

    def row_of_selected() -> int | None:
        return window.span_model.row_of(span_id)

    assert _span_list_row(window) == row_of_selected()
    key(window.view, K.Key_2)  # relabel: the row is taken out and put back
    assert db_spans(sample_path, "c")[2] == (start, end, "ACTOR", "لواشنطن")
    assert window.view.selected_span_id == span_id
    assert _span_list_row(window) == row_of_selected() == 2
    key(window.view, K.Key_Left, M.ShiftModifier)  # move the start one letter in
    assert db_spans(sample_path, "c")[2] == (start + 1, end, "ACTOR", "واشنطن")
    assert _span_list_row(window) == row_of_selected() == 2
    window.undo()  # undo and redo select the span again: the list follows too
    assert _span_list_row(window) == row_of_selected()
    window.redo()
    assert _span_list_row(window) == row_of_selected()
    assert window.span_model.spans[_span_list_row(window)].id == span_id


def test_enter_in_the_find_bar_selects_the_hit_and_a_label_key_labels_exactly_it(
    qtbot, tmp_path: Path
):
    text = "ذهب الولد إلى المَدْرَسَةِ صباحا. مَدْرَسَةٌ كبيرة وأخرى مدرسة."
    path = make_project(tmp_path / "f.annotator", [DocRecord(text=text, external_id="f")])
    win = open_project_window(path)
    show_window(qtbot, win)
    key(win.view, K.Key_F, M.ControlModifier)
    type_text(win.find_bar.edit, "مدرسه")
    hits = win.find_bar.hits
    assert len(hits) == 3
    key(win.find_bar.edit, K.Key_F3)  # Find next: the second hit
    key(win.find_bar.edit, K.Key_Return)
    assert win.view.selection_range() == hits[1]
    assert QApplication.focusWidget() is win.view  # a label key goes to the article, not the bar
    key(QApplication.focusWidget(), K.Key_2)
    assert db_spans(path) == [(hits[1][0], hits[1][1], "ACTOR", "مَدْرَسَةٌ")]
    # on to the next hit from the article, back to the bar, Enter, a key: that hit, not the first
    key(win.view, K.Key_F3)
    key(win.view, K.Key_F, M.ControlModifier)
    assert win.find_bar.current == 2 and QApplication.focusWidget() is win.find_bar.edit
    key(win.find_bar.edit, K.Key_Return)
    key(QApplication.focusWidget(), K.Key_1)
    assert db_spans(path) == [
        (hits[1][0], hits[1][1], "ACTOR", "مَدْرَسَةٌ"),
        (hits[2][0], hits[2][1], "EVENT", "مدرسة"),
    ]
    key(win.find_bar.edit, K.Key_Return, M.ShiftModifier)  # Shift+Enter still steps back
    assert win.find_bar.current == 1
    win.close()


def test_each_view_applies_a_change_itself(qtbot, sample_path: Path):
    """The views on their own, told only of Operations' changes: no window routes for them."""
    project = Project.open(sample_path)
    ops = Operations(project)
    ids = project.document_ids()
    doc, other = ids[2], ids[1]
    labels = project.labels()
    docs, spans, palette, view = DocumentList(project), SpanList(), LabelPalette(), ArticleView()
    for widget in (docs, spans, palette, view):
        qtbot.addWidget(widget)
    spans.set_labels(labels)
    palette.set_labels(labels)
    view.set_labels(labels)
    docs.load(None, None)
    view.set_document(project.get_document(doc), [])
    spans.show_document(doc, [])
    palette.show_document(doc, [])
    for v in (docs, spans, palette, view):
        ops.changed.connect(v.apply)
    row = docs.doc_model.row_of(doc)
    assert row is not None and not docs.doc_model.index(row).data(CountRole)

    span = ops.add_span(doc, 0, 3, "EVENT").added[0]
    assert [s.id for s in spans.span_model.spans] == [span.id]
    assert palette.counts == {"EVENT": 1} and "[1]   1" in palette.item(0).text()
    assert set(view.spans()) == {span.id} and view.selected_span_id == span.id
    assert docs.doc_model.index(row).data(CountRole) == 1

    ops.relabel(span.id, "PLACE")
    assert spans.span_model.spans[0].label == "PLACE" and view.spans()[span.id].label == "PLACE"
    assert palette.counts == {"EVENT": 0, "PLACE": 1}

    # a change to another document: only that document's row in the list
    ops.add_span(other, 0, 3, "ACTOR")
    assert [s.id for s in spans.span_model.spans] == [span.id] and set(view.spans()) == {span.id}
    assert palette.counts == {"EVENT": 0, "PLACE": 1}
    assert docs.doc_model.index(docs.doc_model.row_of(other)).data(CountRole) == 1

    ops.delete_span(span.id)
    assert spans.span_model.spans == [] and view.spans() == {} and palette.counts["PLACE"] == 0
    assert not docs.doc_model.index(row).data(CountRole)
    for widget in (docs, spans, palette, view):
        widget.close()
    docs.doc_model.set_ids([])
    project.close()
