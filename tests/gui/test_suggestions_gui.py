"""Suggestions in the real main window (issue 12): outlines, keys, undo, accept-all, the
propagation setting. Results are read back from the database file with sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import db_spans
from helpers.kill import kill_script, run_killed
from helpers.qt import char_point, drag, key, open_doc
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui import settings
from annotator.gui.main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier
NAME = "واشنطن"


def db_suggestions(
    path: Path, external_id: str | None = None
) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, text, status) of the suggestions, read with sqlite3."""
    conn = sqlite3.connect(str(path))
    try:
        sql = (
            'SELECT s.start, s."end", s.label, s.text, s.status FROM suggestions s '
            "JOIN documents d ON d.id = s.document_id"
        )
        args: tuple = ()
        if external_id is not None:
            sql += " WHERE d.external_id = ?"
            args = (external_id,)
        return [tuple(r) for r in conn.execute(sql + ' ORDER BY s.start, s."end"', args)]
    finally:
        conn.close()


def db_annotators(path: Path, external_id: str) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(str(path))
    try:
        return [
            tuple(r)
            for r in conn.execute(
                'SELECT s.start, s."end", s.annotator FROM spans s JOIN documents d '
                "ON d.id = s.document_id WHERE d.external_id = ? ORDER BY s.start",
                (external_id,),
            )
        ]
    finally:
        conn.close()


def wait_idle(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Until the background propagation has finished and been delivered."""
    qtbot.waitUntil(lambda: not win.suggestions.busy(), timeout=20000)


def label_body_name(qtbot, win: MainWindow, occurrence: int = 1) -> int:  # type: ignore[no-untyped-def]
    """Drag over the ``occurrence``-th واشنطن of the seed article standing alone (not the
    title's لواشنطن) and press 3 (PLACE); wait for the suggestions. Its start."""
    view = win.view
    text = view.text
    starts = [i for i in range(len(text)) if text.startswith(NAME, i) and text[i - 1] == " "]
    start = starts[occurrence - 1]
    drag(view, start, start + len(NAME))
    assert view.selection_range() == (start, start + len(NAME))
    key(view, K.Key_3)
    wait_idle(qtbot, win)
    return start


def click_outline(view, offset: int) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, M.NoModifier, char_point(view, offset)
    )


def title_start(win: MainWindow) -> int:
    text = win.view.text
    first_line = text[: text.index("\n")]
    return first_line.index("ل" + NAME) + 1


def test_labeling_the_name_once_suggests_it_inside_lwashington(
    qtbot, window: MainWindow, sample_path
):
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    t = title_start(window)
    pending = [s for s in db_suggestions(sample_path, "seed") if s[4] == "pending"]
    # the title's لواشنطن: only واشنطن, never its ل
    assert (t, t + len(NAME), "PLACE", NAME, "pending") in pending
    assert window.view.text[t - 1 : t + len(NAME)] == "ل" + NAME
    # drawn in the article: a dashed outline on the title's line, from the glyphs
    overlay = window.suggestions.overlay
    current = overlay.at(t + 2)
    assert current is not None and (current.start, current.end) == (t, t + len(NAME))
    [rect] = overlay.viewport_rects(current.id)
    mid = char_point(window.view, t + 2)
    assert rect.contains(mid.x(), mid.y())
    # the ل just before it is outside the outline
    lam = char_point(window.view, t - 1)
    assert not rect.contains(lam.x(), lam.y())
    # the whole project too, in the background: document b has واشنطن, c has لواشنطن
    assert [s[:3] for s in db_suggestions(sample_path, "b")] == [(14, 20, "PLACE")]
    c_text = "زار الوزير لواشنطن أمس."
    c_start = c_text.index(NAME)
    assert [s[:3] for s in db_suggestions(sample_path, "c")] == [
        (c_start, c_start + len(NAME), "PLACE")
    ]
    # the status bar says how many, and the keys
    status = window.suggestions.status.text()
    assert status.startswith(f"{len(pending)} suggestion") and "Enter accept" in status


def test_enter_accepts_and_ctrl_z_brings_the_suggestion_back(
    qtbot, window: MainWindow, sample_path
):
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    t = title_start(window)
    view = window.view
    # a click on the outline makes it current
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, M.NoModifier, char_point(view, t + 2)
    )
    current = window.suggestions.current()
    assert current is not None and current.start == t
    key(view, K.Key_Return)
    assert (t, t + len(NAME), "PLACE", NAME) in db_spans(sample_path, "seed")
    assert (t, t + len(NAME), "tester") in db_annotators(sample_path, "seed")
    assert (t, t + len(NAME), "PLACE", NAME, "accepted") in db_suggestions(sample_path, "seed")
    assert window.suggestions.overlay.at(t + 2) is None
    # an ordinary span in the view, and the next suggestion is current
    assert any(s.start == t for s in view.spans().values())
    assert window.suggestions.current() is not None
    key(view, K.Key_Z, M.ControlModifier)
    assert (t, t + len(NAME), "PLACE", NAME) not in db_spans(sample_path, "seed")
    assert (t, t + len(NAME), "PLACE", NAME, "pending") in db_suggestions(sample_path, "seed")
    assert window.suggestions.overlay.at(t + 2) is not None
    assert not any(s.start == t for s in view.spans().values())


def test_x_rejects_and_relabeling_does_not_propose_it_again(qtbot, window: MainWindow, sample_path):
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    t = title_start(window)
    view = window.view
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, M.NoModifier, char_point(view, t + 2)
    )
    assert window.suggestions.current().start == t
    key(view, K.Key_X)
    assert (t, t + len(NAME), "PLACE", NAME, "rejected") in db_suggestions(sample_path, "seed")
    assert window.suggestions.overlay.at(t + 2) is None
    # label another واشنطن (its suggestion accepted first would not count: drag it)
    label_body_name(qtbot, window, occurrence=2)
    rows = [s for s in db_suggestions(sample_path, "seed") if s[0] == t]
    assert rows == [(t, t + len(NAME), "PLACE", NAME, "rejected")]
    assert window.suggestions.overlay.at(t + 2) is None


def test_tab_steps_in_text_order_and_shift_tab_back(qtbot, window: MainWindow):
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    view = window.view
    tools = window.suggestions
    starts = [s.start for s in tools.overlay.items()]
    assert len(starts) >= 2 and starts == sorted(starts)
    view.set_selection(0, 0)  # cursor at the start of the text
    view.moveCursor(view.textCursor().MoveOperation.Start)
    seen = []
    for _ in starts:
        key(view, K.Key_Tab)
        seen.append(tools.current().start)
    assert seen == starts
    key(view, K.Key_Tab)  # wraps around
    assert tools.current().start == starts[0]
    key(view, K.Key_Backtab, M.ShiftModifier)
    assert tools.current().start == starts[-1]
    assert view.hasFocus()  # Tab stepped, it did not move the focus away
    key(view, K.Key_Escape)
    assert tools.current() is None


def test_accept_all_is_one_undo_step(qtbot, window: MainWindow, sample_path):
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    pending = [s for s in db_suggestions(sample_path, "seed") if s[4] == "pending"]
    before = len(db_spans(sample_path, "seed"))
    key(window.view, K.Key_A, M.ControlModifier | M.ShiftModifier)
    assert len(db_spans(sample_path, "seed")) == before + len(pending)
    assert all(s[4] != "pending" for s in db_suggestions(sample_path, "seed"))
    assert len(window.suggestions.overlay) == 0
    assert window.suggestions.status.text() == ""
    key(window.view, K.Key_Z, M.ControlModifier)
    assert len(db_spans(sample_path, "seed")) == before
    assert len(window.suggestions.overlay) == len(pending)


def test_a_is_a_label_key_unless_a_suggestion_is_current(qtbot, window: MainWindow, sample_path):
    window.ops.update_label("CLAIM", hotkey="a")
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    view = window.view
    text = view.text
    start = text.index("قاعدة")
    view.set_selection(start, start + len("قاعدة"))
    assert window.suggestions.current() is None
    key(view, K.Key_A)  # a selection and no current suggestion: the label's key
    assert (start, start + len("قاعدة"), "CLAIM", "قاعدة") in db_spans(sample_path, "seed")
    key(view, K.Key_Tab)
    current = window.suggestions.current()
    key(view, K.Key_A)  # a suggestion is current: accept it
    assert (current.start, current.end, "PLACE", NAME) in db_spans(sample_path, "seed")


def test_propagation_off_proposes_nothing(qtbot, window: MainWindow, sample_path):
    settings.set_propagation_enabled(False)
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    qtbot.wait(100)
    assert db_suggestions(sample_path) == []
    assert len(window.suggestions.overlay) == 0
    assert not window.suggestions.status.isVisible()


def test_document_list_shows_pending_counts(qtbot, window: MainWindow):
    from annotator.gui.list_delegate import CountRole

    open_doc(window, "seed")
    label_body_name(qtbot, window)
    model = window.doc_model
    counts = {model.index(r).data(CountRole) for r in range(model.rowCount())}
    # b and c have one suggestion each and no span
    shown = {str(c).strip("\u200e") for c in counts if c}
    assert "1?" in shown  # b and c
    seed = [c for c in shown if " · " in c]
    assert seed and seed[0].startswith("1 · ")  # the seed: one span, then its suggestions


KILL_SCRIPT = kill_script(
    "seed",
    """
    text = view.text
    name = "واشنطن"
    start = text.index(" " + name) + 1
    view.set_selection(start, start + len(name))
    QTest.keyClick(view, Qt.Key.Key_3)
    while win.suggestions.busy() or not len(win.suggestions.overlay):
        app.processEvents()
    title = text.index("ل" + name) + 1
    win.suggestions.set_current(win.suggestions.overlay.at(title).id)
    QTest.keyClick(view, Qt.Key.Key_Return)
    print("accepted", flush=True)
    """,
)


def test_accepted_suggestion_survives_sigkill_right_after_the_key(qtbot, sample_path, tmp_path):
    proc = run_killed(KILL_SCRIPT, sample_path, tmp_path, "accept_and_die.py")
    assert "accepted" in proc.stdout
    conn = sqlite3.connect(str(sample_path))
    [(seed,)] = conn.execute("SELECT text FROM documents WHERE external_id = 'seed'").fetchall()
    conn.close()
    t = seed.index("ل" + NAME) + 1
    body = seed.index(" " + NAME) + 1
    # read by sqlite3 from the file the killed process left
    assert db_spans(sample_path, "seed") == [
        (t, t + len(NAME), "PLACE", NAME),
        (body, body + len(NAME), "PLACE", NAME),
    ]
    rows = db_suggestions(sample_path, "seed")
    assert (t, t + len(NAME), "PLACE", NAME, "accepted") in rows
    pending = [r for r in rows if r[4] == "pending"]
    assert len(pending) == seed.count(NAME) - 2
    assert len(db_suggestions(sample_path, "b")) == 1  # the whole project's, committed before

    # and the app shows them again
    from helpers.qt import show_window

    from annotator.gui import open_project_window

    win = open_project_window(sample_path)
    show_window(qtbot, win)
    open_doc(win, "seed")
    assert {(s.start, s.text) for s in win.view.spans().values()} == {(t, NAME), (body, NAME)}
    assert len(win.suggestions.overlay) == len(pending)
    win.close()


def _screenshot(qtbot, path: Path, language: str, name: str) -> Path:  # type: ignore[no-untyped-def]
    from helpers import ROOT
    from helpers.qt import show_window
    from PySide6.QtWidgets import QApplication

    from annotator.gui import i18n, open_project_window

    app = QApplication.instance()
    try:
        i18n.install(app, language)
        win = open_project_window(path)
        win.resize(1280, 800)
        show_window(qtbot, win)
        open_doc(win, "seed")
        label_body_name(qtbot, win)
        t = title_start(win)
        win.suggestions.set_current(win.suggestions.overlay.at(t).id)
        win.view.verticalScrollBar().setValue(0)
        QApplication.processEvents()
        # the current suggestion's outline is drawn over the title's لواشنطن
        [rect] = win.suggestions.overlay.viewport_rects(win.suggestions.overlay.current)
        assert win.view.viewport().rect().contains(rect.toRect())
        out = ROOT / "artifacts" / name
        out.parent.mkdir(exist_ok=True)
        assert win.grab().save(str(out))
        win.close()
        return out
    finally:
        i18n.install(app, i18n.ENGLISH)


def test_screenshot_suggestions_english_and_arabic(qtbot, sample_path, tmp_path):
    import shutil

    from annotator.gui import i18n

    other = tmp_path / "other.annotator"
    shutil.copy(sample_path, other)
    assert _screenshot(qtbot, sample_path, i18n.ENGLISH, "suggestions-en.png").stat().st_size
    assert _screenshot(qtbot, other, i18n.ARABIC, "suggestions-ar.png").stat().st_size


def test_context_menu_rejects_the_suggestion_under_the_mouse(
    qtbot, window: MainWindow, sample_path
):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    open_doc(window, "seed")
    label_body_name(qtbot, window)
    t = title_start(window)
    view = window.view
    view.select_span(None)
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        action = next(a for a in menu.actions() if a.text().startswith("Reject suggestion"))
        chosen.append(action.text())
        action.trigger()
        menu.close()

    QTimer.singleShot(50, pick)
    point = char_point(view, t + 2)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(view.viewport(), event)
    assert chosen
    assert (t, t + len(NAME), "PLACE", NAME, "rejected") in db_suggestions(sample_path, "seed")


def test_a_long_document_gets_its_suggestions_from_the_helper_first(qtbot, tmp_path):
    """Over 20,000 characters the open document's propagation is not run on the UI thread:
    the helper process does it first and hands it over before the project pass."""
    from helpers import SEED, make_project
    from helpers.qt import show_window

    from annotator.core.model import DocRecord
    from annotator.gui import open_project_window
    from annotator.gui.suggestion_tools import SYNC_PROPAGATION_CHARS

    seed = SEED.read_text(encoding="utf-8")
    long_text = "\n".join([seed] * (SYNC_PROPAGATION_CHARS // len(seed) + 2))
    path = make_project(
        tmp_path / "long.annotator",
        [DocRecord(text=long_text, external_id="long"), DocRecord(text="قال إن واشنطن سترد.")],
    )
    win = open_project_window(path)
    show_window(qtbot, win)
    open_doc(win, "long")
    partial: list[object] = []
    win.suggestions.work.partial.connect(partial.append)
    start = label_body_name(qtbot, win)
    assert len(win.view.text) > SYNC_PROPAGATION_CHARS
    expected = long_text.count(NAME) - 1
    assert len(partial) == 1
    rows = db_suggestions(path, "long")
    assert len(rows) == expected and all(r[3] == NAME and r[4] == "pending" for r in rows)
    assert start not in {r[0] for r in rows}
    assert len(win.suggestions.overlay) == expected
    assert len(db_suggestions(path)) == expected + 1  # and the other document
    win.close()


def test_tooltip_names_the_suggestion(qtbot, window: MainWindow):
    open_doc(window, "seed")
    label_body_name(qtbot, window)
    t = title_start(window)
    text = window.view.tooltip_text(char_point(window.view, t + 2))
    assert text.startswith("Suggested Place: " + NAME)
    lam = window.view.tooltip_text(char_point(window.view, t - 1))
    assert "Suggested" not in lam


def test_keys_belong_to_link_mode_while_a_link_is_made(qtbot, window: MainWindow):
    """Link mode (frames) owns Tab, Enter and Esc while a link is being made: suggestion keys
    stand aside until it ends."""
    open_doc(window, "seed")
    label_body_name(qtbot, window)  # the new span is selected
    key(window.view, K.Key_R)
    assert window.is_linking()
    key(window.view, K.Key_Tab)  # steps link mode's candidate, not the suggestions
    assert window.suggestions.current() is None
    key(window.view, K.Key_Escape)
    assert not window.is_linking()
    key(window.view, K.Key_Tab)
    assert window.suggestions.current() is not None


def test_pre_annotate_without_done_documents_says_why(qtbot, window: MainWindow, sample_path):
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda m: messages.append(m))
    window.suggestions.pre_annotate_action.trigger()
    qtbot.waitUntil(lambda: window.suggestions.pre_annotate_task is not None, timeout=5000)
    qtbot.waitUntil(lambda: not window.suggestions.busy(), timeout=30000)
    assert any("nothing to learn from" in m for m in messages)
    conn = sqlite3.connect(str(sample_path))
    assert conn.execute("SELECT count(*) FROM models").fetchone()[0] == 0
    conn.close()
