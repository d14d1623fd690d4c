"""Random sequences of user actions, undo and redo against a plain in-memory model.

The model knows nothing of ChangeSets: it keeps whole snapshots of the project state and undoes by
going back to the previous one. After every step the database file must equal the model, and the
ChangeSet a write returns must describe exactly the difference between the two snapshots.
"""

from __future__ import annotations

import copy
import os
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from annotator.core.errors import FrameError, SpanError
from annotator.core.history import History
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
    # the records beyond spans, by database id:
    # frames: (document, trigger span); args: (frame, role, span, frame argument);
    # relations: (document, type, head, tail); attribute values: (span, frame, name, value);
    # notes: (document, span, frame, text)
    frames: dict[int, tuple[int, int]] = field(default_factory=dict)
    args: dict[int, tuple[int, str, int | None, int | None]] = field(default_factory=dict)
    relations: dict[int, tuple[int, str, int, int]] = field(default_factory=dict)
    attrs: dict[int, tuple[int | None, int | None, str, str]] = field(default_factory=dict)
    notes: dict[int, tuple[int, int | None, int | None, str]] = field(default_factory=dict)


# the model's name of each table of records
TABLES = {
    "frames": "frames",
    "frame_args": "args",
    "relations": "relations",
    "attribute_values": "attrs",
    "notes": "notes",
}


def drop_frames(state: State, frames: set[int]) -> None:
    """What deleting these frames deletes with them (schema.ROW_REFERENCES)."""
    for i, (f, _r, _s, af) in list(state.args.items()):
        if f in frames or af in frames:
            del state.args[i]
    for i, row in list(state.attrs.items()):
        if row[1] in frames:
            del state.attrs[i]
    for i, row in list(state.notes.items()):
        if row[2] in frames:
            del state.notes[i]
    for f in frames:
        del state.frames[f]


def drop_span(state: State, span_id: int) -> None:
    """The model of delete_span: the span and everything pointing at it."""
    drop_frames(state, {f for f, (_d, t) in state.frames.items() if t == span_id})
    for i, (_f, _r, sp, _af) in list(state.args.items()):
        if sp == span_id:
            del state.args[i]
    for i, (_d, _t, h, t) in list(state.relations.items()):
        if span_id in (h, t):
            del state.relations[i]
    for i, row in list(state.attrs.items()):
        if row[0] == span_id:
            del state.attrs[i]
    for i, row in list(state.notes.items()):
        if row[1] == span_id:
            del state.notes[i]
    del state.spans[span_id]


def db_records(path: Any) -> dict[str, dict[int, tuple]]:
    """The records beyond spans, read straight from the file with sqlite3."""
    conn = sqlite3.connect(path)
    try:
        q = conn.execute
        return {
            "frames": {
                r[0]: tuple(r[1:]) for r in q("SELECT id, document_id, trigger_id FROM frames")
            },
            "args": {
                r[0]: tuple(r[1:])
                for r in q("SELECT id, frame_id, role, span_id, arg_frame_id FROM frame_args")
            },
            "relations": {
                r[0]: tuple(r[1:])
                for r in q("SELECT id, document_id, type, head_id, tail_id FROM relations")
            },
            "attrs": {
                r[0]: tuple(r[1:])
                for r in q("SELECT id, span_id, frame_id, name, value FROM attribute_values")
            },
            "notes": {
                r[0]: tuple(r[1:])
                for r in q("SELECT id, document_id, span_id, frame_id, text FROM notes")
            },
        }
    finally:
        conn.close()


def db_state(project: Project) -> State:
    state = State()
    for doc_id in project.document_ids():
        doc = project.get_document(doc_id)
        state.statuses[doc_id] = doc.status
        for sp in project.spans(doc_id):
            assert doc.text[sp.start : sp.end] == sp.text
            state.spans[sp.id] = (sp.document_id, sp.start, sp.end, sp.label, sp.text)
    state.labels = [(lab.name, lab.color, lab.hotkey) for lab in project.labels()]
    for name, records in db_records(project.path).items():
        setattr(state, name, records)
    # the API reads the same records
    for doc_id in project.document_ids():
        for fr in project.frames(doc_id):
            assert state.frames[fr.id] == (doc_id, fr.trigger_id)
            for a in fr.args:
                assert state.args[a.id] == (fr.id, a.role, a.span_id, a.arg_frame_id)
        for rel in project.relations(doc_id):
            assert state.relations[rel.id] == (doc_id, rel.type, rel.head_id, rel.tail_id)
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
        # an event with an agent to start from, so links, undo and redo meet frames early
        trigger = self.project.add_span(self.docs[0], 7, 11, "EVENT").added[0].id
        actor = self.project.add_span(self.docs[0], 58, 64, "ACTOR").added[0].id
        self.project.link(trigger, actor, "agent")
        self.project.add_span(self.docs[0], 0, 6, "CLAIM")
        self.project.history = History()  # the model starts here
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
        for table, name in TABLES.items():
            before, after = getattr(old, name), getattr(new, name)
            added = {r.id for r in cs.rows_added if r.table == table}  # type: ignore[attr-defined]
            gone = {r.id for r in cs.rows_removed if r.table == table}  # type: ignore[attr-defined]
            edited = {n.id for _, n in cs.rows_changed if n.table == table}  # type: ignore[attr-defined]
            assert added == after.keys() - before.keys(), table
            assert gone == before.keys() - after.keys(), table
            assert edited == {i for i in before.keys() & after.keys() if before[i] != after[i]}

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
        drop_span(new, span_id)
        self._did(new, cs)

    @precondition(lambda self: self.state.spans)
    @rule(data=st.data(), drop=st.booleans())
    def update_span(self, data: st.DataObject, drop: bool) -> None:
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
            cs = self.project.update_span(
                span_id, start=new_start, end=new_end, label=new_label, drop_invalid=drop
            )
        except FrameError:
            # a relabel that would leave a link not fitting, refused without drop_invalid
            assert not drop and not clash and new_label != self.state.spans[span_id][3]
            return
        except SpanError:
            assert clash
            return
        assert not clash
        new = copy.deepcopy(self.state)
        # what a relabel dropped points at the span (or at its frames)
        mine = {f for f, (_d, t) in new.frames.items() if t == span_id}
        for row in cs.rows_removed:
            rec = getattr(new, TABLES[row.table]).get(row.id)
            if rec is None:  # went with a frame deleted before it
                continue
            if row.table == "frames":
                assert row.id in mine
                drop_frames(new, {row.id})
            else:
                assert span_id in rec or set(rec) & mine, (row.table, rec)
                del getattr(new, TABLES[row.table])[row.id]
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
            drop_span(new, i)
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

    # ----------------------------------------------------------------- frames and links
    def _spans_of(self, doc: int) -> list[int]:
        return sorted(i for i, sp in self.state.spans.items() if sp[0] == doc)

    @precondition(lambda self: self.state.spans)
    @rule(data=st.data())
    def add_frame(self, data: st.DataObject) -> None:
        span_id = data.draw(st.sampled_from(sorted(self.state.spans)))
        try:
            cs = self.project.add_frame(span_id)
        except FrameError:
            assert self.state.spans[span_id][3] not in self.project.frame_types()
            return
        new = copy.deepcopy(self.state)
        new.frames[cs.detail["frame"]] = (self.state.spans[span_id][0], span_id)
        self._did(new, cs)

    @precondition(lambda self: self.state.frames)
    @rule(data=st.data())
    def delete_frame(self, data: st.DataObject) -> None:
        frame = data.draw(st.sampled_from(sorted(self.state.frames)))
        cs = self.project.delete_frame(frame)
        new = copy.deepcopy(self.state)
        drop_frames(new, {frame})
        self._did(new, cs)

    @precondition(lambda self: self.state.frames)
    @rule(data=st.data(), to_frame=st.booleans())
    def add_argument(self, data: st.DataObject, to_frame: bool) -> None:
        frame = data.draw(st.sampled_from(sorted(self.state.frames)))
        doc = self.state.frames[frame][0]
        trigger_label = self.state.spans[self.state.frames[frame][1]][3]
        roles = self.project.roles(trigger_label) or self.project.roles()
        if not roles:  # the labels with roles were removed
            return
        rd = data.draw(st.sampled_from(roles))
        span_id = arg_frame = None
        if to_frame:
            arg_frame = data.draw(st.sampled_from(sorted(self.state.frames)))
        else:
            # mostly a span the role allows, sometimes any (refused)
            fitting = [i for i in self._spans_of(doc) if self.state.spans[i][3] in rd.fillers]
            span_id = data.draw(st.sampled_from(fitting or self._spans_of(doc)))
        role = rd.name
        try:
            cs = self.project.add_argument(frame, role, span_id=span_id, arg_frame_id=arg_frame)
        except FrameError:
            return
        new = copy.deepcopy(self.state)
        new.args[cs.detail["argument"]] = (frame, role, span_id, arg_frame)
        self._did(new, cs)

    @precondition(lambda self: self.state.args)
    @rule(data=st.data())
    def delete_argument(self, data: st.DataObject) -> None:
        arg = data.draw(st.sampled_from(sorted(self.state.args)))
        cs = self.project.delete_argument(arg)
        new = copy.deepcopy(self.state)
        del new.args[arg]
        self._did(new, cs)

    @precondition(lambda self: len(self.state.spans) > 1)
    @rule(data=st.data())
    def link(self, data: st.DataObject) -> None:
        """The R action: an argument (the frame made on first use) or a relation."""
        head = data.draw(st.sampled_from(sorted(self.state.spans)))
        tail = data.draw(st.sampled_from(self._spans_of(self.state.spans[head][0])))
        names = [c.name for c in self.project.link_candidates(head, tail)]
        if not names:
            with_error = True
            try:
                self.project.link(head, tail)
                with_error = False
            except FrameError:
                pass
            assert with_error
            return
        try:
            cs = self.project.link(head, tail, data.draw(st.sampled_from(names)))
        except FrameError:  # that argument or relation exists already
            return
        new = copy.deepcopy(self.state)
        for row in cs.rows_added:  # checked against the rules below
            v = row.as_dict()
            if row.table == "frames":
                assert v["trigger_id"] in (head, tail)
                new.frames[row.id] = (v["document_id"], v["trigger_id"])
            elif row.table == "frame_args":
                assert new.frames[v["frame_id"]][1] == head
                filler = v["span_id"] or new.frames[v["arg_frame_id"]][1]
                assert filler == tail
                new.args[row.id] = (v["frame_id"], v["role"], v["span_id"], v["arg_frame_id"])
            else:
                assert row.table == "relations" and (v["head_id"], v["tail_id"]) == (head, tail)
                new.relations[row.id] = (v["document_id"], v["type"], head, tail)
        self._did(new, cs)

    @precondition(lambda self: self.state.relations)
    @rule(data=st.data())
    def delete_relation(self, data: st.DataObject) -> None:
        rel = data.draw(st.sampled_from(sorted(self.state.relations)))
        cs = self.project.delete_relation(rel)
        new = copy.deepcopy(self.state)
        del new.relations[rel]
        self._did(new, cs)

    @precondition(lambda self: self.state.spans)
    @rule(
        data=st.data(),
        name_value=st.sampled_from(
            [("negated", True), ("negated", None), ("type", "attack"), ("type", "protest"),
             ("type", None), ("certainty", "denied")]
        ),
        on_frame=st.booleans(),
    )  # fmt: skip
    def set_attribute(self, data: st.DataObject, name_value: tuple, on_frame: bool) -> None:
        name, value = name_value
        span_id = frame = None
        if on_frame and self.state.frames:
            frame = data.draw(st.sampled_from(sorted(self.state.frames)))
        else:
            span_id = data.draw(st.sampled_from(sorted(self.state.spans)))
        try:
            cs = self.project.set_attribute(name, value, span_id=span_id, frame_id=frame)
        except FrameError:
            return
        new = copy.deepcopy(self.state)
        old = [i for i, (s, f, n, _v) in new.attrs.items() if (s, f, n) == (span_id, frame, name)]
        stored = "true" if value is True else value
        if value is None:
            for i in old:
                del new.attrs[i]
        elif old:
            new.attrs[old[0]] = (span_id, frame, name, stored)
        else:
            (row,) = cs.rows_added
            new.attrs[row.id] = (span_id, frame, name, stored)
        self._did(new, cs)

    @rule(data=st.data(), text=st.sampled_from(["", "ملاحظة", "note 2"]), on=st.integers(0, 2))
    def set_note(self, data: st.DataObject, text: str, on: int) -> None:
        doc = data.draw(st.sampled_from(self.docs))
        span_id = frame = None
        if on == 1 and self._spans_of(doc):
            span_id = data.draw(st.sampled_from(self._spans_of(doc)))
        elif on == 2 and self.state.frames:
            frame = data.draw(st.sampled_from(sorted(self.state.frames)))
            doc = self.state.frames[frame][0]
        where = {"span_id": span_id, "frame_id": frame}
        if span_id is None and frame is None:
            where = {"document_id": doc}
        cs = self.project.set_note(text, **where)
        new = copy.deepcopy(self.state)
        old = [i for i, (d, s, f, _t) in new.notes.items() if (d, s, f) == (doc, span_id, frame)]
        if not text:
            for i in old:
                del new.notes[i]
        elif old:
            new.notes[old[0]] = (doc, span_id, frame, text)
        else:
            (row,) = cs.rows_added
            new.notes[row.id] = (doc, span_id, frame, text)
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
