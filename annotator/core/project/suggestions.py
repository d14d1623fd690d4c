"""Suggestions (issue 12): proposed spans in their own layer, accepted or rejected by a person.

A suggestion is never a span until accepted. Accepting one adds an ordinary span (by this
project's annotator; a new document becomes in progress, as with ``add_span``) and marks the
suggestion accepted, in one undoable step; rejecting marks it rejected, undoable too, and a
rejected place (document, offsets, label) is never proposed again. Making suggestions
(propagation, a gazetteer, a model) is background work: the action "suggest", left out of the
history. See docs/suggestions.md.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..changes import ChangeSet, compose
from ..errors import AnnotatorError, InputError, SpanError
from ..model import SUGGESTION_SOURCES, SUGGESTION_STATUSES, Row, Span, Suggestion
from .common import _CHUNK, _counts_by_document, _iso_from_ms, _now_ms
from .documents import DocumentsMixin
from .spans import SpansMixin

if TYPE_CHECKING:  # propagation (and the search folding it uses) loads when suggesting
    from ..suggest.propagate import Hit, Matcher

# (document id, start, end, label, source, score)
SuggestionItem = tuple[int, int, int, str, str, float]
Cancel = Callable[[], bool] | None
Progress = Callable[[int, int], None] | None

_SUGGESTION_COLS = 'id, document_id, start, "end", label, text, source, score, status'


def _suggestion(row: Sequence[Any]) -> Suggestion:
    return Suggestion(row[0], row[1], row[2], row[3], row[4], row[5], row[6], float(row[7]), row[8])


def suggestion_from_row(row: Row) -> Suggestion:
    """A ChangeSet's suggestions row as a Suggestion (what a view of suggestions shows)."""
    return Suggestion(
        row.id,
        int(row.get("document_id")),
        int(row.get("start")),
        int(row.get("end")),
        str(row.get("label")),
        str(row.get("text")),
        str(row.get("source")),
        float(row.get("score")),
        str(row.get("status")),
    )


def suggestion_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """source -> status -> count of a project's suggestions (zeros included)."""
    out = {src: dict.fromkeys(SUGGESTION_STATUSES, 0) for src in SUGGESTION_SOURCES}
    for src, status, n in conn.execute(
        "SELECT source, status, count(*) FROM suggestions GROUP BY source, status"
    ):
        out[src][status] = n
    return out


def newest_model(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The newest stored suggestion model for ``stats``: backend, when (ISO 8601), documents."""
    row = conn.execute(
        "SELECT backend, created, trained_on FROM models ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return {"backend": row[0], "created": _iso_from_ms(row[1]), "trained_on": row[2]}


class SuggestionCancelled(AnnotatorError):
    """``should_cancel`` answered True; what was committed before stays (background work), and
    ``changes`` says what that was (views apply it like a finished run's ChangeSet)."""

    def __init__(self, message: str, changes: ChangeSet | None = None) -> None:
        super().__init__(message)
        self.changes = changes if changes is not None else ChangeSet("suggest")


class SuggestionsMixin(DocumentsMixin, SpansMixin):
    # ------------------------------------------------------------------ reading
    def suggestions(self, doc_id: int, status: str | None = "pending") -> list[Suggestion]:
        """The suggestions of a document in text order; ``status`` None for every status."""
        # a pending place the user labeled by hand since is not shown as a suggestion
        sql = (
            f"SELECT {_SUGGESTION_COLS} FROM suggestions g WHERE document_id = ? AND NOT "
            "(status = 'pending' AND EXISTS (SELECT 1 FROM spans s WHERE s.document_id = "
            'g.document_id AND s.start = g.start AND s."end" = g."end" AND s.label = g.label))'
        )
        args: list[Any] = [doc_id]
        if status is not None:
            _check_choice(status, SUGGESTION_STATUSES, "suggestion status")
            sql += " AND status = ?"
            args.append(status)
        sql += ' ORDER BY start, "end", label, id'
        return [_suggestion(r) for r in self._conn.execute(sql, args)]

    def get_suggestion(self, suggestion_id: int) -> Suggestion:
        row = self._conn.execute(
            f"SELECT {_SUGGESTION_COLS} FROM suggestions WHERE id = ?", (suggestion_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no suggestion with id {suggestion_id}")
        return _suggestion(row)

    def suggestion_stats(self) -> dict[str, dict[str, int]]:
        """source -> status -> count, every source and status present (zeros included)."""
        return suggestion_counts(self._conn)

    def pending_counts(self, doc_ids: Sequence[int] | None = None) -> dict[int, int]:
        """document id -> its number of pending suggestions (documents with none left out)."""
        sql = "SELECT document_id, count(*) FROM suggestions WHERE status = 'pending'"
        return _counts_by_document(self._conn, sql, doc_ids)

    # ------------------------------------------------------------------ making suggestions
    def add_suggestions(self, items: Iterable[SuggestionItem]) -> ChangeSet:
        """Store suggestions (background work: not undoable). Skipped: a place that already is
        a span of that label, a place rejected or accepted before, a suggestion already there
        (its score is raised to the new one when that is higher). Offsets, labels and sources
        are checked (SpanError / AnnotatorError, nothing stored)."""
        cs = ChangeSet("suggest")
        with self._tx() as conn:
            self._add_suggestions_in(conn, items, cs)
            if cs.rows_added or cs.rows_changed:
                self._log(
                    conn,
                    "suggest",
                    cs.document_id,
                    added=len(cs.rows_added),
                    changed=len(cs.rows_changed),
                )
        return self._record(cs)

    def _add_suggestions_in(
        self, conn: sqlite3.Connection, items: Iterable[SuggestionItem], cs: ChangeSet
    ) -> None:
        texts: dict[int, str] = {}
        labels = set(self._label_names())
        docs: set[int] = set()
        added_at: dict[int, int] = {}
        now = _now_ms()
        for doc_id, start, end, label, source, score in items:
            if doc_id not in texts:
                texts[doc_id] = self._doc_text(conn, doc_id)[0]
            text = texts[doc_id]
            if not isinstance(start, int) or not isinstance(end, int):
                raise SpanError("suggestion offsets must be integers")
            if not 0 <= start < end <= len(text):
                raise SpanError(
                    f"suggestion {start}-{end} is empty, reversed or outside document {doc_id} "
                    f"(length {len(text)})"
                )
            if label not in labels:
                raise SpanError(f"no label named {label!r}")
            _check_choice(source, SUGGESTION_SOURCES, "suggestion source")
            score = float(score)
            if not 0.0 <= score <= 1.0:
                raise AnnotatorError(f"suggestion score {score} is not in [0, 1]")
            docs.add(doc_id)
            if conn.execute(
                'SELECT 1 FROM spans WHERE document_id = ? AND start = ? AND "end" = ? '
                "AND label = ?",
                (doc_id, start, end, label),
            ).fetchone():
                continue
            have = conn.execute(
                "SELECT id, status, score FROM suggestions WHERE document_id = ? AND start = ? "
                'AND "end" = ? AND label = ?',
                (doc_id, start, end, label),
            ).fetchone()
            if have is not None:
                if have[1] == "pending" and score > have[2]:
                    old, new = self._update_row(
                        conn, "suggestions", have[0], {"score": score, "source": source}
                    )
                    if have[0] in added_at:  # added by this batch: it is added as it ends
                        cs.rows_added[added_at[have[0]]] = new
                    else:
                        _replace_pair(cs.rows_changed, old, new)
                continue
            row = self._insert_row(
                conn,
                "suggestions",
                {
                    "document_id": doc_id,
                    "start": start,
                    "end": end,
                    "label": label,
                    "text": text[start:end],
                    "source": source,
                    "score": score,
                    "status": "pending",
                    "created": now,
                },
            )
            added_at[row.id] = len(cs.rows_added)
            cs.rows_added.append(row)
        cs.document_id = docs.pop() if len(docs) == 1 else None

    def _hits_as_items(self, doc_id: int, hits: Iterable[Hit], source: str) -> list[SuggestionItem]:
        return [(doc_id, h.start, h.end, h.label, source, min(1.0, h.score)) for h in hits]

    def _suggest_over(
        self,
        doc_ids: Sequence[int],
        find: Callable[[int, str, list[tuple[int, int]], list[tuple[int, int]] | None], list[Hit]],
        source: str,
        should_cancel: Cancel,
        on_progress: Progress,
    ) -> ChangeSet:
        """Run ``find(doc_id, text, spans, tokens)`` over documents a chunk at a time, each
        chunk's suggestions committed on their own (background work a user may cancel)."""
        done: list[ChangeSet] = []
        total = len(doc_ids)
        for i in range(0, total, _CHUNK):
            if should_cancel is not None and should_cancel():
                raise SuggestionCancelled(
                    "stopped: the suggestions made so far are kept",
                    compose(done, action="suggest") if done else None,
                )
            chunk = list(doc_ids[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            spans: dict[int, list[tuple[int, int]]] = {d: [] for d in chunk}
            for d, s, e in self._conn.execute(
                f'SELECT document_id, start, "end" FROM spans WHERE document_id IN ({marks})',
                chunk,
            ):
                spans[d].append((s, e))
            items: list[SuggestionItem] = []
            for d, text, tokens in self._conn.execute(
                f"SELECT id, text, tokens FROM documents WHERE id IN ({marks}) ORDER BY id", chunk
            ):
                toks = [tuple(t) for t in json.loads(tokens)] if tokens else None
                items += self._hits_as_items(d, find(d, text, spans[d], toks), source)
            if items:
                done.append(self.add_suggestions(items))
            if on_progress is not None:
                on_progress(min(i + _CHUNK, total), total)
        return compose(done, action="suggest") if done else ChangeSet("suggest")

    def propagate_span(
        self,
        span_id: int,
        *,
        whole_project: bool = False,
        should_cancel: Cancel = None,
        on_progress: Progress = None,
    ) -> ChangeSet:
        """Suggest the span's name (its label) wherever else it occurs: in its document, or in
        every document with ``whole_project``. Whole words on the search folding, across attached
        proclitics, covering only the name (``suggest.propagate``); places already labeled are
        left alone."""
        span = self.get_span(span_id)
        return self.propagate_names(
            [(span.text, span.label)],
            [span.document_id] if not whole_project else None,
            should_cancel=should_cancel,
            on_progress=on_progress,
        )

    def propagate_names(
        self,
        names: Iterable[tuple[str, str]],
        doc_ids: Sequence[int] | None = None,
        *,
        should_cancel: Cancel = None,
        on_progress: Progress = None,
    ) -> ChangeSet:
        """Propagation of several ``(surface, label)`` names at once (every document: None)."""
        from ..suggest.propagate import Matcher

        return self._suggest_matches(
            Matcher(names), "propagation", doc_ids, should_cancel, on_progress
        )

    def _suggest_matches(
        self,
        matcher: Matcher,
        source: str,
        doc_ids: Sequence[int] | None,
        should_cancel: Cancel,
        on_progress: Progress,
    ) -> ChangeSet:
        """Suggestions (of ``source``) wherever ``matcher``'s names occur in these documents."""
        from ..suggest.propagate import propagate

        if not len(matcher):
            return ChangeSet("suggest")
        ids = self.document_ids() if doc_ids is None else list(doc_ids)
        return self._suggest_over(
            ids,
            lambda _d, text, spans, toks: propagate(text, matcher, skip=spans, tokens=toks),
            source,
            should_cancel,
            on_progress,
        )

    def propagate_project(
        self,
        doc_ids: Sequence[int] | None = None,
        *,
        should_cancel: Cancel = None,
        on_progress: Progress = None,
    ) -> ChangeSet:
        """Propagate every labeled name of the project to ``doc_ids`` (every document: None)."""
        names = self._conn.execute("SELECT DISTINCT text, label FROM spans").fetchall()
        return self.propagate_names(
            [(t, lab) for t, lab in names],
            doc_ids,
            should_cancel=should_cancel,
            on_progress=on_progress,
        )

    # ------------------------------------------------------------------ gazetteers
    def import_gazetteer(self, path: str | Path, label: str | None = None) -> ChangeSet:
        """Store a gazetteer's entries (``name,label`` CSV, or one name a line with ``label``)
        as a project resource; one undoable step. Errors name the file and the line; nothing
        is stored then. Entries already stored are skipped."""
        from ..suggest.gazetteer import read_gazetteer

        entries = read_gazetteer(path, label=label)
        known = set(self._label_names())
        for e in entries:
            if e.label not in known:
                raise InputError(
                    str(path),
                    None if label is not None else e.line,
                    f"no label named {e.label!r} in this project "
                    f"(labels: {', '.join(sorted(known))})",
                )
        cs = ChangeSet("import_gazetteer", detail={"file": Path(path).name})
        now = _now_ms()
        with self._tx() as conn:
            have = {(n, lab) for n, lab in conn.execute("SELECT name, label FROM gazetteer")}
            for e in entries:
                if (e.name, e.label) in have:
                    continue
                have.add((e.name, e.label))
                cs.rows_added.append(
                    self._insert_row(
                        conn,
                        "gazetteer",
                        {
                            "name": e.name,
                            "label": e.label,
                            "source": Path(path).name,
                            "created": now,
                        },
                    )
                )
            if cs.rows_added:
                self._log(conn, "import_gazetteer", file=str(path), entries=len(cs.rows_added))
        return self._record(cs)

    def gazetteer(self) -> list[tuple[str, str]]:
        """The stored gazetteer: (name, label) pairs in the order they were imported."""
        return [
            (n, lab)
            for n, lab in self._conn.execute("SELECT name, label FROM gazetteer ORDER BY id")
        ]

    def suggest_from_gazetteer(
        self,
        doc_ids: Sequence[int] | None = None,
        *,
        should_cancel: Cancel = None,
        on_progress: Progress = None,
    ) -> ChangeSet:
        """Suggestions where the stored gazetteer's names occur (every document: None)."""
        from ..suggest.gazetteer import gazetteer_matcher

        return self._suggest_matches(
            gazetteer_matcher(self.gazetteer()), "gazetteer", doc_ids, should_cancel, on_progress
        )

    def remove_label(self, name: str, *, force: bool = False) -> ChangeSet:
        """LabelsMixin.remove_label, and the suggestions and gazetteer entries of the label go
        with it in the same step (recorded, so undo puts them back)."""
        with self._tx() as conn:
            rows = self._rows_where(conn, "suggestions", "label = ?", (name,))
            rows += self._rows_where(conn, "gazetteer", "label = ?", (name,))
            for row in rows:
                conn.execute(f"DELETE FROM {row.table} WHERE id = ?", (row.id,))
            # the ChangeSet super() records is the step's: what went with the label joins it
            cs = super().remove_label(name, force=force)
            cs.rows_removed.extend(rows)
        return cs

    # ------------------------------------------------------------------ accepting, rejecting
    def _pending_in(self, conn: sqlite3.Connection, suggestion_id: int) -> Row:
        row = self._row_in(conn, "suggestions", suggestion_id)
        if row is None:
            raise AnnotatorError(f"no suggestion with id {suggestion_id}")
        if row.get("status") != "pending":
            raise AnnotatorError(f"suggestion {suggestion_id} is already {row.get('status')}")
        return row

    def _accept_in(self, conn: sqlite3.Connection, row: Row, cs: ChangeSet) -> Span | None:
        """Make the suggestion a span (None when that span exists already) and mark it
        accepted; the document becomes in progress as with add_span."""
        doc_id = int(row.get("document_id"))
        start, end, label = int(row.get("start")), int(row.get("end")), str(row.get("label"))
        text, status = self._doc_text(conn, doc_id)
        span: Span | None = None
        if not conn.execute(
            'SELECT 1 FROM spans WHERE document_id = ? AND start = ? AND "end" = ? AND label = ?',
            (doc_id, start, end, label),
        ).fetchone():
            span = self._insert_span(conn, doc_id, text, start, end, label)
            cs.added.append(span)
            self._log(
                conn, "accept_suggestion", doc_id, span.id, start=start, end=end, label=label,
                suggestion=row.id, source=row.get("source"),
            )  # fmt: skip
        cs.rows_changed.append(
            self._update_row(conn, "suggestions", row.id, {"status": "accepted"})
        )
        if doc_id not in cs.statuses:
            self._mark_in_progress(conn, doc_id, status, cs)
        return span

    def accept_suggestion(self, suggestion_id: int) -> ChangeSet:
        """The suggestion becomes a span of this annotator; one undoable step. ``select`` is
        the new span."""
        with self._tx() as conn:
            row = self._pending_in(conn, suggestion_id)
            cs = ChangeSet("accept_suggestion", int(row.get("document_id")))
            span = self._accept_in(conn, row, cs)
            cs.select = span.id if span is not None else None
        return self._record(cs)

    def accept_suggestions(self, doc_id: int) -> ChangeSet:
        """Every pending suggestion of a document becomes a span; one undoable step."""
        cs = ChangeSet("accept_suggestions", doc_id)
        with self._tx() as conn:
            self._doc_text(conn, doc_id)  # the document exists
            for row in self._rows_where(
                conn, "suggestions", "document_id = ? AND status = 'pending'", (doc_id,)
            ):
                self._accept_in(conn, row, cs)
        cs.select = cs.added[0].id if cs.added else None
        return self._record(cs)

    def reject_suggestion(self, suggestion_id: int) -> ChangeSet:
        """Reject a suggestion (undoable): that place is never proposed again."""
        with self._tx() as conn:
            row = self._pending_in(conn, suggestion_id)
            doc_id = int(row.get("document_id"))
            pair = self._update_row(conn, "suggestions", row.id, {"status": "rejected"})
            self._log(conn, "reject_suggestion", doc_id, suggestion=row.id)
        return self._record(ChangeSet("reject_suggestion", doc_id, rows_changed=[pair]))

    def reject_suggestions(self, doc_id: int) -> ChangeSet:
        """Reject every pending suggestion of a document; one undoable step."""
        cs = ChangeSet("reject_suggestions", doc_id)
        with self._tx() as conn:
            self._doc_text(conn, doc_id)
            for row in self._rows_where(
                conn, "suggestions", "document_id = ? AND status = 'pending'", (doc_id,)
            ):
                cs.rows_changed.append(
                    self._update_row(conn, "suggestions", row.id, {"status": "rejected"})
                )
            if cs.rows_changed:
                self._log(conn, "reject_suggestion", doc_id, count=len(cs.rows_changed))
        return self._record(cs)


def _replace_pair(pairs: list[tuple[Row, Row]], old: Row, new: Row) -> None:
    """Keep one (first old, last new) pair per row when a batch updates a row twice."""
    for i, (first, _last) in enumerate(pairs):
        if first.id == old.id:
            pairs[i] = (first, new)
            return
    pairs.append((old, new))


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise AnnotatorError(f"unknown {what} {value!r} (expected one of {', '.join(choices)})")
