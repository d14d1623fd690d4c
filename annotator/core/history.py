"""Undo and redo of user actions, kept by each open ``Project``.

Every undoable write records the ChangeSet it returned. A step is one user action: one write, or
every write made inside one ``Project.transaction()`` (accept all suggestions, say). Undo applies
the step's ChangeSets inverted, newest first, in one transaction; redo applies them again. The
history lives in memory with the open project (a second window has its own), and what undo and
redo write is committed and logged like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass

from .changes import ChangeSet, compose

UNDO_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable user action: the ChangeSets its writes returned, in order."""

    changes: tuple[ChangeSet, ...]

    @property
    def summary(self) -> ChangeSet:
        """The net effect, for descriptions and for views."""
        return compose(self.changes)

    @property
    def is_label_edit(self) -> bool:
        return all(cs.is_label_edit for cs in self.changes)


class History:
    """Two stacks of steps. ``Project`` drives it; nothing here touches the database."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        # writes of the transaction under way; None outside a transaction
        self._pending: list[ChangeSet] | None = None
        # len(_pending) when each nested transaction began: a failed inner one (a savepoint
        # rolled back) takes its writes out of the step, the outer one goes on
        self._marks: list[int] = []

    # ------------------------------------------------------------------ recording
    def begin(self) -> None:
        """A transaction starts: its writes become one step (nested ones join the outer)."""
        if self._pending is None:
            self._pending = []
        self._marks.append(len(self._pending))

    def commit(self) -> None:
        self._marks.pop()
        if not self._marks:
            pending, self._pending = self._pending or [], None
            # writes that cancel out (a status set and set back) leave nothing to undo
            if pending and not compose(pending).is_empty():
                self._push(Step(tuple(pending)))

    def rollback(self) -> None:
        """The transaction failed: nothing it recorded happened (an inner one's savepoint was
        rolled back; the outer transaction may still commit what it wrote before)."""
        mark = self._marks.pop()
        if self._pending is not None:
            del self._pending[mark:]
        if not self._marks:
            self._pending = None

    def record(self, cs: ChangeSet) -> None:
        if not cs.undoable:
            return
        if self._pending is not None:
            self._pending.append(cs)
        else:
            self._push(Step((cs,)))

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        del self._undo[: -self.limit]
        self._redo.clear()

    # ------------------------------------------------------------------ reading
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def next_undo(self) -> Step | None:
        return self._undo[-1] if self._undo else None

    def next_redo(self) -> Step | None:
        return self._redo[-1] if self._redo else None

    def __len__(self) -> int:
        return len(self._undo)

    # ------------------------------------------------------------------ moving
    def undone(self) -> None:
        """The step ``next_undo`` gave was undone: redoable until a new action is recorded."""
        self._redo.append(self._undo.pop())

    def redone(self) -> None:
        """The step ``next_redo`` gave was redone: undoable again, the rest stays redoable."""
        self._undo.append(self._redo.pop())
        del self._undo[: -self.limit]

    def drop(self, kind: str) -> None:
        """The next step to undo (``kind`` "undo") or redo can no longer be replayed."""
        (self._undo if kind == "undo" else self._redo).pop()
