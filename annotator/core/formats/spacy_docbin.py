"""spaCy DocBin (``.spacy``), the training format of ``spacy train``. Needs the optional extra
``annotator[spacy]`` (spaCy 3.x).

Each Doc is built with ``Doc(vocab, words=..., spaces=...)`` from our own tokens (or the document's
own tokens), split at every span boundary, with the whitespace between tokens as words of its own
except a single space after a word (its ``spaces`` flag). So ``doc.text`` is exactly the stored text
and every span aligns with tokens (``doc.char_span(start, end)`` never fails). All spans go to
``doc.spans["sc"]`` (the span categorizer's default key; overlaps allowed); each sentence's
first token has ``is_sent_start`` (the others False), so ``doc.sents`` works; the spans that do not
overlap, chosen by ``--layer`` or the label order as for BIO, go to ``doc.ents``, and the spans left
out of ``doc.ents`` are counted in the report. The document's id, title, status and metadata are in
``doc.user_data``.

Relations, event frames, attributes and notes go to ``doc.user_data`` too, as plain JSON-like
values (lists, dicts, strings, numbers), so they load with spaCy alone, without annotator. A
span is named by ``[start_char, end_char, label]``, which matches exactly one span of
``doc.spans["sc"]`` (``span.start_char, span.end_char, span.label_``):

- ``user_data["annotator_relations"]``: ``[{"head": [s, e, "ACTOR"], "tail": [s, e, "ACTOR"],
  "type": "member_of"}]`` (plus ``"annotator"`` when known);
- ``user_data["annotator_frames"]``: ``[{"id": "F1", "trigger": [s, e, "EVENT"], "type":
  "EVENT", "args": [{"role": "agent", "span": [s, e, "ACTOR"]}, {"role": "about", "frame":
  "F2"}], "attributes": {"type": "attack"}, "note": "..."}]`` (a ``frame`` argument names
  another frame of the same list by its ``id``);
- ``user_data["annotator_span_attributes"]``: ``[{"span": [s, e, "ACTOR"], "attributes":
  {"negated": true}, "note": "..."}]`` for the spans that have attributes or a note;
- ``user_data["note"]``: the document's note (or None).

The keys are always present (empty lists when there is nothing).

Read it back with ``DocBin().from_disk(path).get_docs(spacy.blank("ar").vocab)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError
from ..model import DocRecord, SpanRecord
from ._links import add_extras, spans_by_id
from ._shared import (
    ExportCounter,
    check_span_text,
    choose_non_overlapping,
    doc_tokens,
    parse_layer,
    spacy_segments,
)

SPANS_KEY = "sc"


def _import_spacy() -> Any:
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise AnnotatorError(
            "the spacy format needs spaCy: install the extra with  pip install 'annotator[spacy]'"
        ) from None
    return spacy, Doc, DocBin, Vocab


def write_spacy(
    records: Iterable[DocRecord],
    output: Path,
    *,
    layer: str | Sequence[str] | None = None,
    project_labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Write ``records`` to a DocBin file ``output``; returns the report."""
    if str(output) == "-":
        raise AnnotatorError("the spacy format is binary: give a file name with --output")
    _spacy, Doc, DocBin, Vocab = _import_spacy()
    layer_list = parse_layer(layer, project_labels)
    vocab = Vocab()
    db = DocBin(store_user_data=True)
    counter = ExportCounter("spacy")
    ents_total = 0
    extras: dict[str, Any] = {}
    for rec in records:
        check_span_text(rec)
        counter.documents += 1
        text = rec.text
        toks = doc_tokens(rec)
        segs = spacy_segments(text, toks.tokens, rec.spans)
        # Sentence starts (the document's own, or tokenize.sentence_breaks): the parser-free
        # pipelines a trainer builds need them, and a 25,000-token Doc without them is one
        # sentence. Whitespace tokens never start a sentence.
        firsts = {toks.tokens[i][0] for i, _e in toks.sentences()}
        sent_starts = [k == 0 or a in firsts for k, (a, _b, _ws) in enumerate(segs)]
        doc = Doc(
            vocab,
            words=[text[a:b] for a, b, _ws in segs],
            spaces=[ws for *_ab, ws in segs],
            sent_starts=sent_starts,
        )
        if doc.text != text:  # cannot happen unless spacy_segments is broken; never write bad data
            raise AnnotatorError(f"document {rec.external_id!r}: spaCy tokens do not rebuild it")
        group = []
        for sp in rec.spans:
            span = doc.char_span(sp.start, sp.end, label=sp.label)
            if span is None:
                raise AnnotatorError(
                    f"document {rec.external_id!r}: span {sp.start}-{sp.end} does not align"
                )
            group.append(span)
            counter.wrote(sp)
        doc.spans[SPANS_KEY] = group
        kept = choose_non_overlapping(rec, toks, counter, layer=layer_list, labels=project_labels)
        ents = []
        last_end = -1
        for sp, _first, _last in kept:  # sorted by token; check characters too
            if sp.start < last_end:
                counter.leave_out(rec, sp, "overlaps a span of higher priority")
                continue
            ents.append(doc.char_span(sp.start, sp.end, label=sp.label))
            last_end = sp.end
        doc.ents = ents
        ents_total += len(ents)
        doc.user_data["id"] = rec.external_id
        doc.user_data["title"] = rec.title
        doc.user_data["status"] = rec.status
        doc.user_data["meta"] = dict(rec.meta or {})
        doc.user_data.update(links_user_data(rec))
        add_extras(extras, rec)
        db.add(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(output)
    counter.extra["ents"] = ents_total
    counter.extra["spans_key"] = SPANS_KEY
    counter.extra.update(extras)
    return counter.report()


def _key(span: SpanRecord) -> list[Any]:
    return [span.start, span.end, span.label]


def links_user_data(rec: DocRecord) -> dict[str, Any]:
    """The ``user_data`` entries for the relations, frames, attributes and notes of ``rec``
    (see the module docstring)."""
    spans = spans_by_id(rec)
    relations = []
    for rel in rec.relations:
        obj: dict[str, Any] = {
            "head": _key(spans[rel.head]),
            "tail": _key(spans[rel.tail]),
            "type": rel.type,
        }
        if rel.annotator:
            obj["annotator"] = rel.annotator
        relations.append(obj)
    frames = []
    for fr in rec.frames:
        args = [
            {"role": a.role, "span": _key(spans[a.span])}
            if a.span is not None
            else {"role": a.role, "frame": a.frame}
            for a in fr.args
        ]
        frame: dict[str, Any] = {
            "id": fr.id,
            "trigger": _key(spans[fr.trigger]),
            "type": fr.type,
            "args": args,
            "attributes": dict(fr.attributes),
            "note": fr.note,
        }
        if fr.annotator:
            frame["annotator"] = fr.annotator
        frames.append(frame)
    span_attributes = [
        {"span": _key(sp), "attributes": dict(sp.attributes), "note": sp.note}
        for sp in rec.spans
        if sp.attributes or sp.note
    ]
    return {
        "annotator_relations": relations,
        "annotator_frames": frames,
        "annotator_span_attributes": span_attributes,
        "note": rec.note,
    }
