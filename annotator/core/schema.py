"""Project file schema, its version history and the checks made before a file is touched."""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .errors import NotAProjectError
from .frame_defaults import add_default_definitions

# PRAGMA application_id: "ANNO". Tells our files from other programs' SQLite databases.
APPLICATION_ID = 0x414E4E4F
SCHEMA_VERSION = 6
SQLITE_MAGIC = b"SQLite format 3\x00"

# Schema 1 (annotator 0.0.x): no token layer and no search column. Kept verbatim so the migration
# path stays tested.
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'in_progress', 'done', 'skipped')),
    text_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL
);
CREATE TABLE labels (
    name TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    color TEXT NOT NULL,
    hotkey TEXT NOT NULL DEFAULT '',
    ord INTEGER NOT NULL
);
CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    text TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label)
);
CREATE INDEX spans_document ON spans(document_id);
CREATE INDEX spans_label ON spans(label);
CREATE INDEX documents_status ON documents(status);
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    annotator TEXT NOT NULL,
    action TEXT NOT NULL,
    document_id INTEGER,
    span_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
"""

# Schema 2: token layer for documents imported from token formats (CoNLL, BIO), and a normalised
# copy of title + text for Arabic search. Two span indexes go: the UNIQUE index already starts
# with document_id, and counting a label's spans is rare enough to scan (each index costs
# every imported span an insertion).
MIGRATE_1_TO_2 = """
ALTER TABLE documents ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN tokens TEXT;
ALTER TABLE documents ADD COLUMN sentence_starts TEXT;
CREATE INDEX documents_unindexed ON documents(id) WHERE search_text = '';
DROP INDEX spans_document;
DROP INDEX spans_label;
"""

# Schema 3 makes what every import writes smaller (bench/bench_core.py):
# - span timestamps become INTEGER milliseconds since the Unix epoch (UTC), 6 bytes instead of
#   a 29-character ISO string twice per span. Spans are the bulk of a project (20 per article, a
#   million in a 50,000-article corpus): about 45 bytes less a span. Documents and the change log
#   keep ISO text. A stored value that is not a timestamp becomes the time of the migration.
# - a document's text hash becomes the first 16 bytes of SHA-256 as a BLOB (text.text_key),
#   instead of 64 hexadecimal characters: its unique index takes random-order inserts.
# - the partial index of documents without a search copy goes: documents are only ever appended
#   and their text never changes, so those without a copy are exactly the ids above a mark
#   kept in meta (SEARCH_MARK), and an import has one index less to write.
# SQLite cannot change a column's type, so both tables are rebuilt, with foreign keys off
# meanwhile and checked before the commit (Project._migrate). TEXT_KEY_SQL is a function each
# connection registers (Project._connect): it hashes the stored text again.
TEXT_KEY_SQL = "annotator_text_key"
SEARCH_MARK = "search_indexed_through"
_ISO_TO_MS = (
    "coalesce(CAST(round((julianday({col}) - 2440587.5) * 86400000) AS INTEGER), "
    "CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER))"
)
MIGRATE_2_TO_3 = f"""
CREATE TABLE documents_v3 (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'in_progress', 'done', 'skipped')),
    text_hash BLOB NOT NULL UNIQUE,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{{}}',
    text TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',
    tokens TEXT,
    sentence_starts TEXT
);
INSERT INTO documents_v3 (id, external_id, title, status, text_hash, created, updated, meta, text,
                          search_text, tokens, sentence_starts)
SELECT id, external_id, title, status, {TEXT_KEY_SQL}(text), created, updated, meta, text,
       search_text, tokens, sentence_starts
FROM documents ORDER BY id;
DROP TABLE documents;
ALTER TABLE documents_v3 RENAME TO documents;
CREATE INDEX documents_status ON documents(status);
INSERT OR REPLACE INTO meta (key, value) VALUES ('{SEARCH_MARK}', coalesce(
    (SELECT min(id) - 1 FROM documents WHERE search_text = ''),
    (SELECT max(id) FROM documents),
    0));
CREATE TABLE spans_v3 (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    text TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL CHECK (typeof(created) = 'integer'),
    updated INTEGER NOT NULL CHECK (typeof(updated) = 'integer'),
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label)
);
INSERT INTO spans_v3 (id, document_id, start, "end", label, text, annotator, created, updated)
SELECT id, document_id, start, "end", label, text, annotator, {_ISO_TO_MS.format(col="created")},
       {_ISO_TO_MS.format(col="updated")}
FROM spans ORDER BY id;
DROP TABLE spans;
ALTER TABLE spans_v3 RENAME TO spans;
"""

# Schema 4: a hotkey picks one label, so two labels may not share one. That was checked in Python
# before the write, outside the transaction, so two windows could each give a different label the
# same key; a partial UNIQUE index now makes the database refuse the second. A file may already
# hold duplicates: the label first in label order keeps its key, later ones lose theirs, and the
# change log says so.
LABELS_HOTKEY_INDEX = "CREATE UNIQUE INDEX labels_hotkey ON labels(hotkey) WHERE hotkey != ''"


def migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Schema 3 -> 4, inside the caller's transaction (Project._migrate, Project.create)."""
    # A new project (no labels yet) and most old files have no shared hotkey: plain SQL then.
    # sqlite-utils is imported only to repair a file that has one: it imports pandas when
    # that is installed (0.4 s), which would triple the start-up of `annotator import`.
    shared = conn.execute(
        "SELECT 1 FROM labels WHERE hotkey != '' GROUP BY hotkey HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if shared is None:
        conn.execute(LABELS_HOTKEY_INDEX)
        return
    import sqlite_utils

    # recursive_triggers and plugins would change the caller's connection for good
    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    labels = db.table("labels")
    owner: dict[str, str] = {}
    cleared: list[tuple[str, str, str]] = []
    for row in labels.rows_where("hotkey != ''", select="name, hotkey", order_by="ord, rowid"):
        key = row["hotkey"]
        if key in owner:
            cleared.append((row["name"], key, owner[key]))
        else:
            owner[key] = row["name"]
    if cleared:
        who = conn.execute("SELECT value FROM meta WHERE key = 'annotator'").fetchone()
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        for name, key, kept_by in cleared:
            labels.update(name, {"hotkey": ""})
            db.table("changes").insert(
                {
                    "at": at,
                    "annotator": who[0] if who else "annotator",
                    "action": "update_label",
                    "document_id": None,
                    "span_id": None,
                    "detail": {
                        "label": name,
                        "hotkey": "",
                        "reason": f"schema 4: the hotkey {key!r} stays with the label {kept_by}",
                    },
                }
            )
    db.execute(LABELS_HOTKEY_INDEX)


# Schema 5: span ids are never used twice (AUTOINCREMENT). Undo puts a deleted span back with its
# id, and a ChangeSet names spans by id: without it, the next span added after deleting the newest
# one (in this window or another) took the deleted span's id, so the undo was refused and a
# transaction's summary mistook the two spans for one. The table is rebuilt as in schema 3
# (foreign keys off meanwhile, checked before the commit); SQLite's sequence starts at the
# largest id copied.
MIGRATE_4_TO_5 = """
CREATE TABLE spans_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    text TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL CHECK (typeof(created) = 'integer'),
    updated INTEGER NOT NULL CHECK (typeof(updated) = 'integer'),
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label)
);
INSERT INTO spans_v5 (id, document_id, start, "end", label, text, annotator, created, updated)
SELECT id, document_id, start, "end", label, text, annotator, created, updated
FROM spans ORDER BY id;
DROP TABLE spans;
ALTER TABLE spans_v5 RENAME TO spans;
"""


# Schema 6: event frames, relations, attributes and notes (docs/frames.md), and suggestions.
# - Definitions are per project: roles of a frame type (the trigger's label) with the labels that
#   may fill them (a JSON list; "frame:EVENT" for another frame), relation types with the labels
#   allowed at each end, attributes (a flag, or one value of a closed list) with the labels (or
#   "frame:TYPE") they apply to. A relation's type follows a rename (ON UPDATE CASCADE).
# - A frame is a trigger span and role arguments; an argument is a span or another frame.
#   Several frames may share a trigger. A frame's type is its trigger's label (as in brat).
# - Nothing that points at a span cascades when the span goes: Project.delete_span deletes what
#   uses the span in the same transaction and records it (rows_removed), so undo puts all of it
#   back with its ids. The foreign keys make any write that forgets it fail instead.
# - Suggestions are their own layer, never spans until accepted. A rejected one stays, so it
#   is not proposed again at that place. ``uncertainty`` is derived data: how unsure the newest
#   model is of each undone document (the order to label in), never in a ChangeSet.
# Every id is AUTOINCREMENT, for the reason given for spans in schema 5.
# - Layers per annotator (docs/teams.md): two annotators may hold the same span, so a merged
#   project keeps both; spans become UNIQUE per annotator, the table rebuilt as in schema 5
#   (first, before anything points at it). ``document_status`` holds each annotator's own
#   status of a document (no row: "new"; a ChangeSet carries it like the project's status,
#   as ``own_statuses``); ``documents.status`` stays the project's status. A note is one per
#   place per annotator, for the same reason.
MIGRATE_5_TO_6 = """
CREATE TABLE spans_v6 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
    text TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL CHECK (typeof(created) = 'integer'),
    updated INTEGER NOT NULL CHECK (typeof(updated) = 'integer'),
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label, annotator)
);
INSERT INTO spans_v6 (id, document_id, start, "end", label, text, annotator, created, updated)
SELECT id, document_id, start, "end", label, text, annotator, created, updated
FROM spans ORDER BY id;
DROP TABLE spans;
ALTER TABLE spans_v6 RENAME TO spans;
CREATE TABLE document_status (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('in_progress', 'done', 'skipped')),
    updated TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator)
);
CREATE TABLE roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    frame_type TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    color TEXT NOT NULL,
    hotkey TEXT NOT NULL DEFAULT '',
    fillers TEXT NOT NULL DEFAULT '[]',
    ord INTEGER NOT NULL,
    UNIQUE (frame_type, name)
);
CREATE TABLE relation_types (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    color TEXT NOT NULL,
    hotkey TEXT NOT NULL DEFAULT '',
    heads TEXT NOT NULL DEFAULT '[]',
    tails TEXT NOT NULL DEFAULT '[]',
    symmetric INTEGER NOT NULL DEFAULT 0 CHECK (symmetric IN (0, 1)),
    ord INTEGER NOT NULL
);
CREATE TABLE attribute_defs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    vals TEXT NOT NULL DEFAULT '[]',
    targets TEXT NOT NULL DEFAULT '[]',
    ord INTEGER NOT NULL
);
CREATE TABLE frames (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    trigger_id INTEGER NOT NULL REFERENCES spans(id),
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);
CREATE INDEX frames_document ON frames(document_id);
CREATE INDEX frames_trigger ON frames(trigger_id);
CREATE TABLE frame_args (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    role TEXT NOT NULL,
    span_id INTEGER REFERENCES spans(id),
    arg_frame_id INTEGER REFERENCES frames(id),
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    CHECK ((span_id IS NULL) != (arg_frame_id IS NULL)),
    CHECK (arg_frame_id IS NULL OR arg_frame_id != frame_id)
);
CREATE INDEX frame_args_frame ON frame_args(frame_id);
CREATE INDEX frame_args_span ON frame_args(span_id) WHERE span_id IS NOT NULL;
CREATE INDEX frame_args_arg_frame ON frame_args(arg_frame_id) WHERE arg_frame_id IS NOT NULL;
CREATE TABLE relations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL REFERENCES relation_types(name) ON UPDATE CASCADE,
    head_id INTEGER NOT NULL REFERENCES spans(id),
    tail_id INTEGER NOT NULL REFERENCES spans(id),
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    CHECK (head_id != tail_id)
);
CREATE INDEX relations_document ON relations(document_id);
CREATE INDEX relations_head ON relations(head_id);
CREATE INDEX relations_tail ON relations(tail_id);
CREATE TABLE attribute_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_id INTEGER REFERENCES spans(id),
    frame_id INTEGER REFERENCES frames(id),
    name TEXT NOT NULL REFERENCES attribute_defs(name) ON UPDATE CASCADE,
    value TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    CHECK ((span_id IS NULL) != (frame_id IS NULL))
);
CREATE INDEX attribute_values_document ON attribute_values(document_id);
CREATE UNIQUE INDEX attribute_values_span ON attribute_values(span_id, name)
    WHERE span_id IS NOT NULL;
CREATE UNIQUE INDEX attribute_values_frame ON attribute_values(frame_id, name)
    WHERE frame_id IS NOT NULL;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_id INTEGER REFERENCES spans(id),
    frame_id INTEGER REFERENCES frames(id),
    text TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    CHECK (span_id IS NULL OR frame_id IS NULL)
);
CREATE UNIQUE INDEX notes_span ON notes(span_id, annotator) WHERE span_id IS NOT NULL;
CREATE UNIQUE INDEX notes_frame ON notes(frame_id, annotator) WHERE frame_id IS NOT NULL;
CREATE UNIQUE INDEX notes_document ON notes(document_id, annotator)
    WHERE span_id IS NULL AND frame_id IS NULL;
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('propagation', 'gazetteer', 'model')),
    score REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'rejected')),
    created INTEGER NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label)
);
CREATE INDEX suggestions_pending ON suggestions(document_id) WHERE status = 'pending';
CREATE TABLE gazetteer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
    source TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    UNIQUE (name, label)
);
CREATE TABLE models (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    backend TEXT NOT NULL,
    created INTEGER NOT NULL,
    trained_on INTEGER NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    data BLOB NOT NULL
);
CREATE TABLE uncertainty (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    value REAL NOT NULL
);
CREATE TABLE adjudications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (document_id, start, "end", label, annotator)
);
CREATE INDEX adjudications_document ON adjudications(document_id);
CREATE TABLE relation_adjudications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL REFERENCES relation_types(name) ON UPDATE CASCADE ON DELETE CASCADE,
    head_start INTEGER NOT NULL,
    head_end INTEGER NOT NULL,
    head_label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
    tail_start INTEGER NOT NULL,
    tail_end INTEGER NOT NULL,
    tail_label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    annotator TEXT NOT NULL,
    created INTEGER NOT NULL,
    UNIQUE (document_id, type, head_start, head_end, head_label, tail_start, tail_end,
            tail_label, annotator)
);
CREATE INDEX relation_adjudications_document ON relation_adjudications(document_id);
"""


def migrate_5_to_6(conn: sqlite3.Connection) -> None:
    """Schema 5 -> 6: the tables, then the default roles, relation types and attributes whose
    labels the file has (frame_defaults), inside the caller's transaction."""
    buf: list[str] = []
    for line in MIGRATE_5_TO_6.strip().splitlines():
        buf.append(line)
        stmt = "\n".join(buf)
        if sqlite3.complete_statement(stmt):
            conn.execute(stmt)
            buf = []
    add_default_definitions(conn)


# The tables whose records travel in a ChangeSet as Rows, parents before children: undo inserts
# in this order and deletes in the reverse one.
ROW_TABLES: tuple[str, ...] = (
    "relation_types",
    "roles",
    "attribute_defs",
    "gazetteer",
    "models",
    "frames",
    "frame_args",
    "relations",
    "attribute_values",
    "notes",
    "suggestions",
    "adjudications",
    "relation_adjudications",
)

# What points at a span or a frame: (table, column, table pointed at). Deleting a span or a frame
# deletes these first, recursively (a frame whose trigger goes takes its arguments, and the
# arguments of other frames that point at it).
ROW_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("frames", "trigger_id", "spans"),
    ("frame_args", "frame_id", "frames"),
    ("frame_args", "span_id", "spans"),
    ("frame_args", "arg_frame_id", "frames"),
    ("relations", "head_id", "spans"),
    ("relations", "tail_id", "spans"),
    ("attribute_values", "span_id", "spans"),
    ("attribute_values", "frame_id", "frames"),
    ("notes", "span_id", "spans"),
    ("notes", "frame_id", "frames"),
)

# MIGRATIONS[n] takes a file from schema n to n + 1: SQL, or a function of the connection. A new
# project runs SCHEMA_V1 and then every step, so creating a project and migrating an old one
# cannot drift apart.
MIGRATIONS: dict[int, str | Callable[[sqlite3.Connection], None]] = {
    1: MIGRATE_1_TO_2,
    2: MIGRATE_2_TO_3,
    3: migrate_3_to_4,
    4: MIGRATE_4_TO_5,
    5: migrate_5_to_6,
}

# The trigram index of the search copies (project/search.py): derived data, made on first use
# where SQLite has FTS5, so it is not part of any schema version (and check does not ask for it).
FTS_TABLE = "documents_fts"

EXPECTED_TABLES = {"meta", "documents", "labels", "spans", "changes"}


def expected_tables(version: int) -> set[str]:
    """The tables a file of schema ``version`` must have (a damaged file lacks one)."""
    return EXPECTED_TABLES | (set(ROW_TABLES) | {"document_status"} if version >= 6 else set())


def open_in_this_process(path: Path) -> bool:
    """True if this process already holds a descriptor on ``path`` (an open project).

    POSIX record locks belong to the process, and closing ANY descriptor of a file drops all of
    them. SQLite keeps its own descriptors open for that reason, but a plain open()/close() of
    the header while a connection is open here drops the connections' locks: another process
    that then opens and closes the project believes it is the last user and deletes the WAL,
    and later commits go to a deleted file (measured). So such a file is never opened again.
    """
    if os.name == "nt":  # Windows locks belong to the handle, not the process
        return False
    fd_dir = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    try:
        target = os.stat(path)
        fds = os.listdir(fd_dir)
    except OSError:
        return False
    for name in fds:
        try:
            st = os.fstat(int(name))
        except (OSError, ValueError):
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def is_project_file(path: Path) -> bool:
    """An existing SQLite file (what a project is); anything else is data to import.

    Only the magic bytes are read: the full checks come with ``check_file_header`` on opening.
    """
    if path.is_file() and open_in_this_process(path):
        # a window has it open: reading it again here would drop that window's file locks
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def check_file_header(path: Path) -> None:
    """Refuse a file that is not one of our projects by reading its header only.

    Nothing here opens the file for writing, so a refused file stays byte-for-byte unchanged.
    A file this process already has open (a second window or a worker's connection to an open
    project) is not read at all: see ``open_in_this_process``.
    """
    if open_in_this_process(path):
        return
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise NotAProjectError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotAProjectError(f"{path}: not an annotator project (not an SQLite database)")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    (user_version,) = struct.unpack(">i", header[60:64])
    (application_id,) = struct.unpack(">i", header[68:72])
    if application_id != struct.unpack(">i", struct.pack(">I", APPLICATION_ID))[0]:
        raise NotAProjectError(
            f"{path}: not an annotator project (an SQLite database of another program)"
        )
    if page_size < 512 or page_size & (page_size - 1):
        raise NotAProjectError(f"{path}: damaged project file (bad page size)")
    # A WAL beside the file may hold the pages that make up the difference: a checkpoint cut
    # short by a full disk leaves exactly that, and SQLite replays the WAL when it opens the
    # file. Then SQLite's own checks decide, not the size.
    wal = Path(f"{path}-wal")
    has_wal = wal.is_file() and wal.stat().st_size > 0
    if page_count and size < page_count * page_size and not has_wal:
        raise NotAProjectError(
            f"{path}: damaged project file (truncated: {size} bytes of {page_count * page_size})"
        )
    if user_version > SCHEMA_VERSION:
        raise NotAProjectError(
            f"{path}: made by a newer annotator (schema {user_version}; this version reads "
            f"up to {SCHEMA_VERSION}). Update annotator to open it."
        )
    if user_version < 1:
        raise NotAProjectError(f"{path}: not an annotator project (no schema version)")
