"""Issue 12: gazetteer files (annotator/core/suggest/gazetteer.py)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.suggest.gazetteer import (
    GazetteerEntry,
    gazetteer_matcher,
    match_gazetteer,
    read_gazetteer,
)


def write(tmp_path: Path, data: bytes | str, name: str = "gaz.csv") -> Path:
    f = tmp_path / name
    f.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return f


def test_csv_with_bom_header_quotes_comments(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "إيران")
    f = write(
        tmp_path,
        "\ufeffname,label\r\n# places first\r\n واشنطن , PLACE\r\n\r\n"
        f'"بغداد، العاصمة",PLACE\r\n{decomposed},PLACE\r\nالأمم المتحدة,ORG\r\nواشنطن,PLACE\r\n',
    )
    entries = read_gazetteer(f)
    assert entries == [
        GazetteerEntry("واشنطن", "PLACE", 3),
        GazetteerEntry("بغداد، العاصمة", "PLACE", 5),
        GazetteerEntry("إيران", "PLACE", 6),  # NFC
        GazetteerEntry("الأمم المتحدة", "ORG", 7),
    ]


def test_csv_without_header(tmp_path: Path) -> None:
    assert [e.name for e in read_gazetteer(write(tmp_path, "حلب,PLACE\nإدلب,PLACE\n"))] == [
        "حلب",
        "إدلب",
    ]


def test_one_name_a_line_with_a_label(tmp_path: Path) -> None:
    f = write(tmp_path, '# cities\nحلب\n\n  إدلب  \n"الموصل"\n', "cities.txt")
    entries = read_gazetteer(f, label="PLACE")
    assert [(e.name, e.label, e.line) for e in entries] == [
        ("حلب", "PLACE", 2),
        ("إدلب", "PLACE", 4),
        ("الموصل", "PLACE", 5),
    ]


@pytest.mark.parametrize(
    ("content", "label", "message"),
    [
        ("حلب,PLACE\nإدلب,\n", None, "gaz.csv:2: empty label for 'إدلب'"),
        ("حلب,PLACE\n,PLACE\n", None, "gaz.csv:2: empty name"),
        ("name,label\nحلب\n", None, "gaz.csv:2: unknown shape: one column"),
        ("حلب,PLACE,CITY\n", None, "gaz.csv:1: unknown shape: 3 columns"),
        ('"حلب,PLACE\n', None, "gaz.csv:1: not a CSV row"),
        ("حلب,LARGE PLACE\n", None, "gaz.csv:1: label 'LARGE PLACE' holds whitespace"),
        ("حلب\n", "  ", "gaz.csv: empty label given"),
        (b"\xd8\xad\xd9\x84\xd8\xa8,PLACE\n\xff\xfe,PLACE\n", None, "gaz.csv:2: invalid UTF-8"),
        (b"PK\x03\x04\x00\x00binary", None, "gaz.csv:1: not a text file"),
    ],
)
def test_errors_name_file_line_and_problem(
    tmp_path: Path, content: str | bytes, label: str | None, message: str
) -> None:
    f = write(tmp_path, content)
    with pytest.raises(InputError) as err:
        read_gazetteer(f, label=label)
    assert str(err.value).startswith(str(tmp_path / message.split(":")[0]) + message[7:])


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_gazetteer(tmp_path / "none.csv")


def test_matching_reuses_propagation(tmp_path: Path) -> None:
    entries = read_gazetteer(write(tmp_path, "واشنطن,PLACE\nالأمم المتحدة,ORG\n"))
    text = "أبلغت الامم المتحدة واشنطن ولواشنطن رسالة"
    hits = match_gazetteer(text, entries)
    assert [(h.text, h.label, h.source) for h in hits] == [
        ("الامم المتحدة", "ORG", "gazetteer"),
        ("واشنطن", "PLACE", "gazetteer"),
        ("واشنطن", "PLACE", "gazetteer"),
    ]
    assert hits[2].start == text.index("لواشنطن") + 1
    matcher = gazetteer_matcher(entries)
    assert match_gazetteer(text, matcher, skip=[(hits[1].start, hits[1].end)]) == [hits[0], hits[2]]
