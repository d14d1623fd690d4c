"""Issue 12: the CRF labeler (annotator/core/suggest/crf.py, features.py), trained on a
synthetic Arabic corpus made here (tests/helpers/ner_corpus.py), scored on held-out documents
whose second half holds names never seen in training."""

from __future__ import annotations

import pytest
from helpers.ner_corpus import make_corpus
from seqeval.metrics import f1_score, precision_score, recall_score

from annotator.core.suggest.crf import CrfModel, TrainingCancelled, train
from annotator.core.suggest.features import clitic_pieces, split_word
from annotator.core.tokenize import split_at_boundaries, tokenize

CORPUS = make_corpus(600, seed=5)
TRAIN, HELD_OUT = CORPUS[:250], CORPUS[400:]


@pytest.fixture(scope="module")
def model() -> CrfModel:
    return train(TRAIN)


def entity_scores(gold: list[set], pred: list[set]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    p = tp / sum(map(len, pred))
    r = tp / sum(map(len, gold))
    return p, r, 2 * p * r / (p + r)


def bio(tokens: list[tuple[int, int]], spans: set[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(tokens)
    for s, e, label in spans:
        inside = [i for i, (a, b) in enumerate(tokens) if a >= s and b <= e]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + label
    return tags


def test_beats_a_threshold_on_held_out_and_agrees_with_seqeval(model: CrfModel) -> None:
    gold = [set(spans) for _, spans in HELD_OUT]
    pred = [{(h.start, h.end, h.label) for h in model.predict(text)} for text, _ in HELD_OUT]
    p, r, f = entity_scores(gold, pred)
    assert f > 0.85, (p, r, f)
    # seqeval on BIO tags over tokens cut at every gold and predicted edge gives the same
    y_true, y_pred = [], []
    for (text, _), g, pr in zip(HELD_OUT, gold, pred, strict=True):
        cuts = [b for s, e, _ in g | pr for b in (s, e)]
        toks = split_at_boundaries(tokenize(text), cuts)
        y_true.append(bio(toks, g))
        y_pred.append(bio(toks, pr))
    assert precision_score(y_true, y_pred) == pytest.approx(p)
    assert recall_score(y_true, y_pred) == pytest.approx(r)
    assert f1_score(y_true, y_pred) == pytest.approx(f)


def test_predicted_span_covers_the_name_not_its_clitic(model: CrfModel) -> None:
    text = "وصل جو بايدن لواشنطن أمس ثم زار وفد من الأمم المتحدة ببغداد ."
    hits = {(h.text, h.label) for h in model.predict(text)}
    assert ("واشنطن", "PLACE") in hits
    assert ("بغداد", "PLACE") in hits
    assert ("جو بايدن", "ACTOR") in hits
    for h in model.predict(text):
        assert 0.0 < h.score <= 1.0 and h.source == "crf"
        assert text[h.start : h.end] == h.text


def test_names_starting_with_clitic_letters_are_not_cut(model: CrfModel) -> None:
    # seen in training as whole names: never cut, even glued to another clitic
    assert {"واشنطن", "بريطانيا", "لبنان"} <= model.keep
    text = "زار بريطانيا ولبنان"
    pieces = [text[s:e] for s, e in clitic_pieces(text, tokenize(text), model.keep)]
    assert pieces == ["زار", "بريطانيا", "و", "لبنان"]
    assert split_word("وبغداد") == [1, 2] and split_word("للحكومه") == []
    hits = [
        (h.text, h.label)
        for h in model.predict(
            "وأكد أيمن الصفدي أن العلاقات بين بريطانيا ولبنان تمر بمرحلة حساسة ."
        )
    ]
    assert ("بريطانيا", "PLACE") in hits and ("لبنان", "PLACE") in hits


def test_model_bytes_round_trip(model: CrfModel) -> None:
    data = model.to_bytes()
    again = CrfModel.from_bytes(data)
    for text, _ in HELD_OUT[:30]:
        assert again.predict(text) == model.predict(text)
        assert again.uncertainty(text) == pytest.approx(model.uncertainty(text))
    assert again.keep == model.keep and again.to_bytes() == data
    with pytest.raises(ValueError, match="not an annotator CRF model"):
        CrfModel.from_bytes(b"garbage")


def test_uncertainty_orders_documents(model: CrfModel) -> None:
    seen = model.uncertainty(TRAIN[0][0])
    odd = model.uncertainty("كتب الشاعر قصيدة طويلة عن البحر والريح والمطر في ليلة شتاء")
    assert 0.0 <= seen < odd <= 1.0
    assert model.uncertainty("") == 0.0 and model.predict("") == []


def test_gazetteer_features() -> None:
    gaz = [("زحلة", "PLACE"), ("جبيل", "PLACE")]
    m = train(TRAIN[:120], gazetteer=gaz)
    assert CrfModel.from_bytes(m.to_bytes()).gazetteer == sorted(gaz)
    hits = [(h.text, h.label) for h in m.predict("وصل عمرو موسى إلى زحلة في زيارة رسمية .")]
    assert ("زحلة", "PLACE") in hits


def test_progress_cancel_and_nothing_to_learn() -> None:
    seen: list[tuple[int, int]] = []
    train(TRAIN[:40], on_progress=lambda d, t: seen.append((d, t)), max_iterations=20)
    assert seen[-1][0] == seen[-1][1] == 60
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(TrainingCancelled):
        train(
            TRAIN[:40],
            should_cancel=lambda: len(seen) > 70,
            on_progress=lambda d, t: seen.append((d, t)),
        )
    with pytest.raises(ValueError, match="no labeled span"):
        train([("نص بلا أسماء", [])])
