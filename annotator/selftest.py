"""``annotator --selftest``: prove that an installed copy (source or frozen) works end to end.

Each step exercises what a broken bundle typically lacks: the bundled font and sample article
(package data), the SQLite project, the format registry (modules imported by name, which a
freezer can miss), and Qt's platform plugin with the main window. The result goes to stdout and to
a file, because a windowed Windows or macOS build has no console to print to.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from . import __version__

APP_NAME = "annotator"
SAMPLE_ARTICLE = "seeds/000_7eddefe59b9ed5ed.txt"
FONT = "fonts/Amiri-Regular.ttf"
# A phrase of the sample article: the span the self-test labels and expects back in the export.
SPAN_TEXT = "قاعدة التاجي الجوية"
SPAN_LABEL = "PLACE"
# How long the main window gets to lay out and paint before it is closed.
WINDOW_EVENT_SECONDS = 0.5


class SelftestError(Exception):
    """A self-test step found the app broken; the message says which check failed."""


def default_result_file() -> Path:
    """Where the result goes when no ``--selftest-output`` is given: the user log directory."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "selftest.txt"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def resource_bytes(name: str) -> bytes:
    """Bytes of a file shipped in ``annotator.resources`` (works from source and frozen)."""
    ref = resources.files("annotator.resources").joinpath(name)
    if not ref.is_file():
        raise SelftestError(f"bundled resource {name} is missing from annotator.resources")
    return ref.read_bytes()


def _emit(line: str) -> None:
    # A windowed PyInstaller build sets sys.stdout to None.
    if sys.stdout is not None:
        print(line, flush=True)


class _Run:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def log(self, line: str) -> None:
        self.lines.append(line)
        _emit(line)

    def step(self, name: str, func: Callable[[], str | None]) -> None:
        started = time.perf_counter()
        detail = func()
        ms = (time.perf_counter() - started) * 1000
        self.log(f"ok   {name} ({ms:.0f} ms){': ' + detail if detail else ''}")


def _ensure_display() -> str:
    """Pick Qt's platform: offscreen when nothing can show a window (a headless CI machine)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return os.environ["QT_QPA_PLATFORM"]
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return "offscreen"
    return "default"


def _qapp() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME])
    return app


def _load_font() -> str:
    from PySide6.QtGui import QFontDatabase

    _qapp()
    font_id = QFontDatabase.addApplicationFontFromData(resource_bytes(FONT))
    if font_id == -1:
        raise SelftestError(f"Qt could not load the bundled font {FONT}")
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise SelftestError(f"the bundled font {FONT} has no font family")
    return ", ".join(families)


def _check_export(path: Path, text: str, start: int, end: int) -> str:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if len(lines) != 1:
        raise SelftestError(f"{path.name}: expected 1 exported document, found {len(lines)}")
    try:
        record = json.loads(lines[0])
    except json.JSONDecodeError as err:
        raise SelftestError(f"{path.name}:1: not valid JSON ({err})") from err
    if record.get("text") != text:
        raise SelftestError(f"{path.name}:1: exported text differs from the stored text")
    spans = record.get("spans") or []
    found = [
        s
        for s in spans
        if s.get("start") == start and s.get("end") == end and s.get("label") == SPAN_LABEL
    ]
    if len(found) != 1:
        raise SelftestError(f"{path.name}:1: the span {start}-{end} {SPAN_LABEL} is not exported")
    exported = found[0]
    surface = text[exported["start"] : exported["end"]]
    if surface != SPAN_TEXT or exported.get("text", surface) != SPAN_TEXT:
        raise SelftestError(f"{path.name}:1: span text {surface!r} is not {SPAN_TEXT!r}")
    return f"{len(spans)} span, {path.stat().st_size} bytes"


# A tiny corpus for the suggestion model's step: the CRF (python-crfsuite, a compiled module the
# installers must carry) learns the places of four documents and finds one in a fifth.
_MODEL_PLACES = ("بغداد", "دمشق", "القاهرة", "بيروت")
_MODEL_TEMPLATES = ("وصل الوفد إلى {} صباح اليوم .", "عاد الوزير من {} بعد زيارة قصيرة .")


def _train_tiny_model(path: Path) -> str:
    from .core.model import DocRecord, SpanRecord
    from .core.project import Project

    records = []
    for i, place in enumerate(_MODEL_PLACES):
        for template in _MODEL_TEMPLATES:
            text = template.format(place)
            at = text.index(place)
            span = SpanRecord(at, at + len(place), "PLACE")
            records.append(DocRecord(text=text, spans=[span], status="done", external_id=f"{i}"))
    unseen = "وصل الوزير إلى دمشق صباح أمس ."
    records.append(DocRecord(text=unseen, external_id="new"))
    with Project.create(path, annotator="selftest") as project:
        project.import_records(records, source="selftest")
        info = project.train_model(max_iterations=50)
        target = project.document_ids()[-1]
        project.pre_annotate([target])
        found = [(s.text, s.label) for s in project.suggestions(target)]
        if ("دمشق", "PLACE") not in found:
            raise SelftestError(f"the trained model suggested {found}, not دمشق as PLACE")
        score = project.suggestions(target)[0].score
    return f"crf on {info.trained_on} documents, PLACE suggested ({score:.2f})"


def _run_steps(run: _Run, workdir: Path) -> None:
    from .core import formats
    from .core.project import Project

    project_path = workdir / "selftest.annotator"
    article = workdir / Path(SAMPLE_ARTICLE).name
    export_path = workdir / "export.jsonl"
    state: dict[str, Any] = {}

    run.step("font", _load_font)

    def create_and_import() -> str:
        article.write_bytes(resource_bytes(SAMPLE_ARTICLE))
        with Project.create(project_path, annotator="selftest") as project:
            report = project.import_records(formats.read(article), source=str(article))
            if report.added != 1:
                raise SelftestError(f"import added {report.added} documents, expected 1")
            state["doc_id"] = project.document_ids()[0]
            state["text"] = project.get_document(state["doc_id"]).text
        return f"{len(state['text'])} characters"

    run.step("project + import", create_and_import)

    def add_span() -> str:
        start = state["text"].find(SPAN_TEXT)
        if start < 0:
            raise SelftestError(f"the sample article does not contain {SPAN_TEXT!r}")
        end = start + len(SPAN_TEXT)
        with Project.open(project_path, annotator="selftest") as project:
            if SPAN_LABEL not in {label.name for label in project.labels()}:
                project.add_label(SPAN_LABEL)
            span = project.add_span(state["doc_id"], start, end, SPAN_LABEL).added[0]
            if span.text != SPAN_TEXT:
                raise SelftestError(f"stored span text {span.text!r} is not {SPAN_TEXT!r}")
        state["span"] = (start, end)
        return f"{SPAN_LABEL} {start}-{end}"

    run.step("span", add_span)

    def export() -> str:
        with Project.open(project_path) as project:
            formats.write(project.iter_records(), export_path, "jsonl")
        return _check_export(export_path, state["text"], *state["span"])

    run.step("export jsonl", export)
    run.step("suggestion model", lambda: _train_tiny_model(workdir / "model.annotator"))

    def main_window() -> str:
        from PySide6.QtCore import QCoreApplication, QEventLoop

        from .gui import open_project_window, settings

        app = _qapp()
        # The window saves its geometry on close: keep the user's real settings untouched.
        settings.use_settings_file(workdir / "settings.ini")
        window = open_project_window(project_path)
        try:
            window.show()
            deadline = time.perf_counter() + WINDOW_EVENT_SECONDS
            while time.perf_counter() < deadline:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if not window.isVisible():
                raise SelftestError("the main window did not stay open")
            size = window.size()
            title = window.windowTitle()
        finally:
            window.close()
            window.deleteLater()
            QCoreApplication.processEvents()
            # the backups taken on open and close write beside the project: let them finish
            # before the temporary folder goes
            from .gui.project_tools import wait_for_backups

            wait_for_backups()
            settings.use_settings_file(None)
        return f"{app.platformName()} {size.width()}x{size.height()} {title!r}"

    run.step("main window", main_window)


def run_selftest(result_file: str | Path | None = None) -> int:
    """Run every check; print and write ``SELFTEST OK`` (exit code 0) or the failure (1)."""
    run = _Run()
    target = Path(result_file) if result_file else default_result_file()
    started = time.perf_counter()
    qpa = _ensure_display()
    run.log(
        f"annotator {__version__} selftest: {'frozen' if is_frozen() else 'source'}, "
        f"Python {platform.python_version()}, {platform.platform()}, QT_QPA_PLATFORM={qpa}"
    )
    code = 0
    try:
        # The temporary project lives outside the bundle and the user's data, and is removed.
        with tempfile.TemporaryDirectory(prefix="annotator-selftest-") as tmp:
            _run_steps(run, Path(tmp))
    except Exception as err:  # every failure must reach the result file, whatever its type
        code = 1
        for line in traceback.format_exception(err):
            run.lines.append(line.rstrip("\n"))
        run.log(f"SELFTEST FAILED: {type(err).__name__}: {err}")
    else:
        run.log(f"SELFTEST OK ({time.perf_counter() - started:.2f} s)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(run.lines) + "\n", encoding="utf-8")
        _emit(f"result written to {target}")
    except OSError as err:
        _emit(f"could not write the self-test result to {target}: {err}")
        code = code or 1
    return code


def main(argv: list[str] | None = None) -> int:
    """``python -m annotator.selftest [RESULT_FILE]`` (the CLI's ``--selftest`` calls the same)."""
    args = sys.argv[1:] if argv is None else argv
    return run_selftest(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
