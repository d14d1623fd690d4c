"""Random sequences of user actions, undo and redo against a plain in-memory model.

The model knows nothing of ChangeSets: it keeps whole snapshots of the project state and undoes by
going back to the previous one. After every step the database file must equal the model, and the
ChangeSet a write returns must describe exactly the difference between the two snapshots.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from annotator.core.errors import SpanError
from annotator.core.model import DocRecord
from annotator.core.project import Project

TEXTS = [
    "استهدف هجوم صاروخي قاعدة التاجي، وهو ثالث هجوم على أهداف لواشنطن.",
    "قالت قوات الأمن العراقية 😀 إن الهجوم وقع في 2020/06/14.",
    "بغداد\nالبصرة",
]
STATUSES = ("new", "in_progress", "done", "skipped")
COLOURS = ("#112233", "#445566", "#778899", "#AABBCC")
NAMES = ("EVENT", "ACTOR", "PLACE", "CLAIM", "حدث", "X", "Y")


@dataclass
class State:
    # span id -> (document, start, end, label, text)
    spans: dict[int, tuple[int, int, int, str, str]] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)
    # in order: (name, colour, hotkey)
    labels: list[tuple[str, str, str]] = field(default_factory=list)


def db_state(project: Project) -> State:
    state = State()
    for doc_id in project.document_ids():
        doc = project.get_document(doc_id)
        state.statuses[doc_id] = doc.status
        for sp in project.spans(doc_id):
            assert doc.text[sp.start : sp.end] == sp.text
            state.spans[sp.id] = (sp.document_id, sp.start, sp.end, sp.label, sp.text)
    state.labels = [(lab.name, lab.color, lab.hotkey) for lab in project.labels()]
    return state


class ChangePath(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        import tempfile
        from pathlib import Path

        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "p.annotator"
        self.project = Project.create(self.path, annotator="layla")
        self.project.import_records([DocRecord(text=t) for t in TEXTS], source="seed")
        self.docs = self.project.document_ids()
        self.texts = {d: self.project.get_document(d).text for d in self.docs}
        self.state = db_state(self.project)
        self.undo: list[tuple[State, State]] = []
        self.redo: list[tuple[State, State]] = []

    def teardown(self) -> None:
        if self.project is not None:
            self.project.close()
            self.dir.cleanup()

    # ----------------------------------------------------------------- bookkeeping
    def _did(self, new: State, cs: object) -> None:
        """A write succeeded: the model moves to ``new`` and the step becomes undoable."""
        if new == self.state:
            assert cs is None or cs.is_empty() or not cs.undoable  # type: ignore[attr-defined]
            return
        self._check_changeset(self.state, new, cs)
        self.undo.append((self.state, new))
        self.undo = self.undo[-1000:]
        self.redo.clear()
        self.state = new

    def _check_changeset(self, old: State, new: State, cs: object) -> None:
        added = {sp.id for sp in cs.added}  # type: ignore[attr-defined]
        removed = {sp.id for sp in cs.removed}  # type: ignore[attr-defined]
        changed = {n.id for _, n in cs.changed}  # type: ignore[attr-defined]
        assert added == new.spans.keys() - old.spans.keys()
        assert removed == old.spans.keys() - new.spans.keys()
        moved = {i for i in old.spans.keys() & new.spans.keys() if old.spans[i] != new.spans[i]}
        # a rename changes the label of every span with it: the ChangeSet says so in ``renamed``
        if not cs.renamed:  # type: ignore[attr-defined]
            assert changed == moved
        statuses = {
            d: (old.statuses[d], s) for d, s in new.statuses.items() if old.statuses[d] != s
        }
        assert cs.statuses == statuses  # type: ignore[attr-defined]
        assert cs.labels_changed == (old.labels != new.labels)  # type: ignore[attr-defined]

    def _label_names(self) -> list[str]:
        return [name for name, _, _ in self.state.labels]

    # ----------------------------------------------------------------- spans
    @rule(data=st.data())
    def add_span(self, data: st.DataObject) -> None:
        doc = data.draw(st.sampled_from(self.docs))
        n = len(self.texts[doc])
        start = data.draw(st.integers(-1, n))
        end = data.draw(st.integers(start - 1, n + 1))
        label = data.draw(st.sampled_from([*self._label_names(), "NOPE"]))
        valid = (
            0 <= start < end <= n
            and label in self._label_names()
            and all(
                (d, s, e, lab) != (doc, start, end, label)
                for d, s, e, lab, _ in self.state.spans.values()
            )
        )
        try:
            cs = self.project.add_span(doc, start, end, label)
        except SpanError:
            assert not valid
            return
        assert valid
        new = copy.deepcopy(self.state)
        span = cs.added[0]
        new.spans[span.id] = (doc, start, end, label, self.texts[doc][start:end])
        if new.statuses[doc] == "new":
            new.statuses[doc] = "in_progress"
        self._did(new, cs)

    @precondition(lambda self: self.state.spans)
    @rule(data=st.data())
    def delete_span(self, data: st.DataObject) -> None:
        span_id = data.draw(st.sampled_from(sorted(self.state.spans)))
        cs = self.project.delete_span(span_id)
        new = copy.deepcopy(self.state)
        del new.spans[span_id]
        self._did(new, cs)

    @precondition(lambda self: self.state.spans)
    @rule(data=st.data())
    def update_span(self, data: st.DataObject) -> None:
        span_id = data.draw(st.sampled_from(sorted(self.state.spans)))
        doc = self.state.spans[span_id][0]
        n = len(self.texts[doc])
        new_start = data.draw(st.integers(0, n - 1))
        new_end = data.draw(st.integers(new_start + 1, n))
        new_label = data.draw(st.sampled_from(self._label_names()))
        clash = any(
            (d, s, e, lab) == (doc, new_start, new_end, new_label) and i != span_id
            for i, (d, s, e, lab, _) in self.state.spans.items()
        )
        try:
            cs = self.project.update_span(span_id, start=new_start, end=new_end, label=new_label)
        except SpanError:
            assert clash
            return
        assert not clash
        new = copy.deepcopy(self.state)
        new.spans[span_id] = (
            doc,
            new_start,
            new_end,
            new_label,
            self.texts[doc][new_start:new_end],
        )
        self._did(new, cs)

    # ----------------------------------------------------------------- documents
    @rule(data=st.data())
    def set_status(self, data: st.DataObject) -> None:
        doc = data.draw(st.sampled_from(self.docs))
        status = data.draw(st.sampled_from(STATUSES))
        cs = self.project.set_status(doc, status)
        new = copy.deepcopy(self.state)
        new.statuses[doc] = status
        self._did(new, cs)

    @rule(data=st.data(), fail_inner=st.booleans())
    def grouped(self, data: st.DataObject, fail_inner: bool) -> None:
        """Several writes in one transaction are one undo step; a failed inner transaction
        (caught by the caller) takes only its own writes away."""
        docs = data.draw(st.lists(st.sampled_from(self.docs), min_size=1, max_size=3))
        new = copy.deepcopy(self.state)
        before = len(self.project.history)
        with self.project.transaction():
            for doc in docs:
                status = data.draw(st.sampled_from(STATUSES))
                self.project.set_status(doc, status)
                new.statuses[doc] = status
                if fail_inner:
                    try:
                        with self.project.transaction():
                            self.project.set_status(
                                doc, "skipped" if status != "skipped" else "new"
                            )
                            raise RuntimeError("inner")
                    except RuntimeError:
                        pass
        step = self.project.history.next_undo()
        grew = len(self.project.history) != before or (before == 1000 and new != self.state)
        self._did(new, step.summary if grew and step is not None else None)

    # ----------------------------------------------------------------- labels
    @rule(name=st.sampled_from(NAMES), colour=st.sampled_from(COLOURS))
    def add_label(self, name: str, colour: str) -> None:
        if name in self._label_names():
            try:
                self.project.add_label(name, color=colour)
            except SpanError:
                return
            raise AssertionError("a second label with the same name was accepted")
        cs = self.project.add_label(name, color=colour, hotkey="")
        new = copy.deepcopy(self.state)
        new.labels.append((name, colour, ""))
        self._did(new, cs)

    @precondition(lambda self: self.state.labels)
    @rule(data=st.data())
    def update_label(self, data: st.DataObject) -> None:
        names = self._label_names()
        name = data.draw(st.sampled_from(names))
        new_name = data.draw(st.sampled_from([name, *NAMES]))
        colour = data.draw(st.sampled_from(COLOURS))
        hotkey = data.draw(st.sampled_from(["", "1", "2", "q", "7"]))
        taken = {h for n, _, h in self.state.labels if h and n != name}
        valid = (new_name == name or new_name not in names) and (not hotkey or hotkey not in taken)
        try:
            cs = self.project.update_label(name, new_name=new_name, color=colour, hotkey=hotkey)
        except SpanError:
            assert not valid
            return
        assert valid
        new = copy.deepcopy(self.state)
        i = names.index(name)
        new.labels[i] = (new_name, colour, hotkey)
        if new_name != name:
            for span_id, (d, s, e, lab, t) in new.spans.items():
                if lab == name:
                    new.spans[span_id] = (d, s, e, new_name, t)
        self._did(new, cs)

    @precondition(lambda self: self.state.labels)
    @rule(data=st.data(), force=st.booleans())
    def remove_label(self, data: st.DataObject, force: bool) -> None:
        name = data.draw(st.sampled_from(self._label_names()))
        used = [i for i, sp in self.state.spans.items() if sp[3] == name]
        try:
            cs = self.project.remove_label(name, force=force)
        except SpanError:
            assert used and not force
            return
        assert force or not used
        new = copy.deepcopy(self.state)
        new.labels = [lab for lab in new.labels if lab[0] != name]
        for i in used:
            del new.spans[i]
        self._did(new, cs)

    @precondition(lambda self: len(self.state.labels) > 1)
    @rule(data=st.data())
    def move_label(self, data: st.DataObject) -> None:
        names = self._label_names()
        name = data.draw(st.sampled_from(names))
        index = data.draw(st.integers(0, len(names) - 1))
        cs = self.project.move_label(name, index)
        new = copy.deepcopy(self.state)
        item = new.labels.pop(names.index(name))
        new.labels.insert(index, item)
        self._did(new, cs)

    # ----------------------------------------------------------------- history
    @rule()
    def undo(self) -> None:
        cs = self.project.undo()
        if not self.undo:
            assert cs is None
            return
        before, after = self.undo.pop()
        assert cs is not None and cs.kind == "undo"
        self._check_changeset(after, before, cs)
        self.redo.append((before, after))
        self.state = before

    @rule()
    def redo(self) -> None:
        cs = self.project.redo()
        if not self.redo:
            assert cs is None
            return
        before, after = self.redo.pop()
        assert cs is not None and cs.kind == "redo"
        self._check_changeset(before, after, cs)
        self.undo.append((before, after))
        self.state = after

    @rule()
    def reopen(self) -> None:
        """The file holds everything; the history is the session's and starts empty."""
        self.project.close()
        self.project = Project.open(self.path, annotator="layla")
        self.undo.clear()
        self.redo.clear()

    # ----------------------------------------------------------------- checks
    @invariant()
    def database_equals_model(self) -> None:
        if self.project is None:
            return
        assert db_state(self.project) == self.state
        assert self.project.can_undo() == bool(self.undo)
        assert self.project.can_redo() == bool(self.redo)


ChangePath.TestCase.settings = settings(
    max_examples=int(os.environ.get("CHANGE_PATH_EXAMPLES", "200")),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestChangePath = ChangePath.TestCase
