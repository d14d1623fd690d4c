"""Agreement figures (annotator/core/agreement.py) against independent implementations on the
same data (scikit-learn's cohen_kappa_score, the krippendorff package), hand-computed cases and
the edge cases docs/agreement.md defines."""

from __future__ import annotations

import json
import random

import krippendorff
import numpy as np
import pytest
from helpers import add_doc
from sklearn.metrics import cohen_kappa_score

from annotator.core import agreement as ag
from annotator.core.agreement_data import (
    choose_annotators,
    finished_by_spans,
    finished_documents,
    load_for_agreement,
)
from annotator.core.errors import AnnotatorError
from annotator.core.project import Project
from annotator.core.tokenize import split_at_boundaries, tokenize

WORDS = "قال المتحدث باسم الجيش إن القوات دخلت مدينة حلب صباح الأحد بعد اشتباكات عنيفة".split()
LABELS = ["ACTOR", "EVENT", "PLACE"]


def _unit_tags(text: str, layers: list[list[ag.SpanKey]], label: str | None) -> list[list[str]]:
    """The naive definition, unit by unit: tokens split at every edge, tag per layer."""
    edges = {e for spans in layers for s in spans for e in s[:2]}
    units = split_at_boundaries(tokenize(text), edges)
    out = []
    for spans in layers:
        row = []
        for u0, u1 in units:
            labs = frozenset(s[2] for s in spans if s[0] <= u0 and u1 <= s[1])
            row.append(ag.tag(labs, label))
        out.append(row)
    return out


def _random_layers(seed: int, n_ann: int, n_docs: int = 6) -> ag.Layers:
    rng = random.Random(seed)
    texts, spans = {}, {f"a{i}": {} for i in range(n_ann)}
    for d in range(n_docs):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        text = " ".join(words)
        # word offsets, plus a cut inside a word (a prefix left out) now and then
        offs, pos = [], 0
        for w in words:
            offs.append((pos, pos + len(w)))
            pos += len(w) + 1
        texts[d] = text
        base = []
        for _ in range(rng.randint(0, 5)):
            i = rng.randrange(len(offs))
            j = min(len(offs) - 1, i + rng.randint(0, 2))
            start = offs[i][0] + (1 if rng.random() < 0.2 else 0)
            base.append((start, offs[j][1], rng.choice(LABELS)))
        for a in spans:
            mine = set()
            for s in base:
                r = rng.random()
                if r < 0.6:
                    mine.add(s)
                elif r < 0.75:
                    mine.add((s[0], s[1], rng.choice(LABELS)))
                elif r < 0.85:
                    mine.add((s[0], max(s[0] + 1, s[1] - 2), s[2]))
            if rng.random() < 0.3:
                i = rng.randrange(len(offs))
                mine.add((offs[i][0], offs[i][1], rng.choice(LABELS)))
            spans[a][d] = sorted(mine)
    return ag.Layers(list(spans), texts, spans)


@pytest.mark.parametrize("seed", range(8))
def test_kappa_matches_sklearn(seed):
    layers = _random_layers(seed, 2)
    result = ag.compute(layers)
    a, b = layers.annotators
    for label in [None, *result.labels]:
        ta, tb = [], []
        for d, text in layers.texts.items():
            x, y = _unit_tags(text, [layers.spans[a][d], layers.spans[b][d]], label)
            ta += x
            tb += y
        pair = next(p for p in result.pairs if p.label == label)
        expected = cohen_kappa_score(ta, tb) if len(set(ta) | set(tb)) > 1 else None
        if expected is None:
            assert pair.kappa.value is None and pair.kappa.reason
        else:
            assert pair.kappa.value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("seed", "n_ann"), [(s, n) for s in range(6) for n in (2, 3, 4)])
def test_alpha_matches_krippendorff_package(seed, n_ann):
    layers = _random_layers(100 + seed, n_ann)
    result = ag.compute(layers)
    for label in [None, *result.labels]:
        rows = [[] for _ in layers.annotators]
        for d, text in layers.texts.items():
            tags = _unit_tags(text, [layers.spans[a][d] for a in layers.annotators], label)
            for r, t in zip(rows, tags, strict=True):
                r += t
        values = sorted({v for r in rows for v in r})
        code = {v: i for i, v in enumerate(values)}
        data = np.array([[code[v] for v in r] for r in rows], dtype=float)
        got = result.alpha["all" if label is None else label]
        if len(values) < 2:
            assert got.value is None and got.reason
            continue
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert got.value == pytest.approx(expected, abs=1e-9)


def test_two_annotators_alpha_and_kappa_agree_with_each_other_roughly():
    # not the same statistic, but close on a large sample (a sanity check of both)
    layers = _random_layers(7, 2, n_docs=60)
    r = ag.compute(layers)
    pair = next(p for p in r.pairs if p.label is None)
    assert abs(pair.kappa.value - r.alpha["all"].value) < 0.02


def _layers(text, a_spans, b_spans, **more):
    spans = {"A": {0: a_spans}, "B": {0: b_spans}}
    spans.update({k: {0: v} for k, v in more.items()})
    return ag.Layers(list(spans), {0: text}, spans)


TEXT = "aa bb cc dd"  # four tokens: 0-2, 3-5, 6-8, 9-11


def test_perfect_agreement():
    spans = [(0, 5, "ACTOR"), (9, 11, "PLACE")]
    r = ag.compute(_layers(TEXT, spans, list(spans)))
    for p in r.pairs:
        assert p.f1_exact.value == p.f1_overlap.value == p.kappa.value == 1.0
    assert r.alpha["all"].value == 1.0


def test_total_disagreement():
    # A tags tokens 1-2 ACTOR, B tags tokens 3-4 ACTOR: nothing in common
    r = ag.compute(_layers(TEXT, [(0, 5, "ACTOR")], [(6, 11, "ACTOR")]))
    pair = r.pairs[0]
    assert pair.f1_exact.value == pair.f1_overlap.value == 0.0
    # 2x2 table [[0, 2], [2, 0]]: po = 0, pe = 0.5, kappa = -1
    assert pair.kappa.value == -1.0


def test_kappa_by_hand_2x2():
    # ten tokens; A: ACTOR on 1-4, B: ACTOR on 1-3 and 5-6. Table (A rows, B columns):
    #   ACTOR/ACTOR 3, ACTOR/O 1, O/ACTOR 2, O/O 4. po = 0.7,
    #   pe = 0.4*0.5 + 0.6*0.5 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4
    text = " ".join(["word"] * 10)
    tok = tokenize(text)
    a = [(tok[0][0], tok[3][1], "ACTOR")]
    b = [(tok[0][0], tok[2][1], "ACTOR"), (tok[4][0], tok[5][1], "ACTOR")]
    r = ag.compute(_layers(text, a, b))
    assert r.pairs[0].kappa.value == pytest.approx(0.4)
    # overlap F1: the first spans match, the second of B does not: 2*1/(1+2)
    assert r.pairs[0].f1_overlap.value == pytest.approx(2 / 3)
    assert r.pairs[0].f1_exact.value == 0.0


def test_overlap_matching_is_one_to_one():
    # one long span of A against two short ones of B: one match only
    r = ag.compute(_layers(TEXT, [(0, 8, "EVENT")], [(0, 2, "EVENT"), (3, 8, "EVENT")]))
    assert r.pairs[0].matched_overlap == 1
    assert r.pairs[0].f1_overlap.value == pytest.approx(2 / 3)
    # greedy takes the longer overlap
    assert ag.greedy_match([(0, 8, "E")], [(0, 2, "E"), (3, 8, "E")], same_label=True) == [(0, 1)]


def test_nested_labels_make_a_combined_tag():
    spans_a = [(0, 5, "ACTOR"), (3, 5, "PLACE")]
    tags = _unit_tags(TEXT, [spans_a], None)[0]
    assert tags == ["ACTOR", "ACTOR+PLACE", "O", "O"]
    seg = ag.segments(tokenize(TEXT), [spans_a])
    assert [(n, ag.tag(t[0])) for n, t in seg] == [(1, "ACTOR"), (1, "ACTOR+PLACE"), (2, "O")]


def test_a_span_edge_inside_a_token_splits_it():
    # A labels واشنطن inside لواشنطن, B the whole token: two units, one agreed
    text = "زار لواشنطن"
    a = [(5, 11, "PLACE")]
    b = [(4, 11, "PLACE")]
    assert _unit_tags(text, [a, b], None) == [["O", "O", "PLACE"], ["O", "PLACE", "PLACE"]]
    r = ag.compute(_layers(text, a, b))
    assert r.pairs[0].f1_exact.value == 0.0
    assert r.pairs[0].f1_overlap.value == 1.0


def test_no_spans_at_all_leaves_figures_undefined_with_reasons():
    r = ag.compute(_layers(TEXT, [], []))
    pair = r.pairs[0]
    assert pair.kappa.value is None and "chance agreement is 1" in pair.kappa.reason
    out = json.loads(json.dumps(r.as_json()))
    assert out["pairs"][0]["kappa"] is None
    assert out["pairs"][0]["f1_exact"] is None
    assert set(out["pairs"][0]["undefined"]) == {"f1_exact", "f1_overlap", "kappa"}
    assert out["alpha"] == {"all": None}
    assert "0/0" in out["alpha_undefined"]["all"]


def test_no_common_document():
    r = ag.compute(ag.Layers(["A", "B"], {}, {"A": {}, "B": {}}))
    assert r.documents == 0
    out = r.as_json()
    assert (
        out["pairs"][0]["undefined"]["kappa"] == "no document finished by every compared annotator"
    )


def test_a_single_annotator_is_a_clear_error():
    with pytest.raises(AnnotatorError, match="at least two annotators"):
        ag.compute(ag.Layers(["A"], {0: TEXT}, {"A": {0: []}}))


def test_json_shape():
    r = ag.compute(_layers(TEXT, [(0, 5, "ACTOR")], [(0, 5, "ACTOR"), (9, 11, "PLACE")], C=[]))
    out = json.loads(json.dumps(r.as_json()))
    assert out["annotators"] == ["A", "B", "C"]
    assert out["documents"] == 1
    assert {(p["a"], p["b"], p["label"]) for p in out["pairs"]} == {
        (x, y, lab)
        for x, y in [("A", "B"), ("A", "C"), ("B", "C")]
        for lab in (None, "ACTOR", "PLACE")
    }
    assert set(out["alpha"]) == {"all", "ACTOR", "PLACE"}
    assert out["relations"][0]["f1"] is None  # nobody made a relation
    only = ag.compute(
        _layers(TEXT, [(0, 5, "ACTOR")], [(0, 5, "ACTOR"), (9, 11, "PLACE")]), "PLACE"
    )
    assert [p["label"] for p in only.as_json()["pairs"]] == ["PLACE"]
    assert list(only.as_json()["alpha"]) == ["PLACE"]


def test_confusion_and_document_order():
    layers = ag.Layers(
        ["A", "B"],
        {1: TEXT, 2: TEXT, 3: TEXT},
        {
            "A": {
                1: [(0, 2, "ACTOR")],
                2: [(0, 2, "ACTOR"), (3, 5, "PLACE")],
                3: [(0, 2, "EVENT")],
            },
            "B": {
                1: [(0, 2, "ACTOR")],
                2: [(0, 2, "PLACE"), (9, 11, "EVENT")],
                3: [(0, 5, "EVENT")],
            },
        },
    )
    c = ag.confusion(layers, "A", "B", ["EVENT", "ACTOR", "PLACE"])
    assert c.rows == ["EVENT", "ACTOR", "PLACE", "extra"]
    assert c.columns == ["EVENT", "ACTOR", "PLACE", "missed"]
    assert c.count("ACTOR", "ACTOR") == 1
    assert c.count("ACTOR", "PLACE") == 1
    assert c.count("PLACE", "missed") == 1
    assert c.count("extra", "EVENT") == 1
    assert c.count("EVENT", "EVENT") == 1  # overlapping, other offsets: same label
    order = ag.disagreements(layers, "A", "B")
    # doc 2: label change + A's PLACE missed + B's EVENT extra = 3; doc 3: offsets differ = 1
    assert [(d.document_id, d.differences) for d in order] == [(2, 3), (3, 1), (1, 0)]


def test_relations_f1():
    h, t = (0, 2, "ACTOR"), (9, 11, "PLACE")
    layers = _layers(TEXT, [h, t], [h, t])
    layers.relations = {
        "A": {0: [(h, t, "at"), (t, h, "near")]},
        "B": {0: [(h, t, "at"), (h, t, "near")]},
    }
    r = ag.relation_scores(layers)
    by_type = {x.type: x for x in r}
    assert by_type["at"].f1.value == 1.0
    assert by_type["near"].f1.value == 0.0
    assert by_type[None].f1.value == 0.5
    layers.symmetric = {"near"}
    assert {x.type: x.f1.value for x in ag.relation_scores(layers)}["near"] == 1.0


# ------------------------------------------------------------------ read from a project
def _two_annotator_project(tmp_path):
    p = Project.create(tmp_path / "team.annotator", annotator="amal")
    d1 = add_doc(p, "قال المتحدث إن القوات دخلت حلب", title="حلب")
    d2 = add_doc(p, "اجتمع الوزير مع السفير في بيروت", title="بيروت")
    d3 = add_doc(p, "نص لم ينته أحد منه", title="غير منته")
    p.add_span(d1, 4, 11, "ACTOR")  # المتحدث
    p.add_span(d1, 15, 21, "ACTOR")  # القوات
    p.add_span(d2, 6, 12, "ACTOR")  # الوزير
    p.add_span(d3, 0, 2, "EVENT")
    p.set_annotator("badr")
    p.add_span(d1, 4, 11, "PLACE")  # same place, another label
    p.add_span(d1, 26, 29, "PLACE")  # حلب
    p.add_span(d2, 6, 11, "ACTOR")  # الوزي: overlapping, not exact
    for who in ("amal", "badr"):  # "done" is each annotator's own
        p.set_annotator(who)
        p.set_status(d1, "done")
        p.set_status(d2, "done")
    return p, (d1, d2, d3)


def test_loaded_from_a_project(tmp_path):
    p, (d1, d2, _d3) = _two_annotator_project(tmp_path)
    with p:
        assert choose_annotators(p, None) == ["amal", "badr"]
        finished = finished_by_spans(p, ["amal", "badr"])
        assert finished == {"amal": {d1, d2}, "badr": {d1, d2}}
        assert finished_documents(p, ["amal", "badr"]) == finished
        layers = load_for_agreement(p)
        assert sorted(layers.texts) == [d1, d2]
        assert layers.titles[d1] == "حلب"
        r = ag.compute(layers)
        pair = next(x for x in r.pairs if x.label is None)
        assert (pair.spans_a, pair.spans_b, pair.matched_exact, pair.matched_overlap) == (
            3,
            3,
            0,
            1,
        )
        # a caller's own idea of "finished" (the team branch's per-annotator status)
        only_d2 = load_for_agreement(p, finished={"amal": {d2}, "badr": {d2, d1}})
        assert list(only_d2.texts) == [d2]
        with pytest.raises(AnnotatorError, match="no spans by zed"):
            choose_annotators(p, ["amal", "zed"])
        with pytest.raises(AnnotatorError, match="at least two annotators"):
            choose_annotators(p, ["amal"])


def test_a_project_with_one_annotator_is_a_clear_error(tmp_path):
    with Project.create(tmp_path / "solo.annotator", annotator="amal") as p:
        d = add_doc(p, "نص قصير")
        p.add_span(d, 0, 2, "EVENT")
        with pytest.raises(AnnotatorError, match="only 'amal' has spans"):
            load_for_agreement(p)


def test_relations_read_from_a_project(tmp_path):
    p, (d1, _d2, _d3) = _two_annotator_project(tmp_path)
    with p:
        by = {(s.annotator, s.start, s.label): s.id for s in p.spans(d1)}
        with p._tx() as conn:
            p._insert_row(
                conn,
                "relation_types",
                {"name": "in", "name_en": "in", "name_ar": "في", "color": "#000000", "ord": 0},
            )
            for who, head, tail in (
                ("amal", by[("amal", 4, "ACTOR")], by[("amal", 15, "ACTOR")]),
                ("badr", by[("badr", 4, "PLACE")], by[("badr", 26, "PLACE")]),
            ):
                p._insert_row(
                    conn,
                    "relations",
                    {"document_id": d1, "type": "in", "head_id": head, "tail_id": tail,
                     "annotator": who, "created": 1},
                )  # fmt: skip
        layers = load_for_agreement(p)
        assert layers.relations["amal"][d1] == [((4, 11, "ACTOR"), (15, 21, "ACTOR"), "in")]
        assert layers.relations["badr"][d1] == [((4, 11, "PLACE"), (26, 29, "PLACE"), "in")]
        out = ag.compute(layers).as_json()["relations"]
        assert [(r["type"], r["f1"], r["relations_a"], r["relations_b"]) for r in out] == [
            (None, 0.0, 1, 1),
            ("in", 0.0, 1, 1),
        ]
