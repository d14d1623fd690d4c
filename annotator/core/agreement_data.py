"""What agreement compares, read from a project with SQL, grouped by the ``annotator`` column
(issue 11). The figures are in ``core.agreement``; docs/agreement.md says how documents are
chosen.

Which documents an annotator finished is a parameter (``finished``); by default
``finished_documents`` decides: those the annotator marked done themselves (statuses are kept per
annotator, and a merge brings each one's along); for an annotator with no status of their own (a
file from before schema 6), a document marked done in which they have at least one span
(``finished_by_spans``). Agreement covers the documents every compared annotator finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .agreement import Layers, RelKey, SpanKey
from .errors import AnnotatorError
from .project import Project

_CHUNK = 500


def annotators(project: Project) -> list[str]:
    """Everyone who has a span in the project, sorted."""
    conn = project._conn
    return [r[0] for r in conn.execute("SELECT DISTINCT annotator FROM spans ORDER BY annotator")]


def finished_by_spans(project: Project, names: Iterable[str]) -> dict[str, set[int]]:
    """Per annotator, the documents marked done in which they have at least one span."""
    wanted = set(names)
    out: dict[str, set[int]] = {a: set() for a in wanted}
    rows = project._conn.execute(
        "SELECT DISTINCT s.annotator, s.document_id FROM spans s "
        "JOIN documents d ON d.id = s.document_id WHERE d.status = 'done'"
    )
    for who, doc in rows:
        if who in wanted:
            out[who].add(doc)
    return out


def finished_documents(project: Project, names: Iterable[str]) -> dict[str, set[int]]:
    """Per annotator, the documents they marked done (``document_status``); for an annotator
    without any status of their own, ``finished_by_spans``."""
    wanted = set(names)
    out: dict[str, set[int]] = {a: set() for a in wanted}
    has_status: set[str] = set()
    for who, doc, status in project._conn.execute(
        "SELECT annotator, document_id, status FROM document_status"
    ):
        if who in wanted:
            has_status.add(who)
            if status == "done":
                out[who].add(doc)
    rest = wanted - has_status
    if rest:
        out.update(finished_by_spans(project, rest))
    return out


def common_documents(finished: Mapping[str, set[int]], names: Sequence[str]) -> list[int]:
    """The documents every one of ``names`` finished, in id order."""
    sets = [finished.get(a, set()) for a in names]
    return sorted(set.intersection(*sets)) if sets else []


def choose_annotators(project: Project, requested: Sequence[str] | None) -> list[str]:
    """``requested`` (checked against the project), or everyone with a span; at least two."""
    present = annotators(project)
    if requested:
        names = list(dict.fromkeys(a.strip() for a in requested if a.strip()))
        unknown = [a for a in names if a not in present]
        if unknown:
            known = ", ".join(present) or "nobody"
            raise AnnotatorError(
                f"{project.path}: no spans by {', '.join(unknown)} (annotators: {known})"
            )
    else:
        names = present
    if len(names) < 2:
        who = f": only {names[0]!r} has spans" if names else ": the project has no spans"
        raise AnnotatorError(f"{project.path}: agreement needs at least two annotators{who}")
    return names


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def load_layers(project: Project, names: Sequence[str], documents: Sequence[int]) -> Layers:
    """The spans and relations of ``names`` on ``documents``, with their texts and titles."""
    conn = project._conn
    wanted = set(names)
    texts: dict[int, str] = {}
    titles: dict[int, str] = {}
    spans: dict[str, dict[int, list[SpanKey]]] = {a: {} for a in names}
    rels: dict[str, dict[int, list[RelKey]]] = {a: {} for a in names}
    for chunk in _chunks(list(documents)):
        marks = ", ".join("?" for _ in chunk)
        for doc, title, ext, text in conn.execute(
            f"SELECT id, title, external_id, text FROM documents WHERE id IN ({marks})", chunk
        ):
            texts[doc] = text
            titles[doc] = title or ext
        for doc, start, end, label, who in conn.execute(
            f'SELECT document_id, start, "end", label, annotator FROM spans '
            f'WHERE document_id IN ({marks}) ORDER BY document_id, start, "end", id',
            chunk,
        ):
            if who in wanted:
                spans[who].setdefault(doc, []).append((start, end, label))
        rel_sql = (
            'SELECT r.document_id, r.type, r.annotator, h.start, h."end", h.label, '
            't.start, t."end", t.label FROM relations r JOIN spans h ON h.id = r.head_id '
            f"JOIN spans t ON t.id = r.tail_id WHERE r.document_id IN ({marks}) ORDER BY r.id"
        )
        row: Any
        for row in conn.execute(rel_sql, chunk):
            doc, kind, who = row[0], row[1], row[2]
            if who in wanted:
                rel = ((row[3], row[4], row[5]), (row[6], row[7], row[8]), kind)
                rels[who].setdefault(doc, []).append(rel)
    missing = set(documents) - set(texts)
    if missing:
        raise AnnotatorError(f"no document with id {min(missing)}")
    symmetric = {r[0] for r in conn.execute("SELECT name FROM relation_types WHERE symmetric")}
    return Layers(list(names), texts, spans, rels, titles, symmetric)


def load_for_agreement(
    project: Project,
    requested: Sequence[str] | None = None,
    finished: Mapping[str, set[int]] | None = None,
) -> Layers:
    """Annotators chosen (``choose_annotators``) and the documents all of them finished
    (``finished``, else ``finished_documents``), loaded."""
    names = choose_annotators(project, requested)
    done = finished if finished is not None else finished_documents(project, names)
    return load_layers(project, names, common_documents(done, names))
