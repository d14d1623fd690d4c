"""Export speed of every training-data format against JSONL, and CoNLL import speed.

    python bench/bench_formats.py              # 50,000 documents, 20 spans each (several minutes)
    python bench/bench_formats.py --quick      # 2,000 documents, a 20,000-token CoNLL file
    python bench/bench_formats.py --docs 10000 --tokens 100000 --workdir /tmp/bf --keep

Builds a project of N synthetic articles (sentences of the seed article shuffled with a seeded
RNG, about ``--chars`` characters each, 20 overlapping spans on word boundaries). Then, in the same
run, exports it with ``annotator.core.exporting.export`` (as the CLI does) to JSONL (the baseline)
and to every other format, and prints each format's time and its ratio to the JSONL time.

CoNLL import: writes a CoNLL file of ``--tokens`` tokens (sentences of the seed article, BIO tags,
a ``-DOCSTART-`` every 20 sentences), then times (a) a bare baseline that splits every line into
token and tag, (b) the CoNLL reader alone and (c) a full import into a new project; prints tokens
per second for each and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.core import formats  # noqa: E402 - after the path set-up above
from annotator.core.exporting import export  # noqa: E402
from annotator.core.importing import import_paths  # noqa: E402
from annotator.core.model import DocRecord, SpanRecord  # noqa: E402
from annotator.core.project import Project  # noqa: E402

SEED = ROOT / "seeds" / "000_7eddefe59b9ed5ed.txt"
LABELS = ("EVENT", "ACTOR", "PLACE", "CLAIM")
SPANS_PER_DOC = 20
FORMATS = [
    ("jsonl", "out.jsonl"),
    ("prodigy", "out.prodigy.jsonl"),
    ("doccano", "out.doccano.jsonl"),
    ("hf", "hf/out.jsonl"),
    ("conll", "out.conll"),
    ("brat", "out.brat"),
    ("spacy", "out.spacy"),
]
_SENTENCE = re.compile(r"[^.؟!\n]+[.؟!]?")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 20]


def make_docs(n: int, chars: int, seed: int = 7) -> list[DocRecord]:
    rng = random.Random(seed)
    pool = sentences(SEED.read_text(encoding="utf-8"))
    docs = []
    for i in range(n):
        paragraphs = [f"خبر رقم {i}"]
        size = 0
        while size < chars:
            para = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
            paragraphs.append(para)
            size += len(para) + 2
        text = "\n\n".join(paragraphs)
        words = [m.span() for m in re.finditer(r"\S+", text)]
        spans: dict[tuple[int, int, str], SpanRecord] = {}
        while len(spans) < SPANS_PER_DOC:
            k = rng.randrange(len(words))
            length = rng.randint(1, 4)
            a = words[k][0]
            b = words[min(k + length, len(words)) - 1][1]
            label = rng.choice(LABELS)
            spans[(a, b, label)] = SpanRecord(a, b, label, text[a:b])
        docs.append(DocRecord(text=text, external_id=f"d{i}", spans=list(spans.values())))
    return docs


def bench_exports(work: Path, n_docs: int, chars: int) -> None:
    print(f"building a project of {n_docs:,} documents (~{chars:,} characters, "
          f"{SPANS_PER_DOC} spans each) ...", flush=True)  # fmt: skip
    t0 = time.perf_counter()
    project_path = work / "bench.annotator"
    with Project.create(project_path, annotator="bench") as p:
        batch = 5000
        for i in range(0, n_docs, batch):
            p.import_records(make_docs(min(batch, n_docs - i), chars, seed=i), source="bench")
    print(f"  built in {time.perf_counter() - t0:.1f} s", flush=True)
    print(f"\nexport of {n_docs:,} documents, ratio to JSONL export in this run:")
    print(f"  {'format':<10}{'seconds':>10}{'ratio':>8}   spans written / left out")
    base = None
    with Project.open(project_path) as p:
        for _rec in p.iter_records():  # warm the page cache so JSONL is not timed cold
            pass
        for fmt, name in FORMATS:
            out = work / name
            out.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "spacy":
                try:
                    import spacy  # noqa: F401
                except ImportError:
                    print(f"  {fmt:<10}   skipped: spaCy is not installed (annotator[spacy])")
                    continue
            t = time.perf_counter()
            report = export(p, out, fmt)
            elapsed = time.perf_counter() - t
            base = base or elapsed
            left = report.get("left_out", 0)
            print(
                f"  {fmt:<10}{elapsed:>10.2f}{elapsed / base:>8.2f}   "
                f"{report['spans']:,} / {left:,}",
                flush=True,
            )


def make_conll(path: Path, n_tokens: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    pool = [s.split() for s in sentences(SEED.read_text(encoding="utf-8"))]
    lines = []
    count = 0
    n_sent = 0
    while count < n_tokens:
        if n_sent % 20 == 0:
            lines += ["-DOCSTART- -X- -X- O", ""]
        words = rng.choice(pool)[: n_tokens - count]
        i = 0
        while i < len(words):
            if rng.random() < 0.15:
                label = rng.choice(LABELS)
                length = rng.randint(1, 3)
                for k in range(i, min(i + length, len(words))):
                    lines.append(f"{words[k]}\t{'B' if k == i else 'I'}-{label}")
                i += length
            else:
                lines.append(f"{words[i]}\tO")
                i += 1
        count += len(words)
        n_sent += 1
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def bench_conll_import(work: Path, n_tokens: int) -> None:
    src = work / "big.conll"
    tokens = make_conll(src, n_tokens)
    print(f"\nCoNLL import of {tokens:,} tokens ({src.stat().st_size / 1e6:.1f} MB):")

    t = time.perf_counter()
    seen = 0
    for line in src.read_text(encoding="utf-8").split("\n"):
        fields = line.split("\t")
        if len(fields) == 2 and fields[0] != "-DOCSTART- -X- -X- O":
            seen += 1
    base = time.perf_counter() - t

    t = time.perf_counter()
    recs = list(formats.read(src, "conll"))
    reader = time.perf_counter() - t
    read_tokens = sum(len(r.tokens or []) for r in recs)

    t = time.perf_counter()
    with Project.create(work / "conll.annotator") as p:
        result = import_paths(p, [src], "conll")
    full = time.perf_counter() - t
    assert seen == read_tokens == tokens, (seen, read_tokens, tokens)
    print(f"  {'':<28}{'tokens/s':>12}{'ratio':>8}")
    print(f"  {'baseline (split lines)':<28}{tokens / base:>12,.0f}{1:>8.2f}")
    print(f"  {'CoNLL reader':<28}{tokens / reader:>12,.0f}{reader / base:>8.2f}")
    print(f"  {'full import into a project':<28}{tokens / full:>12,.0f}{full / base:>8.2f}"
          f"   ({result.added:,} documents, {result.spans:,} spans)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=50_000, help="documents to export (50,000)")
    ap.add_argument("--chars", type=int, default=1500, help="characters per document (1,500)")
    ap.add_argument("--tokens", type=int, default=200_000, help="tokens in the CoNLL file")
    ap.add_argument("--quick", action="store_true", help="2,000 documents, 20,000 tokens")
    ap.add_argument("--workdir", type=Path, help="keep files here (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="do not delete the work folder")
    args = ap.parse_args()
    if args.quick:
        args.docs, args.tokens = 2_000, 20_000
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_formats_"))
    if work.exists() and any(work.iterdir()):
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench_exports(work, args.docs, args.chars)
        bench_conll_import(work, args.tokens)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
