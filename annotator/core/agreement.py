"""Inter-annotator agreement on spans and relations (issue 11), pure Python, no database.

``compute(layers)`` takes every compared annotator's spans and relations on the documents they
all finished (``core.agreement_data.load_layers`` reads them from a project) and returns an
``Agreement``: pairwise span F1 (exact and overlap), Cohen's kappa on token tags, Krippendorff's
alpha (nominal) over tokens, relation F1, a label-by-label confusion matrix per pair and a
disagreement score per document. docs/agreement.md defines every figure exactly.

Token units: the tokens of ``core.tokenize.tokenize``, split wherever a compared span edge falls
inside one (``split_at_boundaries``), so a unit is wholly inside or outside every span. A unit's
tag is the sorted labels of the spans covering it joined by "+" ("ACTOR+PLACE" when labels
nest), or "O". Tags are constant between consecutive span edges, so units are counted per
stretch between edges (bisecting the token list), never one by one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from .errors import AnnotatorError
from .tokenize import tokenize

OUTSIDE = "O"
MISSED = "missed"  # confusion column: A's span that B has nothing overlapping for
EXTRA = "extra"  # confusion row: B's span that A has nothing overlapping for

SpanKey = tuple[int, int, str]  # start, end, label
RelKey = tuple[SpanKey, SpanKey, str]  # head, tail, type


@dataclass
class Layers:
    """What ``compute`` compares: per annotator, per document, spans and relations."""

    annotators: list[str]
    texts: dict[int, str]  # the compared documents' text, by document id
    spans: dict[str, dict[int, list[SpanKey]]]
    relations: dict[str, dict[int, list[RelKey]]] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    symmetric: set[str] = field(default_factory=set)  # relation types whose ends are unordered


@dataclass
class Figure:
    """A number, or None with the reason it is undefined."""

    value: float | None
    reason: str = ""


@dataclass
class PairScore:
    a: str
    b: str
    label: str | None  # None: every label
    f1_exact: Figure
    f1_overlap: Figure
    kappa: Figure
    spans_a: int
    spans_b: int
    matched_exact: int
    matched_overlap: int

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a, "b": self.b, "label": self.label}
        undefined = {}
        for name in ("f1_exact", "f1_overlap", "kappa"):
            fig: Figure = getattr(self, name)
            out[name] = fig.value
            if fig.value is None:
                undefined[name] = fig.reason
        out.update(
            spans_a=self.spans_a,
            spans_b=self.spans_b,
            matched_exact=self.matched_exact,
            matched_overlap=self.matched_overlap,
        )
        if undefined:
            out["undefined"] = undefined
        return out


@dataclass
class RelationScore:
    a: str
    b: str
    type: str | None
    f1: Figure
    relations_a: int
    relations_b: int
    matched: int

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "type": self.type,
            "f1": self.f1.value,
            "relations_a": self.relations_a,
            "relations_b": self.relations_b,
            "matched": self.matched,
        }
        if self.f1.value is None:
            out["undefined"] = {"f1": self.f1.reason}
        return out


@dataclass
class Confusion:
    """Span counts of a pair: rows are A's labels then EXTRA, columns B's labels then MISSED."""

    a: str
    b: str
    labels: list[str]
    counts: dict[tuple[str, str], int]

    @property
    def rows(self) -> list[str]:
        return [*self.labels, EXTRA]

    @property
    def columns(self) -> list[str]:
        return [*self.labels, MISSED]

    def count(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "rows": self.rows,
            "columns": self.columns,
            "counts": [[self.count(r, c) for c in self.columns] for r in self.rows],
        }


@dataclass
class DocDisagreement:
    document_id: int
    title: str
    differences: int  # spans to adjudicate: unmatched, or matched with other offsets or label
    f1_exact: float | None  # None: neither annotator has a span in it


@dataclass
class Agreement:
    annotators: list[str]
    documents: int
    labels: list[str]
    pairs: list[PairScore]
    alpha: dict[str, Figure]
    relations: list[RelationScore]

    def as_json(self) -> dict[str, Any]:
        alpha = {k: f.value for k, f in self.alpha.items()}
        out: dict[str, Any] = {
            "annotators": self.annotators,
            "documents": self.documents,
            "pairs": [p.as_json() for p in self.pairs],
            "alpha": alpha,
            "relations": [r.as_json() for r in self.relations],
        }
        undefined = {k: f.reason for k, f in self.alpha.items() if f.value is None}
        if undefined:
            out["alpha_undefined"] = undefined
        return out


def only_label(layers: Layers, label: str) -> Layers:
    """``layers`` with only ``label``'s spans (relations as they are)."""
    spans = {
        a: {d: [s for s in ss if s[2] == label] for d, ss in docs.items()}
        for a, docs in layers.spans.items()
    }
    return Layers(
        layers.annotators, layers.texts, spans, layers.relations, layers.titles, layers.symmetric
    )


# ------------------------------------------------------------------ span matching
def _overlaps(x: SpanKey, y: SpanKey) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def _overlap_len(x: SpanKey, y: SpanKey) -> int:
    return min(x[1], y[1]) - max(x[0], y[0])


def greedy_match(
    a: Sequence[SpanKey], b: Sequence[SpanKey], *, same_label: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (index in a, index in b) of overlapping spans, chosen greedily: exact
    offsets first, then the same label, then the longer overlap, then leftmost."""
    cands = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if not _overlaps(x, y) or (same_label and x[2] != y[2]):
                continue
            exact = x[0] == y[0] and x[1] == y[1]
            cands.append((not exact, x[2] != y[2], -_overlap_len(x, y), x[0], y[0], i, j))
    cands.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for *_, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def _exact_matches(a: Sequence[SpanKey], b: Sequence[SpanKey]) -> int:
    ca, cb = Counter(a), Counter(b)
    return sum(min(n, cb[k]) for k, n in ca.items())


def _f1(matched: int, na: int, nb: int, what: str) -> Figure:
    if na + nb == 0:
        return Figure(None, f"neither annotator has any {what}")
    return Figure(2 * matched / (na + nb))


# ------------------------------------------------------------------ token tags
def segments(
    tokens: Sequence[tuple[int, int]],
    layers: Sequence[Sequence[SpanKey]],
    bounds_of: tuple[list[int], list[int]] | None = None,
) -> list[tuple[int, tuple[frozenset[str], ...]]]:
    """(number of units, labels covering them per layer) for each stretch between span edges
    that holds units; the units are ``tokens`` split at every edge of ``layers``' spans.
    ``bounds_of``: the tokens' starts and ends, when the caller has them."""
    if not tokens:
        return []
    starts, ends = bounds_of or ([t[0] for t in tokens], [t[1] for t in tokens])
    edges = sorted({e for spans in layers for s in spans for e in (s[0], s[1])})
    if not edges:  # nothing labeled: every token is one unit, O for everyone
        return [(len(tokens), tuple(frozenset() for _ in layers))]
    # stretches before the first token or edge hold no token
    bounds = [min(starts[0], edges[0]), *edges, max(ends[-1], edges[-1])]
    # a sweep over the edges: each layer's labels open at the stretch where they start
    events: dict[int, list[tuple[int, int, str]]] = {}
    for k, spans in enumerate(layers):
        for start, end, label in spans:
            events.setdefault(start, []).append((k, 1, label))
            events.setdefault(end, []).append((k, -1, label))
    active: list[Counter[str]] = [Counter() for _ in layers]
    current: tuple[frozenset[str], ...] = tuple(frozenset() for _ in layers)
    out = []
    for lo, hi in pairwise(bounds):
        if lo >= hi:
            continue
        if lo in events:
            for k, delta, label in events[lo]:
                active[k][label] += delta
            current = tuple(frozenset(lab for lab, c in act.items() if c > 0) for act in active)
        # tokens overlapping [lo, hi): each gives exactly one unit inside it
        n = bisect_left(starts, hi) - bisect_right(ends, lo)
        if n > 0:
            out.append((n, current))
    return out


def tag(labels: frozenset[str], label: str | None = None) -> str:
    """A unit's tag: with ``label``, that label or O; else all its labels joined by "+"."""
    if label is not None:
        return label if label in labels else OUTSIDE
    return "+".join(sorted(labels)) if labels else OUTSIDE


def cohen_kappa(table: Mapping[tuple[str, str], int]) -> Figure:
    """Cohen's kappa from counts of (tag of A, tag of B)."""
    n = sum(table.values())
    if n == 0:
        return Figure(None, "no token to compare")
    pa: Counter[str] = Counter()
    pb: Counter[str] = Counter()
    agree = 0
    for (x, y), c in table.items():
        pa[x] += c
        pb[y] += c
        if x == y:
            agree += c
    po = agree / n
    pe = sum(pa[k] * pb.get(k, 0) for k in pa) / (n * n)
    if pe >= 1.0:
        return Figure(
            None,
            "both annotators gave every token the same single tag: chance "
            "agreement is 1 and kappa is 0/0",
        )
    return Figure((po - pe) / (1 - pe))


def krippendorff_alpha(units: Iterable[tuple[int, Sequence[str]]]) -> Figure:
    """Nominal alpha from (number of such units, value of each annotator), no missing values."""
    coinc: dict[tuple[str, str], float] = {}
    for count, values in units:
        m = len(values)
        if m < 2:
            continue
        vc = Counter(values)
        for c, nc in vc.items():
            for k, nk in vc.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    coinc[(c, k)] = coinc.get((c, k), 0.0) + count * pairs / (m - 1)
    nc_tot: dict[str, float] = {}
    for (c, _k), v in coinc.items():
        nc_tot[c] = nc_tot.get(c, 0.0) + v
    n = sum(nc_tot.values())
    if n == 0:
        return Figure(None, "no token to compare")
    observed = sum(v for (c, k), v in coinc.items() if c != k)
    expected = (n * n - sum(v * v for v in nc_tot.values())) / (n - 1)
    if expected == 0:
        return Figure(
            None,
            "every token has the same tag from every annotator: expected "
            "disagreement is 0 and alpha is 0/0",
        )
    return Figure(1 - observed / expected)


# ------------------------------------------------------------------ the figures
def compute(layers: Layers, label: str | None = None) -> Agreement:
    """Agreement of ``layers.annotators`` (two or more) over ``layers.texts``' documents.
    ``label``: only that label's spans and figures."""
    names = list(layers.annotators)
    if len(names) < 2:
        who = f" (only {names[0]!r})" if names else ""
        raise AnnotatorError(f"agreement needs at least two annotators{who}")
    if len(set(names)) != len(names):
        raise AnnotatorError("an annotator is named twice")
    spans = {
        a: {
            d: [s for s in layers.spans.get(a, {}).get(d, []) if label is None or s[2] == label]
            for d in layers.texts
        }
        for a in names
    }
    used = sorted({s[2] for a in names for ss in spans[a].values() for s in ss})
    labels: list[str] = [label] if label is not None else used
    keys: list[str | None] = [None, *labels] if label is None else [label]
    doc_tokens = {}
    for d, t in layers.texts.items():
        toks = tokenize(t)
        doc_tokens[d] = (toks, ([x[0] for x in toks], [x[1] for x in toks]))
    pairs: list[PairScore] = []
    for a, b in combinations(names, 2):
        # units by the labels each gives them; few distinct combinations, tagged once each
        combos: Counter[tuple[frozenset[str], ...]] = Counter()
        n_a: Counter[str | None] = Counter()
        n_b: Counter[str | None] = Counter()
        exact: Counter[str | None] = Counter()
        overlap: Counter[str | None] = Counter()
        for d, (toks, bounds) in doc_tokens.items():
            xa, xb = spans[a][d], spans[b][d]
            for n, tags in segments(toks, [xa, xb], bounds):
                combos[tags] += n
            n_a.update(s[2] for s in xa)
            n_b.update(s[2] for s in xb)
            both = Counter(xa) & Counter(xb)
            for s, n in both.items():
                exact[s[2]] += n
            # same-label matching never pairs two labels: one run gives every label's matches
            for i, _j in greedy_match(xa, xb, same_label=True):
                overlap[xa[i][2]] += 1
        for counter in (n_a, n_b, exact, overlap):
            counter[None] = sum(counter.values())
        for lab in keys:
            table: Counter[tuple[str, str]] = Counter()
            for (la, lb), n in combos.items():
                table[(tag(la, lab), tag(lb, lab))] += n
            what = "span" if lab is None else f"{lab} span"
            pairs.append(
                PairScore(
                    a, b, lab,
                    _f1(exact[lab], n_a[lab], n_b[lab], what),
                    _f1(overlap[lab], n_a[lab], n_b[lab], what),
                    cohen_kappa(table),
                    n_a[lab], n_b[lab], exact[lab], overlap[lab],
                )
            )  # fmt: skip
    alpha: dict[str, Figure] = {}
    all_combos: Counter[tuple[frozenset[str], ...]] = Counter()
    if len(names) == 2:  # the pair's units are everyone's
        all_combos = combos
    else:
        for d, (toks, bounds) in doc_tokens.items():
            for n, tags in segments(toks, [spans[a][d] for a in names], bounds):
                all_combos[tags] += n
    for k in keys:
        alpha["all" if k is None else k] = krippendorff_alpha(
            (n, [tag(t, k) for t in tags]) for tags, n in all_combos.items()
        )
    if not layers.texts:
        reason = "no document finished by every compared annotator"
        for p in pairs:
            p.f1_exact = p.f1_overlap = p.kappa = Figure(None, reason)
        alpha = {k: Figure(None, reason) for k in alpha}
    return Agreement(names, len(layers.texts), labels, pairs, alpha, relation_scores(layers))


def _rel_key(r: RelKey, symmetric: bool) -> RelKey:
    head, tail, kind = r
    return (min(head, tail), max(head, tail), kind) if symmetric else r


def relation_scores(layers: Layers) -> list[RelationScore]:
    """F1 on (head span, tail span, type) per pair, overall and per type (exact offsets and
    labels at both ends; a symmetric type's ends are unordered)."""
    sym = layers.symmetric
    names = layers.annotators
    rels = {
        a: {
            d: [_rel_key(r, r[2] in sym) for r in layers.relations.get(a, {}).get(d, [])]
            for d in layers.texts
        }
        for a in names
    }
    types = sorted({r[2] for a in names for rs in rels[a].values() for r in rs})
    out = []
    for a, b in combinations(names, 2):
        for kind in [None, *types]:
            na = nb = matched = 0
            for d in layers.texts:
                xa = [r for r in rels[a][d] if kind is None or r[2] == kind]
                xb = [r for r in rels[b][d] if kind is None or r[2] == kind]
                na, nb = na + len(xa), nb + len(xb)
                ca, cb = Counter(xa), Counter(xb)
                matched += sum(min(n, cb[k]) for k, n in ca.items())
            out.append(RelationScore(a, b, kind, _f1(matched, na, nb, "relation"), na, nb, matched))
    return out


def confusion(layers: Layers, a: str, b: str, labels: Sequence[str] | None = None) -> Confusion:
    """Spans of A against B's, matched one-to-one by overlap whatever their labels."""
    counts: Counter[tuple[str, str]] = Counter()
    for d in layers.texts:
        xa = layers.spans.get(a, {}).get(d, [])
        xb = layers.spans.get(b, {}).get(d, [])
        pairs = greedy_match(xa, xb, same_label=False)
        for i, j in pairs:
            counts[(xa[i][2], xb[j][2])] += 1
        for i in set(range(len(xa))) - {i for i, _ in pairs}:
            counts[(xa[i][2], MISSED)] += 1
        for j in set(range(len(xb))) - {j for _, j in pairs}:
            counts[(EXTRA, xb[j][2])] += 1
    used = sorted({k for rc in counts for k in rc} - {MISSED, EXTRA})
    order = list(labels) if labels is not None else []
    order += [lab for lab in used if lab not in order]
    return Confusion(a, b, order, dict(counts))


def disagreements(layers: Layers, a: str, b: str) -> list[DocDisagreement]:
    """Documents by disagreement of A and B, most first (then lower F1, then id)."""
    out = []
    for d in layers.texts:
        xa = layers.spans.get(a, {}).get(d, [])
        xb = layers.spans.get(b, {}).get(d, [])
        pairs = greedy_match(xa, xb, same_label=False)
        differing = sum(1 for i, j in pairs if xa[i] != xb[j])
        diff = differing + (len(xa) - len(pairs)) + (len(xb) - len(pairs))
        f1 = _f1(_exact_matches(xa, xb), len(xa), len(xb), "span").value
        out.append(DocDisagreement(d, layers.titles.get(d, ""), diff, f1))
    out.sort(
        key=lambda r: (-r.differences, 1.0 if r.f1_exact is None else r.f1_exact, r.document_id)
    )
    return out
