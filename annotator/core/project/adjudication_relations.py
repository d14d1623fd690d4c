"""Adjudicating relations into the gold layer (docs/teams.md, "Adjudication").

A relation is compared by its ends' places (offsets and label) and its type, since two
annotators' spans at one place are different records; a symmetric type compares its ends
unordered. Accepting a relation creates it between the gold spans at those places, first
accepting either end the gold layer lacks, all in one undoable step; each decision is a record
of ``relation_adjudications``, carried as a Row like the spans' ``adjudications``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..changes import ChangeSet
from ..errors import FrameError
from .adjudication import AdjudicationMixin, Place
from .common import _now_ms
from .frames import FramesMixin

# (type, head place, tail place); a symmetric type's ends in sorted order
RelationKey = tuple[str, Place, Place]


@dataclass(frozen=True, slots=True)
class RelationDifference:
    """A relation some compared annotators marked and others did not."""

    type: str
    head: Place
    tail: Place
    head_text: str
    tail_text: str
    symmetric: bool
    having: tuple[str, ...]
    lacking: tuple[str, ...]


class RelationAdjudicationMixin(AdjudicationMixin, FramesMixin):
    def relation_differences(
        self, doc_id: int, annotators: Sequence[str]
    ) -> list[RelationDifference]:
        """The relations the compared annotators do not all have, but those already decided
        (in the gold layer, or rejected by the adjudicator)."""
        compared = tuple(dict.fromkeys(annotators))
        symmetric = self._symmetric_types(self._conn)
        groups, texts = self._relation_places(self._conn, doc_id, compared, symmetric)
        decided = self._relations_decided(self._conn, doc_id, symmetric)
        out = []
        for key in sorted(groups):
            having = groups[key]
            if len(having) == len(compared) or key in decided:
                continue
            type_, head, tail = key
            out.append(
                RelationDifference(
                    type_,
                    head,
                    tail,
                    texts[head],
                    texts[tail],
                    type_ in symmetric,
                    tuple(a for a in compared if a in having),
                    tuple(a for a in compared if a not in having),
                )
            )
        return out

    def accept_relation(self, doc_id: int, type: str, head: Place, tail: Place) -> ChangeSet:
        """Create the relation in the gold layer between the gold spans at ``head`` and
        ``tail``, accepting either span first if the gold layer lacks it; one undoable step."""
        cs = ChangeSet("accept_relation", doc_id)
        with self._tx() as conn:
            self._doc_text(conn, doc_id)
            ids = []
            for place in (head, tail):
                found = conn.execute(
                    'SELECT id FROM spans WHERE document_id = ? AND start = ? AND "end" = ? '
                    "AND label = ? AND annotator = ?",
                    (doc_id, *place, self._annotator),
                ).fetchone()
                if found is None:
                    ids.append(self._gold_accept_in(conn, doc_id, place, cs).id)
                else:
                    ids.append(int(found[0]))
            row = self._insert_relation(conn, ids[0], ids[1], type)
            cs.rows_added.append(row)
            self._decide_relation(conn, doc_id, self._relation_key(conn, type, head, tail), cs)
            self._log(conn, "accept_relation", doc_id, ids[0], type=type, relation=row.id)
        cs.detail = {"relation": row.id, "type": type}
        return self._record(cs)

    def reject_relation(self, doc_id: int, type: str, head: Place, tail: Place) -> ChangeSet:
        """Record that this relation is not gold: it is no longer listed; one undoable step."""
        cs = ChangeSet("reject_relation", doc_id)
        with self._tx() as conn:
            self._doc_text(conn, doc_id)
            key = self._relation_key(conn, type, head, tail)
            symmetric = self._symmetric_types(conn)
            if key in self._gold_relations(conn, doc_id, symmetric):
                raise FrameError(f"the {type} relation is in the gold layer: delete it instead")
            self._decide_relation(conn, doc_id, key, cs, "reject")
            self._log(conn, "reject_relation", doc_id, type=type)
        return self._record(cs)

    # ------------------------------------------------------------------ inside
    def _symmetric_types(self, conn: sqlite3.Connection) -> set[str]:
        return {t.name for t in self._relation_type_list(conn) if t.symmetric}

    def _relation_key(
        self, conn: sqlite3.Connection, type_: str, head: Place, tail: Place
    ) -> RelationKey:
        if self._relation_type(conn, type_).symmetric and tail < head:
            head, tail = tail, head
        return (type_, head, tail)

    def _decide_relation(
        self,
        conn: sqlite3.Connection,
        doc_id: int,
        key: RelationKey,
        cs: ChangeSet,
        decision: str = "accept",
    ) -> None:
        """The adjudicator's decision on the relation ``key``, written (or changed) as a Row."""
        type_, (hs, he, hl), (ts, te, tl) = key
        values = {
            "document_id": doc_id,
            "type": type_,
            "head_start": hs,
            "head_end": he,
            "head_label": hl,
            "tail_start": ts,
            "tail_end": te,
            "tail_label": tl,
            "annotator": self._annotator,
        }
        where = " AND ".join(f"{c} = ?" for c in values)
        old = self._rows_where(conn, "relation_adjudications", where, tuple(values.values()))
        if old:
            if old[0].get("decision") != decision:
                cs.rows_changed.append(
                    self._update_row(
                        conn, "relation_adjudications", old[0].id, {"decision": decision}
                    )
                )
            return
        values.update(decision=decision, created=_now_ms())
        cs.rows_added.append(self._insert_row(conn, "relation_adjudications", values))

    def _relation_rows(
        self, conn: sqlite3.Connection, doc_id: int, who: Sequence[str], symmetric: set[str]
    ) -> list[tuple[RelationKey, str, str, str]]:
        """(key, head text, tail text, annotator) of the relations by ``who``."""
        if not who:
            return []
        marks = ", ".join("?" for _ in who)
        out = []
        for row in conn.execute(
            'SELECT r.type, h.start, h."end", h.label, h.text, t.start, t."end", t.label, '
            "t.text, r.annotator FROM relations r JOIN spans h ON h.id = r.head_id "
            "JOIN spans t ON t.id = r.tail_id "
            f"WHERE r.document_id = ? AND r.annotator IN ({marks})",
            (doc_id, *who),
        ):
            type_, hs, he, hl, htext, ts, te, tl, ttext, annotator = row
            head, tail = (int(hs), int(he), str(hl)), (int(ts), int(te), str(tl))
            if type_ in symmetric and tail < head:
                head, tail, htext, ttext = tail, head, ttext, htext
            out.append(((str(type_), head, tail), str(htext), str(ttext), str(annotator)))
        return out

    def _relation_places(
        self,
        conn: sqlite3.Connection,
        doc_id: int,
        compared: Sequence[str],
        symmetric: set[str],
    ) -> tuple[dict[RelationKey, set[str]], dict[Place, str]]:
        """Each relation the compared annotators marked -> who; and each end's surface text."""
        groups: dict[RelationKey, set[str]] = {}
        texts: dict[Place, str] = {}
        for key, htext, ttext, who in self._relation_rows(conn, doc_id, compared, symmetric):
            groups.setdefault(key, set()).add(who)
            texts[key[1]], texts[key[2]] = htext, ttext
        return groups, texts

    def _gold_relations(
        self, conn: sqlite3.Connection, doc_id: int, symmetric: set[str]
    ) -> set[RelationKey]:
        rows = self._relation_rows(conn, doc_id, [self._annotator], symmetric)
        return {key for key, *_ in rows}

    def _relations_decided(
        self, conn: sqlite3.Connection, doc_id: int, symmetric: set[str]
    ) -> set[RelationKey]:
        """Relations in the gold layer or rejected by the adjudicator."""
        rejected = {
            (str(r[0]), (int(r[1]), int(r[2]), str(r[3])), (int(r[4]), int(r[5]), str(r[6])))
            for r in conn.execute(
                "SELECT type, head_start, head_end, head_label, tail_start, tail_end, tail_label "
                "FROM relation_adjudications WHERE document_id = ? AND annotator = ? "
                "AND decision = 'reject'",
                (doc_id, self._annotator),
            )
        }
        return self._gold_relations(conn, doc_id, symmetric) | rejected
