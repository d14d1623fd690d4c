"""Round trips through every format that both reads and writes, with random Arabic text.

Each example goes the way a user's data goes: raw text (CRLF, emoji, harakat, tatweel, bidi marks)
and overlapping spans imported into a real project (cleaned, offsets remapped), exported with
``exporting.export``, read back with the format's reader and imported into a second project. What
the format can hold must come back unchanged; what it cannot hold must be counted in the report.
"""

from __future__ import annotations

import itertools
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.core import formats
from annotator.core.exporting import export
from annotator.core.importing import import_paths
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.tokenize import BIDI_MARKS

LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
TATWEEL = "\u0640"
EMOJI = ["😀", "🇸🇾", "👨\u200d👩\u200d👧", "❤\ufe0f"]
PUNCT = ["،", ".", "؟", "«", "»", ":", "٫"]
DIGITS = "٠١٢٣٤٥٦٧٨٩0123456789"
LABELS = ["EVENT", "ACTOR", "PLACE", "CLAIM"]


@st.composite
def words(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(EMOJI))
    if kind == 1:
        return draw(st.sampled_from(PUNCT))
    if kind == 2:
        return "".join(draw(st.lists(st.sampled_from(DIGITS), min_size=1, max_size=4)))
    out = []
    for _ in range(draw(st.integers(1, 6))):
        out.append(draw(st.sampled_from(LETTERS)))
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(HARAKAT)))
        if draw(st.integers(0, 9)) == 0:
            out.append(TATWEEL)
    return "".join(out)


@st.composite
def raw_texts(draw: st.DrawFn) -> str:
    """Words joined by spaces, CRLF, LF, blank lines, an RLM now and then."""
    ws = draw(st.lists(words(), min_size=1, max_size=30))
    out = [ws[0]]
    for w in ws[1:]:
        out.append(draw(st.sampled_from([" ", " ", " ", " ", "\r\n", "\n\n", "  ", " \u200f"])))
        out.append(w)
    return "".join(out)


@st.composite
def documents(draw: st.DrawFn, edges_on_words: bool) -> DocRecord:
    """Raw text with overlapping spans. ``edges_on_words``: spans start and end on a word
    character, as spans snapped to tokens do (brat cannot hold a span edge on a line break)."""
    text = draw(raw_texts())
    n = len(text)
    spans = []
    seen = set()
    for _ in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, min(n, a + 25)))
        if edges_on_words:
            while a < b and text[a] in " \r\n\u200f":
                a += 1
            while b > a and text[b - 1] in " \r\n\u200f":
                b -= 1
            if a >= b:
                continue
        label = draw(st.sampled_from(LABELS))
        # CRLF is one character after cleaning: a span edge between CR and LF moves outward
        if text[a - 1 : a + 1] == "\r\n" or text[b - 1 : b + 1] == "\r\n":
            continue
        if (a, b, label) in seen:
            continue
        seen.add((a, b, label))
        spans.append(SpanRecord(a, b, label, text[a:b]))
    return DocRecord(text=text, spans=spans)


def _project_state(p: Project) -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    out = []
    for rec in p.iter_records():
        out.append((rec.text, sorted((s.start, s.end, s.label, s.text or "") for s in rec.spans)))
    return sorted(out)


def _roundtrip(docs: list[DocRecord], fmt: str, suffix: str, **options: object) -> tuple:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        with Project.create(d / "a.annotator", annotator="amal") as p1:
            p1.import_records(docs, source="generated")
            before = _project_state(p1)
            report = export(p1, d / f"out{suffix}", fmt, **options)
        with Project.create(d / "b.annotator", annotator="amal") as p2:
            import_paths(p2, [d / f"out{suffix}"], fmt)
            after = _project_state(p2)
    return before, after, report


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(documents(edges_on_words=False), min_size=1, max_size=4))
def test_prodigy_roundtrip(docs: list[DocRecord]) -> None:
    before, after, report = _roundtrip(docs, "prodigy", ".jsonl")
    assert after == before
    assert report["left_out"] == 0


@SETTINGS
@given(st.lists(documents(edges_on_words=False), min_size=1, max_size=4), st.booleans())
def test_doccano_roundtrip_both_variants(docs: list[DocRecord], entities: bool) -> None:
    before, after, _report = _roundtrip(docs, "doccano", ".jsonl", doccano_entities=entities)
    assert after == before


@SETTINGS
@given(st.lists(documents(edges_on_words=True), min_size=1, max_size=4))
def test_brat_roundtrip(docs: list[DocRecord]) -> None:
    before, after, report = _roundtrip(docs, "brat", "")
    assert after == before
    assert report["left_out"] == 0


def _squash(s: str) -> str:
    """Characters without whitespace and bidi marks (token formats write neither)."""
    return "".join(c for c in s if not c.isspace() and c not in BIDI_MARKS)


@SETTINGS
@given(
    st.lists(documents(edges_on_words=True), min_size=1, max_size=4),
    st.sampled_from(["conll", "hf"]),
)
def test_token_formats_keep_every_span_they_report(docs: list[DocRecord], fmt: str) -> None:
    """Text -> BIO -> text: the text is rebuilt from tokens, so compare spans by label and by
    their characters without whitespace; the spans left out are exactly the overlaps."""
    # Texts that differ only in whitespace can come back from tokens as one text, which the
    # re-import then counts as a duplicate document, not as lost spans.
    assume(len({_squash(d.text) for d in docs}) == len(docs))
    suffix = ".conll" if fmt == "conll" else ".jsonl"
    before, after, report = _roundtrip(docs, fmt, suffix)
    kept_before = sum(len(spans) for _t, spans in before) - report["left_out"]
    assert sum(len(spans) for _t, spans in after) == kept_before
    assert set(report["left_out_reasons"]) <= {"overlaps a span of higher priority"}
    # every span that came back is a span that went out (same label, same characters)
    out_spans = {(lab, _squash(t)) for _text, spans in before for _s, _e, lab, t in spans}
    for _text, spans in after:
        for _s, _e, lab, t in spans:
            assert (lab, _squash(t)) in out_spans
    # no span overlaps another after BIO
    for _text, spans in after:
        for (_s1, e1, *_a), (s2, _e2, *_b) in itertools.pairwise(spans):
            assert e1 <= s2


# --------------------------------------------------------------------- CoNLL file round trip

TAGGED = st.tuples(
    words(),
    st.sampled_from(
        ["O", "O", "B-ACTOR", "I-ACTOR", "B-Population-Center", "I-Population-Center", "I-PLACE"]
    ),
)


@st.composite
def conll_files(draw: st.DrawFn) -> tuple[str, list[list[list[tuple[str, str]]]]]:
    docs = []
    for _ in range(draw(st.integers(1, 3))):
        sents = draw(st.lists(st.lists(TAGGED, min_size=1, max_size=8), min_size=1, max_size=4))
        docs.append(sents)
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    sep = draw(st.sampled_from(["\t", " ", "\tNN\t", "  X  "]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    lines = []
    for sents in docs:
        lines += ["-DOCSTART- -X- -X- O", ""]
        for sent in sents:
            lines += [f"{tok}{sep}{tag}" for tok, tag in sent]
            lines.append(draw(st.sampled_from(["", "  ", "\t"])))
    return bom + nl.join(lines) + nl, docs


def _repair(tags: list[str]) -> list[str]:
    """The tags we expect back: an I-X that does not continue X becomes B-X."""
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def _parse_written(text: str) -> list[list[list[tuple[str, str]]]]:
    docs: list[list[list[tuple[str, str]]]] = []
    for line in text.split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append([[]])
        elif not line:
            if docs and docs[-1][-1]:
                docs[-1].append([])
        else:
            tok, tag = line.split("\t")
            docs[-1][-1].append((tok, tag))
    return [[s for s in d if s] for d in docs]


@SETTINGS
@given(conll_files())
def test_conll_import_export_gives_back_tokens_tags_and_sentences(case: tuple) -> None:
    raw, docs = case
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        src = d / "in.conll"
        src.write_bytes(raw.encode("utf-8"))
        with Project.create(d / "p.annotator") as p:
            import_paths(p, [src], "conll")
            report = export(p, d / "out.conll", "conll")
        written = (d / "out.conll").read_text(encoding="utf-8")
    assert report["left_out"] == 0
    got = _parse_written(written)
    want = []
    for sents in docs:
        tags = _repair([t for s in sents for _w, t in s])
        it = iter(tags)
        # the same text twice in one CoNLL file stays two documents, each with its own tags
        want.append([[(unicodedata.normalize("NFC", w), next(it)) for w, _t in s] for s in sents])
    assert got == want


@SETTINGS
@given(st.lists(st.lists(TAGGED, min_size=1, max_size=10), min_size=1, max_size=5))
def test_hf_file_roundtrip(examples: list[list[tuple[str, str]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        src = d / "in.jsonl"
        import json

        src.write_text(
            "".join(
                json.dumps(
                    {"id": f"e{i}", "tokens": [w for w, _t in ex], "ner_tags": [t for _w, t in ex]},
                    ensure_ascii=False,
                )
                + "\n"
                for i, ex in enumerate(examples)
            ),
            encoding="utf-8",
        )
        recs = list(formats.read(src, "hf"))
        out = d / "out" / "x.jsonl"
        out.parent.mkdir()
        formats.write(recs, out, "hf")
        names = json.loads((out.parent / "x.label_list.json").read_text(encoding="utf-8"))
        back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for ex, got in zip(examples, back, strict=True):
        assert got["tokens"] == [w for w, _t in ex]
        assert [names[i] for i in got["ner_tags"]] == _repair([t for _w, t in ex])
