"""Issue 14: user text in tooltips is shown as it is (never as rich text), and Qt's own frame
markers U+FDD0/U+FDD1 in a stored text no longer break the article view."""

from __future__ import annotations

from pathlib import Path

from helpers import make_project
from helpers.qt import show_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.core.model import DocRecord, SpanRecord
from annotator.gui import open_project_window
from annotator.gui.list_delegate import plain_tooltip

HOSTILE = "<b>T</b><img src=x>"


def _as_shown(tooltip: str) -> str:
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


def test_plain_tooltip_shows_markup_as_text(qapp) -> None:
    assert _as_shown(plain_tooltip(HOSTILE + "\n  b")) == HOSTILE + "\n  b"
    assert plain_tooltip("") == ""


def test_document_and_span_tooltips_are_plain(qtbot, tmp_path: Path) -> None:
    text = "نص <i>مائل</i> هنا"
    path = make_project(
        tmp_path / "p.annotator",
        [DocRecord(text=text, title=HOSTILE, external_id="x<y>",
                   spans=[SpanRecord(3, 14, "EVENT", text[3:14])])],
    )  # fmt: skip
    win = open_project_window(path)
    show_window(qtbot, win)
    try:
        model = win.doc_model
        tip = model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
        assert _as_shown(tip).startswith(HOSTILE + "\nx<y>")
        spans = win.span_list.model()
        tip = spans.data(spans.index(0, 0), Qt.ItemDataRole.ToolTipRole)
        assert _as_shown(tip).endswith("<i>مائل</i>")
    finally:
        win.close()


def test_noncharacters_open_and_highlight_in_place(qtbot, tmp_path: Path) -> None:
    text = "أول\ufdd0ثان\ufdd1ثالث قاعدة التاجي"
    start = text.index("قاعدة")
    path = make_project(
        tmp_path / "p.annotator",
        [DocRecord(text=text, external_id="nc",
                   spans=[SpanRecord(start, len(text), "PLACE", text[start:])])],
    )  # fmt: skip
    win = open_project_window(path)
    show_window(qtbot, win)
    try:
        doc = win.view.document()
        assert doc.blockCount() == 3  # each marker is a paragraph break in Qt
        view = win.view
        cursor = QTextCursor(doc)
        cursor.setPosition(view.offsets.to_qt(start))
        cursor.setPosition(view.offsets.to_qt(len(text)), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == "قاعدة التاجي"
        # the mouse finds the span where Qt draws it
        point = view.position_rect(start + 2).center()
        assert view.offset_at(point) in (start + 1, start + 2)
        assert "قاعدة التاجي" in view.tooltip_text(point)
    finally:
        win.close()


def test_messages_quoting_user_text_are_shown_literally(qapp) -> None:
    from annotator.gui.messages import as_shown

    assert as_shown("plain text: عنوان") == "plain text: عنوان"
    assert _as_shown(as_shown(f"{HOSTILE} & more\nline 2")) == f"{HOSTILE} & more\nline 2"
