"""Suggestions (issue 12): their own layer, accepted or rejected through the change path.

Everything is read back from the project file (a second connection, or the project reopened)."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import SEED, add_doc

from annotator.core.errors import AnnotatorError, SpanError
from annotator.core.model import DocRecord
from annotator.core.project import Project

TEXT = "زار الرئيس واشنطن ثم عاد من لواشنطن إلى بغداد وواشنطن"
#       0123456789012345678901234567890123456789012345678901234


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def _stored(project: Project) -> list[tuple]:
    """The suggestions table as another connection reads it."""
    conn = sqlite3.connect(project.path)
    try:
        return conn.execute(
            'SELECT document_id, start, "end", label, text, source, status FROM suggestions '
            "ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def _name_at(text: str, name: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(name, at + 1)
    return at


def test_propagation_in_document_covers_only_the_name(project):
    doc = add_doc(project, TEXT)
    at = _name_at(TEXT, "واشنطن")
    span = project.add_span(doc, at, at + 6, "PLACE").added[0]
    cs = project.propagate_span(span.id)
    assert cs.action == "suggest" and not cs.undoable
    got = [(s.start, s.end, s.text, s.label, s.source) for s in project.suggestions(doc)]
    second = _name_at(TEXT, "واشنطن", 1)
    third = _name_at(TEXT, "واشنطن", 2)
    assert got == [
        (second, second + 6, "واشنطن", "PLACE", "propagation"),
        (third, third + 6, "واشنطن", "PLACE", "propagation"),
    ]
    assert TEXT[second - 1] == "ل"  # inside لواشنطن, the clitic left out
    # background work is not a step of the history: undo takes back the span only
    project.undo()
    assert project.spans(doc) == []
    assert len(project.suggestions(doc)) == 2


def test_propagation_on_the_seed_article(project):
    text = SEED.read_text(encoding="utf-8")
    doc = add_doc(project, text)
    stored = project.get_document(doc).text
    at = stored.index("واشنطن")
    while stored[at - 1] != " ":  # the first bare occurrence
        at = stored.index("واشنطن", at + 1)
    span = project.add_span(doc, at, at + 6, "PLACE").added[0]
    project.propagate_span(span.id)
    sugg = project.suggestions(doc)
    assert sugg and all(s.text == "واشنطن" and s.label == "PLACE" for s in sugg)
    glued = stored.index("لواشنطن")
    assert any(s.start == glued + 1 and s.end == glued + 7 for s in sugg)
    assert all(stored[s.start : s.end] == "واشنطن" for s in sugg)


def test_whole_project_propagation(project):
    a = add_doc(project, TEXT)
    b = add_doc(project, "وصل الوفد إلى بغداد صباحا")
    c = add_doc(project, "لا ذكر للمدينة هنا")
    at = TEXT.index("بغداد")
    span = project.add_span(a, at, at + 5, "PLACE").added[0]
    seen: list[tuple[int, int]] = []
    project.propagate_span(
        span.id, whole_project=True, on_progress=lambda d, t: seen.append((d, t))
    )
    assert [s.text for s in project.suggestions(b)] == ["بغداد"]
    assert project.suggestions(c) == []
    assert project.suggestions(a) == []  # the labeled place itself is not proposed
    assert seen[-1] == (3, 3)


def test_accept_reject_undo_redo_and_reopen(project, tmp_path):
    doc = add_doc(project, TEXT)
    w1, w2, w3 = (_name_at(TEXT, "واشنطن", i) for i in range(3))
    cs = project.add_suggestions(
        [(doc, w1, w1 + 6, "PLACE", "gazetteer", 0.5), (doc, w2, w2 + 6, "PLACE", "model", 0.7)]
    )
    assert len(cs.rows_added) == 2 and cs.rows_in("suggestions", doc)[1] == cs.rows_added
    first, second = project.suggestions(doc)
    assert project.status(doc) == "new"

    acc = project.accept_suggestion(first.id)
    assert acc.undoable and acc.select == acc.added[0].id
    span = project.get_span(acc.select)
    assert (span.start, span.end, span.label, span.annotator) == (w1, w1 + 6, "PLACE", "tester")
    assert acc.statuses == {doc: ("new", "in_progress")}
    assert [s.id for s in project.suggestions(doc)] == [second.id]
    assert project.get_suggestion(first.id).status == "accepted"

    rej = project.reject_suggestion(second.id)
    assert rej.undoable and project.suggestions(doc) == []
    with pytest.raises(AnnotatorError, match="already rejected"):
        project.reject_suggestion(second.id)

    project.undo()  # the rejection
    assert [s.id for s in project.suggestions(doc)] == [second.id]
    project.undo()  # the acceptance: span gone, suggestion pending, document new again
    assert project.spans(doc) == [] and project.status(doc) == "new"
    assert [s.id for s in project.suggestions(doc)] == [first.id, second.id]
    project.redo()
    project.redo()
    assert [(s.start, s.annotator) for s in project.spans(doc)] == [(w1, "tester")]
    assert [s.status for s in project.suggestions(doc, status=None)] == ["accepted", "rejected"]
    path = project.path
    project.close()
    with Project.open(path) as again:
        assert [s.status for s in again.suggestions(doc, status=None)] == [
            "accepted",
            "rejected",
        ]
        assert again.suggestion_stats()["model"]["rejected"] == 1
        assert again.suggestion_stats()["gazetteer"]["accepted"] == 1
        # rejected and accepted places are never proposed again, nor a span's place
        cs = again.add_suggestions(
            [
                (doc, w1, w1 + 6, "PLACE", "propagation", 0.9),
                (doc, w2, w2 + 6, "PLACE", "propagation", 0.9),
                (doc, w3, w3 + 6, "PLACE", "propagation", 0.9),
            ]
        )
        assert [r.get("start") for r in cs.rows_added] == [w3]
    assert _stored(project)[-1] == (doc, w3, w3 + 6, "PLACE", "واشنطن", "propagation", "pending")


def test_accept_all_is_one_step_and_existing_spans_are_skipped(project):
    doc = add_doc(project, TEXT)
    w1, w2, w3 = (_name_at(TEXT, "واشنطن", i) for i in range(3))
    b = TEXT.index("بغداد")
    project.add_span(doc, b, b + 5, "PLACE")
    cs = project.add_suggestions(
        [
            (doc, w1, w1 + 6, "PLACE", "gazetteer", 0.4),
            (doc, w2, w2 + 6, "PLACE", "gazetteer", 0.4),
            (doc, b, b + 5, "PLACE", "gazetteer", 0.9),  # a span already: skipped
            (doc, w1, w1 + 6, "PLACE", "model", 0.8),  # same place: the higher score kept
        ]
    )
    assert len(cs.rows_added) == 2
    assert [(s.source, s.score) for s in project.suggestions(doc)] == [
        ("model", 0.8),
        ("gazetteer", 0.4),
    ]
    # a lower score leaves it alone
    assert project.add_suggestions([(doc, w1, w1 + 6, "PLACE", "gazetteer", 0.1)]).is_empty()
    # labeled by hand meanwhile: no longer shown as a suggestion
    project.add_span(doc, w3, w3 + 6, "PLACE")
    project.add_suggestions([(doc, w3, w3 + 6, "ACTOR", "model", 0.3)])
    everything = project.accept_suggestions(doc)
    assert everything.undoable and len(everything.added) == 3
    assert project.suggestions(doc) == []
    assert len(project.spans(doc)) == 5
    project.undo()
    assert len(project.spans(doc)) == 2 and len(project.suggestions(doc)) == 3
    project.redo()
    assert len(project.spans(doc)) == 5


def test_reject_all(project):
    doc = add_doc(project, TEXT)
    w1, w2 = (_name_at(TEXT, "واشنطن", i) for i in range(2))
    project.add_suggestions(
        [(doc, w1, w1 + 6, "PLACE", "gazetteer", 0.4), (doc, w2, w2 + 6, "ACTOR", "model", 0.4)]
    )
    cs = project.reject_suggestions(doc)
    assert len(cs.rows_changed) == 2 and project.suggestions(doc) == []
    project.undo()
    assert len(project.suggestions(doc)) == 2


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ((-1, 5, "PLACE", "model", 0.5), "outside"),
        ((5, 5, "PLACE", "model", 0.5), "empty"),
        ((0, 999, "PLACE", "model", 0.5), "outside"),
        ((0, 3, "NOPE", "model", 0.5), "no label"),
        ((0, 3, "PLACE", "oracle", 0.5), "unknown suggestion source"),
        ((0, 3, "PLACE", "model", 1.5), "not in"),
    ],
)
def test_bad_suggestions_change_nothing(project, item, message):
    doc = add_doc(project, TEXT)
    good = (doc, 0, 3, "PLACE", "model", 0.5)
    with pytest.raises((SpanError, AnnotatorError), match=message):
        project.add_suggestions([good, (doc, *item)])
    assert _stored(project) == []
    with pytest.raises(AnnotatorError, match="no document with id 99"):
        project.add_suggestions([(99, 0, 3, "PLACE", "model", 0.5)])


def test_unknown_suggestion_ids_are_refused(project):
    with pytest.raises(AnnotatorError, match="no suggestion with id 999"):
        project.accept_suggestion(999)
    with pytest.raises(AnnotatorError, match="no suggestion with id 999"):
        project.reject_suggestion(999)


def test_removing_a_label_takes_its_suggestions_and_gazetteer_entries_undoably(project, tmp_path):
    doc = add_doc(project, TEXT)
    gaz = tmp_path / "g.txt"
    gaz.write_text("بغداد\n", encoding="utf-8")
    project.import_gazetteer(gaz, label="CLAIM")
    project.suggest_from_gazetteer()
    (s,) = project.suggestions(doc)
    project.reject_suggestion(s.id)
    cs = project.remove_label("CLAIM")
    # CLAIM's roles and the attribute allowed on it only go too (docs/frames.md)
    assert {r.table for r in cs.rows_removed} == {
        "suggestions",
        "gazetteer",
        "roles",
        "attribute_defs",
    }
    assert _stored(project) == [] and project.gazetteer() == []
    project.undo()
    assert project.gazetteer() == [("بغداد", "CLAIM")]
    assert project.get_suggestion(s.id).status == "rejected"  # still never proposed again
    project.redo()
    assert _stored(project) == []


def test_gazetteer_import_is_undoable_and_skips_what_is_stored(project, tmp_path):
    gaz = tmp_path / "g.csv"
    gaz.write_text('name,label\nواشنطن,PLACE\n"بغداد، العاصمة",PLACE\n', encoding="utf-8")
    cs = project.import_gazetteer(gaz)
    assert cs.undoable and len(cs.rows_added) == 2
    assert project.import_gazetteer(gaz).is_empty()
    project.undo()  # the second import did nothing: the first is undone
    assert project.gazetteer() == []


def test_cancelled_propagation_keeps_what_was_committed(project):
    from annotator.core.project import SuggestionCancelled

    docs = [add_doc(project, f"{i} زار الوفد بغداد") for i in range(3)]
    at = "0 زار الوفد بغداد".index("بغداد")
    span = project.add_span(docs[0], at, at + 5, "PLACE").added[0]
    with pytest.raises(SuggestionCancelled) as stopped:
        project.propagate_span(span.id, whole_project=True, should_cancel=lambda: True)
    assert _stored(project) == [] and stopped.value.changes.is_empty()
    # cancelled after the first chunk of 500 documents: that chunk is kept, and said
    project.import_records(
        [DocRecord(text=f"{i} وصل الوفد إلى بغداد") for i in range(600)], source="more"
    )
    asked = iter([False, True])
    with pytest.raises(SuggestionCancelled) as stopped:
        project.propagate_span(span.id, whole_project=True, should_cancel=lambda: next(asked))
    kept = stopped.value.changes.rows_added
    assert len(kept) == 2 + 497 and len(_stored(project)) == len(kept)


def test_next_undone_and_training_due(project):
    from helpers.ner_corpus import make_corpus

    from annotator.core.model import DocRecord, SpanRecord

    project.add_label("ORG")
    corpus = make_corpus(30)
    project.import_records(
        [
            DocRecord(
                text=t,
                spans=[SpanRecord(s, e, lab) for s, e, lab in spans] if i < 20 else [],
                status="done" if i < 20 else None,
            )
            for i, (t, spans) in enumerate(corpus)
        ],
        source="synthetic",
    )
    assert project.next_undone() == 21  # no model: import order
    assert project.training_due(every=10) and not project.training_due(every=25)
    info = project.train_model(max_iterations=30)
    assert info.trained_on == 20 and not project.training_due(every=10)
    values = {d: project.document_uncertainty(d) for d in range(21, 31)}
    assert all(v is not None and 0 <= v <= 1 for v in values.values())
    assert project.document_uncertainty(1) is None  # done: not scored
    most = max(values, key=lambda d: (values[d], -d))
    assert project.next_undone() == most
    assert project.next_undone("id") == 21
    assert project.next_undone(exclude=lambda d: d == most) != most
    cs = project.pre_annotate()
    assert cs.rows_added and all(r.get("source") == "model" for r in cs.rows_added)
    assert {r.document_id for r in cs.rows_added} <= set(range(21, 31))
    # records: without suggestions unless asked
    recs = list(project.iter_records(ids=[21]))
    assert recs[0].suggestions == []
    recs = list(project.iter_records(ids=[21], include_suggestions=True))
    assert recs[0].suggestions and all(
        s.suggestion["source"] == "model" for s in recs[0].suggestions
    )
    with pytest.raises(AnnotatorError, match="unknown order"):
        project.next_undone("random")


def test_check_finds_a_suggestion_that_does_not_match_its_text(project):
    from annotator.core.check import check_project

    doc = add_doc(project, TEXT)
    project.add_suggestions([(doc, 0, 3, "PLACE", "model", 0.5)])
    path = project.path
    project.close()
    assert check_project(path).ok
    conn = sqlite3.connect(path)
    conn.execute("UPDATE suggestions SET text = 'xyz'")
    conn.commit()
    conn.close()
    report = check_project(path)
    assert not report.ok
    assert any("suggestion 1 (document 1)" in p for p in report.problems)
