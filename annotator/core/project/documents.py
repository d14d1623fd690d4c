"""Documents: counts, ids in import order, summaries, one document, its status."""

from __future__ import annotations

from collections.abc import Sequence

from ..changes import ChangeSet
from ..errors import AnnotatorError
from ..model import STATUSES, DocSummary, Document
from .common import _CHUNK, _DOC_COLS, _check_status, _counts_by_document, _now, _row_to_document
from .rows import RowsMixin
from .search import SearchMixin


class DocumentsMixin(SearchMixin, RowsMixin):
    def document_count(self, status: str | None = None) -> int:
        if status is None:
            return int(self._conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        _check_status(status)
        row = self._conn.execute(
            "SELECT count(*) FROM documents WHERE status = ?", (status,)
        ).fetchone()
        return int(row[0])

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self._conn.execute(
            "SELECT status, count(*) FROM documents GROUP BY status"
        ):
            counts[status] = n
        return counts

    def document_ids(
        self,
        status: str | None = None,
        search: str | None = None,
        *,
        limit: int | None = None,
        exact: bool = False,
        substring: bool = False,
    ) -> list[int]:
        """Ids in import order. ``limit``: only the first ones (a list view's first page).

        ``search`` matches whole words (Arabic proclitics allowed in front), folded; ``exact``
        compares the spelling without folding, ``substring`` finds parts of words
        (``annotator.core.matching``)."""
        where: list[str] = []
        args: list[object] = []
        if status is not None:
            _check_status(status)
            where.append("status = ?")
            args.append(status)
        if search and limit is None:
            # all of them: from the index alone where it can (a first page is found faster
            # by checking the candidates in order until it is full)
            found = self._search_ids(search, exact=exact, substring=substring)
            if found is not None:
                if status is None:
                    return found
                with_status = set(self.document_ids(status))
                return [i for i in found if i in with_status]
        if search:
            condition = self._search_condition(search, exact=exact, substring=substring)
            if condition is not None:
                where.append(condition[0])
                args.extend(condition[1])
        sql = "SELECT id FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [r[0] for r in self._conn.execute(sql, args)]

    def summaries(self, ids: Sequence[int]) -> list[DocSummary]:
        out: dict[int, DocSummary] = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                f"SELECT d.id, d.external_id, d.title, d.status, "
                f"(SELECT count(*) FROM spans s WHERE s.document_id = d.id) "
                f"FROM documents d WHERE d.id IN ({marks})",
                chunk,
            ):
                out[row[0]] = DocSummary(*row)
        return [out[i] for i in ids if i in out]

    def get_document(self, doc_id: int) -> Document:
        row = self._conn.execute(
            f"SELECT {_DOC_COLS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {doc_id}")
        return _row_to_document(row)

    def status(self, doc_id: int) -> str:
        row = self._conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise AnnotatorError(f"no document with id {doc_id}")
        return str(row[0])

    def set_status(self, doc_id: int, status: str) -> ChangeSet:
        _check_status(status)
        cs = ChangeSet("set_status", doc_id)
        with self._tx() as conn:
            old = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if old is None:
                raise AnnotatorError(f"no document with id {doc_id}")
            if old[0] != status:
                conn.execute(
                    "UPDATE documents SET status = ?, updated = ? WHERE id = ?",
                    (status, _now(), doc_id),
                )
                self._log(conn, "set_status", doc_id, old=old[0], new=status)
                cs.statuses[doc_id] = (old[0], status)
            self._set_own_status(conn, doc_id, status, cs)
        return self._record(cs)

    def finished_by(self, doc_id: int) -> list[str]:
        """The annotators who marked the document done, by name."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT annotator FROM document_status WHERE document_id = ? AND status = 'done' "
                "ORDER BY annotator",
                (doc_id,),
            )
        ]

    def finished_counts(self, doc_ids: Sequence[int] | None = None) -> dict[int, int]:
        """How many annotators marked each document done (None: every document); documents
        no one finished are absent."""
        sql = "SELECT document_id, count(*) FROM document_status WHERE status = 'done'"
        return _counts_by_document(self._conn, sql, doc_ids)

    def status_annotators(self) -> list[str]:
        """Everyone who has set a status of their own here (more than one: a team's project)."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT DISTINCT annotator FROM document_status ORDER BY annotator"
            )
        ]

    def has_team_statuses(self) -> bool:
        """More than one annotator has a status of their own (the document list then shows how
        many finished each document). Two short queries, not a DISTINCT over the table: the
        list asks on every reload."""
        first = self._conn.execute("SELECT annotator FROM document_status LIMIT 1").fetchone()
        if first is None:
            return False
        other = self._conn.execute(
            "SELECT 1 FROM document_status WHERE annotator != ? LIMIT 1", first
        ).fetchone()
        return other is not None

    def next_document_id(
        self, doc_id: int | None, step: int = 1, status: str | Sequence[str] | None = None
    ) -> int | None:
        """The next (step=+1) or previous (-1) document in import order, optionally by status."""
        where: list[str] = []
        args: list[object] = []
        if doc_id is not None:
            where.append("id > ?" if step > 0 else "id < ?")
            args.append(doc_id)
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            for s in statuses:
                _check_status(s)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            args.extend(statuses)
        sql = "SELECT id FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id " + ("ASC" if step > 0 else "DESC") + " LIMIT 1"
        row = self._conn.execute(sql, args).fetchone()
        return row[0] if row else None
