"""Label names, hotkeys and colours: one rule in core (the labels dialog uses the same functions),
read back from the project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import InputError, SpanError
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import (
    Project,
    validate_hotkey,
    validate_label_color,
    validate_label_name,
)


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def label_rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, hotkey, color FROM labels ORDER BY ord").fetchall()
    finally:
        conn.close()


# --------------------------------------------------------------------- the rule itself
@pytest.mark.parametrize(
    "name, stored",
    [
        ("حدث_سياسي", "حدث_سياسي"),  # Arabic names are normal here
        ("  فاعل  ", "فاعل"),  # surrounding whitespace is dropped
        ("مُنظَّمة", "مُنظَّمة"),  # harakat are part of the name
        ("GPE.LOC", "GPE.LOC"),  # punctuation, as imported corpora use it
        ("per:title", "per:title"),
    ],
)
def test_label_names_accepted(name, stored):
    assert validate_label_name(name, ["EVENT", "ACTOR"]) == stored


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "a label needs a name"),
        ("   ", "a label needs a name"),
        (None, "a label needs a name"),
        ("حدث سياسي", "cannot contain spaces"),
        ("A\tB", "cannot contain spaces"),
        ("حدث\u200fسياسي", "control or invisible characters"),  # a right-to-left mark
        ("EV\x00ENT", "control or invisible characters"),
        ("EVENT", "a label named 'EVENT' already exists"),
        ("event", "differs from the label 'EVENT' only by case"),
        ("Actor", "differs from the label 'ACTOR' only by case"),
    ],
)
def test_label_names_refused(name, message):
    with pytest.raises(SpanError, match=message):
        validate_label_name(name, ["EVENT", "ACTOR"])


@pytest.mark.parametrize(
    "typed, stored",
    [("", ""), (" ", ""), ("7", "7"), ("0", "0"), ("C", "c"), ("ح", "ح"), ("٧", "7"), ("۳", "3")],
)
def test_hotkeys_accepted(typed, stored):
    assert validate_hotkey(typed, {"1": "EVENT"}) == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12", "must be one letter or one digit"),
        ("#", "must be one letter or one digit"),
        ("²", "must be one letter or one digit"),
        ("1", "hotkey '1' is already used by the label EVENT"),
        ("١", "hotkey '1' is already used by the label EVENT"),  # Arabic-Indic one
    ],
)
def test_hotkeys_refused(typed, message):
    with pytest.raises(SpanError, match=message):
        validate_hotkey(typed, {"1": "EVENT"})


def test_colours():
    assert validate_label_color(" #a0b1c2 ") == "#A0B1C2"
    with pytest.raises(SpanError, match="#RRGGBB"):
        validate_label_color("red")


# --------------------------------------------------------------------- through Project
def test_arabic_label_added_and_renamed(project):
    project.add_label("منظمة", hotkey="م")
    assert label_rows(project.path)[-1][:2] == ("منظمة", "م")
    project.update_label("منظمة", new_name="جهة_رسمية", hotkey="٨")
    assert label_rows(project.path)[-1][:2] == ("جهة_رسمية", "8")


def test_project_refuses_case_variant_and_writes_nothing(project):
    before = label_rows(project.path)
    with pytest.raises(SpanError, match="differs from the label 'EVENT' only by case"):
        project.add_label("Event")
    with pytest.raises(SpanError, match="differs from the label 'EVENT' only by case"):
        project.update_label("ACTOR", new_name="event")
    with pytest.raises(SpanError, match="cannot contain spaces"):
        project.update_label("ACTOR", new_name="a b")
    assert label_rows(project.path) == before
    # a label may change its own name's case
    project.update_label("ACTOR", new_name="Actor")
    assert [r[0] for r in label_rows(project.path)] == ["EVENT", "Actor", "PLACE", "CLAIM"]


def test_project_hotkey_clash_names_the_other_label(project):
    with pytest.raises(SpanError, match="hotkey '1' is already used by the label EVENT"):
        project.update_label("PLACE", hotkey="١")
    with pytest.raises(SpanError, match="hotkey '2' is already used by the label ACTOR"):
        project.add_label("ORG", hotkey="2")


def test_import_keeps_a_files_case_variant_label(project):
    """A file's labels are its data: an import is not refused for "event" beside EVENT."""
    rep = project.import_records(
        [DocRecord(text="قصف بغداد", spans=[SpanRecord(0, 3, "event")])], source="t"
    )
    assert rep.new_labels == ["event"]
    assert "event" in [r[0] for r in label_rows(project.path)]


def test_import_refuses_an_invisible_character_in_a_label_naming_the_line(project):
    before = label_rows(project.path)
    bad = DocRecord(
        text="قصف بغداد", spans=[SpanRecord(0, 3, "EV\u200eENT")], source="a.jsonl", line=3
    )
    with pytest.raises(InputError, match=r"a\.jsonl:3: span 1: label name .* invisible"):
        project.import_records([bad], source="a.jsonl")
    assert label_rows(project.path) == before


# --------------------------------------------------------------------- hotkeys, two windows
def test_two_windows_cannot_give_two_labels_one_hotkey(project):
    """The second window's hotkey is refused with the same message, whether its check sees the
    first window's commit or the database's UNIQUE index (schema 4) refuses the write."""
    other = Project.open(project.path)
    try:
        assert other.labels()[2].hotkey == "3"  # read (and cached) before the first write
        project.update_label("EVENT", hotkey="7")
        with pytest.raises(SpanError, match="hotkey '7' is already used by the label EVENT"):
            other.update_label("PLACE", hotkey="7")
        assert [r[:2] for r in label_rows(project.path)] == [
            ("EVENT", "7"),
            ("ACTOR", "2"),
            ("PLACE", "3"),
            ("CLAIM", "4"),
        ]
        # the failed write forgot the stale labels: the other window now sees the key taken
        assert other.label("EVENT").hotkey == "7"
        with pytest.raises(SpanError, match="already used by the label EVENT"):
            other.add_label("ORG", hotkey="7")
    finally:
        other.close()


def test_the_database_refuses_a_duplicate_hotkey_itself(project):
    conn = sqlite3.connect(project.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match=r"labels\.hotkey"):
            conn.execute("UPDATE labels SET hotkey = '1' WHERE name = 'PLACE'")
        # no hotkey is not a hotkey: any number of labels may have none
        conn.execute("UPDATE labels SET hotkey = '' WHERE name IN ('PLACE', 'CLAIM')")
        conn.commit()
    finally:
        conn.close()


def test_a_unique_refusal_from_the_database_gets_the_validators_message(project):
    """Whatever write reaches the UNIQUE constraints without the check (another program, a
    check that read too early) is refused with the validators' words, not SQLite's."""
    from annotator.core.project.labels import _write_label

    conn = project._conn
    with pytest.raises(SpanError, match="hotkey '1' is already used by the label EVENT"):
        _write_label(conn, "UPDATE labels SET hotkey = '1' WHERE name = 'PLACE'", (), "PLACE", "1")
    with pytest.raises(SpanError, match="a label named 'EVENT' already exists"):
        _write_label(
            conn, "UPDATE labels SET name = 'EVENT' WHERE name = 'PLACE'", (), "EVENT", None
        )
    assert [r[:2] for r in label_rows(project.path)][2] == ("PLACE", "3")
