"""CoNLL / BIO: one token per line with its tag, blank lines between sentences.

Export writes ``token<TAB>tag`` (BIO), a blank line after every sentence and ``-DOCSTART-`` before
every document. BIO cannot hold overlapping spans: ``layer`` (``--layer``) or the project's label
order picks the spans that go in, and every span left out is counted in the report.

Import takes the files found in the wild: UTF-8 with or without BOM, CRLF or LF, token and tag
separated by a tab or by spaces, extra columns between them (the tag is the last column), labels
with hyphens (``B-Population-Center``), sentence breaks as empty or whitespace-only lines,
``-DOCSTART-`` lines, invisible direction marks glued to tokens (stripped from the token and
reported) and IOB1 / broken ``I-X`` tags that do not continue an ``X`` span (read as the start of
a span and reported). BIOES / BILOU tags are read too. The text is rebuilt by joining tokens with
a space and sentences with a line break; the document keeps its tokens and sentence starts, so
exporting it to CoNLL again gives back the same tokens, tags and sentences (only repaired ``I-``
tags come back as ``B-``, and tokens whose marks NFC reorders come back normalised: counted and
reported at import).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import DocRecord, SpanRecord
from ..text import BOM, read_text_file
from ..tokenize import BIDI_MARKS  # invisible marks web pipelines glue to CoNLL tokens
from ._shared import (
    ExportCounter,
    Warn,
    bio_documents,
    decode_tags,
    parse_layer,
    split_tag,
)
from .io import OnError, open_text_output, reject

DOCSTART = "-DOCSTART-"
# CoNLL-U style comments ("# sent_id = 3", "# text = ..."); a token "#" is still a token.
_COMMENT = re.compile(r"^#\s*[\w.-]+\s*=")
_STRIP_TABLE = {ord(c): None for c in BIDI_MARKS}
_HAS_MARK = re.compile("[" + "".join(sorted(BIDI_MARKS)) + "]").search


class _Doc:
    __slots__ = ("line", "repaired", "sentences")

    def __init__(self, line: int) -> None:
        self.line = line
        # each sentence: list of (token, tag, line)
        self.sentences: list[list[tuple[str, str, int]]] = [[]]
        self.repaired = 0

    def token_count(self) -> int:
        return sum(len(s) for s in self.sentences)

    def sentence_count(self) -> int:
        # Every sentence but the last is non-empty (break_sentence): counting them one by one
        # at every blank line made --sentences-per-doc with a huge N quadratic.
        return len(self.sentences) - (0 if self.sentences[-1] else 1)

    def break_sentence(self) -> None:
        if self.sentences[-1]:
            self.sentences.append([])


def _build(doc: _Doc, source: str, external_id: str) -> tuple[DocRecord, list[int]]:
    pieces: list[str] = []
    tokens: list[tuple[int, int]] = []
    tags: list[str] = []
    lines: list[int] = []
    sentence_starts: list[int] = []
    pos = 0
    first_sentence = True
    for sent in doc.sentences:
        if not sent:
            continue
        if not first_sentence:
            pieces.append("\n")
            pos += 1
        first_sentence = False
        sentence_starts.append(len(tokens))
        for k, (tok, tag, line) in enumerate(sent):
            if k:
                pieces.append(" ")
                pos += 1
            pieces.append(tok)
            tokens.append((pos, pos + len(tok)))
            tags.append(tag)
            lines.append(line)
            pos += len(tok)
    text = "".join(pieces)
    tag_spans, repaired = decode_tags(tags)
    spans = [
        SpanRecord(
            tokens[ts.first][0],
            tokens[ts.last][1],
            ts.label,
            text[tokens[ts.first][0] : tokens[ts.last][1]],
        )
        for ts in tag_spans
    ]
    rec = DocRecord(
        text=text,
        external_id=external_id,
        title=None,  # the first line (sentence): made at import, the rule of every reader
        spans=spans,
        tokens=tokens,
        sentence_starts=sentence_starts,
        source=source,
        line=doc.line,
    )
    return rec, [lines[i] for i in repaired]


def read_conll(
    path: Path,
    *,
    name: str,
    on_error: OnError | None = None,
    sentences_per_doc: int | None = None,
    warn: Warn | None = None,
) -> Iterator[DocRecord]:
    """Documents of a CoNLL / BIO file (see the module docstring)."""
    source = str(path)
    try:
        raw = read_text_file(path)
    except InputError as err:
        reject(err, on_error)
        return
    yield from parse_conll(
        raw, source=source, name=name, on_error=on_error,
        sentences_per_doc=sentences_per_doc, warn=warn,
    )  # fmt: skip


def parse_conll(
    raw: str,
    *,
    source: str,
    name: str,
    on_error: OnError | None = None,
    sentences_per_doc: int | None = None,
    warn: Warn | None = None,
) -> Iterator[DocRecord]:
    """Documents of CoNLL text ``raw`` (already decoded)."""
    if sentences_per_doc is not None and sentences_per_doc < 1:
        raise InputError(source, None, "--sentences-per-doc must be 1 or more")
    if raw.startswith(BOM):
        raw = raw[1:]
    docs_out = 0
    marks_stripped = 0
    first_mark_line = 0
    repaired_total = 0
    first_repaired_line = 0
    dropped_mark_tokens = 0
    nfc_changed = 0
    nfc_first = 0
    tokens_seen = 0
    doc: _Doc | None = None
    bad: InputError | None = None  # the first bad line of the current document

    def flush() -> Iterator[DocRecord]:
        nonlocal docs_out, repaired_total, first_repaired_line, doc, bad
        if doc is not None and doc.token_count():
            if bad is not None:
                reject(bad, on_error)
            else:
                docs_out += 1
                rec, repaired_lines = _build(doc, source, f"{name}#{docs_out}")
                if repaired_lines:
                    repaired_total += len(repaired_lines)
                    if not first_repaired_line:
                        first_repaired_line = repaired_lines[0]
                yield rec
        doc = None
        bad = None

    lineno = 0
    for line in raw.split("\n"):
        lineno += 1
        if line.endswith("\r"):
            line = line[:-1]
        stripped = line.strip()
        if not stripped or (
            _HAS_MARK(stripped) is not None and not stripped.translate(_STRIP_TABLE).strip()
        ):
            if doc is not None:
                doc.break_sentence()
                if sentences_per_doc and doc.sentence_count() >= sentences_per_doc:
                    yield from flush()
            continue
        if "\t" in line:
            fields = [f.strip() for f in line.split("\t")]
            fields = [f for f in fields if f]
        else:
            fields = stripped.split()
        if fields[0] == DOCSTART:
            yield from flush()
            continue
        if stripped[0] == "#" and _COMMENT.match(stripped):
            continue
        if doc is None:
            doc = _Doc(lineno)
        if len(fields) < 2:
            if bad is None:
                bad = InputError(
                    source, lineno, f"{fields[0]!r} has no tag (expected token and tag columns)"
                )
            continue
        token, tag = fields[0], fields[-1]
        prefix, label = split_tag(tag)
        if prefix != "O" and not label:
            if bad is None:
                bad = InputError(source, lineno, f"tag {tag!r} has no label")
            continue
        if _HAS_MARK(token) is not None:
            clean_token = token.translate(_STRIP_TABLE)
            marks_stripped += 1
            if not first_mark_line:
                first_mark_line = lineno
            if not clean_token.strip():
                dropped_mark_tokens += 1
                continue
            token = clean_token.strip()
        tokens_seen += 1
        if not token.isascii() and not unicodedata.is_normalized("NFC", token):
            nfc_changed += 1
            nfc_first = nfc_first or lineno
        doc.sentences[-1].append((token, tag, lineno))
    yield from flush()
    if warn is not None:
        if nfc_changed:
            # Import stores text in NFC (rule 1): shadda + kasra written in source order come
            # back reordered, so these tokens do not round-trip byte for byte.
            warn(
                f"{source}: Unicode NFC normalisation changed {nfc_changed} of {tokens_seen} "
                f"token(s) (marks reordered, e.g. shadda before kasra; first at line {nfc_first}); "
                "an export writes them normalised"
            )
        if marks_stripped:
            msg = (
                f"{source}: removed invisible direction marks from {marks_stripped} token(s) "
                f"(first at line {first_mark_line})"
            )
            if dropped_mark_tokens:
                msg += f"; {dropped_mark_tokens} token(s) held nothing else and were dropped"
            warn(msg)
        if repaired_total:
            warn(
                f"{source}: {repaired_total} I- tag(s) did not continue a span of the same label "
                f"(IOB1 or a broken file); each was read as the start of a span "
                f"(first at line {first_repaired_line})"
            )


def write_conll(
    records: Iterable[DocRecord],
    output: Path,
    *,
    layer: str | Sequence[str] | None = None,
    project_labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Write ``records`` as CoNLL BIO to ``output``; returns the report (spans left out, why)."""
    layer_list = parse_layer(layer, project_labels)
    counter = ExportCounter("conll")
    with open_text_output(output) as fh:
        for rec, toks, _kept, tags in bio_documents(
            records, counter, layer=layer_list, labels=project_labels
        ):
            out = [f"{DOCSTART}\tO\n\n"]
            text = rec.text
            for s, e in toks.sentences():
                for i in range(s, e):
                    a, b = toks.tokens[i]
                    out.append(f"{text[a:b]}\t{tags[i]}\n")
                out.append("\n")
            fh.write("".join(out))
    return counter.report()
