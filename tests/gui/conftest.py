"""Qt test setup: offscreen platform (set before any Qt import), isolated settings, projects.

Helpers live in the ``helpers`` package (tests/helpers): import them, never this file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SEED, make_project

from annotator.core.model import DocRecord


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> Iterator[None]:
    from annotator.gui import settings

    settings.use_settings_file(tmp_path / "settings.ini")
    # a stored name: the first-run prompt never appears in a test
    settings.set_annotator_name("tester")
    yield
    settings.use_settings_file(None)


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A project holding the sample article, two short ones and one with CRLF and an emoji."""
    seed = SEED.read_text(encoding="utf-8")
    records = [
        DocRecord(text=seed, external_id="seed", title="ثالث هجوم خلال أسبوع"),
        DocRecord(text="قال الرئيس إن واشنطن سترد.\nوأضاف أن الهجوم فشل.", external_id="b"),
        DocRecord(text="زار الوزير لواشنطن أمس.", external_id="c"),
        # CRLF line ends and an emoji before the span: cleaning happens in import_records
        DocRecord(text="عنوان 😀 الخبر\r\nوصل الرئيس إلى بغداد 😀 صباحا.\r\n", external_id="d"),
    ]
    return make_project(tmp_path / "sample.annotator", records)


@pytest.fixture
def window(qtbot, sample_path: Path):  # type: ignore[no-untyped-def]
    from helpers.qt import show_window

    from annotator.gui import open_project_window

    win = open_project_window(sample_path)
    show_window(qtbot, win)
    yield win
    win.close()
