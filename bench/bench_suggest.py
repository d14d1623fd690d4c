"""How much the suggestion engines (issue 12) would save a labeler, on a gold CoNLL corpus.

    python bench/bench_suggest.py PATH.conll               # one sentence a document
    python bench/bench_suggest.py PATH.conll --unit document   # -DOCSTART- documents
    python bench/bench_suggest.py --synthetic 3000         # tests/helpers/ner_corpus.py
    python bench/bench_suggest.py PATH.conll --ks 50,100,200 --eval 1000

Reads the corpus with annotator's CoNLL reader (``annotator.core.formats.conll``), then
simulates a labeler: the first k documents are labeled from gold and "done", and suggestions
are made for the next ``--eval`` documents and scored against their gold spans (entity level,
exact offsets and label), for each k of ``--ks`` that leaves documents to score:

* propagation: the names labeled in the first k documents found again
  (``annotator.core.suggest.propagate``);
* crf: a CRF trained on the first k documents (``annotator.core.suggest.crf``);
* crf+prop: propagation's hits, then the CRF's where they overlap none.

Prints precision, recall and F1 of each, the time to train and to pre-annotate 1,000 documents,
and "accept": the share of gold entities for which the exact suggestion is there (the labeler
only accepts it; the recall). No project database is involved: engines only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from annotator.core.formats.conll import read_conll  # noqa: E402 - after the path set-up
from annotator.core.suggest.crf import train  # noqa: E402
from annotator.core.suggest.propagate import Hit, Matcher  # noqa: E402

Doc = tuple[str, list[tuple[int, int, str]]]


def load_conll(path: Path, unit: str) -> list[Doc]:
    per = 1 if unit == "sentence" else None
    docs: list[Doc] = []
    for rec in read_conll(path, name=path.name, sentences_per_doc=per):
        docs.append((rec.text, [(s.start, s.end, s.label) for s in rec.spans]))
    return docs


def score(
    gold: list[set[tuple[int, int, str]]], pred: list[set[tuple[int, int, str]]]
) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    n_pred = sum(len(p) for p in pred)
    n_gold = sum(len(g) for g in gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def combine(prop: list[Hit], crf: list[Hit]) -> list[Hit]:
    out = list(prop)
    for h in crf:
        if not any(h.start < o.end and o.start < h.end for o in prop):
            out.append(h)
    return out


def propagation_speed(n_docs: int = 1000, n_names: int = 1000) -> None:
    """Propagation over ``n_docs`` seed-like articles (~3,000 characters: the seed article's
    sentences shuffled) with ``n_names`` names (its words and word pairs): one compiled matcher
    against a find-bar ``Query`` per name per document (timed on a sample of names, scaled)."""
    import itertools
    import random
    import re

    from annotator.core.matching import Query
    from annotator.core.normalize import normalize
    from annotator.core.tokenize import tokenize

    seed = (ROOT / "seeds" / "000_7eddefe59b9ed5ed.txt").read_text(encoding="utf-8")
    sentences = [x.strip() for x in re.split(r"(?<=[.؟!])\s+|\n+", seed) if len(x.strip()) > 20]
    rng = random.Random(12)
    docs = []
    for _ in range(n_docs):
        parts: list[str] = []
        while sum(map(len, parts)) < 3000:
            parts.append(rng.choice(sentences))
        docs.append(" ".join(parts))
    words = [seed[a:b] for a, b in tokenize(seed) if b - a >= 3 and seed[a].isalpha()]
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    pool = sorted(set(words) | set(pairs))
    names = [(w, "X") for w in rng.sample(pool, min(n_names, len(pool)))]
    t0 = time.perf_counter()
    matcher = Matcher(names)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = sum(len(matcher.hits(d)) for d in docs)
    t_run = time.perf_counter() - t0
    sample = names[:20]
    t0 = time.perf_counter()
    queries = [Query(n) for n, _ in sample]
    for d in docs[:100]:
        for q in queries:
            q.hits(d)
    t_naive = (time.perf_counter() - t0) * (len(names) / len(sample)) * (len(docs) / 100)
    chars = sum(map(len, docs))
    t0 = time.perf_counter()
    for d in docs:
        normalize(d)
    t_fold = time.perf_counter() - t0
    from helpers.ner_corpus import make_corpus

    model = train(make_corpus(500))
    t0 = time.perf_counter()
    crf_hits = sum(len(model.predict(d)) for d in docs)
    t_crf = time.perf_counter() - t0
    print(
        f"crf: {len(docs)} documents ({chars:,} characters) pre-annotated in {t_crf:.2f} s "
        f"({crf_hits:,} entities) by a model trained on 500 synthetic documents"
    )
    print(
        f"propagation: {len(names)} names over {len(docs)} documents ({chars:,} characters): "
        f"compile {t_build:.2f} s, match {t_run:.2f} s (of which folding the text "
        f"{t_fold:.2f} s), {found:,} hits; a Query per name per "
        f"document would take about {t_naive:.0f} s"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("path", nargs="?", type=Path, help="a CoNLL / BIO file with gold tags")
    ap.add_argument("--synthetic", type=int, metavar="N", help="generate N documents instead")
    ap.add_argument("--unit", choices=("sentence", "document"), default="sentence")
    ap.add_argument("--ks", default="50,100,200,500,1000")
    ap.add_argument("--eval", type=int, default=1000, help="documents scored after the first k")
    ap.add_argument(
        "--speed", action="store_true", help="also time propagation over 1,000 seed-like articles"
    )
    ap.add_argument("--iterations", type=int, default=100, help="L-BFGS iterations of the CRF")
    args = ap.parse_args(argv)
    if args.synthetic:
        from helpers.ner_corpus import make_corpus

        docs = make_corpus(args.synthetic)
        source = f"synthetic corpus of {args.synthetic} documents (tests/helpers/ner_corpus.py)"
    elif args.path:
        docs = load_conll(args.path, args.unit)
        source = f"{args.path} ({args.unit} = document)"
    else:
        ap.error("give a CoNLL file or --synthetic N")
    if args.speed:
        propagation_speed()
    n_spans = sum(len(s) for _, s in docs)
    labels = sorted({lab for _, s in docs for *_, lab in s})
    print(f"{source}: {len(docs)} documents, {n_spans} gold entities, {len(labels)} labels")
    ks = [k for k in (int(x) for x in args.ks.split(",")) if k < len(docs)]
    header = (
        f"{'k':>5} {'method':<10} {'P':>6} {'R':>6} {'F1':>6} {'accept':>7} {'train s':>8} "
        f"{'per 1k docs s':>14}"
    )
    print(header)
    print("-" * len(header))
    for k in ks:
        labeled, rest = docs[:k], docs[k : k + args.eval]
        gold = [set(spans) for _, spans in rest]
        scale = 1000 / len(rest)

        t0 = time.perf_counter()
        matcher = Matcher((text[s:e], lab) for text, spans in labeled for s, e, lab in spans)
        prop = [matcher.hits(text) for text, _ in rest]
        t_prop = time.perf_counter() - t0

        t0 = time.perf_counter()
        model = train(labeled, max_iterations=args.iterations)
        t_train = time.perf_counter() - t0
        t0 = time.perf_counter()
        crf = [model.predict(text) for text, _ in rest]
        t_crf = time.perf_counter() - t0
        both = [combine(p, c) for p, c in zip(prop, crf, strict=True)]

        rows = [
            ("prop", prop, 0.0, t_prop),
            ("crf", crf, t_train, t_crf),
            ("crf+prop", both, t_train, t_crf + t_prop),
        ]
        for name, hits, t_tr, t_run in rows:
            pred = [{(h.start, h.end, h.label) for h in hs} for hs in hits]
            p, r, f = score(gold, pred)
            print(
                f"{k:>5} {name:<10} {p:6.3f} {r:6.3f} {f:6.3f} {r:7.1%} {t_tr:8.2f} "
                f"{t_run * scale:14.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
