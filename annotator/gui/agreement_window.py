"""Tools > Agreement…: how two annotators agree, seen rather than read (issue 11).

Two annotator pickers, the pair's figures, their label-by-label confusion heatmap (the painter
of ``heatmap.py``, the same as ``annotator agreement --plot``) and the documents they finished
sorted by disagreement, most first; a click or Enter opens one in the main window. The figures
come from ``core.agreement`` over the documents both finished (docs/agreement.md). Data is read
once when the window opens (Refresh reads it again), on the UI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core import agreement as ag
from ..core.agreement_data import annotators, common_documents, finished_by_spans, load_layers
from . import i18n
from .heatmap import HeatmapData, HeatmapWidget

DOC_ROLE = Qt.ItemDataRole.UserRole

# The main window (it imports project_tools, which opens this window: no import back).
MainWindow = Any


class AgreementWindow(QWidget):
    """A top-level window over the main window's project."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("agreementWindow")
        self.main_window = window
        self.layers: ag.Layers | None = None
        self.finished: dict[str, set[int]] = {}
        self.result: ag.Agreement | None = None

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
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self.a_combo.currentIndexChanged.connect(lambda _i: self.show_pair())
        self.b_combo.currentIndexChanged.connect(lambda _i: self.show_pair())
        self.refresh_button.clicked.connect(lambda _=False: self.reload())
        self.doc_list.itemClicked.connect(self._open)
        self.doc_list.itemActivated.connect(self._open)  # Enter, or a double click
        self.retranslate()
        self.reload()
        self.resize(980, 560)

    # --- data ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the project again: everyone with spans, and what each finished."""
        project = self.main_window.project
        names = annotators(project)
        self.finished = finished_by_spans(project, names)
        self.layers = load_layers(project, names, sorted(set().union(*self.finished.values())))
        keep = (self.a_combo.currentText(), self.b_combo.currentText())
        for combo in (self.a_combo, self.b_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.blockSignals(False)
        a, b = keep if keep[0] in names and keep[1] in names else (names + ["", ""])[:2]
        self.a_combo.setCurrentIndex(names.index(a) if a in names else -1)
        self.b_combo.setCurrentIndex(names.index(b) if b in names else -1)
        self.show_pair()

    def pair(self) -> tuple[str, str] | None:
        a, b = self.a_combo.currentText(), self.b_combo.currentText()
        return (a, b) if a and b and a != b else None

    def _pair_layers(self, a: str, b: str) -> ag.Layers:
        assert self.layers is not None
        docs = common_documents(self.finished, [a, b])
        texts = {d: self.layers.texts[d] for d in docs}
        return ag.Layers([a, b], texts, self.layers.spans, self.layers.relations,
                         self.layers.titles, self.layers.symmetric)  # fmt: skip

    def show_pair(self) -> None:
        """Figures, heatmap and document list of the annotators picked."""
        self.doc_list.clear()
        pair = self.pair()
        if pair is None or self.layers is None:
            self.result = None
            self.heatmap.set_data(None)
            self._update_summary()
            return
        a, b = pair
        layers = self._pair_layers(a, b)
        self.result = ag.compute(layers)
        labels = self.main_window.project.labels()
        confusion = ag.confusion(layers, a, b, [lab.name for lab in labels])
        names = {lab.name: i18n.label_display_name(lab) for lab in labels}
        names[ag.MISSED] = self.tr("missed")
        names[ag.EXTRA] = self.tr("extra")
        self.heatmap.set_data(
            HeatmapData.from_confusion(
                confusion,
                self.tr("Spans matched by overlap"),
                names,
                self.tr("%1 (rows)").replace("%1", a),
                self.tr("%1 (columns)").replace("%1", b),
            )
        )
        for row in ag.disagreements(layers, a, b):
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
        self.docs_title.setText(self.tr("Documents, most disagreement first"))
        if self.layers is not None:
            self.show_pair()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
