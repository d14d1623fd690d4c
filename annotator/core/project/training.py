"""The suggestion model (issue 12): a CRF (python-crfsuite, ``suggest.crf``) trained on the
documents marked done, stored in the ``models`` table, pre-annotating the undone documents as
suggestions with a confidence, and how unsure it is of each undone document (``uncertainty``),
the order in which to label next.

Training and pre-annotating are background work: nothing here is in the undo history. The newest
model of a backend replaces the older ones (a model is rebuilt from the data, never edited).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ..changes import ChangeSet
from ..errors import AnnotatorError
from ..model import ModelInfo
from .common import _CHUNK, _iso_from_ms, _now_ms
from .suggestions import Cancel, Progress, SuggestionCancelled, SuggestionsMixin

BACKENDS = ("crf", "spacy")
UNDONE = ("new", "in_progress")


class TrainingMixin(SuggestionsMixin):
    # ------------------------------------------------------------------ models
    def model_info(self, backend: str | None = None) -> ModelInfo | None:
        """The newest stored model (of ``backend``, or of any), None when there is none."""
        row = self._conn.execute(
            "SELECT id, backend, created, trained_on, meta FROM models "
            "WHERE ? IS NULL OR backend = ? ORDER BY id DESC LIMIT 1",
            (backend, backend),
        ).fetchone()
        if row is None:
            return None
        return ModelInfo(row[0], row[1], _iso_from_ms(row[2]), row[3], json.loads(row[4]))

    def training_due(self, every: int = 10) -> bool:
        """True when ``every`` documents or more were marked done since the newest model was
        trained (or there is none and ``every`` are done): time to train again."""
        done = self.document_count("done")
        info = self.model_info()
        return done >= every and done - (info.trained_on if info else 0) >= every

    def _examples(self) -> list[tuple[str, list[tuple[int, int, str]]]]:
        examples: dict[int, tuple[str, list[tuple[int, int, str]]]] = {}
        for doc_id, text in self._conn.execute(
            "SELECT id, text FROM documents WHERE status = 'done' ORDER BY id"
        ):
            examples[doc_id] = (text, [])
        for doc_id, s, e, lab in self._conn.execute(
            'SELECT s.document_id, s.start, s."end", s.label FROM spans s '
            "JOIN documents d ON d.id = s.document_id WHERE d.status = 'done' "
            'ORDER BY s.document_id, s.start, s."end"'
        ):
            examples[doc_id][1].append((s, e, lab))
        return list(examples.values())

    def train_model(
        self,
        *,
        backend: str = "crf",
        on_progress: Progress = None,
        should_cancel: Cancel = None,
        max_iterations: int = 100,
    ) -> ModelInfo:
        """Train a model on the documents marked done (AnnotatorError when none has a span),
        store it, and score every undone document's uncertainty with it (the CRF only).
        ``backend`` "spacy" needs the spacy extra; ``max_iterations`` is its epochs then."""
        if backend not in BACKENDS:
            raise AnnotatorError(f"unknown model backend {backend!r} (expected crf or spacy)")
        if backend == "spacy":
            from ..suggest.spacy_ner import available

            if not available():
                raise AnnotatorError(
                    "the spacy backend needs spaCy: pip install 'annotator[spacy]' (or train "
                    "the crf model, which needs nothing more)"
                )
        examples = self._examples()
        if not any(spans for _, spans in examples):
            raise AnnotatorError(
                f"nothing to learn from: no document marked done has a span ({len(examples)} done)"
            )
        model: Any
        if backend == "spacy":
            from ..suggest import spacy_ner

            try:
                model = spacy_ner.train(
                    examples,
                    on_progress=on_progress,
                    should_cancel=should_cancel,
                    epochs=max_iterations,
                )
            except spacy_ner.TrainingCancelled:
                raise SuggestionCancelled("training stopped: no model was stored") from None
        else:
            from ..suggest import crf

            try:
                model = crf.train(
                    examples,
                    gazetteer=self.gazetteer(),
                    on_progress=on_progress,
                    should_cancel=should_cancel,
                    max_iterations=max_iterations,
                )
            except crf.TrainingCancelled:
                raise SuggestionCancelled("training stopped: no model was stored") from None
        meta = {
            "labels": sorted({lab for _, spans in examples for *_, lab in spans}),
            "spans": sum(len(spans) for _, spans in examples),
            "max_iterations": max_iterations,
        }
        with self._tx() as conn:
            conn.execute("DELETE FROM models WHERE backend = ?", (backend,))
            row = self._insert_row(
                conn,
                "models",
                {
                    "backend": backend,
                    "created": _now_ms(),
                    "trained_on": len(examples),
                    "meta": json.dumps(meta, ensure_ascii=False),
                    "data": model.to_bytes(),
                },
            )
            self._log(conn, "train_model", backend=backend, trained_on=len(examples))
        info = self.model_info(backend)
        assert info is not None and info.id == row.id
        with self._tx() as conn:
            # the scores of an older model (or of another backend) no longer hold
            conn.execute("DELETE FROM uncertainty")
        if backend == "crf":
            self._score_uncertainty(model, row.id, self.document_ids_with_status(UNDONE))
        return info

    def _load_model(self) -> tuple[int, Any]:
        """The newest stored model, of whichever backend, loaded."""
        row = self._conn.execute(
            "SELECT id, backend, data FROM models ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise AnnotatorError("no model yet: train one first (annotator train)")
        try:
            if row[1] == "spacy":
                from ..suggest import spacy_ner

                if not spacy_ner.available():
                    raise AnnotatorError(
                        "the newest model was trained with spaCy, which is not installed: "
                        "pip install 'annotator[spacy]', or train the crf model again"
                    )
                return row[0], spacy_ner.SpacyModel.from_bytes(bytes(row[2]))
            from ..suggest.crf import CrfModel

            return row[0], CrfModel.from_bytes(bytes(row[2]))
        except ValueError as exc:
            raise AnnotatorError(f"{self.path}: the stored model cannot be used ({exc})") from None

    def document_ids_with_status(self, statuses: Sequence[str]) -> list[int]:
        marks = ",".join("?" * len(statuses))
        return [
            r[0]
            for r in self._conn.execute(
                f"SELECT id FROM documents WHERE status IN ({marks}) ORDER BY id", list(statuses)
            )
        ]

    def _score_uncertainty(self, model: Any, model_id: int, doc_ids: Sequence[int]) -> None:
        for i in range(0, len(doc_ids), _CHUNK):
            chunk = list(doc_ids[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            values = [
                (d, model_id, float(model.uncertainty(text)))
                for d, text in self._conn.execute(
                    f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk
                )
            ]
            with self._tx() as conn:
                conn.executemany(
                    "INSERT INTO uncertainty (document_id, model_id, value) VALUES (?, ?, ?) "
                    "ON CONFLICT(document_id) DO UPDATE SET model_id = excluded.model_id, "
                    "value = excluded.value",
                    values,
                )

    def pre_annotate(
        self,
        doc_ids: Sequence[int] | None = None,
        *,
        min_score: float = 0.0,
        should_cancel: Cancel = None,
        on_progress: Progress = None,
    ) -> ChangeSet:
        """The newest model's entities in the undone documents (of ``doc_ids``, or all) as
        suggestions with its confidence, and each document's uncertainty refreshed."""
        model_id, model = self._load_model()
        undone = set(self.document_ids_with_status(UNDONE))
        ids = [d for d in (self.document_ids() if doc_ids is None else doc_ids) if d in undone]
        scores: dict[int, float] = {}
        # a label removed since the model was trained is not suggested
        labels = set(self._label_names())

        def find(doc_id: int, text: str, spans: list[tuple[int, int]], toks: Any) -> list[Any]:
            value = model.uncertainty(text, tokens=toks)
            if value is not None:  # spaCy's greedy NER has none
                scores[doc_id] = float(value)
            return [
                h
                for h in model.predict(text, skip=spans, tokens=toks)
                if h.score >= min_score and h.label in labels
            ]

        cs = self._suggest_over(ids, find, "model", should_cancel, on_progress)
        with self._tx() as conn:
            conn.executemany(
                "INSERT INTO uncertainty (document_id, model_id, value) VALUES (?, ?, ?) "
                "ON CONFLICT(document_id) DO UPDATE SET model_id = excluded.model_id, "
                "value = excluded.value",
                [(d, model_id, v) for d, v in scores.items()],
            )
        return cs

    # ------------------------------------------------------------------ active ordering
    def document_uncertainty(self, doc_id: int) -> float | None:
        """How unsure the newest model is of the document (0 sure, 1 lost); None when it was
        not scored (done documents, or no model)."""
        row = self._conn.execute(
            "SELECT value FROM uncertainty WHERE document_id = ?", (doc_id,)
        ).fetchone()
        return float(row[0]) if row else None

    def order_by_uncertainty(self, ids: Sequence[int]) -> list[int]:
        """``ids`` with the most uncertain first; unscored ones after, in their order."""
        values: dict[int, float] = dict(
            self._conn.execute("SELECT document_id, value FROM uncertainty").fetchall()
        )
        pos = {d: i for i, d in enumerate(ids)}
        return sorted(ids, key=lambda d: (d not in values, -values.get(d, 0.0), pos[d]))

    def next_undone(
        self, order: str = "uncertainty", *, exclude: Callable[[int], bool] | None = None
    ) -> int | None:
        """The undone document to label next: the one the model is least sure of
        (``order="uncertainty"``; import order when none is scored), or the first in import
        order (``"id"``). ``exclude`` skips some (the one open)."""
        if order not in ("uncertainty", "id"):
            raise AnnotatorError(f"unknown order {order!r} (expected uncertainty or id)")
        ids = self.document_ids_with_status(UNDONE)
        if order == "uncertainty":
            ids = self.order_by_uncertainty(ids)
        for d in ids:
            if exclude is None or not exclude(d):
                return d
        return None
