"""English and Arabic UI: translations from the compiled .qm, runtime switch, mirrored layout."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.core.project import Project
from annotator.gui import i18n, settings
from annotator.gui.labels_dialog import LabelsDialog
from annotator.gui.welcome import WelcomeWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "annotator_ar.ts"


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    i18n.language_manager().apply(i18n.ENGLISH)


@pytest.mark.parametrize("ts", [TS, TS.with_name("annotator_en.ts")], ids=["ar", "en"])
def test_every_string_is_translated(ts):
    root = ET.parse(ts).getroot()
    untranslated = []
    for message in root.iter("message"):
        tr = message.find("translation")
        forms = [f.text for f in tr.findall("numerusform")]
        done = all(forms) if forms else bool((tr.text or "").strip())
        if tr.get("type") == "unfinished" or not done:
            untranslated.append(message.findtext("source"))
    assert untranslated == []
    assert ts.with_suffix(".qm").stat().st_size > 100


def test_plurals_in_english_and_arabic(qapp):
    from annotator.gui.welcome import Welcome

    i18n.language_manager().apply("en")
    assert Welcome().create_question(1).endswith("(1 file)?")
    assert Welcome().create_question(3).endswith("(3 files)?")
    i18n.language_manager().apply("ar")
    assert Welcome().create_question(2).endswith("(ملفان)؟")
    assert Welcome().create_question(5).endswith("(5 ملفات)؟")
    assert Welcome().create_question(11).endswith("(11 ملفًا)؟")


def test_switch_changes_visible_strings_and_layout_direction(qtbot, tmp_path):
    app = QApplication.instance()
    with Project.create(tmp_path / "p.annotator") as project:
        welcome = WelcomeWindow(open_project=None)
        labels = LabelsDialog(project)
        qtbot.addWidget(welcome)
        qtbot.addWidget(labels)
        assert welcome.sample_button.text() == "Open the &sample"
        assert labels.table.horizontalHeaderItem(1).text() == "Name"
        assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight

        menu = i18n.LanguageMenu()
        menu.action_for("ar").trigger()  # what the user's click does
        assert settings.ui_language() == "ar"
        assert i18n.current_language() == "ar" and i18n.is_rtl()
        assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert welcome.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert welcome.sample_button.text() == "فتح ال&عينة"
        assert welcome.windowTitle() == "مرحبًا بك في annotator"
        assert labels.table.horizontalHeaderItem(1).text() == "الاسم"
        assert labels.windowTitle() == "التسميات"
        assert menu.title() == "ال&لغة"
        # Qt's own strings come from qtbase_ar.qm shipped with PySide6.
        close = labels.buttons.button(QDialogButtonBox.StandardButton.Close)
        assert close.text().replace("&", "") == "أغلق"

        menu.action_for("en").trigger()
        assert settings.ui_language() == "en"
        assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert welcome.sample_button.text() == "Open the &sample"
        assert labels.table.horizontalHeaderItem(1).text() == "Name"
        assert close.text().replace("&", "") == "Close"


def test_main_window_follows_the_language(qtbot, window):
    assert window.file_menu.title() == "&File"
    i18n.set_language("ar")
    assert window.file_menu.title() == "&ملف"
    assert window.edit_menu.title() == "ت&حرير"
    assert window.undo_action.text().split("\t")[0] == "&تراجع"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    i18n.set_language("en")
    assert window.undo_action.text() == "&Undo"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_language_from_settings_or_system(monkeypatch):
    settings.set_ui_language(None)
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Arabic)))
    assert i18n.system_language() == "ar"
    assert i18n.install(QApplication.instance()) == "ar"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.French)))
    assert i18n.preferred_language() == "en"
    settings.set_ui_language("ar")
    assert i18n.preferred_language() == "ar"


def test_label_display_names():
    from annotator.core.model import Label

    event = Label("EVENT", "Event", "حدث", "#FF0000", "1", 0)
    assert i18n.label_display_name(event, "ar") == "حدث"
    assert i18n.label_display_name(event, "en") == "Event"
    bare = Label("CLAIM", "", "", "#00FF00", "4", 3)
    assert i18n.label_display_name(bare, "ar") == "ادعاء"
    assert i18n.label_display_name("ACTOR", "ar") == "فاعل"
    assert i18n.label_display_name("PLACE", "ar") == "مكان"


def test_code_has_no_string_missing_from_the_translations(tmp_path):
    """lupdate over the code into a copy of each .ts: every string found must be translated.

    Fails when a new user-visible string lands without a translation: run
    ``python packaging/update_translations.py`` and translate what it lists.
    """
    import shutil
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import update_translations as ut
    finally:
        sys.path.pop(0)
    sources = sorted(str(p) for p in (ROOT / "annotator" / "gui").glob("*.py"))
    for lang in ut.LANGUAGES:
        copy = tmp_path / f"annotator_{lang}.ts"
        shutil.copy(TS.with_name(f"annotator_{lang}.ts"), copy)
        extra = ["-pluralonly"] if lang in ut.PLURAL_ONLY else []
        subprocess.run(
            [ut.tool("lupdate"), *extra, "-no-obsolete", *sources, "-ts", str(copy)],
            check=True,
            capture_output=True,
        )
        assert ut.unfinished(copy) == [], f"untranslated strings for {lang}"
