"""A search in the document list shows its first page first and reads the rest on scrolling."""

from __future__ import annotations

from pathlib import Path

from helpers import make_project
from helpers.qt import show_window

from annotator.core.model import DocRecord
from annotator.gui import open_project_window
from annotator.gui.document_list import PAGE


def _project(tmp_path: Path, matches: int) -> Path:
    # every other document holds the word searched for
    records = [
        DocRecord(text=f"{'مدرسة' if i % 2 == 0 else 'بيت'} رقم {i}", external_id=str(i))
        for i in range(2 * matches)
    ]
    return make_project(tmp_path / "many.annotator", records)


def test_search_shows_the_first_page_then_the_rest_on_scrolling(qtbot, tmp_path: Path):
    path = _project(tmp_path, PAGE * 2 + 50)
    win = open_project_window(path)
    show_window(qtbot, win)
    model = win.doc_model
    every = win.project.document_ids(None, "مدرسة")
    assert len(every) == PAGE * 2 + 50
    win.search_edit.setText("مدرسه")  # folded: finds مدرسة
    qtbot.waitUntil(lambda: model.rowCount() == PAGE, timeout=3000)
    # only the first page of matches was read, and it is the first page
    assert model.growing and model.canFetchMore()
    assert [model.id_at(r) for r in range(PAGE)] == every[:PAGE]
    # scrolling to the end reads the rest
    bar = win.doc_list.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: model.rowCount() == len(every), timeout=5000)
    assert not model.canFetchMore()
    assert model.ids == every
    assert model.index(len(every) - 1).data() is not None
    win.close()


def test_search_past_the_first_page_keeps_navigation_and_the_open_document(qtbot, tmp_path: Path):
    path = _project(tmp_path, PAGE + 10)
    win = open_project_window(path)
    show_window(qtbot, win)
    every = win.project.document_ids(None, "مدرسة")
    last = every[-1]
    win.open_document(last)  # past the first page of matches
    win.search_edit.setText("مدرسة")
    qtbot.waitUntil(lambda: win.doc_model.rowCount() == PAGE, timeout=3000)
    assert win.doc_list.currentIndex().row() == -1  # its row is not read yet
    # moving on from it needs the whole list: it is read then
    assert win.doc_list.neighbour(last, -1) == every[-2]
    assert win.doc_model.rowCount() == len(every)
    assert win.doc_list.currentIndex().row() == len(every) - 1  # selected once its row came


def test_search_with_one_page_of_matches_reads_no_more(qtbot, tmp_path: Path):
    path = _project(tmp_path, PAGE)
    win = open_project_window(path)
    show_window(qtbot, win)
    win.search_edit.setText("مدرسة")
    qtbot.waitUntil(lambda: win.doc_model.rowCount() == PAGE, timeout=3000)
    assert not win.doc_model.growing and not win.doc_model.canFetchMore()
    win.close()
