"""What real Arabic news showed at import (issue 17): control characters, CSV column defaults,
one title rule for every reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.importing import import_paths
from annotator.core.project import Project
from annotator.core.text import TITLE_MAX, clean, document_title, first_line_title


@pytest.fixture
def project(tmp_path: Path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    yield p
    p.close()


def only_document(project: Project):
    (doc_id,) = project.document_ids()
    return project.get_document(doc_id)


# --- 1. control characters --------------------------------------------------------------------


def test_control_characters_become_spaces_and_the_report_counts_them(project, tmp_path):
    raw = "قال\u001aالوزير إن\u0002الاجتماع"
    f = tmp_path / "news.jsonl"
    # the file exactly as the issue shows it, escapes and all
    f.write_text(
        '{"text":"قال\\u001aالوزير إن\\u0002الاجتماع","spans":'
        '[{"start":4,"end":10,"label":"ACTOR","text":"الوزير"}]}\n',
        encoding="utf-8",
    )
    result = import_paths(project, [f])
    doc = only_document(project)
    assert doc.text == "قال الوزير إن الاجتماع"
    assert len(doc.text) == len(raw)  # one for one: no offset moves
    assert [(s.start, s.end, s.text) for s in project.spans(doc.id)] == [(4, 10, "الوزير")]
    assert result.controls_replaced == 2
    assert result.warnings == [
        "replaced 2 control characters in 1 document by spaces (VT, FF and NEL by line breaks): "
        "U+001A x1, U+0002 x1"
    ]
    assert result.as_dict()["controls_replaced"] == 2


def test_the_cli_import_report_says_how_many(tmp_path, capsys):
    f = tmp_path / "news.jsonl"
    lines = [json.dumps({"text": f"خبر {i}\u001aعاجل"}) for i in range(3)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator"
    assert main(["import", "-p", str(project), str(f)]) == 0
    out = capsys.readouterr()
    assert "replaced 3 control characters in 3 documents" in out.out + out.err
    assert main(["import", "-p", str(tmp_path / "q.annotator"), "--json", str(f)]) == 0
    assert json.loads(capsys.readouterr().out)["controls_replaced"] == 3


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("أ\x01ب\x08ج\x1fد", "أ ب ج د"),
        ("أ\x7fب\x80ج\x9fد", "أ ب ج د"),  # DEL and the C1 controls
        ("سطر\x0bثان\x0cثالث\x85رابع", "سطر\nثان\nثالث\nرابع"),  # the line-break controls
        ("أ\tب\nج", "أ\tب\nج"),  # TAB and LF are kept
        ("\ufeffأ\r\nب\x1aج", "أ\nب ج"),  # with the BOM and CRLF: offsets remapped once
    ],
)
def test_which_controls_are_replaced(raw: str, cleaned: str) -> None:
    c = clean(raw)
    assert c.text == cleaned
    # a span over the last word maps onto it
    last = raw.rindex(cleaned[-1])
    assert c.text[c.map_start(last) : c.map_end(last + 1)] == cleaned[-1]


def test_nul_is_still_refused() -> None:
    from annotator.core.errors import InputError

    with pytest.raises(InputError, match="NUL"):
        clean("a\x00b")


def test_controls_in_a_given_title_are_replaced_too(project, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"title": "عنوان\u001aالخبر", "text": "نص"}) + "\n", encoding="utf-8")
    import_paths(project, [f])
    assert only_document(project).title == "عنوان الخبر"


# --- 6. CSV columns ----------------------------------------------------------------------------


def test_csv_uses_the_text_title_and_id_columns_when_present(project, tmp_path):
    f = tmp_path / "news.csv"
    f.write_text("id,title,text,source\nn1,عنوان,نص الخبر,الجزيرة\n", encoding="utf-8")
    import_paths(project, [f])
    doc = only_document(project)
    assert (doc.external_id, doc.title, doc.text, doc.meta) == (
        "n1",
        "عنوان",
        "نص الخبر",
        {"source": "الجزيرة"},
    )


def test_csv_default_columns_forgive_case_and_an_explicit_choice_wins(project, tmp_path):
    f = tmp_path / "news.csv"
    f.write_text("Text,body\nالأول,الثاني\n", encoding="utf-8")
    import_paths(project, [f], text_column="body")
    doc = only_document(project)
    assert doc.text == "الثاني" and doc.meta == {"Text": "الأول"}


def test_csv_an_empty_column_option_means_none(project, tmp_path):
    f = tmp_path / "news.csv"
    f.write_text("id,title,text\nn1,عنوان,نص الخبر\n", encoding="utf-8")
    import_paths(project, [f], id_column="", title_column="")
    doc = only_document(project)
    assert (doc.external_id, doc.title, doc.meta) == (
        "news.csv:2",
        "نص الخبر",
        {"id": "n1", "title": "عنوان"},
    )


def test_csv_without_a_text_column_names_the_columns(project, tmp_path, capsys):
    f = tmp_path / "news.csv"
    f.write_text("body,date\nنص,2020\n", encoding="utf-8")
    assert main(["import", "-p", str(project.path), str(f)]) == 1
    assert capsys.readouterr().err == (
        f"annotator: error: {f}: no column called 'text'; choose the text's column with "
        "--text-column (columns: 'body', 'date')\n"
    )


# --- 7. one title rule -------------------------------------------------------------------------


@pytest.mark.parametrize("length", [599, 849])
def test_a_missing_title_is_capped_the_same_by_every_reader(project, tmp_path, length):
    line = ("كلمة " * length)[:length]
    text = f"{line}\nالفقرة الثانية"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": text + " ب"}) + "\n", encoding="utf-8")
    with open(tmp_path / "c.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write('text\n"' + text + ' ج"\n')
    (tmp_path / "d.conll").write_text(
        "\n".join(f"{w}\tO" for w in (line + " د").split()) + "\n", encoding="utf-8"
    )
    result = import_paths(project, [tmp_path])
    assert result.added == 4
    titles = [project.get_document(i).title for i in project.document_ids()]
    assert all(len(t) <= TITLE_MAX for t in titles)
    assert titles[:3] == [line[:TITLE_MAX].rstrip()] * 3
    assert titles[3] == first_line_title(project.get_document(project.document_ids()[3]).text)


def test_title_rule() -> None:
    assert first_line_title("\n \u200f\n  \ufeffعنوان الخبر\u200f \nنص") == "عنوان الخبر"
    assert first_line_title("   ") == ""
    assert document_title("  عنوان  ", "نص") == "عنوان"
    assert document_title(None, "نص\nثان") == document_title("", "نص\nثان") == "نص"
    # a given title is kept whole: the cap is for titles made from the text
    assert document_title("ع" * 400, "نص") == "ع" * 400
