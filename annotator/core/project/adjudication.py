"""Adjudication: deciding between annotators' layers into a gold layer (docs/teams.md).

The gold layer is the spans of the adjudicator, who is the project's current annotator: an
accepted span is an ordinary span by the adjudicator. Each decision is also a record of the
``adjudications`` table (accept or reject, by whom), carried as a ``Row`` so undo puts it back;
a rejected place is no longer listed, and whoever made an accept is an adjudicator, whose layer
exports use by default.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..changes import ChangeSet
from ..errors import SpanError
from ..model import Span
from .common import _now_ms
from .spans import SpansMixin

Place = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Difference:
    """A place (offsets and label) some compared annotators marked and others did not."""

    start: int
    end: int
    label: str
    text: str
    having: tuple[str, ...]
    lacking: tuple[str, ...]


def adjudicators(conn: sqlite3.Connection) -> list[str]:
    """Who accepted at least one span or relation into a gold layer, the most recent first."""
    try:
        rows = conn.execute(
            "SELECT annotator FROM (SELECT annotator, created FROM adjudications "
            "WHERE decision = 'accept' UNION ALL SELECT annotator, created FROM "
            "relation_adjudications WHERE decision = 'accept') "
            "GROUP BY annotator ORDER BY max(created) DESC, annotator"
        ).fetchall()
    except sqlite3.OperationalError:  # a file older than schema 6 has no such table
        return []
    return [str(r[0]) for r in rows]


class AdjudicationMixin(SpansMixin):
    def adjudicators(self) -> list[str]:
        """Who made a gold layer (accepted at least one span), the most recent first."""
        return adjudicators(self._conn)

    def differences(self, doc_id: int, annotators: Sequence[str]) -> list[Difference]:
        """The places where the compared annotators' spans are not all the same, but those
        already decided (in the gold layer, or rejected by the adjudicator)."""
        compared = tuple(dict.fromkeys(annotators))
        groups, texts = self._places(self._conn, doc_id, compared)
        decided = self._decided(self._conn, doc_id)
        out = []
        for place in sorted(groups):
            having = groups[place]
            if len(having) == len(compared) or place in decided:
                continue
            out.append(
                Difference(
                    *place,
                    text=texts[place],
                    having=tuple(a for a in compared if a in having),
                    lacking=tuple(a for a in compared if a not in having),
                )
            )
        return out

    def accept(self, doc_id: int, start: int, end: int, label: str) -> ChangeSet:
        """Copy a span into the gold layer (a span by the adjudicator); one undoable step.
        ``select`` is the new span."""
        cs = ChangeSet("accept_span", doc_id)
        with self._tx() as conn:
            self._gold_accept_in(conn, doc_id, (start, end, label), cs)
        cs.select = cs.added[0].id
        return self._record(cs)

    def accept_agreed(self, doc_id: int, annotators: Sequence[str]) -> ChangeSet:
        """Accept every span all compared annotators agree on and the gold layer lacks (but
        those rejected); one undoable step."""
        compared = tuple(dict.fromkeys(annotators))
        cs = ChangeSet("accept_agreed", doc_id)
        with self._tx() as conn:
            self._doc_text(conn, doc_id)
            groups, _ = self._places(conn, doc_id, compared)
            decided = self._decided(conn, doc_id)
            for place in sorted(groups):
                if compared and len(groups[place]) == len(compared) and place not in decided:
                    self._gold_accept_in(conn, doc_id, place, cs)
        cs.select = cs.added[0].id if cs.added else None
        return self._record(cs)

    def reject(self, doc_id: int, start: int, end: int, label: str) -> ChangeSet:
        """Record that this place is not gold: it is no longer listed; one undoable step."""
        cs = ChangeSet("reject_span", doc_id)
        with self._tx() as conn:
            self._doc_text(conn, doc_id)
            if (start, end, label) in self._gold(conn, doc_id):
                raise SpanError(
                    f"the {label} span {start}-{end} is in the gold layer: delete it instead"
                )
            self._decide(conn, doc_id, (start, end, label), "reject", cs)
            self._log(conn, "reject_span", doc_id, start=start, end=end, label=label)
        return self._record(cs)

    # ------------------------------------------------------------------ inside
    def _gold_accept_in(
        self, conn: sqlite3.Connection, doc_id: int, place: Place, cs: ChangeSet
    ) -> Span:
        start, end, label = place
        text, status = self._doc_text(conn, doc_id)
        span = self._insert_span(conn, doc_id, text, start, end, label)
        cs.added.append(span)
        self._decide(conn, doc_id, place, "accept", cs)
        self._log(conn, "accept_span", doc_id, span.id, start=start, end=end, label=label)
        self._mark_in_progress(conn, doc_id, status, cs)
        return span

    def _decide(
        self, conn: sqlite3.Connection, doc_id: int, place: Place, decision: str, cs: ChangeSet
    ) -> None:
        """The adjudicator's decision on ``place``, written (or changed) as a Row."""
        start, end, label = place
        old = self._rows_where(
            conn,
            "adjudications",
            'document_id = ? AND start = ? AND "end" = ? AND label = ? AND annotator = ?',
            (doc_id, start, end, label, self._annotator),
        )
        if old:
            if old[0].get("decision") != decision:
                cs.rows_changed.append(
                    self._update_row(conn, "adjudications", old[0].id, {"decision": decision})
                )
            return
        values = {
            "document_id": doc_id,
            "start": start,
            "end": end,
            "label": label,
            "decision": decision,
            "annotator": self._annotator,
            "created": _now_ms(),
        }
        cs.rows_added.append(self._insert_row(conn, "adjudications", values))

    def _places(
        self, conn: sqlite3.Connection, doc_id: int, compared: Sequence[str]
    ) -> tuple[dict[Place, set[str]], dict[Place, str]]:
        """Each place the compared annotators marked -> who marked it; and its surface text."""
        groups: dict[Place, set[str]] = {}
        texts: dict[Place, str] = {}
        if not compared:
            return groups, texts
        marks = ", ".join("?" for _ in compared)
        for start, end, label, text, who in conn.execute(
            f'SELECT start, "end", label, text, annotator FROM spans WHERE document_id = ? '
            f"AND annotator IN ({marks})",
            (doc_id, *compared),
        ):
            place = (int(start), int(end), str(label))
            groups.setdefault(place, set()).add(str(who))
            texts[place] = str(text)
        return groups, texts

    def _gold(self, conn: sqlite3.Connection, doc_id: int) -> set[Place]:
        return {
            (int(s), int(e), str(lab))
            for s, e, lab in conn.execute(
                'SELECT start, "end", label FROM spans WHERE document_id = ? AND annotator = ?',
                (doc_id, self._annotator),
            )
        }

    def _decided(self, conn: sqlite3.Connection, doc_id: int) -> set[Place]:
        """Places in the gold layer or rejected by the adjudicator."""
        rejected = {
            (int(s), int(e), str(lab))
            for s, e, lab in conn.execute(
                'SELECT start, "end", label FROM adjudications WHERE document_id = ? '
                "AND annotator = ? AND decision = 'reject'",
                (doc_id, self._annotator),
            )
        }
        return self._gold(conn, doc_id) | rejected
