"""Export: documents with their spans, streamed a chunk at a time and checked; statistics."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import AnnotatorError
from ..model import DocRecord, SpanRecord
from .adjudication import adjudicators
from .common import _CHUNK, _DOC_COLS, _check_status, _row_to_document
from .documents import DocumentsMixin
from .frames_io import docs_with_extras, export_extras
from .labels import LabelsMixin
from .suggestions import newest_model, suggestion_counts


class ExportMixin(DocumentsMixin, LabelsMixin):
    def iter_records(
        self,
        status: str | Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        ids: Sequence[int] | None = None,
        *,
        include_suggestions: bool = False,
        annotator: str | None = None,
    ) -> Iterator[DocRecord]:
        """Stream documents with their spans, a chunk at a time; spans are checked on the way.

        ``labels`` keeps only spans with those labels (documents without them are still given:
        they are negative examples for training). ``annotator`` keeps only that annotator's layer
        (None: every layer, each span with its annotator). ``include_suggestions`` fills each
        record's ``suggestions`` with its pending suggestions (of those labels); never otherwise.
        """
        with_sugg = include_suggestions
        statuses = None
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            for s in statuses:
                _check_status(s)
        label_set = set(labels) if labels else None
        if annotator is not None and annotator not in self.layer_names():
            raise AnnotatorError(
                f"no layer by {annotator!r}: the layers are "
                f"{', '.join(self.layer_names()) or 'none (no spans)'}"
            )
        if ids is not None:
            id_list = list(ids)
            for i in range(0, len(id_list), _CHUNK):
                chunk = id_list[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                where = f"id IN ({marks})"
                args: list[Any] = list(chunk)
                if statuses:
                    where += f" AND status IN ({','.join('?' * len(statuses))})"
                    args += statuses
                by_id = {
                    r[0]: r
                    for r in self._conn.execute(
                        f"SELECT {_DOC_COLS} FROM documents WHERE {where}", args
                    )
                }
                yield from self._records_for(
                    [by_id[j] for j in chunk if j in by_id], label_set, with_sugg, annotator
                )
            return
        last = 0
        while True:
            where = "id > ?"
            args = [last]
            if statuses:
                where += f" AND status IN ({','.join('?' * len(statuses))})"
                args += statuses
            rows = self._conn.execute(
                f"SELECT {_DOC_COLS} FROM documents WHERE {where} ORDER BY id LIMIT {_CHUNK}",
                args,
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from self._records_for(rows, label_set, with_sugg, annotator)

    def layer_names(self) -> list[str]:
        """Every annotator with spans or decisions in the project, sorted."""
        names = {str(r[0]) for r in self._conn.execute("SELECT DISTINCT annotator FROM spans")}
        return sorted(names | set(adjudicators(self._conn)))

    def default_layer(self) -> str | None:
        """The layer exports use unless told: the gold layer (of the most recent adjudicator,
        docs/teams.md) when there is one, else None (every layer)."""
        gold = adjudicators(self._conn)
        return gold[0] if gold else None

    def used_labels(self, status: Sequence[str] | None = None) -> set[str]:
        """The labels of the spans of documents with these statuses (all documents: None)."""
        sql = "SELECT DISTINCT s.label FROM spans s"
        args: list[Any] = []
        if status:
            for st in status:
                _check_status(st)
            sql += " JOIN documents d ON d.id = s.document_id"
            sql += f" WHERE d.status IN ({','.join('?' * len(status))})"
            args = list(status)
        return {row[0] for row in self._conn.execute(sql, args)}

    def _records_for(
        self,
        rows: list[tuple[Any, ...]],
        label_set: set[str] | None,
        include_suggestions: bool = False,
        layer: str | None = None,
    ) -> Iterator[DocRecord]:
        if not rows:
            return
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        by_doc: dict[int, list[SpanRecord]] = {i: [] for i in ids}
        # documents with frames, relations, attributes or notes, and the database id of each
        # of their exported spans (what those point at); the others cost nothing more
        extras = docs_with_extras(self._conn, ids)
        with_ids: dict[int, list[tuple[int, SpanRecord]]] = {i: [] for i in extras}
        # "T1", "T2", ... over all the document's spans: a label filter renumbers nothing
        number = 0
        last_doc = None
        texts = {r[0]: r[3] for r in rows}
        text = ""
        spans: list[SpanRecord] = []
        keep: list[tuple[int, SpanRecord]] | None = None
        only = "" if layer is None else "AND annotator = ? "
        for doc_id, span_id, s, e, lab, t, who in self._conn.execute(
            f'SELECT document_id, id, start, "end", label, text, annotator FROM spans '
            f'WHERE document_id IN ({marks}) {only}ORDER BY document_id, start, "end", id',
            [*ids, layer] if layer is not None else ids,
        ):
            if doc_id == last_doc:
                number += 1
            else:
                number, last_doc = 1, doc_id
                text, spans, keep = texts[doc_id], by_doc[doc_id], with_ids.get(doc_id)
            if label_set is None or lab in label_set:
                if text[s:e] != t:
                    # the stored text never changes: a span that disagrees is a damaged file
                    ext = next(r[1] for r in rows if r[0] == doc_id)
                    raise AnnotatorError(
                        f"{self.path}: document {doc_id} ({ext}): span "
                        f"{s}-{e} {lab} says {t!r} but the text there is "
                        f"{text[s:e]!r}; export stopped (the project file is "
                        "damaged: run annotator check)"
                    )
                sp = SpanRecord(s, e, lab, t, who, f"T{number}")
                spans.append(sp)
                if keep is not None:
                    keep.append((span_id, sp))
        suggested: dict[int, list[SpanRecord]] = {i: [] for i in ids}
        if include_suggestions:
            for doc_id, s, e, lab, t, src, score in self._conn.execute(
                f'SELECT document_id, start, "end", label, text, source, score FROM suggestions '
                f"WHERE status = 'pending' AND document_id IN ({marks}) "
                f'ORDER BY document_id, start, "end", id',
                ids,
            ):
                if label_set is None or lab in label_set:
                    mark = {"source": src, "score": score}
                    suggested[doc_id].append(SpanRecord(s, e, lab, t, suggestion=mark))
        records: dict[int, DocRecord] = {}
        source = str(self.path)
        for row in rows:
            doc = _row_to_document(row)
            records[doc.id] = DocRecord(
                text=doc.text,
                external_id=doc.external_id,
                title=doc.title,
                meta=doc.meta,
                status=doc.status,
                spans=by_doc[doc.id],
                tokens=doc.tokens,
                sentence_starts=doc.sentence_starts,
                suggestions=suggested[doc.id],
                source=source,
                line=doc.id,
            )
        if extras:
            export_extras(self._conn, sorted(extras), with_ids, records)
        yield from records.values()

    # ----------------------------------------------------------------- stats
    def stats(self) -> dict[str, Any]:
        q = self._conn.execute
        return {
            "documents": self.document_count(),
            "by_status": self.status_counts(),
            "spans": q("SELECT count(*) FROM spans").fetchone()[0],
            "by_label": {lab.name: 0 for lab in self.labels()}
            | dict(q("SELECT label, count(*) FROM spans GROUP BY label").fetchall()),
            "frames": q("SELECT count(*) FROM frames").fetchone()[0],
            "relations": q("SELECT count(*) FROM relations").fetchone()[0],
            "by_annotator": dict(
                q(
                    "SELECT annotator, count(*) FROM spans GROUP BY annotator ORDER BY annotator"
                ).fetchall()
            ),
            "suggestions": suggestion_counts(self._conn),
            "model": newest_model(self._conn),
        }
