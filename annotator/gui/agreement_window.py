"""Tools > Agreement…: how two annotators agree, seen rather than read (issue 11).

Two annotator pickers, the pair's figures, their label-by-label confusion heatmap (the painter
of ``heatmap.py``, the same as ``annotator agreement --plot``) and the documents they finished
sorted by disagreement, most first; a click or Enter opens one in the main window. The figures
come from ``core.agreement`` over the documents both finished (docs/agreement.md).

Reading and computing run in a worker thread (``agreement_task``) with a busy bar and Cancel: when
the window opens, when the pair changes, on Refresh, and after edits in the main window
(``Operations.changed``, debounced, and only while the window is visible: a hidden window is
recomputed when shown again). Each request has a generation number; a result for an older one
(the pair changed meanwhile, the window closed) is dropped.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core import agreement as ag
from . import agreement_task, i18n
from .heatmap import HeatmapData, HeatmapWidget
from .tasks import Task

DOC_ROLE = Qt.ItemDataRole.UserRole
# Edits come in bursts (a drag, undo pressed repeatedly): recompute once they pause.
REFRESH_DELAY_MS = 500

# The main window (it imports project_tools, which opens this window: no import back).
MainWindow = Any


class AgreementWindow(QWidget):
    """A top-level window over the main window's project."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("agreementWindow")
        self.main_window = window
        self.data: agreement_task.AgreementData | None = None
        self.result: ag.Agreement | None = None
        self.task: Task | None = None  # the computation whose result will be shown
        self._generation = 0
        self._stale = False  # the project changed while the window was hidden
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self._refresh_if_seen)

        self.a_label = QLabel(self)
        self.a_combo = QComboBox(self)
        self.a_combo.setObjectName("annotatorA")
        self.b_label = QLabel(self)
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("annotatorB")
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("refreshAgreement")
        pick = QHBoxLayout()
        for w in (self.a_label, self.a_combo, self.b_label, self.b_combo):
            pick.addWidget(w)
        pick.addStretch(1)
        pick.addWidget(self.refresh_button)

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("agreementBusy")
        self.busy_bar.setRange(0, 0)  # how long is unknown: a busy bar
        self.busy_bar.setTextVisible(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelAgreement")
        busy = QHBoxLayout()
        busy.addWidget(self.busy_bar, 1)
        busy.addWidget(self.cancel_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("agreementSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # annotator names are user text
        self.summary.setWordWrap(True)
        self.heatmap = HeatmapWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.heatmap)
        scroll.setWidgetResizable(True)
        self.docs_title = QLabel(self)
        self.doc_list = QListWidget(self)
        self.doc_list.setObjectName("disagreementList")
        docs = QWidget(self)
        dl = QVBoxLayout(docs)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.docs_title)
        dl.addWidget(self.doc_list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scroll)
        splitter.addWidget(docs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addLayout(busy)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self.a_combo.currentIndexChanged.connect(lambda _i: self.show_pair())
        self.b_combo.currentIndexChanged.connect(lambda _i: self.show_pair())
        self.refresh_button.clicked.connect(lambda _=False: self.reload())
        self.cancel_button.clicked.connect(lambda _=False: self.cancel())
        window.ops.changed.connect(self._project_changed)
        self.doc_list.itemClicked.connect(self._open)
        self.doc_list.itemActivated.connect(self._open)  # Enter, or a double click
        self.retranslate()
        self.reload()
        self.resize(980, 560)

    # --- data (read and computed in a worker: agreement_task) ------------------------------------

    def reload(self) -> None:
        """Read the project again (in a worker): everyone with spans, the pair's figures."""
        self._start()

    def pair(self) -> tuple[str, str] | None:
        a, b = self.a_combo.currentText(), self.b_combo.currentText()
        return (a, b) if a and b and a != b else None

    def is_busy(self) -> bool:
        """A computation runs whose result will be shown."""
        return self.task is not None

    def _start(self) -> None:
        """Cancel what runs (its result would be stale) and compute the picked pair afresh."""
        self._stale = False
        self._drop_task()
        self._generation += 1
        generation = self._generation
        path = self.main_window.project.path
        wanted = (self.a_combo.currentText(), self.b_combo.currentText())
        labels = [lab.name for lab in self.main_window.project.labels()]
        task = Task(lambda ctx: agreement_task.compute(path, wanted, labels, ctx.check))
        task.succeeded.connect(lambda data: self._on_result(generation, data))
        task.failed.connect(lambda _exc, details: self._on_failed(generation, details))
        task.cancelled.connect(lambda: self._on_cancelled(generation))
        self.task = task
        self._set_busy(True)
        task.start()

    def _drop_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def cancel(self) -> None:
        """Stop the computation that runs; Refresh starts it again."""
        if self.task is None:
            return
        self._drop_task()
        self._generation += 1  # whatever it still delivers is ignored
        self._set_busy(False)
        self.data = None
        self.result = None
        self._render()
        self.summary.setText(self.tr("Cancelled. Press Refresh to compute the agreement."))

    def _current(self, generation: int) -> bool:
        # A result for an older request (the pair changed, Refresh, the window closed) is stale.
        # The connections are lambdas: a deleted window must not be touched either.
        return generation == self._generation and shiboken6.isValid(self)

    def _on_result(self, generation: int, data: agreement_task.AgreementData) -> None:
        if not self._current(generation):
            return
        self.task = None
        self._set_busy(False)
        self.data = data
        self.result = data.result
        for combo in (self.a_combo, self.b_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(data.names)
            # the pair shown is the pair computed: no new request from here
            who = (data.pair or ("", ""))[0 if combo is self.a_combo else 1]
            combo.setCurrentIndex(data.names.index(who) if who in data.names else -1)
            combo.blockSignals(False)
        self._render()

    def _on_failed(self, generation: int, details: str) -> None:
        if not self._current(generation):
            return
        self.task = None
        self._set_busy(False)
        self.data = None
        self.result = None
        self._render()
        last = details.strip().splitlines()[-1] if details.strip() else ""
        self.summary.setText(self.tr("The agreement could not be computed: %1").replace("%1", last))

    def _on_cancelled(self, generation: int) -> None:
        if self._current(generation):  # cancelled by cancel(), which already said so
            self.task = None
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:  # what is shown would belong to the request before
            self.doc_list.clear()
            self.heatmap.set_data(None)
            self.summary.setText(self.tr("Computing…"))

    def show_pair(self) -> None:
        """The picked pair changed: compute its figures (the pair shown until then is stale)."""
        self._start()

    def _render(self) -> None:
        """Figures, heatmap and document list of the last result, in the UI's language."""
        self.doc_list.clear()
        data = self.data
        if data is None or data.result is None or data.pair is None or data.confusion is None:
            self.heatmap.set_data(None)
            self._update_summary()
            return
        a, b = data.pair
        labels = self.main_window.project.labels()
        names = {lab.name: i18n.label_display_name(lab) for lab in labels}
        names[ag.MISSED] = self.tr("missed")
        names[ag.EXTRA] = self.tr("extra")
        self.heatmap.set_data(
            HeatmapData.from_confusion(
                data.confusion,
                self.tr("Spans matched by overlap"),
                names,
                self.tr("%1 (rows)").replace("%1", a),
                self.tr("%1 (columns)").replace("%1", b),
            )
        )
        for row in data.disagreements:
            f1 = "—" if row.f1_exact is None else f"{row.f1_exact:.2f}"
            text = self.tr("%1 — %n difference(s), F1 %2", "", row.differences)
            # the title isolated, the line in the UI's direction: an Arabic title first must
            # not turn an English line around
            title = "\u2068" + row.title + "\u2069"
            mark = "\u200f" if i18n.is_rtl() else "\u200e"
            item = QListWidgetItem(mark + text.replace("%1", title).replace("%2", f1))
            item.setData(DOC_ROLE, row.document_id)
            self.doc_list.addItem(item)
        self._update_summary()

    # --- following the project ------------------------------------------------------------------

    def _project_changed(self, _cs: object) -> None:
        """An edit in the main window: recompute once the edits pause, and only when seen."""
        if self.isVisible():
            self._debounce.start()
        else:
            self._stale = True

    def _refresh_if_seen(self) -> None:
        if self.isVisible():
            self._start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._start()

    def closeEvent(self, event: QCloseEvent) -> None:
        # a running computation ends on its own (its own connection); its result is ignored
        self._debounce.stop()
        if self.task is not None:
            self._drop_task()
            self._generation += 1
            self._set_busy(False)
            self._stale = True
        super().closeEvent(event)

    def document_ids(self) -> list[int]:
        """The listed documents, in the order shown."""
        return [self.doc_list.item(i).data(DOC_ROLE) for i in range(self.doc_list.count())]

    def _open(self, item: QListWidgetItem) -> None:
        self.main_window.open_document(int(item.data(DOC_ROLE)))
        self.main_window.raise_()
        self.main_window.activateWindow()

    # --- text ----------------------------------------------------------------------------------

    def _fig(self, fig: ag.Figure) -> str:
        return self.tr("n/a") if fig.value is None else f"{fig.value:.3f}"

    def _update_summary(self) -> None:
        if self.a_combo.count() < 2:
            self.summary.setText(
                self.tr("Agreement needs spans by at least two annotators in this project.")
            )
            return
        if self.result is None:
            self.summary.setText(self.tr("Pick two different annotators."))
            return
        overall = next(p for p in self.result.pairs if p.label is None)
        text = self.tr(
            "%1 documents finished by both · F1 exact %2 · F1 overlap %3 · Cohen's kappa %4 · "
            "Krippendorff's alpha %5"
        )
        for key, value in (
            ("%1", str(self.result.documents)),
            ("%2", self._fig(overall.f1_exact)),
            ("%3", self._fig(overall.f1_overlap)),
            ("%4", self._fig(overall.kappa)),
            ("%5", self._fig(self.result.alpha["all"])),
        ):
            text = text.replace(key, value)
        undefined = any(
            f.value is None for f in (overall.f1_exact, overall.kappa, self.result.alpha["all"])
        )
        if undefined:
            text += "\n" + self.tr(
                "n/a: not defined on these documents (no spans, or every token has the same tag)."
            )
        self.summary.setText(text)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Agreement"))
        self.a_label.setText(self.tr("Annotator A:"))
        self.b_label.setText(self.tr("Annotator B:"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.docs_title.setText(self.tr("Documents, most disagreement first"))
        if self.task is not None:
            self.summary.setText(self.tr("Computing…"))
        elif self.data is not None:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
