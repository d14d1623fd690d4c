"""Merging projects labeled on other machines into this one (docs/teams.md).

Documents are matched by their text hash, definitions (labels, relation types, roles,
attributes) by name. Every annotator's records are copied beside what is here, with new ids;
a record already here by its natural key (a span's offsets, label and annotator, say) is not
copied again, so merging the same file twice adds nothing. All sources are checked before the
one transaction begins; a refused file leaves this project unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..changes import ChangeSet
from ..errors import AnnotatorError, NotAProjectError
from ..schema import SCHEMA_VERSION, check_file_header
from .common import _now
from .documents import DocumentsMixin

if TYPE_CHECKING:
    import tempfile


class MergeCancelled(AnnotatorError):
    """The user cancelled a merge; nothing was written."""


@dataclass
class MergeReport:
    files: list[str] = field(default_factory=list)
    documents_added: int = 0
    documents_matched: int = 0
    # annotator -> spans of theirs this merge added
    spans_added: dict[str, int] = field(default_factory=dict)
    # table -> records added (frames, frame_args, relations, attribute_values, notes,
    # document_status)
    records_added: dict[str, int] = field(default_factory=dict)
    definitions_added: list[str] = field(default_factory=list)
    # definitions that differ between a source and this project (this project's are kept),
    # and records that could not be placed (a slot already taken), one line each
    differences: list[str] = field(default_factory=list)
    changes: ChangeSet = field(default_factory=lambda: ChangeSet("merge"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents_added": self.documents_added,
            "documents_matched": self.documents_matched,
            "spans_added": dict(sorted(self.spans_added.items())),
            "records_added": dict(sorted(self.records_added.items())),
            "definitions_added": self.definitions_added,
            "differences": self.differences,
        }


_DOC_SQL = (
    "SELECT id, external_id, title, status, text_hash, created, updated, meta, text, tokens, "
    "sentence_starts FROM documents ORDER BY id"
)


# what SQLite says when it reads a damaged file (as core.check.damaged tells them)
_DAMAGE_SIGNS = ("malformed", "decode", "not a database", "disk image", "corrupt")


class _Source:
    """A project to merge from, opened read-only (an older schema: a migrated temporary copy)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp: tempfile.TemporaryDirectory[str] | None = None
        if not path.is_file():
            raise NotAProjectError(f"{path}: no such project file")
        check_file_header(path)
        try:
            ro = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                version = int(ro.execute("PRAGMA user_version").fetchone()[0])
                ok = ro.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise NotAProjectError(f"{path}: damaged project file ({ok})")
                if version < SCHEMA_VERSION:
                    # never migrate someone else's file in place: migrate a copy
                    import tempfile  # only merging an older file copies it

                    self.tmp = tempfile.TemporaryDirectory(prefix="annotator-merge-")
                    copy = Path(self.tmp.name) / path.name
                    dst = sqlite3.connect(copy)
                    ro.backup(dst)
                    dst.close()
            finally:
                ro.close()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise NotAProjectError(f"{path}: damaged project file ({exc})") from None
        from . import Project  # the assembled class; this module is one of its mixins

        try:
            if self.tmp is not None:
                self.project = Project.open(Path(self.tmp.name) / path.name)
            else:
                self.project = Project.open(path, read_only=True)
        except NotAProjectError as exc:
            message = str(exc)
            if self.tmp is not None:  # name the user's file, not the temporary copy
                message = message.replace(str(Path(self.tmp.name) / path.name), str(path))
            self.close()
            raise NotAProjectError(message) from None
        self.conn: sqlite3.Connection = self.project._conn
        self.annotator = self.project._meta_get("annotator") or "annotator"

    def close(self) -> None:
        if getattr(self, "project", None) is not None:
            self.project.close()
        if self.tmp is not None:
            self.tmp.cleanup()
            self.tmp = None


class MergeMixin(DocumentsMixin):
    def merge_from(
        self,
        paths: Sequence[str | Path],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> MergeReport:
        """Merge other projects into this one in one transaction (not an undo step).

        ``on_progress(done, total)`` is called per document; ``should_cancel()`` returning True
        stops the merge (MergeCancelled) and nothing is written."""
        report = MergeReport()
        sources: list[_Source] = []
        try:
            for raw in paths:
                path = Path(raw)
                if path.exists() and path.resolve() == self.path.resolve():
                    raise AnnotatorError(f"{path}: is the project being merged into")
                sources.append(_Source(path))
            total = sum(
                int(s.conn.execute("SELECT count(*) FROM documents").fetchone()[0]) for s in sources
            )
            done = 0
            with self._tx() as conn:
                labels_before = self._label_rows(conn)
                for src in sources:
                    report.files.append(str(src.path))
                    try:
                        done = self._merge_one(
                            conn, src, report, done, total, on_progress, should_cancel
                        )
                    except sqlite3.DatabaseError as exc:
                        # damage quick_check did not see, met while reading the source
                        if any(sign in str(exc) for sign in _DAMAGE_SIGNS):
                            raise NotAProjectError(
                                f"{src.path}: damaged project file ({exc}); nothing was merged"
                            ) from None
                        raise
                labels_after = self._label_rows(conn)
                cs = report.changes
                cs.documents_changed = True
                if labels_after != labels_before:
                    cs.labels_before, cs.labels_after = labels_before, labels_after
                    self._labels_cache = None
        finally:
            for src in sources:
                src.close()
        return report

    # ----------------------------------------------------------------- one source
    def _merge_one(
        self,
        conn: sqlite3.Connection,
        src: _Source,
        report: MergeReport,
        done: int,
        total: int,
        on_progress: Callable[[int, int], None] | None,
        should_cancel: Callable[[], bool] | None,
    ) -> int:
        name = src.path.name
        self._merge_definitions(conn, src, report)
        docs_added = 0
        spans_before = sum(report.spans_added.values())
        for doc in src.conn.execute(_DOC_SQL).fetchall():
            if should_cancel is not None and should_cancel():
                raise MergeCancelled("merge cancelled; the project is unchanged")
            target = conn.execute(
                "SELECT id FROM documents WHERE text_hash = ?", (doc[4],)
            ).fetchone()
            if target is None:
                cur = conn.execute(
                    "INSERT INTO documents (external_id, title, status, text_hash, created, "
                    "updated, meta, text, search_text, tokens, sentence_starts) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                    (*doc[1:9], doc[9], doc[10]),
                )
                doc_id = int(cur.lastrowid or 0)
                report.documents_added += 1
                report.changes.documents_added.append(doc_id)
                docs_added += 1
            else:
                doc_id = int(target[0])
                report.documents_matched += 1
            self._merge_document(conn, src, doc[0], doc_id, doc[3], report)
            done += 1
            if on_progress is not None:
                on_progress(done, total)
        self._log(
            conn,
            "merge",
            None,
            None,
            source=name,
            added=docs_added,
            spans=sum(report.spans_added.values()) - spans_before,
        )
        return done

    def _merge_document(
        self,
        conn: sqlite3.Connection,
        src: _Source,
        src_doc: int,
        doc_id: int,
        src_status: str,
        report: MergeReport,
    ) -> None:
        s = src.conn
        # spans: matched by (start, end, label, annotator)
        have = {
            tuple(r[1:]): r[0]
            for r in conn.execute(
                'SELECT id, start, "end", label, annotator FROM spans WHERE document_id = ?',
                (doc_id,),
            )
        }
        span_map: dict[int, int] = {}
        for sid, start, end, label, text, who, created, updated in s.execute(
            'SELECT id, start, "end", label, text, annotator, created, updated FROM spans '
            "WHERE document_id = ? ORDER BY id",
            (src_doc,),
        ):
            key = (start, end, label, who)
            if key in have:
                span_map[sid] = have[key]
                continue
            cur = conn.execute(
                'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, '
                "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, start, end, label, text, who, created, updated),
            )
            span_map[sid] = have[key] = int(cur.lastrowid or 0)
            report.spans_added[who] = report.spans_added.get(who, 0) + 1
        frame_map = self._merge_frames(conn, src, src_doc, doc_id, span_map, report)
        self._merge_links(conn, src, src_doc, doc_id, span_map, frame_map, report)
        # statuses: each annotator's own; a source without any (made before statuses were per
        # annotator) says its project status is its annotator's
        rows = s.execute(
            "SELECT annotator, status, updated FROM document_status WHERE document_id = ?",
            (src_doc,),
        ).fetchall()
        if not rows and src_status != "new":
            rows = [(src.annotator, src_status, _now())]
        for who, status, updated in rows:
            cur = conn.execute(
                "INSERT INTO document_status (document_id, annotator, status, updated) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, annotator) DO NOTHING",
                (doc_id, who, status, updated),
            )
            if cur.rowcount:
                _count(report, "document_status")

    def _merge_frames(
        self,
        conn: sqlite3.Connection,
        src: _Source,
        src_doc: int,
        doc_id: int,
        span_map: dict[int, int],
        report: MergeReport,
    ) -> dict[int, int]:
        """Frames by (trigger, annotator, created); then their arguments."""
        have = {
            tuple(r[1:]): r[0]
            for r in conn.execute(
                "SELECT id, trigger_id, annotator, created FROM frames WHERE document_id = ?",
                (doc_id,),
            )
        }
        frame_map: dict[int, int] = {}
        for fid, trigger, who, created, updated in src.conn.execute(
            "SELECT id, trigger_id, annotator, created, updated FROM frames "
            "WHERE document_id = ? ORDER BY id",
            (src_doc,),
        ):
            key = (span_map[trigger], who, created)
            if key not in have:
                cur = conn.execute(
                    "INSERT INTO frames (document_id, trigger_id, annotator, created, updated) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc_id, *key, updated),
                )
                have[key] = int(cur.lastrowid or 0)
                _count(report, "frames")
            frame_map[fid] = have[key]
        args = {
            tuple(r)
            for r in conn.execute(
                "SELECT frame_id, role, span_id, arg_frame_id, annotator FROM frame_args "
                "WHERE document_id = ?",
                (doc_id,),
            )
        }
        for frame, role, span, arg_frame, who, created in src.conn.execute(
            "SELECT frame_id, role, span_id, arg_frame_id, annotator, created FROM frame_args "
            "WHERE document_id = ? ORDER BY id",
            (src_doc,),
        ):
            arg: tuple[Any, ...] = (
                frame_map[frame],
                role,
                None if span is None else span_map[span],
                None if arg_frame is None else frame_map[arg_frame],
                who,
            )
            if arg not in args:
                conn.execute(
                    "INSERT INTO frame_args (document_id, frame_id, role, span_id, arg_frame_id, "
                    "annotator, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, *arg, created),
                )
                args.add(arg)
                _count(report, "frame_args")
        return frame_map

    def _merge_links(
        self,
        conn: sqlite3.Connection,
        src: _Source,
        src_doc: int,
        doc_id: int,
        span_map: dict[int, int],
        frame_map: dict[int, int],
        report: MergeReport,
    ) -> None:
        """Relations, attribute values and notes of one document."""
        rels = {
            tuple(r)
            for r in conn.execute(
                "SELECT type, head_id, tail_id, annotator FROM relations WHERE document_id = ?",
                (doc_id,),
            )
        }
        for typ, head, tail, who, created in src.conn.execute(
            "SELECT type, head_id, tail_id, annotator, created FROM relations "
            "WHERE document_id = ? ORDER BY id",
            (src_doc,),
        ):
            key = (typ, span_map[head], span_map[tail], who)
            if key not in rels:
                conn.execute(
                    "INSERT INTO relations (document_id, type, head_id, tail_id, annotator, "
                    "created) VALUES (?, ?, ?, ?, ?, ?)",
                    (doc_id, *key, created),
                )
                rels.add(key)
                _count(report, "relations")
        where = f"{src.path.name}, document {src_doc}"

        def mapped(span: int | None, frame: int | None) -> tuple[int | None, int | None]:
            return (
                None if span is None else span_map[span],
                None if frame is None else frame_map[frame],
            )

        for span, frame, name, value, who, created in src.conn.execute(
            "SELECT span_id, frame_id, name, value, annotator, created FROM attribute_values "
            "WHERE document_id = ? ORDER BY id",
            (src_doc,),
        ):
            m_span, m_frame = mapped(span, frame)
            held = conn.execute(
                "SELECT value FROM attribute_values WHERE name = ? AND "
                "span_id IS ? AND frame_id IS ?",
                (name, m_span, m_frame),
            ).fetchone()
            if held is None:
                conn.execute(
                    "INSERT INTO attribute_values (document_id, span_id, frame_id, name, value, "
                    "annotator, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, m_span, m_frame, name, value, who, created),
                )
                _count(report, "attribute_values")
            elif held[0] != value:
                report.differences.append(
                    f"{where}: attribute {name} is {held[0]!r} here and {value!r} there "
                    "(this project's kept)"
                )
        for span, frame, text, who, created, updated in src.conn.execute(
            "SELECT span_id, frame_id, text, annotator, created, updated FROM notes "
            "WHERE document_id = ? ORDER BY id",
            (src_doc,),
        ):
            m_span, m_frame = mapped(span, frame)
            held = conn.execute(
                "SELECT text FROM notes WHERE document_id = ? AND span_id IS ? AND "
                "frame_id IS ? AND annotator = ?",
                (doc_id, m_span, m_frame, who),
            ).fetchone()
            if held is None:
                conn.execute(
                    "INSERT INTO notes (document_id, span_id, frame_id, text, annotator, "
                    "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, m_span, m_frame, text, who, created, updated),
                )
                _count(report, "notes")
            elif held[0] != text:
                report.differences.append(
                    f"{where}: {who}'s note differs here and there (this project's kept)"
                )

    # ----------------------------------------------------------------- definitions
    def _merge_definitions(
        self, conn: sqlite3.Connection, src: _Source, report: MergeReport
    ) -> None:
        name = src.path.name
        # labels, by name: colour and hotkey stay this project's
        keys = {r[0] for r in conn.execute("SELECT hotkey FROM labels WHERE hotkey != ''")}
        mine = {r[0]: r for r in conn.execute("SELECT name, color, hotkey FROM labels")}
        next_ord = int(conn.execute("SELECT coalesce(max(ord), -1) + 1 FROM labels").fetchone()[0])
        for label, en, ar, color, hotkey in src.conn.execute(
            "SELECT name, name_en, name_ar, color, hotkey FROM labels ORDER BY ord"
        ):
            held = mine.get(label)
            if held is None:
                key = hotkey if hotkey and hotkey not in keys else ""
                keys.add(key)
                conn.execute(
                    "INSERT INTO labels (name, name_en, name_ar, color, hotkey, ord) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (label, en, ar, color, key, next_ord),
                )
                next_ord += 1
                report.definitions_added.append(f"label {label}")
                continue
            for what, here, there in (("colour", held[1], color), ("hotkey", held[2], hotkey)):
                if here != there:
                    report.differences.append(
                        f"{name}: label {label} has {what} {there!r} there, {here!r} here "
                        "(this project's kept)"
                    )
        self._merge_table(
            conn,
            src,
            report,
            "relation_types",
            ("name",),
            ("color", "hotkey"),
            ("heads", "tails", "symmetric"),
            "relation type",
        )
        self._merge_table(
            conn,
            src,
            report,
            "roles",
            ("frame_type", "name"),
            ("color", "hotkey"),
            ("fillers",),
            "role",
        )
        self._merge_table(
            conn,
            src,
            report,
            "attribute_defs",
            ("name",),
            (),
            ("vals", "targets"),
            "attribute",
        )

    def _merge_table(
        self,
        conn: sqlite3.Connection,
        src: _Source,
        report: MergeReport,
        table: str,
        natural: tuple[str, ...],
        looks: tuple[str, ...],
        allowed: tuple[str, ...],
        what: str,
    ) -> None:
        """Definitions of a row table by name: missing ones added (as Rows in the ChangeSet),
        differing ones reported."""
        cols = self._columns(conn, table)
        quoted = ", ".join(f'"{c}"' for c in cols)
        key_at = [cols.index(c) for c in natural]
        mine = {
            tuple(r[i] for i in key_at): dict(zip(cols, r, strict=True))
            for r in conn.execute(f"SELECT {quoted} FROM {table}")
        }
        next_ord = int(
            conn.execute(f"SELECT coalesce(max(ord), -1) + 1 FROM {table}").fetchone()[0]
        )
        for rec in src.conn.execute(f"SELECT {quoted} FROM {table} ORDER BY ord"):
            there = dict(zip(cols, rec, strict=True))
            key = tuple(rec[i] for i in key_at)
            shown = "/".join(str(k) for k in key)
            here = mine.get(key)
            if here is None:
                there["ord"] = next_ord
                next_ord += 1
                report.changes.rows_added.append(self._insert_row(conn, table, there))
                report.definitions_added.append(f"{what} {shown}")
                mine[key] = there
                continue
            for col in looks:
                if here[col] != there[col]:
                    report.differences.append(
                        f"{src.path.name}: {what} {shown} has {col} {there[col]!r} there, "
                        f"{here[col]!r} here (this project's kept)"
                    )
            for col in allowed:
                if here[col] != there[col]:
                    report.differences.append(
                        f"{src.path.name}: {what} {shown} allows {there[col]} there, "
                        f"{here[col]} here (this project's kept)"
                    )


def _count(report: MergeReport, table: str) -> None:
    report.records_added[table] = report.records_added.get(table, 0) + 1
