"""The optional spaCy backend of the suggestion model (``annotator train --backend spacy``, with
the ``spacy`` extra installed): a blank multi-language pipeline with an ``ner`` component
trained on the documents marked done.

spaCy's tokenizer leaves Arabic proclitics on their word, so a span on ``واشنطن`` inside
``لواشنطن`` could never be an entity: the Doc is built from the same pieces the CRF uses
(``features.clitic_pieces``: tokens cut after their proclitics, names seen in training never
cut), and entities are mapped back to text offsets through them.

spaCy's greedy NER gives no confidence for an entity: its suggestions carry ``SCORE`` (0.5), and
it scores no document's uncertainty (the active ordering needs the CRF).

A model is bytes: a header (the names not to cut, the labels) and ``nlp.to_bytes()``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..tokenize import Token, split_at_boundaries, tokenize
from .features import clitic_pieces, keep_word, non_overlapping
from .model_file import pack_model, unpack_model
from .propagate import Hit

__all__ = ["SCORE", "SpacyModel", "available", "train"]

SCORE = 0.5
_MAGIC = b"ANNOTATOR-SPACY\n"
Example = tuple[str, Sequence[tuple[int, int, str]]]


def available() -> bool:
    """True when spaCy can be imported (the ``spacy`` extra)."""
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def _doc(nlp: Any, text: str, pieces: Sequence[Token]) -> Any:
    from spacy.tokens import Doc

    words = [text[s:e] for s, e in pieces]
    spaces = [i + 1 < len(pieces) and pieces[i + 1][0] > e for i, (_s, e) in enumerate(pieces)]
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _blank(labels: Iterable[str]) -> Any:
    import spacy

    nlp = spacy.blank("xx")
    ner: Any = nlp.add_pipe("ner")
    for label in sorted(set(labels)):
        ner.add_label(label)
    return nlp


class SpacyModel:
    """A trained spaCy NER: ``predict``, ``to_bytes`` / ``from_bytes`` (as ``crf.CrfModel``)."""

    def __init__(self, nlp: Any, keep: Iterable[str], labels: Iterable[str]) -> None:
        self.nlp = nlp
        self.keep = frozenset(keep)
        self.labels = sorted(set(labels))

    def to_bytes(self) -> bytes:
        weights: bytes = self.nlp.to_bytes()
        return pack_model(_MAGIC, {"keep": sorted(self.keep), "labels": self.labels}, weights)

    @classmethod
    def from_bytes(cls, data: bytes) -> SpacyModel:
        header, weights = unpack_model(_MAGIC, data, "spaCy")
        nlp = _blank(header["labels"])
        nlp.initialize()
        nlp.from_bytes(weights)
        return cls(nlp, header["keep"], header["labels"])

    def predict(
        self,
        text: str,
        *,
        skip: Iterable[tuple[int, int]] = (),
        tokens: Sequence[Token] | None = None,
    ) -> list[Hit]:
        toks = list(tokens) if tokens is not None else tokenize(text)
        pieces = clitic_pieces(text, toks, self.keep)
        if not pieces:
            return []
        doc = self.nlp(_doc(self.nlp, text, pieces))
        taken = list(skip)
        out = []
        for ent in doc.ents:
            start, end = pieces[ent.start][0], pieces[ent.end - 1][1]
            if not any(s < end and start < e for s, e in taken):
                out.append(Hit(start, end, ent.label_, text[start:end], SCORE, "spacy"))
        return out

    def uncertainty(self, text: str, *, tokens: Sequence[Token] | None = None) -> float | None:
        return None  # greedy NER: no marginals to measure it with


class TrainingCancelled(Exception):
    """``should_cancel`` answered True: training stopped, no model."""


def train(
    examples: Iterable[Example],
    *,
    on_progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    epochs: int = 20,
    seed: int = 0,
) -> SpacyModel:
    """A spaCy NER trained on ``examples`` (every span of each labeled document)."""
    from spacy.training import Example as SpacyExample
    from spacy.util import fix_random_seed

    fix_random_seed(seed)
    docs = [(text, non_overlapping(spans)) for text, spans in examples]
    if not any(spans for _, spans in docs):
        raise ValueError("no labeled span to learn from")
    keep: set[str] = set()
    prepared = []
    for text, spans in docs:
        toks = tokenize(text)
        for s, _e, _label in spans:
            word = keep_word(text, s, toks)
            if word:
                keep.add(word)
        prepared.append((text, toks, spans))
    labels = {label for _, _, spans in prepared for *_, label in spans}
    nlp = _blank(labels)
    train_set = []
    for text, toks, spans in prepared:
        pieces = clitic_pieces(text, toks, keep)
        pieces = split_at_boundaries(pieces, [b for s, e, _ in spans for b in (s, e)])
        if not pieces:
            continue
        doc = _doc(nlp, text, pieces)
        starts = {s: i for i, (s, _e) in enumerate(pieces)}
        ends = {e: i for i, (_s, e) in enumerate(pieces)}
        ents = [
            (starts[s], ends[e] + 1, label) for s, e, label in spans if s in starts and e in ends
        ]
        tags = ["O"] * len(pieces)
        for i, j, label in ents:
            tags[i] = f"B-{label}"
            for k in range(i + 1, j):
                tags[k] = f"I-{label}"
            if j - i == 1:
                tags[i] = f"U-{label}"
            else:
                tags[i], tags[j - 1] = f"B-{label}", f"L-{label}"
        train_set.append(SpacyExample.from_dict(doc, {"entities": tags}))
    optimizer = nlp.initialize(lambda: train_set)
    rng = random.Random(seed)
    for epoch in range(epochs):
        if should_cancel is not None and should_cancel():
            raise TrainingCancelled
        rng.shuffle(train_set)
        for at in range(0, len(train_set), 8):
            nlp.update(train_set[at : at + 8], drop=0.2, sgd=optimizer)
        if on_progress is not None:
            on_progress(epoch + 1, epochs)
    return SpacyModel(nlp, keep, labels)
