"""ChangeSet algebra and the history's stacks, without a database."""

from __future__ import annotations

from annotator.core.changes import ChangeSet, compose
from annotator.core.history import History
from annotator.core.model import Label, Span


def span(i: int, start: int = 0, end: int = 3, label: str = "EVENT") -> Span:
    return Span(i, 1, start, end, label, "abc"[: end - start], "layla", "t", "t")


LAB = (Label("EVENT", "Event", "حدث", "#112233", "1", 0),)
LAB2 = (*LAB, Label("X", "X", "X", "#445566", "", 1))


def test_inverted_twice_is_the_original() -> None:
    cs = ChangeSet(
        "update_span",
        1,
        added=[span(1)],
        removed=[span(2)],
        changed=[(span(3), span(3, 1, 2))],
        statuses={1: ("new", "in_progress")},
        labels_before=LAB,
        labels_after=LAB2,
        renamed=[("A", "B"), ("B", "C")],
    )
    back = cs.inverted()
    assert back.added == cs.removed and back.removed == cs.added
    assert back.changed == [(span(3, 1, 2), span(3))]
    assert back.statuses == {1: ("in_progress", "new")}
    assert (back.labels_before, back.labels_after) == (LAB2, LAB)
    assert back.renamed == [("C", "B"), ("B", "A")]
    again = back.inverted()
    assert (again.added, again.removed, again.changed) == (cs.added, cs.removed, cs.changed)
    assert again.statuses == cs.statuses and again.renamed == cs.renamed


def test_undo_of_a_delete_selects_the_restored_span() -> None:
    assert ChangeSet("delete_span", 1, removed=[span(7)]).inverted().select == 7
    assert ChangeSet("update_span", 1, changed=[(span(4), span(4, 1))]).inverted().select == 4
    assert ChangeSet("add_span", 1, added=[span(5)]).inverted().select is None


def test_compose_gives_the_net_effect_per_span() -> None:
    a = ChangeSet("add_span", 1, added=[span(1)], statuses={1: ("new", "in_progress")})
    b = ChangeSet("update_span", 1, changed=[(span(1), span(1, 1))])
    c = ChangeSet("add_span", 1, added=[span(2)])
    d = ChangeSet("delete_span", 1, removed=[span(2)])
    e = ChangeSet("set_status", 1, statuses={1: ("in_progress", "new")})
    out = compose([a, b, c, d])
    assert out.added == [span(1, 1)] and out.removed == [] and out.changed == []
    assert out.statuses == {1: ("new", "in_progress")}
    assert out.document_id == 1
    # a status set back to where it began is no change at all
    assert compose([a, b, c, d, e]).statuses == {}


def test_compose_of_changes_that_cancel_is_empty() -> None:
    out = compose([ChangeSet("add_span", 1, added=[span(1)]), ChangeSet("x", 1, removed=[span(1)])])
    assert out.is_empty() and not out.undoable


def test_history_groups_a_transaction_and_drops_a_rolled_back_one() -> None:
    h = History(limit=3)
    h.begin()
    h.record(ChangeSet("add_span", 1, added=[span(1)]))
    h.begin()  # nested: joins the outer step
    h.record(ChangeSet("add_span", 1, added=[span(2)]))
    h.commit()
    h.commit()
    assert len(h) == 1 and len(h.next_undo().changes) == 2  # type: ignore[union-attr]
    h.begin()
    h.record(ChangeSet("add_span", 1, added=[span(3)]))
    h.rollback()
    assert len(h) == 1
    # what is not undoable (an import, an empty change) is not recorded
    h.record(ChangeSet("import", documents_added=[4]))
    h.record(ChangeSet("update_span", 1))
    assert len(h) == 1


def test_history_keeps_the_limit_and_a_new_action_clears_redo() -> None:
    h = History(limit=3)
    for i in range(5):
        h.record(ChangeSet("add_span", 1, added=[span(i + 1)]))
    assert len(h) == 3
    top = h.next_undo()
    h.undone()
    assert h.can_redo() and h.next_redo() is top
    h.redone()
    assert h.next_undo() is top and not h.can_redo()
    h.undone()
    h.record(ChangeSet("add_span", 1, added=[span(9)]))
    assert not h.can_redo()
    h.drop("undo")
    assert len(h) == 2


def test_label_edit_steps_are_told_apart() -> None:
    h = History()
    h.record(ChangeSet("add_label", labels_before=LAB, labels_after=LAB2))
    assert h.next_undo().is_label_edit  # type: ignore[union-attr]
    h.record(ChangeSet("add_span", 1, added=[span(1)]))
    assert not h.next_undo().is_label_edit  # type: ignore[union-attr]


def test_a_failed_nested_transaction_drops_only_its_own_writes() -> None:
    h = History()
    h.begin()
    h.record(ChangeSet("add_span", 1, added=[span(1)]))
    h.begin()
    h.record(ChangeSet("add_span", 1, added=[span(2)]))
    h.rollback()
    h.record(ChangeSet("add_span", 1, added=[span(3)]))
    h.commit()
    (step,) = [h.next_undo()]
    assert [cs.added[0].id for cs in step.changes] == [1, 3]  # type: ignore[union-attr]


def test_compose_tells_two_spans_with_one_id_apart() -> None:
    gone = Span(1, 1, 0, 3, "EVENT", "abc", "layla", "t1", "t1")
    new = Span(1, 2, 0, 3, "EVENT", "abc", "layla", "t2", "t2")
    out = compose(
        [ChangeSet("delete_span", 1, removed=[gone]), ChangeSet("add_span", 2, added=[new])]
    )
    assert out.removed == [gone] and out.added == [new] and out.changed == []
    assert out.documents() == {1, 2}
