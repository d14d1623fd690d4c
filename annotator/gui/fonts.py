"""The bundled Arabic font (Amiri), loaded into Qt once."""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtGui import QFontDatabase

FONT_FILES = ("Amiri-Regular.ttf", "Amiri-Bold.ttf")


@functools.cache
def arabic_font_family() -> str:
    """Load the bundled Amiri font into Qt (once) and return its family name.

    Raises RuntimeError if the font file is missing or Qt refuses it: silently falling back to a
    system font would show Arabic in whatever the machine has, or as boxes.
    """
    family = ""
    for name in FONT_FILES:
        try:
            data = resources.files("annotator.resources").joinpath("fonts", name).read_bytes()
        except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
            raise RuntimeError(f"bundled font {name} is missing: {exc}") from exc
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id == -1:
            raise RuntimeError(f"Qt could not load the bundled font {name}")
        families = QFontDatabase.applicationFontFamilies(font_id)
        if not families:
            raise RuntimeError(f"the bundled font {name} has no family name")
        family = family or families[0]
    return family
