"""Issue 11 end to end: two projects labeled on two laptops (through the API, two annotators)
merge, and the agreement over what both finished matches independent implementations
(scikit-learn's kappa, the krippendorff package) on the same token tags."""

from __future__ import annotations

import json

import krippendorff
from sklearn.metrics import cohen_kappa_score

from annotator.cli import main
from annotator.core import agreement as ag
from annotator.core.agreement_data import finished_documents, load_for_agreement
from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.core.tokenize import split_at_boundaries, tokenize

TEXTS = [
    "قالت قوات الأمن العراقية إن هجوما صاروخيا استهدف قاعدة التاجي مساء السبت.",
    "وصل الوزير إلى بغداد قادما من واشنطن لبحث الهجوم مع الحكومة العراقية.",
    "نفى المتحدث باسم التحالف أن تكون القاعدة قد تضررت في الهجوم.",
]


def _word(text: str, word: str) -> tuple[int, int]:
    at = text.index(word)
    return at, at + len(word)


# what each annotator labels: (document index, word, label)
AMAL = [
    (0, "قوات الأمن العراقية", "ACTOR"),
    (0, "هجوما صاروخيا", "EVENT"),
    (0, "قاعدة التاجي", "PLACE"),
    (1, "الوزير", "ACTOR"),
    (1, "بغداد", "PLACE"),
    (1, "واشنطن", "PLACE"),
    (2, "المتحدث", "ACTOR"),
    (2, "القاعدة", "PLACE"),
]
BADR = [
    (0, "قوات الأمن العراقية", "ACTOR"),
    (0, "هجوما", "EVENT"),  # shorter: overlap, not exact
    (0, "قاعدة التاجي", "PLACE"),
    (1, "بغداد", "PLACE"),
    (1, "واشنطن", "ACTOR"),  # another label
    (1, "الحكومة العراقية", "ACTOR"),  # extra
    (2, "المتحدث", "ACTOR"),
    (2, "القاعدة", "PLACE"),
]


def _laptop(path, who: str, spans: list[tuple[int, str, str]], done: list[int]):
    with Project.create(path, annotator=who) as p:
        ids = p.import_records([DocRecord(text=t) for t in TEXTS], source="corpus").document_ids
        for doc, word, label in spans:
            p.add_span(ids[doc], *_word(TEXTS[doc], word), label)
        for doc in done:
            p.set_status(ids[doc], "done")
    return path


def _unit_tags(text: str, layers: list[list[tuple[int, int, str]]]) -> list[list[str]]:
    """Tokens split at every span edge, one tag per unit and layer (docs/agreement.md)."""
    edges = {e for spans in layers for s in spans for e in s[:2]}
    units = split_at_boundaries(tokenize(text), edges)
    return [
        [ag.tag(frozenset(s[2] for s in spans if s[0] <= u0 and u1 <= s[1])) for u0, u1 in units]
        for spans in layers
    ]


def test_two_laptops_merge_and_agree_as_independent_implementations_say(tmp_path):
    a = _laptop(tmp_path / "amal.annotator", "amal", AMAL, done=[0, 1, 2])
    b = _laptop(tmp_path / "badr.annotator", "badr", BADR, done=[0, 1])  # doc 3 not finished
    team = tmp_path / "team.annotator"
    assert main(["merge", "--into", str(team), str(a), str(b)]) == 0
    with Project.open(team) as p:
        # both layers side by side, the same span twice where both labeled it
        docs = p.document_ids()
        assert len(docs) == 3
        who = {sp.annotator for d in docs for sp in p.spans(d)}
        assert who == {"amal", "badr"}
        finished = finished_documents(p, ["amal", "badr"])
        assert finished == {"amal": set(docs), "badr": set(docs[:2])}
        layers = load_for_agreement(p)
        result = ag.compute(layers)
    assert result.documents == 2  # only what both finished
    # exact F1 by hand: amal 6 spans, badr 6 spans in docs 0-1; exact matches: 3 (ACTOR, PLACE,
    # بغداد PLACE) -> F1 = 2*3 / (6 + 6) = 0.5
    overall = next(x for x in result.pairs if x.label is None)
    assert abs(overall.f1_exact.value - 0.5) < 1e-9
    # the overlap match also takes هجوما inside هجوما صاروخيا: 4 of 6 -> 0.6667
    assert abs(overall.f1_overlap.value - 4 / 6) < 1e-9
    # kappa and alpha against scikit-learn and krippendorff on the same token tags
    tags_a: list[str] = []
    tags_b: list[str] = []
    for i in (0, 1):
        text = TEXTS[i]
        x, y = _unit_tags(
            text,
            [
                [(*_word(text, w), lab) for d, w, lab in AMAL if d == i],
                [(*_word(text, w), lab) for d, w, lab in BADR if d == i],
            ],
        )
        tags_a += x
        tags_b += y
    assert abs(overall.kappa.value - cohen_kappa_score(tags_a, tags_b)) < 1e-9
    codes = {t: n for n, t in enumerate(sorted(set(tags_a + tags_b)))}
    alpha = krippendorff.alpha(
        reliability_data=[[codes[t] for t in tags_a], [codes[t] for t in tags_b]],
        level_of_measurement="nominal",
    )
    assert abs(result.alpha["all"].value - alpha) < 1e-9


def test_agreement_cli_on_a_merged_project(tmp_path, capsys):
    a = _laptop(tmp_path / "amal.annotator", "amal", AMAL, done=[0, 1, 2])
    b = _laptop(tmp_path / "badr.annotator", "badr", BADR, done=[0, 1, 2])
    team = tmp_path / "team.annotator"
    assert main(["merge", "--into", str(team), str(a), str(b)]) == 0
    capsys.readouterr()
    assert main(["agreement", "--project", str(team), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["annotators"] == ["amal", "badr"] and out["documents"] == 3
    assert {"a", "b", "label", "f1_exact", "f1_overlap", "kappa"} <= set(out["pairs"][0])
