"""Hugging Face token classification: JSONL ``{"id", "tokens", "ner_tags"}`` with BIO tags.

One line per sentence (``unit="sentence"``, the default: a transformer cannot take a
25,000-token document), or per document (``unit="document"``). Sentences are the document's own
(CoNLL/BIO imports keep theirs) or found by ``tokenize.sentence_breaks`` (``. ! ? ؟ ؛ …`` and line
breaks); a sentence break inside a span is ignored, so a row never cuts a span. ``ner_tags``
are integers into the label list, written beside the data file and named
after it (``train.jsonl`` -> ``train.label_list.json``, so two exports into one folder never
share one): ``["O", "B-EVENT", "I-EVENT", ...]``, the ``ClassLabel`` names; the dataset card
declares the same list as ``datasets`` features. Label ids follow the project's label order
(``--layer`` restricts and orders them); an export leaves out labels no exported span uses
unless ``--all-labels``, and train, dev and test files of one export share one list. The
standard output cannot carry the label list: hf to ``-`` is refused.

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

from ..errors import AnnotatorError, InputError
from ..model import DocRecord, SpanRecord
from ..text import BOM, read_text_file
from ._shared import ExportCounter, Warn, bio_documents, decode_tags, parse_layer
from .io import OnError, iter_json_objects, json_line, loads_json, open_text_output, reject

LABEL_LIST = "label_list.json"  # the name before issue 13; still read
UNITS = ("sentence", "document")


def label_list_path(data: Path) -> Path:
    """The label list of the data file ``data``: ``train.jsonl`` -> ``train.label_list.json``."""
    name = data.name
    for suffix in (".jsonl", ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return data.with_name(f"{name}.{LABEL_LIST}")


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
    unit: str = "sentence",
    all_labels: bool = False,
) -> dict[str, Any]:
    """Write BIO JSONL to ``output`` and its label list beside it; returns the report.

    The label list holds ``project_labels`` (as narrowed by ``layer``) and any other label a
    span uses; ``exporting.export`` narrows ``project_labels`` to the labels in use unless
    ``all_labels``.
    """
    if str(output) == "-":
        raise AnnotatorError(
            "the hf format writes its label list beside the data: give a file name with --output"
        )
    if unit not in UNITS:
        raise AnnotatorError(f"--unit {unit!r}: expected one of {', '.join(UNITS)}")
    layer_list = parse_layer(layer, project_labels)
    order = list(layer_list or project_labels or [])
    tag_id = {name: i for i, name in enumerate(tag_names(order))}
    counter = ExportCounter("hf")
    rows = 0
    with open_text_output(output) as fh:
        tagged = bio_documents(records, counter, layer=layer_list, labels=order)
        for n, (rec, toks, kept, tags) in enumerate(tagged, 1):
            for span, _a, _b in kept:
                if f"B-{span.label}" not in tag_id:  # a label outside the given order
                    tag_id[f"B-{span.label}"] = len(tag_id)
                    tag_id[f"I-{span.label}"] = len(tag_id)
            text = rec.text
            doc_id = rec.external_id if rec.external_id is not None else str(n)
            words = [text[a:b] for a, b in toks.tokens]
            ids = [tag_id[t] for t in tags]
            if unit == "document":
                fh.write(json_line({"id": doc_id, "tokens": words, "ner_tags": ids}))
                rows += 1
                continue
            for k, (a, b) in enumerate(_sentences_whole_spans(toks.sentences(), tags), 1):
                fh.write(
                    json_line({"id": f"{doc_id}:s{k}", "tokens": words[a:b], "ner_tags": ids[a:b]})
                )
                rows += 1
    names = [name for name, _i in sorted(tag_id.items(), key=lambda kv: kv[1])]
    label_file = label_list_path(output)
    label_file.write_text(json.dumps(names, ensure_ascii=False, indent=1) + "\n", "utf-8")
    counter.extra["label_list_file"] = str(label_file)
    counter.extra["label_list"] = names
    counter.extra["unit"] = unit
    counter.extra["rows"] = rows
    counter.extra["all_labels"] = all_labels

    return counter.report()


def _sentences_whole_spans(
    sentences: Iterable[tuple[int, int]], tags: Sequence[str]
) -> Iterator[tuple[int, int]]:
    """Sentences as (first, end) token indices, a sentence that starts inside a span joined to
    the one before: a row never cuts a span in two (an ``I-`` opening a row reads as a span)."""
    current: tuple[int, int] | None = None
    for a, b in sentences:
        if current is not None and tags[a].startswith("I-"):
            current = (current[0], b)
            continue
        if current is not None:
            yield current
        current = (a, b)
    if current is not None:
        yield current


def _label_list_for(path: Path) -> list[str] | None:
    candidate = label_list_path(path)
    if not candidate.is_file():
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
