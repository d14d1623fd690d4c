"""Prodigy / spaCy-style JSONL: one task per line.

Export writes ``text``, ``meta`` (id, title, status and the document's own metadata), ``tokens``
(``text``, ``start``, ``end``, ``id``, ``ws``), ``spans`` (``start``, ``end``, ``label``,
``token_start``, ``token_end`` inclusive, ``text``; overlapping spans are kept, as spancat
data), ``answer: "accept"``, ``_input_hash`` and ``_task_hash``.

Relations are written as the ``rel.manual`` recipe saves them: ``relations: [{"head": i,
"child": j, "head_span": {"start", "end", "token_start", "token_end", "label"}, "child_span":
{...}, "label": "TYPE"}]`` with ``head``/``child`` the index of the span's last token
(``token_end``). Prodigy has no form for frames, attributes or notes: they are left out of the
export and counted in a warning (the jsonl format keeps them). Frames are not written as relations
named by their roles: several frames on one trigger and a CLAIM ``about`` an EVENT (a frame, not a
span) would not come back.

Tokens come from our tokenizer (or the document's own tokens), split at every span boundary so
each span starts and ends on a token; the whitespace between tokens is a token of its own except
a single space, which is the ``ws`` flag of the token before it. So joining the tokens' text
(plus a space where ``ws``) gives back the text exactly, as with spaCy.

Hashes: Prodigy computes its hashes with MurmurHash over its own key sets; we do not depend on
Prodigy, so ours are deterministic signed 32-bit integers (the range Prodigy uses):
``_input_hash`` = the first 4 bytes (big-endian, signed) of BLAKE2b over the UTF-8 text;
``_task_hash`` = the same over ``"<input_hash>|"`` followed by the spans as sorted
``start,end,label`` lines. The same document and spans always give the same hashes, on every
machine; Prodigy's ``set_hashes(..., overwrite=True)`` recomputes its own if needed.

Import reads ``text``, ``spans`` (character offsets; ``token_start``/``token_end`` are used when
offsets are missing), ``relations``, ``meta`` and ``_annotator_id``. A relation's ends are found
by ``head_span``/``child_span`` (offsets and label; an end that is no span of the task is added as
one when it has a label), else by the span whose last token is ``head``/``child``; a relation
between plain tokens (a dependency arc) has nothing to point at and is skipped and counted.
Tasks answered ``reject`` or ``ignore`` are not imported, and their count is reported.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import STATUSES, DocRecord, RelationRecord, SpanRecord
from ._links import check_links, export_span_ids
from ._shared import ExportCounter, Warn, check_span_text, doc_tokens, spacy_segments
from .io import OnError, iter_json_objects, open_text_output, reject

_enc = json.encoder.encode_basestring  # keeps non-ASCII as is


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _hash32(data: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(data.encode("utf-8"), digest_size=4).digest(), "big", signed=True
    )


def input_hash(text: str) -> int:
    """``_input_hash``: BLAKE2b of the text, as a signed 32-bit integer."""
    return _hash32(text)


def task_hash(in_hash: int, spans: Iterable[tuple[int, int, str]]) -> int:
    """``_task_hash``: BLAKE2b of the input hash and the sorted spans, signed 32-bit."""
    body = "\n".join(f"{s},{e},{label}" for s, e, label in sorted(spans))
    return _hash32(f"{in_hash}|{body}")


def _meta(rec: DocRecord) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if rec.external_id is not None:
        meta["id"] = rec.external_id
    if rec.title:
        meta["title"] = rec.title
    if rec.status:
        meta["status"] = rec.status
    for k, v in (rec.meta or {}).items():
        meta.setdefault(k, v)
    return meta


def write_prodigy(records: Iterable[DocRecord], output: Path) -> dict[str, Any]:
    """Write ``records`` as Prodigy JSONL (see the module docstring); returns the report."""
    counter = ExportCounter("prodigy")
    relations_written = 0
    with open_text_output(output) as fh:
        for rec in records:
            check_span_text(rec)
            counter.documents += 1
            counter.leave_out_extras(rec, relations=True)
            text = rec.text
            toks = doc_tokens(rec, sentences=False)
            segs = spacy_segments(text, toks.tokens, rec.spans)
            # Built by hand: a document has hundreds of tokens and json.dumps of that many
            # small dicts is most of the export time. _enc is json's own string escaper.
            tokens_json = ",".join(
                f'{{"text":{_enc(text[a:b])},"start":{a},"end":{b},"id":{i},'
                f'"ws":{"true" if ws else "false"}}}'
                for i, (a, b, ws) in enumerate(segs)
            )
            seg_starts = [a for a, _b, _ws in segs]
            spans = []
            for sp in rec.spans:
                item: dict[str, Any] = {
                    "start": sp.start,
                    "end": sp.end,
                    "label": sp.label,
                    # spans start and end on segment edges (spacy_segments cuts there)
                    "token_start": bisect.bisect_left(seg_starts, sp.start),
                    "token_end": bisect.bisect_left(seg_starts, sp.end) - 1,
                    "text": text[sp.start : sp.end],
                }
                if sp.annotator:
                    item["annotator"] = sp.annotator
                spans.append(item)
                counter.wrote(sp)
            relations = ""
            if rec.relations:
                by_id = dict(zip(export_span_ids(rec), spans, strict=True))
                relations = f',"relations":{_dumps([_relation(r, by_id) for r in rec.relations])}'
                relations_written += len(rec.relations)
            h_in = input_hash(text)
            t_hash = task_hash(h_in, ((s.start, s.end, s.label) for s in rec.spans))
            fh.write(
                f'{{"text":{_enc(text)},"meta":{_dumps(_meta(rec))},"tokens":[{tokens_json}],'
                f'"spans":{_dumps(spans)}{relations},"answer":"accept",'
                f'"_input_hash":{h_in},"_task_hash":{t_hash}}}\n'
            )
    counter.extra["relations"] = relations_written
    return counter.report()


def _relation(rel: RelationRecord, spans: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One relation as rel.manual saves it (``head``/``child``: the span's last token)."""
    head, child = spans[rel.head], spans[rel.tail]
    keys = ("start", "end", "token_start", "token_end", "label")
    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "head_span": {k: head[k] for k in keys},
        "child_span": {k: child[k] for k in keys},
        "label": rel.type,
    }


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _span_from(
    obj: Any, tokens: Sequence[Any] | None, source: str, line: int, k: int
) -> SpanRecord:
    if not isinstance(obj, dict):
        raise InputError(source, line, f"span {k} is not an object")
    label = obj.get("label")
    if not isinstance(label, str) or not label.strip():
        raise InputError(source, line, f"span {k} has no label")
    start, end = _int(obj.get("start")), _int(obj.get("end"))
    if (start is None or end is None) and tokens is not None:
        ts, te = _int(obj.get("token_start")), _int(obj.get("token_end"))
        if ts is not None and te is not None and 0 <= ts <= te < len(tokens):
            start = _int(tokens[ts].get("start")) if isinstance(tokens[ts], dict) else None
            end = _int(tokens[te].get("end")) if isinstance(tokens[te], dict) else None
    if start is None or end is None:
        raise InputError(source, line, f"span {k} ({label}) has no integer start and end")
    who = obj.get("annotator")
    return SpanRecord(
        start,
        end,
        label.strip(),
        obj.get("text") if isinstance(obj.get("text"), str) else None,
        who if isinstance(who, str) else None,
    )


def _read_relations(
    value: Any,
    spans: list[SpanRecord],
    tokens: Sequence[Any] | None,
    source: str,
    line: int,
) -> tuple[list[RelationRecord], int]:
    """rel.manual ``relations`` of one task between its spans (numbered 1, 2, ... as their ids;
    a labelled end that is no span yet is added), and the number of arcs between plain tokens."""
    if not value:
        return [], 0
    if not isinstance(value, list):
        raise InputError(source, line, '"relations" must be a list')
    for k, sp in enumerate(spans, 1):
        sp.id = str(k)
    out: list[RelationRecord] = []
    arcs = 0
    for k, rel in enumerate(value, 1):
        if not isinstance(rel, dict):
            raise InputError(source, line, f"relation {k} is not an object")
        label = rel.get("label")
        if not isinstance(label, str) or not label.strip():
            raise InputError(source, line, f"relation {k} has no label")
        ends = []
        for key in ("head", "child"):
            end = _relation_end(rel, key, spans, tokens, source, line, f"relation {k} ({label})")
            if end is None:
                break
            ends.append(end)
        if len(ends) < 2:
            arcs += 1
            continue
        out.append(RelationRecord(ends[0], ends[1], label.strip()))
    return out, arcs


def _relation_end(
    rel: dict[str, Any],
    key: str,
    spans: list[SpanRecord],
    tokens: Sequence[Any] | None,
    source: str,
    line: int,
    where: str,
) -> str | None:
    """The id of the span at one end of a relation, or None for a plain token."""
    box = rel.get(f"{key}_span")
    if isinstance(box, dict):
        start, end, label = _int(box.get("start")), _int(box.get("end")), box.get("label")
        if start is None or end is None:
            raise InputError(source, line, f"{where}: {key}_span has no integer start and end")
        found = [
            sp
            for sp in spans
            if sp.start == start and sp.end == end and (not label or sp.label == label)
        ]
        if found:
            return found[0].id
        if not isinstance(label, str) or not label.strip():
            return None
        spans.append(SpanRecord(start, end, label.strip(), id=str(len(spans) + 1)))
        return spans[-1].id
    index = _int(rel.get(key))
    if index is None:
        raise InputError(source, line, f'{where}: no "{key}" token index nor "{key}_span"')
    if tokens is not None and 0 <= index < len(tokens) and isinstance(tokens[index], dict):
        last = _int(tokens[index].get("end"))
        found = [sp for sp in spans if sp.end == last]
        if len(found) == 1:
            return found[0].id
    return None


def read_prodigy(
    path: Path, *, name: str, on_error: OnError | None = None, warn: Warn | None = None
) -> Iterator[DocRecord]:
    """Accepted tasks of a Prodigy JSONL file as documents."""
    source = str(path)
    not_accepted = 0
    token_arcs = 0
    for lineno, task in iter_json_objects(path, on_error):
        try:
            answer = task.get("answer", "accept")
            if answer != "accept":
                not_accepted += 1
                continue
            text = task.get("text")
            if not isinstance(text, str):
                raise InputError(source, lineno, 'the task has no "text"')
            tokens = task.get("tokens") if isinstance(task.get("tokens"), list) else None
            raw_spans = task.get("spans") or []
            if not isinstance(raw_spans, list):
                raise InputError(source, lineno, '"spans" must be a list')
            spans = [_span_from(o, tokens, source, lineno, k) for k, o in enumerate(raw_spans, 1)]
            relations, arcs = _read_relations(task.get("relations"), spans, tokens, source, lineno)
            token_arcs += arcs
            default_who = task.get("_annotator_id")
            if isinstance(default_who, str):
                for sp in spans:
                    sp.annotator = sp.annotator or default_who
            meta = dict(task.get("meta") or {}) if isinstance(task.get("meta"), dict) else {}
            ext = meta.pop("id", None)
            title = meta.pop("title", None)
            status = meta.get("status")
            if status in STATUSES:
                meta.pop("status")
            else:
                status = None
            record = DocRecord(
                text=text,
                external_id=str(ext) if ext is not None else f"{name}:{lineno}",
                title=title if isinstance(title, str) else None,
                meta=meta,
                status=status,
                spans=spans,
                relations=relations,
                source=source,
                line=lineno,
            )
            check_links(record)
            yield record
        except InputError as err:
            reject(err, on_error)
    if not_accepted and warn is not None:
        warn(f"{source}: {not_accepted} task(s) answered reject or ignore were not imported")
    if token_arcs and warn is not None:
        warn(
            f"{source}: {token_arcs} relation(s) between tokens that are not spans "
            "(dependency arcs) were not imported: annotator relations link spans"
        )
