"""A CRF sequence labeler (python-crfsuite) trained on the documents labeled so far.

Training cuts every token after its proclitics (``features.clitic_pieces``) and at every span
edge, tags the pieces in BIO and fits a linear-chain CRF (L-BFGS, elastic net). Prediction cuts
tokens the same way (names seen in training or in the gazetteer are never cut) and decodes BIO
back into spans over the text, so a predicted span covers ``واشنطن`` in ``لواشنطن``.

Each predicted entity gets a confidence: the smallest marginal probability of its tags (the
CRF's own belief that each of its pieces carries that tag). ``uncertainty(text)`` is one minus
the mean over pieces of the most probable tag's marginal: the order in which to label next.

A model is bytes (``to_bytes``/``from_bytes``): a header with what the features need (the names
not to cut, the gazetteer, the feature version) and crfsuite's own model.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pycrfsuite

from ..tokenize import Token, split_at_boundaries, tokenize
from .features import FEATURE_VERSION, clitic_pieces, keep_word, non_overlapping, sequence_features
from .model_file import pack_model, unpack_model
from .propagate import Hit, Matcher, fold_name

__all__ = ["CrfModel", "TrainingCancelled", "train"]

Example = tuple[str, Sequence[tuple[int, int, str]]]
_MAGIC = b"ANNOTATOR-CRF\n"


class TrainingCancelled(Exception):
    """``should_cancel`` answered True: training stopped, no model."""


def _bio(pieces: Sequence[Token], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(pieces)
    k = 0
    for s, e, label in spans:
        first = True
        while k < len(pieces) and pieces[k][1] <= s:
            k += 1
        j = k
        while j < len(pieces) and pieces[j][0] < e:
            tags[j] = ("B-" if first else "I-") + label
            first = False
            j += 1
    return tags


def _gazetteer_tags(
    matcher: Matcher | None, text: str, pieces: Sequence[Token]
) -> list[str] | None:
    if matcher is None:
        return None
    tags = [""] * len(pieces)
    hits = matcher.hits(text)
    if not hits:
        return tags
    k = 0
    for hit in hits:
        while k < len(pieces) and pieces[k][1] <= hit.start:
            k += 1
        j, first = k, True
        while j < len(pieces) and pieces[j][0] < hit.end:
            tags[j] = ("B-" if first else "I-") + hit.label
            first = False
            j += 1
    return tags


class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
    def __init__(self, on_iteration: Callable[[int], None]) -> None:
        super().__init__(verbose=False)
        self._callback = on_iteration

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        self._callback(int(info.get("num", 0)))


class CrfModel:
    """A trained labeler: ``predict``, ``uncertainty``, ``to_bytes`` / ``from_bytes``."""

    def __init__(
        self, model: bytes, keep: Iterable[str], gazetteer: Iterable[tuple[str, str]]
    ) -> None:
        self._model = model
        self.keep = frozenset(keep)
        self.gazetteer = sorted(set(gazetteer))
        self._gaz_words = {
            fold_name(n): lab for n, lab in self.gazetteer if " " not in fold_name(n)
        }
        self._gaz_matcher = Matcher(self.gazetteer, source="gazetteer") if self.gazetteer else None
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model)
        self.labels: list[str] = list(self._tagger.labels())

    # -- storage -----------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        header = {
            "features": FEATURE_VERSION,
            "keep": sorted(self.keep),
            "gazetteer": self.gazetteer,
        }
        return pack_model(_MAGIC, header, self._model)

    @classmethod
    def from_bytes(cls, data: bytes) -> CrfModel:
        header, weights = unpack_model(_MAGIC, data, "CRF")
        if header.get("features") != FEATURE_VERSION:
            raise ValueError(
                f"CRF model built with features v{header.get('features')}, this version reads "
                f"v{FEATURE_VERSION}: train it again"
            )
        gaz = [(str(n), str(lab)) for n, lab in header["gazetteer"]]
        return cls(weights, header["keep"], gaz)

    # -- prediction --------------------------------------------------------------------------
    def _prepare(
        self, text: str, tokens: Sequence[Token] | None = None
    ) -> tuple[list[Token], list[dict[str, float]]]:
        toks = list(tokens) if tokens is not None else tokenize(text)
        pieces = clitic_pieces(text, toks, self.keep)
        feats = sequence_features(
            text, pieces, toks, gazetteer=self._gaz_words,
            gazetteer_tags=_gazetteer_tags(self._gaz_matcher, text, pieces),
        )  # fmt: skip
        return pieces, feats

    def predict(
        self,
        text: str,
        *,
        skip: Iterable[tuple[int, int]] = (),
        tokens: Sequence[Token] | None = None,
    ) -> list[Hit]:
        """Entities the model finds in ``text`` (none overlapping ``skip``), with confidence."""
        pieces, feats = self._prepare(text, tokens)
        if not pieces:
            return []
        tags = self._tagger.tag(feats)
        taken = list(skip)
        out: list[Hit] = []
        i = 0
        while i < len(tags):
            tag = tags[i]
            if tag == "O":
                i += 1
                continue
            label = tag[2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + label:
                j += 1
            start, end = pieces[i][0], pieces[j - 1][1]
            if not any(s < end and start < e for s, e in taken):
                conf = min(self._tagger.marginal(tags[k], k) for k in range(i, j))
                out.append(Hit(start, end, label, text[start:end], float(conf), "crf"))
            i = j
        return out

    def uncertainty(self, text: str, *, tokens: Sequence[Token] | None = None) -> float:
        """1 - the mean, over the pieces of ``text``, of the most probable tag's marginal: 0 for
        a text the model is sure of, higher for one worth labeling next (0 for an empty text)."""
        pieces, feats = self._prepare(text, tokens)
        if not pieces:
            return 0.0
        self._tagger.set(feats)
        total = 0.0
        for k in range(len(pieces)):
            total += max(self._tagger.marginal(label, k) for label in self.labels)
        return 1.0 - total / len(pieces)


def train(
    examples: Iterable[Example],
    *,
    gazetteer: Iterable[tuple[str, str]] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    max_iterations: int = 100,
    c1: float = 0.05,
    c2: float = 0.01,
) -> CrfModel:
    """A model trained on ``examples`` (``(text, [(start, end, label), ...])``; every span of a
    labeled document, so what is not a span is taught as O).

    ``on_progress(done, total)``: called as documents are read and as the optimiser iterates
    (``total`` counts both); ``should_cancel()``: polled as often, True raises
    ``TrainingCancelled``. Raises ValueError when the examples hold no span at all.
    """
    gaz = sorted({(n, lab) for n, lab in gazetteer or ()})
    gaz_words = {fold_name(n): lab for n, lab in gaz if " " not in fold_name(n)}
    gaz_matcher = Matcher(gaz, source="gazetteer") if gaz else None
    keep: set[str] = {
        k.split(" ")[0] for k in (fold_name(n) for n, _ in gaz) if k and k[0] in "وفبلك"
    }
    docs = [(text, non_overlapping(spans)) for text, spans in examples]
    total = len(docs) + max_iterations

    def tick(done: int) -> None:
        if should_cancel is not None and should_cancel():
            raise TrainingCancelled
        if on_progress is not None:
            on_progress(min(done, total), total)

    prepared: list[tuple[str, list[Token], list[tuple[int, int, str]]]] = []
    for text, spans in docs:
        toks = tokenize(text)
        for s, _e, _label in spans:
            word = keep_word(text, s, toks)
            if word:
                keep.add(word)
        prepared.append((text, toks, spans))
    if not any(spans for _, _, spans in prepared):
        raise ValueError("no labeled span to learn from")
    trainer = _Trainer(lambda n: tick(len(docs) + n))
    for n, (text, toks, spans) in enumerate(prepared, start=1):
        pieces = clitic_pieces(text, toks, keep)
        pieces = split_at_boundaries(pieces, [b for s, e, _ in spans for b in (s, e)])
        feats = sequence_features(
            text, pieces, toks, gazetteer=gaz_words,
            gazetteer_tags=_gazetteer_tags(gaz_matcher, text, pieces),
        )  # fmt: skip
        if pieces:
            trainer.append(feats, _bio(pieces, spans))
        tick(n)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
        }
    )
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)  # TrainingCancelled from on_iteration stops it and comes out here
        with open(path, "rb") as f:
            model = f.read()
    finally:
        os.unlink(path)
    if on_progress is not None:
        on_progress(total, total)
    return CrfModel(model, keep, gaz)
