"""Regenerate the UI translations: lupdate over annotator/gui, then lrelease to .qm.

    python packaging/update_translations.py           # update .ts from the code, compile .qm
    python packaging/update_translations.py --check   # exit 1 if a string has no translation

Translations are edited in resources/translations/annotator_<lang>.ts (Qt Linguist, or by
hand); lupdate keeps existing translations and marks new strings "unfinished". Both the .ts and
the compiled .qm are committed, so builds need no Qt tools. Source locations are left out of
the .ts (-locations none) so that editing code does not churn the translation files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "annotator" / "gui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ar", "en")
# The source strings are English: the English file carries only the plural forms.
PLURAL_ONLY = {"en"}


def tool(name: str) -> str:
    """pyside6-<name> next to this Python (a venv), else on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"pyside6-{name} not found: install PySide6 (pip install PySide6-Essentials)")
    return found


def unfinished(ts: Path) -> list[str]:
    """Source texts whose translation is missing or marked unfinished."""
    out = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None:
            continue
        kind = translation.get("type")
        if kind in ("obsolete", "vanished"):
            continue
        forms = [f.text or "" for f in translation.findall("numerusform")]
        empty = not any(forms) if forms else not (translation.text or "").strip()
        if kind == "unfinished" or empty:
            out.append(message.findtext("source") or "")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a string is untranslated")
    args = parser.parse_args(argv)
    sources = sorted(str(p.relative_to(ROOT)) for p in SOURCES.glob("*.py"))
    status = 0
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"annotator_{lang}.ts"
        qm = ts.with_suffix(".qm")
        TRANSLATIONS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                tool("lupdate"),
                *(["-pluralonly"] if lang in PLURAL_ONLY else []),
                "-no-obsolete",
                "-locations",
                "none",
                "-target-language",
                lang,
                *sources,
                "-ts",
                str(ts.relative_to(ROOT)),
            ],
            cwd=ROOT,
            check=True,
        )
        subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT, check=True)
        missing = unfinished(ts)
        print(f"{ts.name}: {len(missing)} untranslated")
        for text in missing:
            print(f"  {text!r}")
        if args.check and missing:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
