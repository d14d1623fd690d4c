"""Hugging Face token classification: JSONL ``{"id", "tokens", "ner_tags"}`` with BIO tags.

One line per document. ``ner_tags`` are integers into the label list, written beside the data as
``label_list.json`` (``["O", "B-EVENT", "I-EVENT", ...]``, the ``ClassLabel`` names); the dataset
card's ``dataset_info.json`` carries the same list as ``datasets`` features. Label ids follow the
project's label order (``--layer`` restricts and orders them), so train, dev and test files of one
export share one list.

Tokens come from our tokenizer (or the document's own tokens, for documents imported from CoNLL or
BIO), split where a span boundary falls inside a token, so no span is lost to tokenization. BIO
cannot hold overlapping spans: ``--layer LABEL,...`` or the label order picks the spans that go in;
the spans left out are counted in the report (and printed by the CLI).

Import reads the same files (``ner_tags`` as integers with ``label_list.json`` beside the file, or
as tag strings); the text is rebuilt by joining the tokens with spaces, and the tokens are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import DocRecord, SpanRecord
from ..text import BOM, read_text_file
from ._shared import ExportCounter, Warn, bio_documents, decode_tags, parse_layer
from .io import OnError, iter_json_objects, json_line, loads_json, open_text_output, reject

LABEL_LIST = "label_list.json"


def tag_names(labels: Sequence[str]) -> list[str]:
    """``["O", "B-L1", "I-L1", "B-L2", ...]`` for ``labels`` in order."""
    names = ["O"]
    for lab in labels:
        names += [f"B-{lab}", f"I-{lab}"]
    return names


def write_hf(
    records: Iterable[DocRecord],
    output: Path,
    *,
    layer: str | Sequence[str] | None = None,
    project_labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Write BIO JSONL to ``output`` and ``label_list.json`` beside it; returns the report."""
    layer_list = parse_layer(layer, project_labels)
    order = list(layer_list or project_labels or [])
    tag_id = {name: i for i, name in enumerate(tag_names(order))}
    counter = ExportCounter("hf")
    with open_text_output(output) as fh:
        tagged = bio_documents(records, counter, layer=layer_list, labels=order)
        for n, (rec, toks, kept, tags) in enumerate(tagged, 1):
            for span, _a, _b in kept:
                if f"B-{span.label}" not in tag_id:  # a label outside the given order
                    tag_id[f"B-{span.label}"] = len(tag_id)
                    tag_id[f"I-{span.label}"] = len(tag_id)
            text = rec.text
            fh.write(
                json_line(
                    {
                        "id": rec.external_id if rec.external_id is not None else str(n),
                        "tokens": [text[a:b] for a, b in toks.tokens],
                        "ner_tags": [tag_id[t] for t in tags],
                    }
                )
            )
    names = [name for name, _i in sorted(tag_id.items(), key=lambda kv: kv[1])]
    if str(output) != "-":
        label_file = output.parent / LABEL_LIST
        label_file.write_text(json.dumps(names, ensure_ascii=False, indent=1) + "\n", "utf-8")
        counter.extra["label_list_file"] = str(label_file)
    counter.extra["label_list"] = names
    return counter.report()


def _label_list_for(path: Path) -> list[str] | None:
    candidate = path.parent / LABEL_LIST
    if not candidate.is_file():
        return None
    try:
        names = loads_json(read_text_file(candidate).lstrip(BOM))
    except json.JSONDecodeError as exc:
        raise InputError(str(candidate), exc.lineno, f"not valid JSON ({exc.msg})") from None
    except ValueError as exc:  # nested too deep, a number too long
        raise InputError(str(candidate), None, str(exc)) from None
    if isinstance(names, dict):  # {"names": [...]} as some scripts write it
        names = names.get("names")
    if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
        raise InputError(str(candidate), None, "expected a JSON list of tag names")
    return names


def read_hf(
    path: Path, *, name: str, on_error: OnError | None = None, warn: Warn | None = None
) -> Iterator[DocRecord]:
    """Documents of a BIO JSONL file (``tokens`` + ``ner_tags``)."""
    source = str(path)
    try:
        names = _label_list_for(path)
    except InputError as err:
        reject(err, on_error)
        return
    repaired_total = 0
    first_repaired = 0
    for lineno, obj in iter_json_objects(path, on_error):
        try:
            words, tags = obj.get("tokens"), obj.get("ner_tags", obj.get("tags"))
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise InputError(source, lineno, '"tokens" must be a list of strings')
            if not isinstance(tags, list) or len(tags) != len(words):
                raise InputError(source, lineno, '"ner_tags" must be a list as long as "tokens"')
            str_tags = []
            for t in tags:
                if isinstance(t, str):
                    str_tags.append(t)
                elif isinstance(t, int) and not isinstance(t, bool):
                    if names is None:
                        raise InputError(
                            source, lineno, f"integer tags need {LABEL_LIST} beside the file"
                        )
                    if not 0 <= t < len(names):
                        raise InputError(source, lineno, f"tag id {t} is not in {LABEL_LIST}")
                    str_tags.append(names[t])
                else:
                    raise InputError(source, lineno, f"tag {t!r} is neither a string nor an id")
            pieces: list[str] = []
            tokens: list[tuple[int, int]] = []
            kept_tags: list[str] = []
            pos = 0
            for w, t in zip(words, str_tags, strict=True):
                w = w.strip()
                if not w:
                    continue
                if pieces:
                    pieces.append(" ")
                    pos += 1
                pieces.append(w)
                tokens.append((pos, pos + len(w)))
                kept_tags.append(t)
                pos += len(w)
            text = "".join(pieces)
            if not text:
                raise InputError(source, lineno, "the example has no tokens")
            tag_spans, repaired = decode_tags(kept_tags)
            if repaired:
                repaired_total += len(repaired)
                first_repaired = first_repaired or lineno
            spans = [
                SpanRecord(
                    tokens[ts.first][0],
                    tokens[ts.last][1],
                    ts.label,
                    text[tokens[ts.first][0] : tokens[ts.last][1]],
                )
                for ts in tag_spans
            ]
            ext = obj.get("id")
            yield DocRecord(
                text=text,
                external_id=str(ext) if ext is not None else f"{name}:{lineno}",
                spans=spans,
                tokens=tokens,
                sentence_starts=[0],
                source=source,
                line=lineno,
            )
        except InputError as err:
            reject(err, on_error)
    if repaired_total and warn is not None:
        warn(
            f"{source}: {repaired_total} I- tag(s) did not continue a span of the same label; "
            f"each was read as the start of a span (first on line {first_repaired})"
        )
