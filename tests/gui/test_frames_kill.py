"""Nothing lost: a process that labels the seed's first paragraph as a frame with the keyboard and
the mouse and is killed with SIGKILL right after the last key keeps all of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.frame_steps import ATTACK, BASE, FORCES, REPORTED
from helpers.frames import db_args, db_attributes, db_frames

SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, sys.argv[3])
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.gui import open_project_window, settings
    from helpers.frame_steps import (
        ACTOR, ATTACK, BASE, CLAIM, EVENT, FORCES, PLACE, REPORTED, click, label, link
    )
    from helpers.qt import open_doc

    settings.use_settings_file(sys.argv[2])
    settings.set_annotator_name("tester")
    app = QApplication([])
    win = open_project_window(sys.argv[1])
    win.resize(1280, 800)
    win.show()
    app.processEvents()
    open_doc(win, "seed")
    label(win, ATTACK, EVENT)
    label(win, BASE, PLACE)
    label(win, FORCES, ACTOR)
    label(win, REPORTED, CLAIM)
    link(win, ATTACK, BASE)        # location
    link(win, REPORTED, FORCES)    # claimant
    # about: the claim is about the attack, chosen from the keyboard (the last key kills)
    click(win, REPORTED)
    QTest.keyClick(win.view, Qt.Key.Key_R)
    QTest.keyClick(win.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # the base
    QTest.keyClick(win.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # the attack
    print("linked", flush=True)
    QTest.keyClick(win.view, Qt.Key.Key_Return)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_a_frame_survives_sigkill_right_after_the_last_key(qtbot, sample_path: Path, tmp_path):
    script = tmp_path / "frame_and_die.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            str(script),
            str(sample_path),
            str(tmp_path / "s.ini"),
            str(ROOT / "tests"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "linked" in proc.stdout, proc.stderr
    expected = sorted(
        [(ATTACK, "location", BASE), (REPORTED, "about", ATTACK), (REPORTED, "claimant", FORCES)]
    )
    assert db_args(sample_path) == expected
    assert db_frames(sample_path) == sorted([ATTACK, REPORTED])
    assert db_attributes(sample_path) == []

    # and the app shows it again: arrows, counts, the card
    from helpers.frame_steps import click
    from helpers.qt import open_doc, show_window

    from annotator.gui import open_project_window

    win = open_project_window(sample_path)
    show_window(qtbot, win)
    open_doc(win, "seed")
    assert len(win.view.links.links()) == 3
    click(win, ATTACK)
    [frame_id] = win.frames.store.frames_on(win.view.selected_span_id)
    assert [a.role for a in win.frames.store.args_of(frame_id)] == ["location"]
    win.close()
