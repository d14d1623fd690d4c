"""The welcome window (``annotator`` without a project) and "make a project from these files".

- Open the sample: the bundled seed articles (``annotator.resources/seeds``) imported into a
  project in the user data directory, created on first use and reopened afterwards.
- New project, open project, recent projects (settings), a language switch.
- ``project_for_path(path, parent)``: ``annotator news.jsonl`` / ``annotator folder/`` offers to
  create a project from the data and imports it (one transaction, with progress and cancel).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import formats
from ..core.errors import AnnotatorError
from ..core.importing import create_project_from_files, expand_paths
from ..core.project import PROJECT_SUFFIX, ImportCancelled
from ..core.schema import is_project_file
from . import i18n, messages, settings
from .icons import app_icon
from .import_dialog import dropped_paths
from .operations import create_project, message_for, start_project_from_files
from .tasks import Task, TaskContext, run_task
from .windows import show_project

SAMPLE_NAME = "sample" + PROJECT_SUFFIX
# Data files ``annotator PATH`` offers to turn into a project.
DATA_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv", ".tsv")


# Module-level functions translate in the "Welcome" context; lupdate reads these calls by name.
translate = QCoreApplication.translate


class Welcome(QObject):
    """The "Welcome" translation context as a class: lupdate reads plurals only from self.tr."""

    def create_question(self, files: int) -> str:
        return self.tr("%1 is not a project. Create a new project from it (%n file(s))?", "", files)


def sample_project_path() -> Path:
    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / SAMPLE_NAME


@contextlib.contextmanager
def seed_files() -> Iterator[list[Path]]:
    """The bundled seed articles as real files (extracted for the duration if zipped)."""
    folder = resources.files("annotator.resources").joinpath("seeds")
    with contextlib.ExitStack() as stack:
        paths = [
            stack.enter_context(resources.as_file(entry))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".txt")
        ]
        if not paths:
            raise AnnotatorError("the sample articles are missing from this installation")
        yield paths


def create_sample_project(
    path: Path | None = None, *, cancel: Callable[[], bool] | None = None
) -> Path:
    """The sample project, created from the seed articles if it does not exist yet."""
    path = path or sample_project_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with seed_files() as seeds:
        create_project_from_files(path, seeds, "txt", cancel=cancel)
    return path


def suggested_project_path(data: Path) -> Path:
    """Where a project made from ``data`` goes by default: beside it, with the project suffix."""
    data = data.resolve()
    if data.is_dir():
        return data.parent / (data.name + PROJECT_SUFFIX)
    return data.with_suffix(PROJECT_SUFFIX)


def _wait(task: Task) -> None:
    """Block the caller (not the UI: the event loop keeps running) until the task ends."""
    if task.state in ("done", "error", "cancelled"):
        return
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()


def project_for_path(path: str | Path, parent: QWidget | None = None) -> Path | None:
    """What ``annotator PATH`` opens: a project as is, or a new project made from data.

    For a .txt/.jsonl/.csv file or a folder the user is asked whether to create a project from
    it and where; the data is then imported with progress. Returns the project to open, or None
    (declined, cancelled or failed; the user has been told why and no project file is left).
    """
    path = Path(path)
    if not path.exists() and path.suffix.lower() == PROJECT_SUFFIX and path.parent.is_dir():
        answer = QMessageBox.question(
            parent,
            translate("Welcome", "New project"),
            translate("Welcome", "%1 does not exist. Create a new, empty project there?").replace(
                "%1", str(path)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        refused = partial(messages.warning, parent, translate("Welcome", "New project"))
        return path if create_project(path, refused) else None
    if not path.exists():
        QMessageBox.warning(
            parent,
            translate("Welcome", "annotator"),
            translate("Welcome", "%1: no such file or folder.").replace("%1", str(path)),
        )
        return None
    if path.is_file() and (path.suffix.lower() == PROJECT_SUFFIX or is_project_file(path)):
        return path
    if path.is_file() and path.suffix.lower() not in DATA_SUFFIXES:
        QMessageBox.warning(
            parent,
            translate("Welcome", "annotator"),
            translate("Welcome", "%1 is neither an annotator project nor a file to import (%2).")
            .replace("%1", str(path))
            .replace("%2", ", ".join(DATA_SUFFIXES)),
        )
        return None
    try:
        files = expand_paths([path])
    except AnnotatorError as exc:
        messages.warning(parent, translate("Welcome", "annotator"), str(exc))
        return None
    question = Welcome().create_question(len(files))
    answer = QMessageBox.question(
        parent,
        translate("Welcome", "Create a project"),
        question.replace("%1", str(path)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    target = ask_new_project_path(parent, suggested_project_path(path))
    if target is None:
        return None
    if target.exists():
        if is_project_file(target):
            answer = QMessageBox.question(
                parent,
                translate("Welcome", "Create a project"),
                translate(
                    "Welcome", "%1 already exists. Open it as it is (nothing is imported)?"
                ).replace("%1", str(target)),
            )
            return target if answer == QMessageBox.StandardButton.Yes else None
        QMessageBox.warning(
            parent,
            translate("Welcome", "annotator"),
            translate("Welcome", "%1 already exists and is not a project.").replace(
                "%1", str(target)
            ),
        )
        return None

    outcome: dict[str, Any] = {}
    task = start_project_from_files(
        parent,
        translate("Welcome", "Creating the project"),
        target,
        [path],
        on_done=lambda result: outcome.setdefault("result", result),
        on_error=lambda message: outcome.setdefault("error", message),
        progress_text=lambda done, _total: translate("Welcome", "%1 documents read…").replace(
            "%1", str(done)
        ),
    )
    _wait(task)
    if "error" in outcome:
        QMessageBox.warning(
            parent,
            translate("Welcome", "Nothing was imported"),
            translate("Welcome", "The project was not created:\n%1").replace(
                "%1", outcome["error"]
            ),
        )
        return None
    if "result" not in outcome:  # cancelled
        return None
    return target


def ask_new_project_path(parent: QWidget | None, suggestion: Path | None = None) -> Path | None:
    """Ask where to create a project; adds the suffix. None if the user cancels."""
    if suggestion is None:
        folder = settings.value("projects/folder", "")
        base = Path(folder) if isinstance(folder, str) and folder else Path.home()
        suggestion = base / ("project" + PROJECT_SUFFIX)
    name, _ = QFileDialog.getSaveFileName(
        parent,
        translate("Welcome", "New project"),
        str(suggestion),
        translate("Welcome", "annotator projects (*%1)").replace("%1", PROJECT_SUFFIX),
        "",
        # Overwriting a project would destroy labels: we refuse existing files ourselves.
        QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != PROJECT_SUFFIX:
        path = path.with_name(path.name + PROJECT_SUFFIX)
    settings.set_value("projects/folder", str(path.parent))
    return path


def _default_opener(path: Path) -> Any:
    return show_project(path)


class WelcomeWindow(QWidget):
    """Start screen. ``project_chosen(path)`` fires when the user picks or creates a project.

    ``open_project(path)`` (default: open it in a main window) is called with the chosen
    project; when it returns something truthy (the window), the welcome window closes.
    """

    project_chosen = Signal(object)  # Path

    def __init__(
        self,
        path: str | Path | None = None,
        parent: QWidget | None = None,
        *,
        open_project: Callable[[Path], Any] | None = _default_opener,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeWindow")
        self.setAcceptDrops(True)
        self.setWindowIcon(app_icon())
        self._open_project = open_project
        self._initial_path = Path(path) if path is not None else None
        self.task: Task | None = None

        self.logo = QLabel(self)
        self.logo.setPixmap(app_icon().pixmap(QSize(72, 72)))
        self.heading = QLabel(self)
        self.heading.setObjectName("welcomeHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel(self)
        self.subheading.setWordWrap(True)
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        top = QHBoxLayout()
        top.addWidget(self.logo)
        top.addLayout(titles, 1)
        self.language_button = QToolButton(self)
        self.language_button.setObjectName("languageButton")
        self.language_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.language_menu = i18n.LanguageMenu(self)
        self.language_button.setMenu(self.language_menu)
        top.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)

        self.sample_button = self._button("openSampleButton", self.open_sample)
        self.new_button = self._button("newProjectButton", self.new_project)
        self.open_button = self._button("openProjectButton", self.browse_project)
        self.from_files_button = self._button("fromFilesButton", self.project_from_files)
        actions = QVBoxLayout()
        for button in (self.sample_button, self.new_button, self.open_button):
            actions.addWidget(button)
        actions.addWidget(self.from_files_button)
        actions.addStretch(1)

        self.recent_title = QLabel(self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentProjects")
        self.recent.itemActivated.connect(self._recent_activated)
        self.recent.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.forget_action = QAction(self.recent)
        self.forget_action.setObjectName("forgetRecentAction")
        self.forget_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.forget_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.forget_action.triggered.connect(self.forget_selected_recent)
        self.recent.addAction(self.forget_action)
        self.recent_empty = QLabel(self)
        self.recent_empty.setObjectName("recentEmpty")
        self.recent_empty.setEnabled(False)
        self._recent_layout = recent = QVBoxLayout()
        recent.addWidget(self.recent_title)
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.recent_empty)
        # Takes the free space while the list is hidden, so the title stays at the top.
        recent.addStretch(0)

        body = QHBoxLayout()
        body.addLayout(actions)
        body.addSpacing(16)
        body.addLayout(recent, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addLayout(body, 1)

        QShortcut(QKeySequence.StandardKey.Open, self, self.browse_project)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_project)

        self.retranslate()
        self.refresh_recent()
        self.resize(720, 420)
        if self._initial_path is not None:
            QTimer.singleShot(0, self._offer_initial_path)

    def _button(self, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setMinimumHeight(36)
        button.clicked.connect(slot)
        return button

    # --- recent ---------------------------------------------------------------------------

    def refresh_recent(self) -> None:
        self.recent.clear()
        for path in settings.recent_projects():
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        has = self.recent.count() > 0
        self.recent.setVisible(has)
        self.recent_empty.setVisible(not has)
        self._recent_layout.setStretch(3, 0 if has else 1)

    @Slot()
    def forget_selected_recent(self) -> None:
        """Take the selected project off the list (the file itself is left alone)."""
        item = self.recent.currentItem()
        if item is not None:
            settings.remove_recent_project(item.data(Qt.ItemDataRole.UserRole))
            self.refresh_recent()

    @Slot(QListWidgetItem)
    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.open_path(Path(item.data(Qt.ItemDataRole.UserRole)))

    # --- choosing -------------------------------------------------------------------------

    def open_path(self, path: Path) -> Any:
        """Hand ``path`` to the opener; close this window if a project window opened."""
        path = Path(path)
        self.project_chosen.emit(path)
        if self._open_project is None:
            return None
        opened = self._open_project(path)
        if opened:
            self.close()
        else:
            self.refresh_recent()
        return opened

    @Slot()
    def open_sample(self) -> Task | None:
        """Create the sample project on first use (in a worker), then open it."""
        if self.task is not None and self.task.is_running():
            return None
        self.sample_button.setEnabled(False)

        def work(ctx: TaskContext) -> Path:
            return create_sample_project(cancel=ctx.cancelled)

        def failed(exc: BaseException, _details: str) -> None:
            QMessageBox.warning(
                self,
                self.tr("Sample"),
                self.tr("The sample project could not be created:\n%1").replace(
                    "%1", message_for(exc)
                ),
            )

        self.task = run_task(
            self,
            self.tr("Preparing the sample"),
            work,
            on_done=self.open_path,
            on_error=failed,
            cancel_exceptions=(ImportCancelled,),
        )
        self.task.finished.connect(lambda: self.sample_button.setEnabled(True))
        return self.task

    @Slot()
    def new_project(self) -> Path | None:
        path = ask_new_project_path(self)
        if path is None:
            return None
        if path.exists():
            QMessageBox.warning(
                self,
                self.tr("New project"),
                self.tr("%1 already exists. Choose another name, or open it.").replace(
                    "%1", str(path)
                ),
            )
            return None
        if not create_project(path, partial(messages.warning, self, self.tr("New project"))):
            return None
        self.open_path(path)
        return path

    @Slot()
    def browse_project(self) -> Path | None:
        folder = settings.value("projects/folder", "")
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open project"),
            folder if isinstance(folder, str) else "",
            self.tr("annotator projects (*%1);;All files (*)").replace("%1", PROJECT_SUFFIX),
        )
        if not name:
            return None
        path = Path(name)
        settings.set_value("projects/folder", str(path.parent))
        chosen = project_for_path(path, self)
        if chosen is not None:
            self.open_path(chosen)
        return chosen

    @Slot()
    def project_from_files(self) -> Path | None:
        patterns = " ".join(f"*{ext}" for ext in sorted(formats.by_extension()))
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Create a project from a file"),
            "",
            self.tr("Documents (%1);;All files (*)").replace("%1", patterns),
        )
        if not name:
            return None
        chosen = project_for_path(Path(name), self)
        if chosen is not None:
            self.open_path(chosen)
        return chosen

    @Slot()
    def _offer_initial_path(self) -> None:
        path, self._initial_path = self._initial_path, None
        if path is None:
            return
        chosen = project_for_path(path, self)
        if chosen is not None:
            self.open_path(chosen)

    # --- drag and drop: a project opens, data offers a new project ------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if not paths:
            return
        event.acceptProposedAction()
        # After the drop completes: a modal question inside dropEvent would block the source.
        QTimer.singleShot(0, lambda: self._open_dropped(paths[0]))

    def _open_dropped(self, path: Path) -> None:
        chosen = project_for_path(path, self)
        if chosen is not None:
            self.open_path(chosen)

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to annotator"))
        self.heading.setText(self.tr("annotator"))
        self.subheading.setText(
            self.tr(
                "Label events, actors, places and claims in Arabic news articles, "
                "and export them as training data."
            )
            + "\n"
            + self.tr("Drop a project, a file or a folder here to open it.")
        )
        self.sample_button.setText(self.tr("Open the &sample"))
        self.sample_button.setToolTip(
            self.tr("A small project with sample Arabic articles, to try annotator out")
        )
        self.new_button.setText(self.tr("&New project…"))
        self.open_button.setText(self.tr("&Open project…"))
        self.from_files_button.setText(self.tr("New project from &files…"))
        self.recent_title.setText(self.tr("Recent projects"))
        self.forget_action.setText(self.tr("Remove from the list"))
        self.recent_empty.setText(self.tr("No recent projects yet."))
        self.language_button.setText(self.tr("Language"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
