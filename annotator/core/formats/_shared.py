"""Helpers shared by the training-data formats (prodigy, doccano, hf, conll, brat, spacy).

Token formats all see a document through the same tokens: the document's own tokens when it was
imported from a token format (CoNLL, BIO), otherwise ``annotator.core.tokenize``; in both cases a
token is split wherever a span boundary falls inside it, so no span is lost to tokenization.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import AnnotatorError
from ..model import DocRecord, SpanRecord

Warn = Callable[[str], None]


# ---------------------------------------------------------------------------------------------
# Reports


@dataclass(slots=True)
class ExportCounter:
    """What a writer wrote and what it had to leave out; ``report()`` is the writer's return."""

    fmt: str
    documents: int = 0
    spans: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    annotators: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> count
    left_out_by_label: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # frames, relations, attributes, notes the format has no place for: kind -> count
    left_out_other: dict[str, int] = field(default_factory=dict)

    def leave_out_extras(self, record: DocRecord, *, relations: bool) -> None:
        """Count what of ``record`` beyond spans this format cannot write (relations too,
        unless ``relations``): the report warns of it."""
        if (
            record.frames
            or record.relations
            or record.note
            or any(sp.attributes or sp.note for sp in record.spans)
        ):
            from ._links import leave_out_extras  # only a writer needs it: listing formats not

            leave_out_extras(self.left_out_other, record, relations=relations)

    def wrote(self, span: SpanRecord) -> None:
        self.spans += 1
        self.by_label[span.label] += 1
        if span.annotator:
            self.annotators[span.annotator] += 1

    def leave_out(self, record: DocRecord, span: SpanRecord, reason: str) -> None:
        self.left_out[reason] += 1
        self.left_out_by_label[span.label] += 1
        if len(self.examples) < 10:
            self.examples.append(
                f"{record.external_id or '?'}: {span.label} {span.start}-{span.end} "
                f"{record.text[span.start : span.end]!r} ({reason})"
            )

    def report(self) -> dict[str, Any]:
        left = sum(self.left_out.values())
        out: dict[str, Any] = {
            "format": self.fmt,
            "documents": self.documents,
            "spans": self.spans,
            "by_label": dict(sorted(self.by_label.items())),
            "annotators": dict(sorted(self.annotators.items())),
            "left_out": left,
            "left_out_reasons": dict(sorted(self.left_out.items())),
            "left_out_by_label": dict(sorted(self.left_out_by_label.items())),
            "left_out_examples": list(self.examples),
        }
        out.update(self.extra)
        if self.left_out_other:
            from ._links import extras_warnings

            out["left_out_other"] = dict(self.left_out_other)
            out["warnings"] = extras_warnings(self.left_out_other, self.fmt)
        return out


def check_span_text(record: DocRecord) -> None:
    """Refuse to write a span whose surface text differs from ``text[start:end]`` (rule 2)."""
    text = record.text
    for span in record.spans:
        if not 0 <= span.start < span.end <= len(text):
            raise AnnotatorError(
                f"{_document(record)}: span {span.start}-{span.end} "
                f"({span.label}) lies outside the text (length {len(text)}); export stopped"
            )
        if span.text is not None and text[span.start : span.end] != span.text:
            raise AnnotatorError(
                f"{_document(record)}: span {span.start}-{span.end} ({span.label}) "
                f"is {span.text!r} but the text there is {text[span.start : span.end]!r}; "
                "export stopped"
            )


def _document(record: DocRecord) -> str:
    """``project.annotator: document 12 ('a1')`` for a record from a project, else the id."""
    if record.source and record.line is not None:
        return f"{record.source}: document {record.line} ({record.external_id!r})"
    return f"document {record.external_id!r}"


# ---------------------------------------------------------------------------------------------
# Options


def parse_label_list(value: str | Sequence[str] | None) -> list[str] | None:
    """``"EVENT,ACTOR"`` or a list -> ``["EVENT", "ACTOR"]``; None stays None."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    out = [v.strip() for v in items if v.strip()]
    return out or None


def parse_layer(
    value: str | Sequence[str] | None, project_labels: Sequence[str] | None
) -> list[str] | None:
    """``--layer``: a label list; a label the project does not have is a typo, not a filter."""
    layer = parse_label_list(value)
    if layer and project_labels is not None:
        unknown = [name for name in layer if name not in project_labels]
        if unknown:
            raise AnnotatorError(
                f"--layer: unknown label {', '.join(map(repr, unknown))} "
                f"(labels: {', '.join(project_labels)})"
            )
    return layer


def parse_mapping(value: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"PERS=ACTOR,LOC=PLACE"`` -> ``{"PERS": "ACTOR", "LOC": "PLACE"}``."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    out: dict[str, str] = {}
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise AnnotatorError(f"--map: {item!r} is not FOREIGN=LABEL (e.g. PERS=ACTOR)")
        out[old.strip()] = new.strip()
    return out


def map_labels(
    records: Iterable[DocRecord], mapping: Mapping[str, str], warn: Warn | None = None
) -> Iterator[DocRecord]:
    """Rename span labels on import (``--map``). Labels not in the mapping pass unchanged and
    are reported once each through ``warn`` (the project adds them as new labels)."""
    seen_unmapped: set[str] = set()
    targets = set(mapping.values())
    for rec in records:
        for span in rec.spans:
            new = mapping.get(span.label)
            if new is not None:
                span.label = new
            elif span.label not in targets and span.label not in seen_unmapped:
                seen_unmapped.add(span.label)
                if warn is not None and mapping:
                    warn(f"label {span.label!r} is not in --map; imported as it is")
        for frame in rec.frames:  # a frame's type is its trigger's label
            frame.type = mapping.get(frame.type, frame.type)
        yield rec


# ---------------------------------------------------------------------------------------------
# Tokens


_WHITESPACE = re.compile(r"\s")


def _split_on_whitespace(text: str, tokens: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop whitespace-only tokens and split tokens at line breaks and tabs: a token format
    cannot hold them. Plain spaces inside a token (a CoNLL token ``New York``) are kept, but
    not at its edges."""
    out: list[tuple[int, int]] = []
    search = _WHITESPACE.search
    for a, b in tokens:
        if search(text, a, b) is None:  # the common case: nothing to do
            out.append((a, b))
            continue
        piece_start = None
        for i in range(a, b):
            ch = text[i]
            if ch.isspace() and ch != " ":
                if piece_start is not None:
                    out.append((piece_start, i))
                    piece_start = None
            elif piece_start is None:
                piece_start = i
        if piece_start is not None:
            out.append((piece_start, b))
    trimmed = []
    for a, b in out:
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


@dataclass(slots=True)
class DocTokens:
    """A document's tokens (split at every span boundary) and sentence starts (token indices)."""

    tokens: list[tuple[int, int]]
    sentence_starts: list[int]
    starts: list[int] = field(default_factory=list)  # token start offsets, for bisect
    ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [a for a, _ in self.tokens]
        self.ends = [b for _, b in self.tokens]

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """Indices (first, last inclusive) of the tokens inside ``[start, end)``, or None."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_right(self.ends, end) - 1
        if first > last or first >= len(self.tokens):
            return None
        return first, last

    def sentences(self) -> Iterator[tuple[int, int]]:
        """(first token, end token exclusive) of every sentence."""
        starts = sorted(set(self.sentence_starts) | {0}) if self.tokens else []
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else len(self.tokens)
            if s < e:
                yield s, e


def doc_tokens(record: DocRecord, *, sentences: bool = True) -> DocTokens:
    """The tokens a token format writes for ``record`` (see the module docstring).
    ``sentences=False`` skips finding sentence starts (formats without sentences)."""
    from ..tokenize import sentence_breaks, split_at_boundaries, tokenize

    text = record.text
    if record.tokens is not None:
        base = [(int(a), int(b)) for a, b in record.tokens]
        starts_idx = record.sentence_starts or [0]
        sentence_offsets = {base[i][0] for i in starts_idx if 0 <= i < len(base)}
        base = _split_on_whitespace(text, base)
    else:
        base = tokenize(text)
        # a headline without a full stop is still a sentence of its own
        sentence_offsets = (
            {base[i][0] for i in sentence_breaks(text, base, line_breaks=True)}
            if sentences
            else set()
        )
        # our tokenizer never puts whitespace in a token: no need to split
    boundaries = set()
    for span in record.spans:
        boundaries.add(span.start)
        boundaries.add(span.end)
    tokens = split_at_boundaries(base, boundaries) if boundaries else base
    # A sentence starts at the first token at or after each sentence-start offset.
    token_starts = [a for a, _ in tokens]
    sent: set[int] = {0} if tokens else set()
    for off in sentence_offsets:
        i = bisect.bisect_left(token_starts, off)
        if i < len(tokens):
            sent.add(i)
    return DocTokens(tokens, sorted(sent))


def sentence_records(record: DocRecord) -> list[DocRecord]:
    """``record`` cut into one record per sentence (``doc_tokens``' sentences), for a split by
    sentence. A sentence that starts inside a span is joined to the one before, so every span
    lands whole in one record. Ids are ``ID:sN``, as the hf writer's sentence rows."""
    toks = doc_tokens(record)
    spans = sorted(record.spans, key=lambda sp: sp.start)
    bounds: list[tuple[int, int]] = []
    k = 0
    reach = -1  # the furthest end of the spans starting before the current sentence
    for a, b in toks.sentences():
        start = toks.tokens[a][0]
        while k < len(spans) and spans[k].start < start:
            reach = max(reach, spans[k].end)
            k += 1
        if bounds and reach > start:
            bounds[-1] = (bounds[-1][0], b)
        else:
            bounds.append((a, b))
    out = []
    ext = record.external_id
    for n, (a, b) in enumerate(bounds, 1):
        s, e = toks.tokens[a][0], toks.tokens[b - 1][1]
        out.append(
            DocRecord(
                text=record.text[s:e],
                external_id=f"{ext}:s{n}",
                title=record.title,
                meta=record.meta,
                status=record.status,
                spans=[
                    SpanRecord(sp.start - s, sp.end - s, sp.label, sp.text, sp.annotator)
                    for sp in spans
                    if s <= sp.start and sp.end <= e
                ],
                tokens=(
                    [(x - s, y - s) for x, y in toks.tokens[a:b]]
                    if record.tokens is not None
                    else None
                ),
                sentence_starts=[0] if record.tokens is not None else None,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# BIO: choosing spans that do not overlap, tagging tokens, reading tags back


def label_priority(
    spans: Iterable[SpanRecord], layer: Sequence[str] | None, labels: Sequence[str] | None
) -> dict[str, int]:
    """Rank of each label when overlapping spans compete (lower wins)."""
    order = list(layer or labels or [])
    rank = {name: i for i, name in enumerate(order)}
    for span in spans:
        if span.label not in rank:
            rank[span.label] = len(order) + 1_000_000  # unlisted labels after listed ones
    return rank


def choose_non_overlapping(
    record: DocRecord,
    toks: DocTokens,
    counter: ExportCounter | None,
    *,
    layer: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> list[tuple[SpanRecord, int, int]]:
    """Spans that a flat tagging can hold, as (span, first token, last token inclusive).

    ``layer`` keeps only those labels, and its order is the priority; otherwise ``labels``
    (the project's label order) is. Among overlapping spans the higher-priority label wins, then
    the earlier, then the longer span. Every span left out is counted with its reason.
    """
    layer_set = set(layer) if layer else None
    rank = label_priority(record.spans, layer, labels)
    candidates = []
    for span in record.spans:
        if layer_set is not None and span.label not in layer_set:
            if counter is not None:
                counter.leave_out(record, span, "label not in --layer")
            continue
        cover = toks.covering(span.start, span.end)
        if cover is None:
            if counter is not None:
                counter.leave_out(record, span, "covers no token (only spaces)")
            continue
        candidates.append((span, cover[0], cover[1]))
    candidates.sort(key=lambda c: (rank[c[0].label], c[0].start, -(c[0].end - c[0].start)))
    taken = bytearray(len(toks.tokens))
    kept = []
    for span, first, last in candidates:
        if any(taken[first : last + 1]):
            if counter is not None:
                counter.leave_out(record, span, "overlaps a span of higher priority")
            continue
        taken[first : last + 1] = b"\x01" * (last - first + 1)
        kept.append((span, first, last))
    kept.sort(key=lambda c: c[1])
    return kept


def bio_tags(n_tokens: int, kept: Iterable[tuple[SpanRecord, int, int]]) -> list[str]:
    tags = ["O"] * n_tokens
    for span, first, last in kept:
        tags[first] = "B-" + span.label
        for i in range(first + 1, last + 1):
            tags[i] = "I-" + span.label
    return tags


def bio_documents(
    records: Iterable[DocRecord],
    counter: ExportCounter,
    *,
    layer: Sequence[str] | None,
    labels: Sequence[str] | None,
) -> Iterator[tuple[DocRecord, DocTokens, list[tuple[SpanRecord, int, int]], list[str]]]:
    """What a BIO writer (hf, conll) writes of each record: its tokens, the spans a flat
    tagging keeps (counted as written; the others as left out) and one tag per token. Every
    record is checked against rule 2 first."""
    for rec in records:
        check_span_text(rec)
        counter.documents += 1
        counter.leave_out_extras(rec, relations=False)
        toks = doc_tokens(rec)
        kept = choose_non_overlapping(rec, toks, counter, layer=layer, labels=labels)
        for span, _first, _last in kept:
            counter.wrote(span)
        yield rec, toks, kept, bio_tags(len(toks.tokens), kept)


@dataclass(slots=True)
class TagSpan:
    label: str
    first: int  # token index
    last: int  # inclusive


_PREFIXES = {"B", "I", "O", "E", "S", "L", "U"}


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-Population-Center"`` -> ``("B", "Population-Center")``; ``"O"`` -> ``("O", "")``.

    Only the first hyphen separates (labels may contain hyphens); ``B_X`` is accepted too. A tag
    without a prefix (``PER``, the IO scheme) reads as ``("I", "PER")``.
    """
    if tag in ("O", "o", "_", "-"):
        return "O", ""
    if len(tag) > 2 and tag[1] in "-_" and tag[0].upper() in _PREFIXES:
        return tag[0].upper(), tag[2:]
    return "", tag


def decode_tags(tags: Sequence[str]) -> tuple[list[TagSpan], list[int]]:
    """Spans from BIO / IOB1 / BIOES tags, plus the token indices of repaired tags: an ``I-X``
    that does not continue an ``X`` (IOB1, or a broken file) starts a new span."""
    spans: list[TagSpan] = []
    repaired: list[int] = []
    cur: TagSpan | None = None
    for i, tag in enumerate(tags):
        prefix, label = split_tag(tag)
        if prefix == "O":
            cur = None
            continue
        if prefix in ("B", "S", "U") or cur is None or cur.label != label:
            if prefix not in ("B", "S", "U"):
                repaired.append(i)
            cur = TagSpan(label, i, i)
            spans.append(cur)
        else:
            cur.last = i
        if prefix in ("S", "U", "E", "L"):
            cur = None
    return spans, repaired


def spacy_segments(
    text: str, tokens: Sequence[tuple[int, int]], spans: Iterable[SpanRecord]
) -> list[tuple[int, int, bool]]:
    """Words and trailing-space flags that rebuild ``text`` exactly (spaCy ``Doc(words, spaces)``,
    Prodigy ``tokens`` with ``ws``): our tokens plus the text between them as words of their own,
    except a single space after a word, which becomes that word's flag. ``tokens`` must already be
    split at the span edges (``doc_tokens``); a span edge that falls between tokens cuts the text
    there too, so every span starts and ends on a word.
    """
    span_starts = set()
    span_ends = set()
    for sp in spans:
        span_starts.add(sp.start)
        span_ends.add(sp.end)
    edges = sorted(span_starts | span_ends)
    out: list[tuple[int, int, bool]] = []

    def gap(a: int, b: int) -> None:
        if a >= b:
            return
        if (
            b - a == 1
            and text[a] == " "
            and out
            and out[-1][1] == a
            and not out[-1][2]
            and a not in span_starts
            and b not in span_ends
        ):
            prev = out[-1]
            out[-1] = (prev[0], prev[1], True)
            return
        i = bisect.bisect_right(edges, a)
        while i < len(edges) and edges[i] < b:  # a span edge inside the gap cuts it
            out.append((a, edges[i], False))
            a = edges[i]
            i += 1
        out.append((a, b, False))

    pos = 0
    append = out.append
    for a, b in tokens:
        if (
            a == pos + 1
            and text[pos] == " "
            and out
            and pos not in span_starts
            and a not in span_ends
        ):
            prev = out[-1]  # the common case: one space after a word
            out[-1] = (prev[0], prev[1], True)
        elif a > pos:
            gap(pos, a)
        append((a, b, False))
        pos = b
    gap(pos, len(text))
    return out
