"""English and Arabic user interface: Qt translations, layout direction, runtime switching.

The UI language comes from the user's choice (settings) or else the system locale. Switching
installs or removes the QTranslators and sets the application's layout direction; Qt then sends a
``QEvent.LanguageChange`` to every widget, so a widget that builds its strings in a
``retranslate()`` method called from ``changeEvent`` follows the switch without a restart.

Strings are marked with ``self.tr("...")`` inside classes and ``QCoreApplication.translate(
"Context", "...")`` elsewhere, so ``pyside6-lupdate`` finds them (packaging/update_translations.py).
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from . import settings

log = logging.getLogger(__name__)

ENGLISH = "en"
ARABIC = "ar"
# Each language is named in itself in the menu, so a user who cannot read the current UI
# language still finds their own.
LANGUAGES: dict[str, str] = {ENGLISH: "English", ARABIC: "العربية"}
RTL_LANGUAGES = frozenset({ARABIC})

# Display names of the four built-in labels; a project may store its own.
DEFAULT_LABEL_NAMES: dict[str, dict[str, str]] = {
    "EVENT": {ENGLISH: "Event", ARABIC: "حدث"},
    "ACTOR": {ENGLISH: "Actor", ARABIC: "فاعل"},
    "PLACE": {ENGLISH: "Place", ARABIC: "مكان"},
    "CLAIM": {ENGLISH: "Claim", ARABIC: "ادعاء"},
}


def system_language() -> str:
    """Arabic if the system locale (or any preferred UI language) is Arabic, else English."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Arabic:
        return ARABIC
    for name in locale.uiLanguages():
        if name.lower().startswith("ar"):
            return ARABIC
    return ENGLISH


def preferred_language() -> str:
    chosen = settings.ui_language()
    return chosen if chosen in LANGUAGES else system_language()


class LanguageManager(QObject):
    """Owns the installed translators. One per QApplication (see ``language_manager``)."""

    language_changed = Signal(str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._language = ENGLISH
        self._translators: list[QTranslator] = []
        # QTranslator.load(bytes) keeps a pointer into the buffer: the bytes must outlive it.
        self._buffers: list[bytes] = []

    @property
    def language(self) -> str:
        return self._language

    def is_rtl(self) -> bool:
        return self._language in RTL_LANGUAGES

    def apply(self, language: str | None = None) -> str:
        """Switch the UI to ``language`` (None: the preferred one). Returns the language applied."""
        language = language if language in LANGUAGES else preferred_language()
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        self._buffers.clear()
        # English needs a translation too, for plurals only ("%n file(s)" -> "1 file").
        self._install_app_translation(language)
        if language != ENGLISH:  # Qt's own strings are English already
            self._install_qt_translation(language)
        self._language = language
        if isinstance(self._app, QGuiApplication):
            direction = (
                Qt.LayoutDirection.RightToLeft
                if language in RTL_LANGUAGES
                else Qt.LayoutDirection.LeftToRight
            )
            self._app.setLayoutDirection(direction)
        # QApplication posts LanguageChange to each window; deliver them now so every string
        # has switched when this returns (the menu action, tests, a screenshot right after).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language_changed.emit(language)
        return language

    def set_language(self, language: str | None) -> str:
        """Remember the choice (None: follow the system) and apply it now."""
        settings.set_ui_language(language)
        return self.apply(language)

    def _install_app_translation(self, language: str) -> None:
        name = f"annotator_{language}.qm"
        try:
            data = (
                resources.files("annotator.resources").joinpath("translations", name).read_bytes()
            )
        except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
            log.warning("translation %s not found: %s", name, exc)
            return
        translator = QTranslator(self)
        if not translator.load(data):
            log.warning("translation %s could not be loaded", name)
            return
        self._buffers.append(data)
        self._app.installTranslator(translator)
        self._translators.append(translator)

    def _install_qt_translation(self, language: str) -> None:
        # Qt's own strings (standard buttons, file and colour dialogs) come with PySide6; a frozen
        # build may have pruned them, which only leaves those strings in English.
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(self)
        if translator.load(f"qtbase_{language}", directory):
            self._app.installTranslator(translator)
            self._translators.append(translator)
        else:
            log.info("Qt translation qtbase_%s not found in %s", language, directory)


def language_manager(app: QCoreApplication | None = None) -> LanguageManager:
    """The LanguageManager of ``app`` (default: the running QApplication), made on first use."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before the language manager")
    manager = app.findChild(LanguageManager, "annotatorLanguageManager")
    if manager is None:
        manager = LanguageManager(app)
        manager.setObjectName("annotatorLanguageManager")
    return manager


def install(app: QCoreApplication, language: str | None = None) -> str:
    """Apply the preferred (or given) language at start-up. Returns the language applied."""
    return language_manager(app).apply(language)


def current_language() -> str:
    app = QCoreApplication.instance()
    if app is None:
        return ENGLISH
    manager = app.findChild(LanguageManager, "annotatorLanguageManager")
    return manager.language if manager is not None else ENGLISH


def set_language(language: str | None) -> str:
    return language_manager().set_language(language)


def is_rtl() -> bool:
    return current_language() in RTL_LANGUAGES


def label_display_name(label: object, language: str | None = None) -> str:
    """A label's name in the UI language: its stored display name, else the built-in one."""
    language = language or current_language()
    name = str(getattr(label, "name", label))
    stored = getattr(label, "name_ar" if language == ARABIC else "name_en", "") or ""
    if stored:
        return stored
    builtin = DEFAULT_LABEL_NAMES.get(name.upper())
    return builtin[language] if builtin else name


class LanguageMenu(QMenu):
    """The Language menu: follow the system, or one of LANGUAGES; the check follows the setting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageMenu")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._system = QAction(self)
        self._system.setCheckable(True)
        self._system.setData("")
        self._group.addAction(self._system)
        self.addAction(self._system)
        self.addSeparator()
        self._actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setData(code)
            action.setObjectName(f"language_{code}")
            self._group.addAction(action)
            self.addAction(action)
            self._actions[code] = action
        self._group.triggered.connect(self._chosen)
        self.aboutToShow.connect(self._sync)
        self.retranslate()
        self._sync()

    def action_for(self, language: str) -> QAction:
        return self._actions[language]

    def _chosen(self, action: QAction) -> None:
        set_language(action.data() or None)

    def _sync(self) -> None:
        chosen = settings.ui_language()
        target = self._actions.get(chosen) if chosen else self._system
        (target or self._system).setChecked(True)

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Language"))
        self._system.setText(self.tr("System default"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def language_menu(parent: QWidget | None = None) -> LanguageMenu:
    """A ready "Language" menu for a menu bar."""
    return LanguageMenu(parent)
