"""What real Arabic news showed (issue 17), through the real widgets: a double-click and a drag
select whole dates, scores, hashtags, URLs and words with bidi controls inside (items 2-4); one
direction rule in the article view, the lists and the dialogs (item 5); the search options of
the find bar and the document filter (item 8). Spans are read back from the database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import db_spans, make_project
from helpers.qt import char_point, drag, key, open_doc, show_window, type_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget, QStyleOptionViewItem

from annotator.core.model import DocRecord
from annotator.gui import open_project_window
from annotator.gui.bidi import MessageDelegate, text_direction
from annotator.gui.main_window import MainWindow

K = Qt.Key
RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
SP_TITLE = 'S&P: مشاكل تركيا قد تدفع ماليتها إلى "التدهور" سريعا'
BIDI_WORD = "فبرا\u202d\u202c\u202cير"
DOCS = {
    "dates": "وقع الحادث في 2018-06-14 وفي ٢٣-٧-١٩٥٦ وانتهت المباراة 3-2 يوم 2020/06/14.",
    "social": "نشر الوسم #شيماء_سبت الحساب @AJArabic عبر "
    "https://www.aljazeera.net/news/2018/6/14/x. للتواصل news@aljazeera.net اليوم",
    "bidi": f"في {BIDI_WORD} الماضي",
    "search": "التقى الرئيس علي بالوزير وعليه أن يقرر على الفور وعلي حاضر",
    "preposition": "اتفق الطرفان على الخطة مع مسئول الوزارة",
    "longer": "عليه أن يقرر",
}
TOKENS = [
    ("dates", "2018-06-14"),
    ("dates", "٢٣-٧-١٩٥٦"),
    ("dates", "3-2"),
    ("dates", "2020/06/14"),
    ("social", "#شيماء_سبت"),
    ("social", "@AJArabic"),
    ("social", "https://www.aljazeera.net/news/2018/6/14/x"),
    ("social", "news@aljazeera.net"),
    ("bidi", BIDI_WORD),
]


@pytest.fixture
def news_path(tmp_path: Path) -> Path:
    records = [DocRecord(text=t, external_id=k) for k, t in DOCS.items()]
    records.append(DocRecord(text=SP_TITLE + "\nنص الخبر", external_id="sp"))
    records.append(DocRecord(text="Reuters reports from Ankara", external_id="latin"))
    return make_project(tmp_path / "news.annotator", records)


@pytest.fixture
def win(qtbot, news_path: Path):  # type: ignore[no-untyped-def]
    window = open_project_window(news_path)
    window.resize(1200, 700)
    show_window(qtbot, window)
    yield window
    window.close()


def locate(window: MainWindow, doc: str, token: str) -> tuple[int, int]:
    open_doc(window, doc)
    start = window.view.text.index(token)
    return start, start + len(token)


@pytest.mark.parametrize(("doc", "token"), TOKENS)
def test_double_click_selects_the_whole_token(win: MainWindow, news_path: Path, doc, token):
    start, end = locate(win, doc, token)
    view = win.view
    # on the token's last character: for the bidi word, past the controls inside it
    view.scroll_to(end - 1)
    QTest.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        char_point(view, end - 1),
    )
    assert view.selection_range() == (start, end)
    key(view, K.Key_1)
    assert db_spans(news_path, doc) == [(start, end, "EVENT", token)]


@pytest.mark.parametrize(("doc", "token"), TOKENS)
def test_a_drag_inside_the_token_snaps_to_all_of_it(win: MainWindow, news_path: Path, doc, token):
    start, end = locate(win, doc, token)
    view = win.view
    drag(view, start + 1, end - 1)
    assert view.selection_range() == (start, end)
    key(view, K.Key_2)
    assert db_spans(news_path, doc) == [(start, end, "ACTOR", token)]


def row_direction(delegate, index) -> Qt.LayoutDirection:  # type: ignore[no-untyped-def]
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, index)
    return option.direction


def test_one_direction_rule_in_the_view_the_lists_and_the_dialogs(win: MainWindow, qtbot):
    assert text_direction(SP_TITLE) == RTL
    ids = win.project.document_ids()
    titles = [s.title for s in win.project.summaries(ids)]
    sp_row, latin_row = titles.index(SP_TITLE), titles.index("Reuters reports from Ankara")
    # the article view: the title's paragraph right-to-left, the English one left-to-right
    open_doc(win, "sp")
    assert win.view.block_is_rtl(0)
    open_doc(win, "latin")
    assert not win.view.block_is_rtl(0)
    # the document list, by the same rule
    assert row_direction(win._bidi, win.doc_model.index(sp_row)) == RTL
    assert row_direction(win._bidi, win.doc_model.index(latin_row)) == LTR
    # the span list: a Latin label name in front of an Arabic excerpt
    open_doc(win, "sp")
    at = SP_TITLE.index("مشاكل")
    win.view.set_selection(at, at + len("مشاكل"))
    key(win.view, K.Key_1)
    win.view.set_selection(0, 3)  # S&P
    key(win.view, K.Key_2)
    qtbot.waitUntil(lambda: win.span_model.rowCount() == 2)
    rows = [win.span_model.index(r) for r in range(2)]
    assert [r.data().split(" ")[0] for r in rows] == ["Actor", "Event"]
    assert [row_direction(win._bidi, r) for r in rows] == [LTR, RTL]
    # a dialog's message list
    messages = QListWidget()
    qtbot.addWidget(messages)
    messages.setItemDelegate(MessageDelegate(messages))
    messages.addItems([SP_TITLE, "Reuters reports from Ankara"])
    delegate = messages.itemDelegate()
    assert row_direction(delegate, messages.model().index(0, 0)) == RTL
    assert row_direction(delegate, messages.model().index(1, 0)) == LTR


def test_find_bar_options(win: MainWindow):
    open_doc(win, "search")
    text = win.view.text
    bar = win.find_bar
    bar.open_bar()
    type_text(bar.edit, "علي")

    def found() -> list[str]:
        return [text[s:e] for s, e in bar.hits]

    # whole words, folded: على too, وعلي (proclitic) but not عليه
    assert found() == ["علي", "على", "علي"]
    assert bar.hits[2][0] == text.rindex("وعلي") + 1  # the proclitic is not in the hit
    bar.options.exact_action.trigger()
    assert found() == ["علي", "علي"]
    bar.options.substring_action.trigger()
    assert found() == ["علي", "علي", "علي"]  # in عليه too, still not على
    bar.options.exact_action.trigger()
    assert found() == ["علي", "علي", "على", "علي"]
    assert win.view.extraSelections()  # the hits are painted


def test_document_filter_options(win: MainWindow, qtbot):
    model = win.doc_model

    def shown() -> list[str]:
        ids = [model.index(r).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
        return [win.project.get_document(i).external_id for i in ids]

    win.search_edit.setText("علي")
    qtbot.waitUntil(lambda: shown() == ["search", "preposition"], timeout=10000)
    win.search_options.exact_action.trigger()
    qtbot.waitUntil(lambda: shown() == ["search"], timeout=5000)
    win.search_options.substring_action.trigger()
    qtbot.waitUntil(lambda: shown() == ["search", "longer"], timeout=5000)
    win.search_options.exact_action.trigger()
    qtbot.waitUntil(lambda: shown() == ["search", "preposition", "longer"], timeout=5000)
    # the other hamza spelling
    win.search_options.substring_action.trigger()
    win.search_edit.setText("مسؤول")
    qtbot.waitUntil(lambda: shown() == ["preposition"], timeout=5000)
