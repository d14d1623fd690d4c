"""Screenshots of the main window with the labeled sample, English and Arabic interface.

Saved as artifacts/screenshot-en.png and artifacts/screenshot-ar.png (run under Xvfb in CI with
QT_QPA_PLATFORM=xcb, or offscreen). Look at them: Arabic shaped and right-aligned, every
highlight on the right letters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, SEED, db_spans, make_project
from helpers.qt import key, save_screenshot, show_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import DocRecord
from annotator.gui import i18n, open_project_window
from annotator.gui.main_window import MainWindow

K = Qt.Key

# (text to find, occurrence, hotkey)
SAMPLE_SPANS = [
    ("هجوم", 0, K.Key_1),
    ("لواشنطن", 0, K.Key_3),
    ("قاعدة التاجي الجوية", 0, K.Key_3),
    ("العراق", 1, K.Key_3),
    ("قوات الأمن العراقية", 0, K.Key_2),
    ("الولايات المتحدة", 0, K.Key_2),
    ("قوات الأمن العراقية", 2, K.Key_2),
    # a CLAIM with that ACTOR inside it: overlap
    ('قوات الأمن العراقية قالت إن "الصواريخ التي أطلِقت من شمال بغداد لم تلحق أضراراً', 0, K.Key_4),
    ("2020/06/14", 0, K.Key_1),
]


def _nth(text: str, needle: str, n: int) -> int:
    at = -1
    for _ in range(n + 1):
        at = text.index(needle, at + 1)
    return at


def _labeled_sample_window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    seed = SEED.read_text(encoding="utf-8")
    path = make_project(
        tmp_path / "sample.annotator",
        [
            DocRecord(text=seed, external_id="seed", title=seed.splitlines()[0]),
            DocRecord(text="قال الرئيس إن واشنطن سترد.", external_id="b"),
            DocRecord(text="CNN: Biden met the press in 2020.", external_id="en"),
        ],
    )
    win = open_project_window(path)
    win.resize(1280, 800)
    show_window(qtbot, win)
    view = win.view
    for needle, n, hotkey in SAMPLE_SPANS:
        start = _nth(view.text, needle, n)
        view.set_selection(start, start + len(needle))
        key(view, hotkey)
    assert len(db_spans(path, "seed")) == len(SAMPLE_SPANS)
    view.select_span(None)
    # select one span so its distinct drawing shows
    start = view.text.index("لواشنطن")
    view.select_span(view.highlighter.spans_at(start)[0].id)
    view.verticalScrollBar().setValue(0)
    return win


def test_screenshot_english(qtbot, tmp_path: Path):
    i18n.install(QApplication.instance(), i18n.ENGLISH)
    win = _labeled_sample_window(qtbot, tmp_path)
    save_screenshot(win, "screenshot-en.png")
    # the CLAIM with an ACTOR inside it: background for one, underline for the other
    view = win.view
    claim = view.text.index(SAMPLE_SPANS[7][0])
    view.select_span(None)
    view.verticalScrollBar().setValue(
        view.verticalScrollBar().value() + view.position_rect(claim).top() - 40
    )
    save_screenshot(win, "screenshot-en-overlap.png")
    win.close()


def test_screenshot_arabic(qtbot, tmp_path: Path):
    qm = ROOT / "resources" / "translations" / "annotator_ar.qm"
    if not qm.exists():
        pytest.fail("resources/translations/annotator_ar.qm is missing")
    app = QApplication.instance()
    try:
        i18n.install(app, i18n.ARABIC)
        win = _labeled_sample_window(qtbot, tmp_path)
        assert win.layoutDirection() == Qt.LayoutDirection.RightToLeft
        save_screenshot(win, "screenshot-ar.png")
        win.close()
    finally:
        i18n.install(app, i18n.ENGLISH)
