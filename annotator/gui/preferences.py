"""Preferences (who is labeling, interface language, text size, suggestions) and the first-run
prompt for the annotator's name. Values live in QSettings (``settings``); the window applies
them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ..core.project.common import default_annotator
from . import i18n, settings

SYSTEM = ""  # the language combo's "follow the system" entry
# lupdate finds strings by the name ``translate`` (a module function has no self.tr)
translate = QCoreApplication.translate


# Accounts that name a machine's role, not a person: never offered as who is labeling.
_GENERIC_ACCOUNTS = frozenset({"root", "admin", "administrator", "user", "annotator", "ubuntu"})


def suggested_name() -> str:
    """The system user as the first-run prompt offers it; empty for a generic account (root
    under a container or a lab image), so the user types their own name."""
    name = default_annotator()
    return "" if name.casefold() in _GENERIC_ACCOUNTS else name


def prompt_name_first_run(
    parent: QWidget | None, on_name: Callable[[str], None]
) -> QInputDialog | None:
    """Ask the annotator's name once, over ``parent`` without blocking it: prefilled with the
    system user (which the spans would otherwise carry: "root" on many machines). An accepted
    name is stored and handed to ``on_name``; a cancelled prompt keeps the system user for this
    session and asks again next time. None when a name is stored already (no prompt)."""
    if settings.annotator_name():
        return None
    dialog = QInputDialog(parent)
    dialog.setObjectName("firstRunName")
    dialog.setWindowTitle(translate("PreferencesDialog", "Who is labeling?"))
    dialog.setLabelText(
        translate(
            "PreferencesDialog",
            "Your name is stored with every span you label (change it in Edit > Preferences):",
        )
    )
    dialog.setTextValue(suggested_name())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        name = dialog.textValue().strip()
        if name:
            settings.set_annotator_name(name)
            on_name(name)

    dialog.accepted.connect(accepted)
    dialog.open()
    # an empty name cannot be stored: OK waits for one (set after open(), which enables it)
    button_box = dialog.findChild(QDialogButtonBox)
    ok = button_box.button(QDialogButtonBox.StandardButton.Ok) if button_box else None
    if ok is not None:
        dialog.textValueChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(dialog.textValue().strip()))
    return dialog


class PreferencesDialog(QDialog):
    """Name, language and text size; ``values()`` after it is accepted."""

    def __init__(self, annotator: str, zoom: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.name = QLineEdit(settings.annotator_name() or annotator, self)
        self.name.setObjectName("preferencesName")
        self.language = QComboBox(self)
        self.language.setObjectName("preferencesLanguage")
        self.language.addItem(self.tr("Follow the system"), SYSTEM)
        for code, native in i18n.LANGUAGES.items():
            self.language.addItem(native, code)
        current = settings.ui_language() or SYSTEM
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.zoom = QSpinBox(self)
        self.zoom.setObjectName("preferencesZoom")
        self.zoom.setRange(settings.MIN_ZOOM, settings.MAX_ZOOM)
        self.zoom.setValue(zoom)
        self.zoom.setSuffix(self.tr(" steps"))
        form = QFormLayout(self)
        form.addRow(self.tr("Your name (stored with your spans):"), self.name)
        form.addRow(self.tr("Interface language:"), self.language)
        form.addRow(self.tr("Text size (0 is the default):"), self.zoom)
        # suggestions (issue 12)
        self.propagate = QCheckBox(self.tr("Suggest a labeled name everywhere it occurs"), self)
        self.propagate.setObjectName("preferencesPropagate")
        self.propagate.setChecked(settings.propagation_enabled())
        self.uncertainty = QCheckBox(
            self.tr("Done, next undone: the document the model is least sure of"), self
        )
        self.uncertainty.setObjectName("preferencesUncertainty")
        self.uncertainty.setChecked(settings.uncertainty_order())
        self.retrain = QSpinBox(self)
        self.retrain.setObjectName("preferencesRetrain")
        self.retrain.setRange(0, 1000)
        self.retrain.setValue(settings.retrain_every())
        self.retrain.setSpecialValueText(self.tr("never"))
        form.addRow(self.propagate)
        form.addRow(self.uncertainty)
        form.addRow(self.tr("Train the model again after this many documents done:"), self.retrain)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.buttons = buttons
        self.name.textChanged.connect(
            lambda text: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )

    def values(self) -> tuple[str, str | None, int]:
        """(name, language or None for the system's, zoom level)."""
        language = self.language.currentData()
        return self.name.text().strip(), language or None, self.zoom.value()

    def store(self) -> None:
        """Keep the name and language in the settings (the view stores its zoom itself)."""
        name, language, _zoom = self.values()
        settings.set_annotator_name(name)
        settings.set_propagation_enabled(self.propagate.isChecked())
        settings.set_uncertainty_order(self.uncertainty.isChecked())
        settings.set_retrain_every(self.retrain.value())
        i18n.set_language(language)
