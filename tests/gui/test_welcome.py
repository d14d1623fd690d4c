"""Welcome window and `annotator PATH` on data files; results read from the project file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.core.project import Project
from annotator.gui import settings
from annotator.gui.welcome import (
    WelcomeWindow,
    create_sample_project,
    project_for_path,
    sample_project_path,
    seed_files,
)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    settings.use_settings_file(tmp_path / "settings.ini")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    yield
    settings.use_settings_file(None)


def documents(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT external_id, title, text FROM documents ORDER BY id").fetchall()
    finally:
        conn.close()


def test_bundled_seeds_match_the_source_tree():
    with seed_files() as bundled:
        assert [p.name for p in bundled] == [p.name for p in SEEDS]
        for b, s in zip(bundled, SEEDS, strict=True):
            assert b.read_bytes() == s.read_bytes()


def test_open_sample_creates_a_project_with_the_seed_article(qtbot, tmp_path):
    opened: list[Path] = []
    welcome = WelcomeWindow(open_project=lambda p: opened.append(p) or True)
    qtbot.addWidget(welcome)
    welcome.show()
    with qtbot.waitSignal(welcome.project_chosen, timeout=60_000) as blocker:
        welcome.sample_button.click()
    path = blocker.args[0]
    assert path == sample_project_path() == opened[0]
    assert path.is_relative_to(tmp_path / "data")
    docs = documents(path)
    assert [d[0] for d in docs] == [p.name for p in SEEDS]
    assert docs[0][2].startswith("ثالث هجوم خلال أسبوع على أهداف لواشنطن")
    assert docs[0][1] == SEEDS[0].read_text("utf-8").splitlines()[0].strip()
    assert not welcome.isVisible()  # the opener returned a window: the welcome closed
    # Opening the sample again keeps what is there (no second import, no error).
    with Project.open(path) as p:
        doc = p.document_ids()[0]
        p.add_span(doc, 0, 4, "EVENT")
    assert create_sample_project() == path
    with Project.open(path) as p:
        assert p.document_count() == len(SEEDS) and p.stats()["spans"] == 1


def test_recent_projects_listed_and_opened(qtbot, tmp_path):
    a = tmp_path / "a.annotator"
    b = tmp_path / "b.annotator"
    Project.create(a).close()
    Project.create(b).close()
    settings.add_recent_project(a)
    settings.add_recent_project(b)
    settings.add_recent_project(tmp_path / "gone.annotator")
    opened: list[Path] = []
    welcome = WelcomeWindow(open_project=lambda p: opened.append(p))
    qtbot.addWidget(welcome)
    assert welcome.recent.count() == 2
    assert welcome.recent.item(0).toolTip() == str(b.resolve())
    welcome.recent.itemActivated.emit(welcome.recent.item(1))
    assert opened == [a.resolve()]
    welcome.recent.setCurrentRow(0)
    welcome.forget_action.trigger()
    assert welcome.recent.count() == 1 and b.exists()
    assert settings.recent_projects() == [a.resolve()]


def test_new_project_button(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    chosen: list[Path] = []
    welcome = WelcomeWindow(open_project=lambda p: chosen.append(p))
    qtbot.addWidget(welcome)
    welcome.new_button.click()
    assert chosen == [tmp_path / "fresh.annotator"]
    with Project.open(chosen[0]) as p:
        assert p.document_count() == 0 and len(p.labels()) == 4


def test_project_for_path_creates_project_from_jsonl(qtbot, tmp_path, monkeypatch):
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": "خبر عن بغداد"}, ensure_ascii=False) + "\n")
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _c, d, *a, **k: (d, ""))
    result = project_for_path(src, None)
    assert result == tmp_path / "news.annotator"
    assert "news.jsonl" in asked[0]
    assert [d[0] for d in documents(result)] == ["n1"]
    # A project passes straight through.
    assert project_for_path(result, None) == result


def test_project_for_path_failing_data_leaves_no_project(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("نص أول", "utf-8")
    (folder / "b.txt").write_bytes(b"\xff\xfe\x00binary")
    warnings = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _c, d, *a, **k: (d, ""))
    assert project_for_path(folder, None) is None
    assert warnings and "b.txt" in warnings[0]
    assert (
        sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "data", "settings.ini"]
        or not (tmp_path / "corpus.annotator").exists()
    )
    assert not list(tmp_path.glob("*.annotator*")) and not list(tmp_path.glob(".corpus*"))


def test_project_for_path_declined_or_missing(qtbot, tmp_path, monkeypatch):
    src = tmp_path / "a.txt"
    src.write_text("نص", "utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert project_for_path(src, None) is None
    assert project_for_path(tmp_path / "missing.jsonl", None) is None
    assert "missing.jsonl" in warnings[0]
    assert not list(tmp_path.glob("*.annotator*"))


def test_welcome_screenshot(qtbot, tmp_path):
    from annotator.gui import i18n

    settings.add_recent_project(tmp_path / "x.annotator")
    Project.create(tmp_path / "x.annotator").close()
    welcome = WelcomeWindow(open_project=None)
    qtbot.addWidget(welcome)
    welcome.show()
    qtbot.waitExposed(welcome)
    out = Path(__file__).resolve().parents[2] / "artifacts"
    out.mkdir(exist_ok=True)
    welcome.grab().save(str(out / "welcome-en.png"))
    try:
        i18n.language_manager().apply("ar")
        qtbot.wait(10)
        welcome.grab().save(str(out / "welcome-ar.png"))
        assert welcome.sample_button.text() != "Open the &sample"
    finally:
        i18n.language_manager().apply("en")


def test_annotator_path_on_a_data_file_through_the_welcome_window(qtbot, tmp_path, monkeypatch):
    """What app.run does for `annotator news.jsonl`: the welcome window offers a project."""
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": "خبر"}, ensure_ascii=False) + "\n", "utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _c, d, *a, **k: (d, ""))
    opened: list[Path] = []
    welcome = WelcomeWindow(src, open_project=lambda p: opened.append(p) or True)
    qtbot.addWidget(welcome)
    welcome.show()
    qtbot.waitUntil(lambda: opened != [], timeout=60_000)
    assert opened == [tmp_path / "news.annotator"]
    assert [d[0] for d in documents(opened[0])] == ["n1"]


def test_project_for_a_missing_project_file_offers_an_empty_one(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "new.annotator"
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    assert project_for_path(target, None) is None and not target.exists()
    assert project_for_path(target, None) == target
    with Project.open(target) as p:
        assert p.document_count() == 0


def test_a_data_file_dropped_on_the_welcome_window_offers_a_project(qtbot, tmp_path, monkeypatch):
    from test_dialogs import drop

    src = tmp_path / "dropped.txt"
    src.write_text("عنوان الخبر\nنص الخبر", "utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _c, d, *a, **k: (d, ""))
    opened: list[Path] = []
    welcome = WelcomeWindow(open_project=lambda p: opened.append(p))
    qtbot.addWidget(welcome)
    assert drop(welcome, [src])
    qtbot.waitUntil(lambda: opened != [], timeout=60_000)
    assert opened == [tmp_path / "dropped.annotator"]
    assert documents(opened[0])[0][1] == "عنوان الخبر"


def test_annotator_sample_opens_the_app_on_the_sample(tmp_path: Path):
    """README's first command ends in `annotator --sample`: the real console script, real Qt."""
    import os
    import sqlite3
    import subprocess
    import sys
    import time

    exe = Path(sys.executable).with_name("annotator")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    proc = subprocess.Popen([str(exe), "--sample"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        found: list[Path] = []
        while time.monotonic() < deadline and not found and proc.poll() is None:
            # (the automatic backup beside it, in sample.annotator.backups, is not the project)
            found = [
                f for f in (tmp_path / "data").rglob("*.annotator") if ".backups" not in str(f)
            ]
            time.sleep(0.2)
        time.sleep(1.0)  # the window is up and the event loop runs: still alive, no error
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    finally:
        proc.terminate()
        proc.wait(10)
    assert len(found) == 1
    conn = sqlite3.connect(found[0])
    (title,) = conn.execute("SELECT title FROM documents").fetchone()
    conn.close()
    assert title.startswith("ثالث هجوم خلال أسبوع")
