"""The project database, read back from the file itself."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from annotator.core.errors import (
    AnnotatorError,
    InputError,
    NotAProjectError,
    ProjectLockedError,
    SpanError,
)
from annotator.core.matching import SEARCH_VERSION_KEY
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.normalize import NORMALIZER_VERSION
from annotator.core.project import ImportCancelled, Project
from annotator.core.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
    TEXT_KEY_SQL,
)
from annotator.core.text import text_key

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_7eddefe59b9ed5ed.txt"


def dump(path: Path) -> dict[str, list]:
    """Every row of every table, read with plain sqlite3 (not through Project)."""
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in ("meta", "documents", "labels", "spans", "changes")
        }
    finally:
        conn.close()


@contextmanager
def old_project(path: Path, version: int) -> Iterator[sqlite3.Connection]:
    """A project file as an older annotator left it: schema ``version``, filled by the caller."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.create_function(TEXT_KEY_SQL, 1, text_key)  # schema 3 rehashes the (here empty) texts
    conn.executescript(SCHEMA_V1)
    for v in range(1, version):
        step = MIGRATIONS[v]
        if isinstance(step, str):
            conn.executescript(step)
        else:  # a function of the connection (schema 4), inside a transaction as Project runs it
            conn.execute("BEGIN")
            step(conn)
            conn.execute("COMMIT")
    yield conn
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def add_doc(p: Project, text: str, **kw) -> int:
    return p.import_records([DocRecord(text=text, **kw)], source="t").document_ids[0]


def test_new_project_defaults(project):
    labels = project.labels()
    assert [(lab.name, lab.name_ar, lab.hotkey) for lab in labels] == [
        ("EVENT", "حدث", "1"),
        ("ACTOR", "فاعل", "2"),
        ("PLACE", "مكان", "3"),
        ("CLAIM", "ادعاء", "4"),
    ]
    assert len({lab.color for lab in labels}) == 4
    conn = sqlite3.connect(project.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert project._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.annotator == "tester"


def test_default_annotator_is_os_user(tmp_path):
    import getpass

    with Project.create(tmp_path / "u.annotator") as p:
        assert p.annotator == getpass.getuser()


def test_create_refuses_existing(tmp_path, project):
    with pytest.raises(AnnotatorError, match="already exists"):
        Project.create(project.path)


# --------------------------------------------------------------------- not a project
def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    with Project.create(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    with Project.create(path) as p:
        add_doc(p, "نص " * 5000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(os.urandom(4096)), "not an annotator project"),
        (lambda p: p.write_bytes(b""), "not an annotator project"),
        (lambda p: p.write_text("EVENT,ACTOR\n", encoding="utf-8"), "not an annotator project"),
        (_other_sqlite, "an SQLite database of another program"),
        (_newer, "made by a newer annotator"),
        (_truncated, "truncated"),
    ],
    ids=["random", "empty", "text", "other-sqlite", "newer-schema", "truncated"],
)
def test_not_a_project_is_refused_and_untouched(tmp_path, make, message):
    path = tmp_path / "x.annotator"
    make(path)
    before = path.read_bytes()
    listing = sorted(os.listdir(tmp_path))
    with pytest.raises(NotAProjectError, match=message):
        Project.open(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == listing


def test_open_missing_and_folder(tmp_path):
    with pytest.raises(NotAProjectError, match="no such project file"):
        Project.open(tmp_path / "none.annotator")
    with pytest.raises(NotAProjectError, match="is a folder"):
        Project.open(tmp_path)


# --------------------------------------------------------------------- migration
def test_migration_from_schema_1(tmp_path):
    path = tmp_path / "old.annotator"
    with old_project(path, 1) as conn:
        conn.execute("INSERT INTO meta VALUES ('annotator', 'old-hand')")
        conn.execute("INSERT INTO labels VALUES ('EVENT', 'Event', 'حدث', '#E69F00', '1', 0)")
        conn.execute(
            "INSERT INTO documents (id, external_id, title, status, text_hash, created, updated, "
            "meta, text) VALUES (1, 'a', 'عنوان', 'in_progress', 'h', 't', 't', '{}', ?)",
            ("ذهب إلى المَدْرَسَةِ",),
        )
        conn.execute("INSERT INTO spans VALUES (1, 1, 0, 3, 'EVENT', 'ذهب', 'old-hand', 't', 't')")
    with Project.open(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        assert p.annotator == "old-hand"
        assert [s.text for s in p.spans(1)] == ["ذهب"]
        # the search column was filled for existing documents
        assert p.document_ids(search="مدرسه") == [1]
        assert p.get_document(1).tokens is None
    assert (tmp_path / "old.annotator.schema1.bak").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_migration_from_schema_2_stores_span_times_as_integers(tmp_path):
    path = tmp_path / "v2.annotator"
    with old_project(path, 2) as conn:
        conn.execute("INSERT INTO labels VALUES ('PLACE', 'Place', 'مكان', '#E69F00', '3', 0)")
        conn.execute(
            "INSERT INTO documents (id, external_id, title, status, text_hash, created, updated, "
            "meta, text) VALUES (1, 'a', 'عنوان', 'in_progress', 'h', 't', 't', '{}', ?)",
            ("وصل الوفد لواشنطن 😀 أمس",),
        )
        conn.executemany(
            "INSERT INTO spans VALUES (?, 1, ?, ?, 'PLACE', ?, 'old-hand', ?, ?)",
            [
                (
                    7,
                    11,
                    17,
                    "واشنطن",
                    "2025-03-01T10:20:30.123+00:00",
                    "2025-03-02T00:00:00.999+00:00",
                ),
                (9, 18, 19, "😀", "1999-12-31T23:59:59.001+00:00", "1999-12-31T23:59:59.001+00:00"),
                (12, 0, 3, "وصل", "not a time", "2025-03-01T10:20:30.000+00:00"),
            ],
        )
    with Project.open(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        spans = {s.id: s for s in p.spans(1)}
        assert set(spans) == {7, 9, 12}
        assert (spans[7].created, spans[7].updated) == (
            "2025-03-01T10:20:30.123+00:00",
            "2025-03-02T00:00:00.999+00:00",
        )
        assert spans[9].created == "1999-12-31T23:59:59.001+00:00"
        assert spans[9].text == "😀" and spans[7].text == "واشنطن"
        # an unreadable time becomes the migration's time
        assert spans[12].created[:4].isdigit() and spans[12].created >= "2026"
        # the rebuilt table keeps its constraints (a span is unique per annotator: schema 6)
        p.set_annotator("old-hand")
        with pytest.raises(SpanError, match="already exists"):
            p.add_span(1, 11, 17, "PLACE")
        p.update_label("PLACE", new_name="LOC")
        assert {s.label for s in p.spans(1)} == {"LOC"}
        # the text hash is recomputed from the text: importing the same text again adds nothing
        doc = p.get_document(1)
        assert doc.text_hash == hashlib.sha256(doc.text.encode()).hexdigest()[:32]
        again = p.import_records([DocRecord(text=doc.text)], source="again")
        assert (again.added, again.duplicates) == (0, 1)
    backup = sqlite3.connect(tmp_path / "v2.annotator.schema2.bak")
    assert backup.execute("PRAGMA user_version").fetchone() == (2,)
    assert backup.execute("SELECT id, created FROM spans ORDER BY id").fetchall() == [
        (7, "2025-03-01T10:20:30.123+00:00"),
        (9, "1999-12-31T23:59:59.001+00:00"),
        (12, "not a time"),
    ]
    backup.close()
    conn = sqlite3.connect(path)
    assert (
        conn.execute("SELECT typeof(created), typeof(updated) FROM spans").fetchall()
        == [("integer", "integer")] * 3
    )
    assert conn.execute("SELECT created FROM spans WHERE id = 7").fetchone() == (1740824430123,)
    assert conn.execute(
        "SELECT typeof(text_hash), length(text_hash) FROM documents"
    ).fetchall() == [("blob", 16)]
    # the rebuilt documents table keeps its indexes
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "documents_status" in indexes and "documents_unindexed" not in indexes
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(
            'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, '
            "updated) VALUES (1, 0, 3, 'LOC', 'وصل', 'x', 'yesterday', 0)"
        )
    conn.close()


def test_migration_from_schema_3_clears_duplicate_hotkeys_and_logs_it(tmp_path):
    path = tmp_path / "v3.annotator"
    with old_project(path, 3) as conn:
        conn.execute("INSERT INTO meta VALUES ('annotator', 'layla')")
        conn.executemany(
            "INSERT INTO labels VALUES (?, ?, ?, '#E69F00', ?, ?)",
            [
                ("EVENT", "Event", "حدث", "1", 0),
                ("حدث_فرعي", "Sub-event", "حدث فرعي", "1", 2),
                ("ACTOR", "Actor", "فاعل", "a", 1),
                ("PLACE", "Place", "مكان", "a", 3),
                ("CLAIM", "Claim", "ادعاء", "", 4),
                ("ORG", "Org", "منظمة", "", 5),
            ],
        )
    with Project.open(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        assert [(lab.name, lab.hotkey) for lab in p.labels()] == [
            ("EVENT", "1"),
            ("ACTOR", "a"),
            ("حدث_فرعي", ""),
            ("PLACE", ""),
            ("CLAIM", ""),
            ("ORG", ""),
        ]
        log = sorted(
            (c["annotator"], c["action"], c["detail"]["label"], c["detail"]["hotkey"])
            for c in p.changes()
        )
        assert log == [
            ("layla", "update_label", "PLACE", ""),
            ("layla", "update_label", "حدث_فرعي", ""),
        ]
        reasons = {c["detail"]["label"]: c["detail"]["reason"] for c in p.changes()}
        assert reasons["حدث_فرعي"] == "schema 4: the hotkey '1' stays with the label EVENT"
        with pytest.raises(SpanError, match="already used by the label ACTOR"):
            p.update_label("PLACE", hotkey="A")
    backup = sqlite3.connect(tmp_path / "v3.annotator.schema3.bak")
    assert backup.execute("SELECT count(*) FROM labels WHERE hotkey = '1'").fetchone() == (2,)
    backup.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    with pytest.raises(sqlite3.IntegrityError, match=r"labels\.hotkey"):
        conn.execute("UPDATE labels SET hotkey = 'a' WHERE name = 'ORG'")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_failed_migration_to_schema_4_leaves_the_file_unchanged(tmp_path):
    """The hotkey clean-up (written with sqlite-utils) runs inside the migration's transaction:
    when a later check refuses the file, the cleared hotkeys and their log rows go too."""
    path = tmp_path / "v3.annotator"
    with old_project(path, 3) as conn:
        conn.executemany(
            "INSERT INTO labels VALUES (?, ?, ?, '#E69F00', '1', ?)",
            [("EVENT", "Event", "حدث", 0), ("ACTOR", "Actor", "فاعل", 1)],
        )
        conn.execute(
            "INSERT INTO documents (id, external_id, title, text_hash, created, updated, text) "
            "VALUES (1, 'a', 't', x'00', 'c', 'c', 'نص')"
        )
        # a span whose label is gone: foreign_key_check refuses the file after the clean-up
        conn.execute("INSERT INTO spans VALUES (1, 1, 0, 2, 'GONE', 'نص', 'x', 0, 0)")
    conn = sqlite3.connect(path)
    before = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in ("labels", "changes")}
    conn.close()
    with pytest.raises(NotAProjectError, match="refers to a missing labels row"):
        Project.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (3,)
    assert {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in before} == before
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "labels_hotkey" not in indexes
    conn.close()


def test_reading_a_project_never_imports_sqlite_utils(tmp_path):
    """sqlite-utils imports pandas when it is installed (0.4 s): only creating or migrating a
    project may import it, never opening one to read, label and import."""
    path = tmp_path / "p.annotator"
    Project.create(path).close()
    code = textwrap.dedent(
        f"""
        import sys
        from annotator.core.model import DocRecord, SpanRecord
        from annotator.core.project import Project

        with Project.open({str(path)!r}) as p:
            p.import_records([DocRecord(text="قال الرئيس", spans=[SpanRecord(0, 3, "ACTOR")])],
                             source="t")
            doc = p.document_ids()[0]
            p.add_span(doc, 4, 10, "ACTOR")
            p.update_label("PLACE", hotkey="p")
            list(p.iter_records())
            p.document_ids(search="الرئيس")
        assert "sqlite_utils" not in sys.modules, "sqlite_utils imported"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_span_times_round_trip_exactly(project):
    doc = add_doc(project, "قال الوزير في بغداد")
    span = project.add_span(doc, 14, 19, "PLACE").added[0]
    assert span.created == span.updated and span.created.endswith("+00:00")
    project.delete_span(span.id)
    # undo puts the span back with its id and its creation time
    assert project.undo().added[0].created == span.created
    assert project.spans(doc)[0].created == span.created


# --------------------------------------------------------------------- spans
def test_span_round_trip_from_file(project):
    doc = add_doc(project, "أكد مسؤول لواشنطن أن 😀 الهجوم وقع")
    sp = project.add_span(doc, 11, 17, "PLACE").added[0]
    assert sp.text == "واشنطن"
    assert dump(project.path)["spans"][0][1:6] == (doc, 11, 17, "PLACE", "واشنطن")


def test_overlapping_and_nested_spans_allowed(project):
    text = "قال الرئيس إن واشنطن سترد"
    doc = add_doc(project, text)
    w = text.index("واشنطن")
    claim = project.add_span(doc, 0, len(text), "CLAIM").added[0]
    actor = project.add_span(doc, 4, 10, "ACTOR").added[0]
    place = project.add_span(doc, w, w + 6, "PLACE").added[0]
    same_range = project.add_span(doc, w, w + 6, "ACTOR").added[0]
    assert {s.id for s in project.spans(doc)} == {claim.id, actor.id, place.id, same_range.id}


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (3, 3, "EVENT", "empty span at 3"),
        (5, 2, "EVENT", "reversed span"),
        (-1, 2, "EVENT", "outside the document"),
        (0, 99, "EVENT", "outside the document"),
        (0, 3, "NOPE", "no label named 'NOPE'"),
        (0, 3, "ACTOR", "already exists"),
    ],
)
def test_bad_spans_refused_and_nothing_written(project, start, end, label, message):
    doc = add_doc(project, "ذهب الوفد إلى بغداد")
    project.add_span(doc, 0, 3, "ACTOR")
    before = dump(project.path)
    with pytest.raises(SpanError, match=message):
        project.add_span(doc, start, end, label)
    assert dump(project.path) == before


def test_update_delete_undo(project):
    doc = add_doc(project, "لواشنطن قاعدة")
    added = project.add_span(doc, 0, 7, "PLACE")
    sp = added.added[0]
    assert added.statuses == {doc: ("new", "in_progress")} and added.select == sp.id
    moved = project.update_span(sp.id, start=1)
    assert moved.changed == [(sp, project.get_span(sp.id))]
    assert (moved.changed[0][1].start, moved.changed[0][1].text) == (1, "واشنطن")
    relabeled = project.update_span(sp.id, label="ACTOR").changed[0][1]
    assert relabeled.label == "ACTOR"
    # a change to nothing is an empty ChangeSet and no undo step
    assert project.update_span(sp.id, label="ACTOR").is_empty()
    gone = project.delete_span(sp.id)
    assert gone.removed == [relabeled] and project.spans(doc) == []
    back = project.undo()
    assert back.kind == "undo" and back.select == sp.id
    (restored,) = back.added
    assert (restored.id, restored.start, restored.end, restored.label) == (sp.id, 1, 7, "ACTOR")
    actions = [c["action"] for c in reversed(project.changes(document_id=doc))]
    assert actions == [
        "add_span",
        "set_status",
        "update_span",
        "update_span",
        "delete_span",
        "undo",
    ]


def test_first_span_marks_in_progress(project):
    doc = add_doc(project, "نص قصير")
    assert project.get_document(doc).status == "new"
    project.add_span(doc, 0, 2, "EVENT")
    assert project.get_document(doc).status == "in_progress"
    project.set_status(doc, "done")
    project.add_span(doc, 3, 7, "EVENT")
    assert project.get_document(doc).status == "done"


def test_change_log_is_append_only(project):
    doc = add_doc(project, "نص")
    project.add_span(doc, 0, 2, "EVENT")
    conn = sqlite3.connect(project.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM changes")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE changes SET action = 'x'")
    conn.close()


# --------------------------------------------------------------------- labels
def test_label_rename_cascades_to_spans(project):
    doc = add_doc(project, "بغداد")
    project.add_span(doc, 0, 5, "PLACE")
    project.update_label("PLACE", new_name="LOC", color="#112233", hotkey="l")
    assert [s.label for s in project.spans(doc)] == ["LOC"]
    lab = project.label("LOC")
    assert (lab.color, lab.hotkey, lab.order) == ("#112233", "l", 2)


def test_label_hotkey_clash_and_bad_colour(project):
    with pytest.raises(SpanError, match="already used"):
        project.update_label("PLACE", hotkey="1")
    with pytest.raises(SpanError, match="#RRGGBB"):
        project.add_label("ORG", color="red")


def test_remove_label_in_use(project):
    doc = add_doc(project, "بغداد")
    project.add_span(doc, 0, 5, "PLACE")
    with pytest.raises(SpanError, match="used by 1 span"):
        project.remove_label("PLACE")
    cs = project.remove_label("PLACE", force=True)
    assert len(cs.removed) == 1 and cs.labels_changed
    assert "PLACE" not in [lab.name for lab in project.labels()]
    assert project.spans(doc) == []


def test_remove_label_counts_a_span_another_window_commits_meanwhile(project):
    """The in-use check runs inside remove_label's write transaction: a span that another
    connection commits while remove_label waits for the lock refuses the removal."""
    doc = add_doc(project, "بغداد")
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window is writing
    other.execute(
        'INSERT INTO spans (document_id, start, "end", label, text, annotator, created, updated)'
        " VALUES (?, 0, 5, 'PLACE', 'بغداد', 'other', 0, 0)",
        (doc,),
    )
    errors: list[str] = []

    def remove() -> None:
        try:
            project.remove_label("PLACE")
        except SpanError as exc:
            errors.append(str(exc))

    worker = threading.Thread(target=remove)
    worker.start()
    worker.join(0.5)  # let it reach the lock (it waits up to the busy timeout)
    other.execute("COMMIT")
    other.close()
    worker.join(10)
    assert errors == ["label 'PLACE' is used by 1 span(s)"]
    assert [s.label for s in project.spans(doc)] == ["PLACE"]


def test_locked_project_is_one_clear_error_and_unchanged(project):
    """Another process holding the write lock past the busy timeout: ProjectLockedError naming
    the file, nothing written, and the project usable once the lock is gone."""
    doc = add_doc(project, "بغداد")
    project._conn.execute("PRAGMA busy_timeout = 50")
    before = dump(project.path)
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectLockedError, match=f"^{project.path}: another window or"):
            project.add_span(doc, 0, 5, "PLACE")
        with pytest.raises(ProjectLockedError):
            project.import_records([DocRecord(text="نص آخر")], source="t")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dump(project.path) == before
    assert project.add_span(doc, 0, 5, "PLACE").added[0].text == "بغداد"


def test_open_while_another_process_locks_the_file_exclusively(tmp_path, monkeypatch):
    monkeypatch.setattr(Project, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "p.annotator"
    Project.create(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO meta VALUES ('x', 'y')")
    try:
        with pytest.raises(ProjectLockedError, match=f"^{path}: another window or process"):
            Project.open(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Project.open(path) as again:
        assert again.document_count() == 0


def test_read_only_project_is_one_clear_error_and_unchanged(project):
    doc = add_doc(project, "بغداد")
    before = dump(project.path)
    # What SQLite reports for a file it may not write (running as root ignores chmod).
    project._conn.execute("PRAGMA query_only = 1")
    for write in (
        lambda: project.add_span(doc, 0, 5, "PLACE"),
        lambda: project.import_records([DocRecord(text="نص آخر")], source="t"),
        lambda: project.add_label("ORG"),
    ):
        with pytest.raises(AnnotatorError, match=f"^{project.path}: the project file is read-only"):
            write()
    project._conn.execute("PRAGMA query_only = 0")
    assert dump(project.path) == before
    assert [lab.name for lab in project.labels()] == ["EVENT", "ACTOR", "PLACE", "CLAIM"]


def test_add_and_move_label(project):
    cs = project.add_label("ORG", name_ar="منظمة")
    lab = cs.labels_after[-1]
    assert (lab.name, lab.hotkey, lab.order) == ("ORG", "5", 4)
    moved = project.move_label("ORG", 0)
    assert [x.name for x in moved.labels_after][:2] == ["ORG", "EVENT"]
    assert [x.name for x in project.labels()][:2] == ["ORG", "EVENT"]


# --------------------------------------------------------------------- import
def test_import_cleans_and_remaps_spans(project):
    raw = "\ufeffعنوان\r\nزار الوفد لواشنطن 😀\r\n"
    s = raw.index("واشنطن")
    rep = project.import_records(
        [
            DocRecord(
                text=raw, spans=[SpanRecord(s, s + 6, "PLACE", "واشنطن")], source="a.jsonl", line=1
            )
        ],
        source="a.jsonl",
    )
    doc = project.get_document(rep.document_ids[0])
    assert doc.text == "عنوان\nزار الوفد لواشنطن 😀\n"
    (span,) = project.spans(doc.id)
    assert doc.text[span.start : span.end] == "واشنطن" == span.text
    assert doc.title == "عنوان"
    assert doc.status == "in_progress"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (DocRecord(text="نص\x00"), "b.jsonl:2: contains a NUL character"),
        (DocRecord(text="   \n"), "b.jsonl:2: the document's text is empty"),
        (DocRecord(text="نص", status="finished"), "b.jsonl:2: unknown status 'finished'"),
        (DocRecord(text="نص", spans=[SpanRecord(0, 9, "EVENT")]), "outside the text"),
        (DocRecord(text="نص", spans=[SpanRecord(1, 0, "EVENT")]), "reversed"),
        (DocRecord(text="نص", spans=[SpanRecord(0, 2, "EVENT", "لا")]), "does not match"),
        (DocRecord(text="نص", spans=[SpanRecord(0, 2, "")]), "label must be"),
        (
            DocRecord(text="نص", spans=[SpanRecord(0, 2, "EVENT"), SpanRecord(0, 2, "EVENT")]),
            "duplicate",
        ),
    ],
)
def test_bad_record_refuses_whole_import(project, record, message):
    add_doc(project, "موجود من قبل")
    before = dump(project.path)
    good = DocRecord(
        text="وثيقة جيدة", spans=[SpanRecord(0, 5, "NEWLABEL")], source="b.jsonl", line=1
    )
    record.source, record.line = "b.jsonl", 2
    with pytest.raises(InputError, match=message) as err:
        project.import_records([good, record], source="b.jsonl")
    assert str(err.value).startswith("b.jsonl:2: ")
    assert dump(project.path) == before
    assert "NEWLABEL" not in [lab.name for lab in project.labels()]


def test_skip_invalid_imports_the_rest(project):
    recs = [
        DocRecord(text="أول", source="c.jsonl", line=1),
        DocRecord(text="ثان\x00", source="c.jsonl", line=2),
        DocRecord(text="ثالث", source="c.jsonl", line=3),
    ]
    rep = project.import_records(recs, source="c.jsonl", skip_invalid=True)
    assert rep.added == 2
    assert rep.skipped == ["c.jsonl:2: contains a NUL character (binary data?)"]


def test_reimport_adds_nothing_and_new_labels_reported(project):
    rec = lambda: DocRecord(text="نص مكرر", spans=[SpanRecord(0, 2, "ORG")])  # noqa: E731
    first = project.import_records([rec()], source="x")
    assert first.new_labels == ["ORG"] and first.added == 1
    before = dump(project.path)["documents"]
    second = project.import_records([rec(), rec()], source="x")
    assert (second.added, second.duplicates) == (0, 2)
    assert dump(project.path)["documents"] == before


@pytest.mark.parametrize("count", [0, 1, 63, 64, 65, 129])
def test_import_writes_every_span_of_a_long_document(project, count):
    """Spans are inserted many rows per statement: counts around the batch size all arrive."""
    words = [f"كلمة{n}" for n in range(count + 1)]
    text = " ".join(words)
    spans, at = [], 0
    for n, word in enumerate(words[:count]):
        spans.append(SpanRecord(at, at + len(word), "PLACE" if n % 2 else "ACTOR", word))
        at += len(word) + 1
    report = project.import_records(
        [DocRecord(text=text, spans=spans), DocRecord(text="بعدها", spans=[])], source="t"
    )
    doc_id = report.document_ids[0]
    assert report.spans == count
    rows = dump(project.path)["spans"]
    assert [(r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        (doc_id, s.start, s.end, s.label, s.text, "tester") for s in spans
    ]
    assert all(text[r[2] : r[3]] == r[5] for r in rows)


def test_reader_checked_spans_are_still_remapped_and_deduplicated(project):
    """spans_checked (the JSONL reader's promise) skips only what the reader checked: text that
    cleaning changes is still remapped, duplicates and bad label names still refused."""
    rec = DocRecord(
        text="قال\r\nبغداد", spans=[SpanRecord(5, 10, "PLACE", "بغداد")], spans_checked=True
    )
    doc_id = project.import_records([rec], source="t").document_ids[0]
    assert [(s.start, s.end, s.text) for s in project.spans(doc_id)] == [(4, 9, "بغداد")]
    twice = DocRecord(
        text="بغداد",
        spans=[SpanRecord(0, 5, "PLACE"), SpanRecord(0, 5, "PLACE")],
        spans_checked=True,
    )
    with pytest.raises(InputError, match=r"span 2 \(0-5 PLACE\) is a duplicate"):
        project.import_records([twice], source="t")
    spaced = DocRecord(text="بغداد", spans=[SpanRecord(0, 5, "A B")], spans_checked=True)
    with pytest.raises(InputError, match="label must be a non-empty word"):
        project.import_records([spaced], source="t")


def test_cancelled_import_leaves_project_unchanged(project):
    before = dump(project.path)
    recs = (DocRecord(text=f"وثيقة رقم {i}") for i in range(1000))
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(ImportCancelled):
        project.import_records(recs, source="big", cancel=cancel)
    assert dump(project.path) == before


def test_tokens_kept_and_remapped(project):
    raw = "\ufeffقال\r\nبايدن"
    rep = project.import_records(
        [DocRecord(text=raw, tokens=[(1, 4), (6, 11)], sentence_starts=[0, 1])], source="c"
    )
    doc = project.get_document(rep.document_ids[0])
    assert [doc.text[s:e] for s, e in doc.tokens] == ["قال", "بايدن"]
    assert doc.sentence_starts == [0, 1]


# --------------------------------------------------------------------- export side
def test_iter_records_filters_and_checks(project):
    a = add_doc(project, "الأولى في بغداد")
    b = add_doc(project, "الثانية")
    project.add_span(a, 10, 15, "PLACE")
    project.add_span(a, 0, 6, "EVENT")
    project.set_status(b, "done")
    done = list(project.iter_records(status="done"))
    assert [r.text for r in done] == ["الثانية"]
    only_place = list(project.iter_records(labels=["PLACE"]))
    assert [[s.label for s in r.spans] for r in only_place] == [["PLACE"], []]
    picked = list(project.iter_records(ids=[b, a]))
    assert [r.text for r in picked] == ["الثانية", "الأولى في بغداد"]
    # a span whose stored surface no longer matches the text is never exported silently
    conn = sqlite3.connect(project.path)
    conn.execute("UPDATE spans SET text = 'خطأ' WHERE label = 'PLACE'")
    conn.commit()
    conn.close()
    with pytest.raises(AnnotatorError) as err:
        list(project.iter_records())
    assert str(err.value) == (
        f"{project.path}: document {a} (t:1): span 10-15 PLACE says 'خطأ' but the text there "
        "is 'بغداد'; export stopped (the project file is damaged: run annotator check)"
    )


def test_stats(project):
    a = add_doc(project, "في بغداد")
    project.add_span(a, 3, 8, "PLACE")
    st = project.stats()
    assert st["documents"] == 1
    assert st["by_status"]["in_progress"] == 1
    assert st["by_label"]["PLACE"] == 1 and st["by_label"]["EVENT"] == 0
    assert st["by_annotator"] == {"tester": 1}


def test_search_uses_arabic_normalisation(project):
    a = add_doc(project, "ذهب الطالب إلى المَدْرَسَةٌ صباحاً")
    add_doc(project, "نص آخر")
    assert project.document_ids(search="مدرسه") == [a]
    assert project.document_ids(search="مدرسه", status="done") == []


def test_navigation(project):
    ids = [add_doc(project, f"وثيقة {i}") for i in range(4)]
    project.set_status(ids[1], "done")
    assert project.next_document_id(ids[0]) == ids[1]
    assert project.next_document_id(ids[0], status=["new", "in_progress"]) == ids[2]
    assert project.next_document_id(ids[2], step=-1) == ids[1]
    assert project.next_document_id(ids[3]) is None


def test_second_connection_sees_data_version_change(project):
    doc = add_doc(project, "نص للتجربة")
    other = Project.open(project.path)
    v = other.data_version()
    project.add_span(doc, 0, 2, "EVENT")
    assert other.data_version() != v
    assert [s.text for s in other.spans(doc)] == ["نص"]
    other.close()


def test_span_survives_sigkill(tmp_path):
    path = tmp_path / "k.annotator"
    with Project.create(path) as p:
        doc = add_doc(p, "هجوم على قاعدة التاجي")
    script = textwrap.dedent(
        f"""
        import os, signal
        from annotator.core.project import Project
        p = Project.open({str(path)!r})
        p.add_span({doc}, 0, 4, "EVENT")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False)
    assert proc.returncode == -signal.SIGKILL
    with Project.open(path) as p:
        assert [(s.start, s.end, s.label) for s in p.spans(doc)] == [(0, 4, "EVENT")]


def test_seed_article_imports(project):
    from annotator.core.text import read_text_file

    text = read_text_file(SEED)
    rep = project.import_records([DocRecord(text=text, source=SEED.name)], source=SEED.name)
    doc = project.get_document(rep.document_ids[0])
    assert doc.title.startswith("ثالث هجوم خلال أسبوع")
    start = doc.text.index("لواشنطن") + 1
    assert project.add_span(doc.id, start, start + 6, "PLACE").added[0].text == "واشنطن"


def test_search_index_is_built_lazily_and_completely(project):
    ids = [add_doc(project, f"وثيقة رقم {i} عن المَدْرَسَةِ") for i in range(600)]
    assert project.unindexed_count() == 600
    seen = []
    assert project.build_search_index(progress=seen.append, batch=256) == 600
    assert seen == [256, 512, 600]
    assert project.unindexed_count() == 0
    assert project.document_ids(search="المدرسه") == ids
    # a new import leaves its documents unindexed; a search indexes them first
    late = add_doc(project, "مدرسة جديدة")
    assert project.document_ids(search="مدرسه")[-1] == late


def test_search_index_mark_never_goes_back(project, monkeypatch):
    """Two windows building at once: the one that commits a smaller batch last does not make
    the other's documents unindexed again."""
    import annotator.core.project.search as search_module

    for i in range(30):
        add_doc(project, f"نص رقم {i}")
    other = Project.open(project.path)
    copy = search_module._search_copy
    calls = []

    def meanwhile(title: str, text: str) -> str:
        # while this window normalises its first batch (documents 1-10), the other window
        # indexes everything (mark 30); this window then commits its batch (mark 10)
        if not calls:
            calls.append("building")
            calls.append(other.build_search_index(batch=30))
        return copy(title, text)

    monkeypatch.setattr(search_module, "_search_copy", meanwhile)
    try:
        project.build_search_index(batch=10, cancel=iter([False, True]).__next__)
        assert calls == ["building", 30]
        assert project.unindexed_count() == other.unindexed_count() == 0
        assert project.document_ids(search="رقم 29") == [30]
    finally:
        other.close()


def test_migration_keeps_what_was_indexed(tmp_path, monkeypatch):
    import annotator.core.project.search as search_module

    made = []
    copy = search_module._search_copy
    monkeypatch.setattr(search_module, "_search_copy", lambda t, x: made.append(x) or copy(t, x))
    path = tmp_path / "v2.annotator"
    with old_project(path, 2) as conn:
        for i, search in enumerate(["نص 1", "نص 2", "", ""], 1):
            conn.execute(
                "INSERT INTO documents (id, external_id, title, text_hash, created, updated, text, "
                "search_text) VALUES (?, ?, 't', ?, 'c', 'c', ?, ?)",
                (i, str(i), str(i), f"نص {i}", search),
            )
        # copies made by the current normaliser (an older one's are all rebuilt: test_matching)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            (SEARCH_VERSION_KEY, str(NORMALIZER_VERSION)),
        )
    with Project.open(path) as p:
        # all four still lack their trigram index entry (where SQLite has one)
        assert p.unindexed_count() == (4 if p.fts_available() else 2)
        assert p.document_ids(search="نص 4") == [4]
        assert p.unindexed_count() == 0
    # the copies of 1 and 2 were kept: only 3 and 4 got one
    assert made == ["نص 3", "نص 4"]


def test_search_index_build_can_be_cancelled(project):
    for i in range(10):
        add_doc(project, f"نص {i}")
    assert project.build_search_index(cancel=lambda: True) == 0
    assert project.unindexed_count() == 10


def test_migration_to_schema_5_keeps_spans_and_never_reuses_an_id(tmp_path):
    """Schema 5: span ids come from AUTOINCREMENT, so undo's "same id back" cannot collide with
    a span added after the newest one was deleted."""
    path = tmp_path / "v4.annotator"
    with old_project(path, 4) as conn:
        conn.executemany(
            "INSERT INTO labels VALUES (?, ?, ?, '#E69F00', ?, ?)",
            [("EVENT", "Event", "حدث", "1", 0), ("PLACE", "Place", "مكان", "3", 1)],
        )
        conn.execute(
            "INSERT INTO documents (id, external_id, title, text_hash, created, updated, text) "
            "VALUES (1, 'a', 't', x'00', 'c', 'c', 'قال في بغداد')"
        )
        conn.executemany(
            "INSERT INTO spans VALUES (?, 1, ?, ?, ?, ?, 'layla', 5, 6)",
            [(3, 0, 3, "EVENT", "قال"), (7, 7, 12, "PLACE", "بغداد")],
        )
    with Project.open(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        assert [(s.id, s.text, s.created) for s in p.spans(1)] == [
            (3, "قال", "1970-01-01T00:00:00.005+00:00"),
            (7, "بغداد", "1970-01-01T00:00:00.005+00:00"),
        ]
        p.delete_span(7)
        added = p.add_span(1, 4, 6, "EVENT").added[0]
        assert added.id == 8  # not 7, the id of the deleted span
        p.delete_span(added.id)
        p.undo()  # the delete of span 8
        p.undo()  # the add of span 8
        p.undo()  # the delete of span 7: back with its id
        assert [s.id for s in p.spans(1)] == [3, 7]
    assert (tmp_path / "v4.annotator.schema4.bak").exists()
