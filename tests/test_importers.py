"""Importers: plain text, JSONL, CSV/TSV; every refused input leaves the project unchanged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core import formats
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.importing import expand_paths, import_paths
from annotator.core.project import Project

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_7eddefe59b9ed5ed.txt"


def dump(path: Path) -> list[str]:
    """Every row of every table, read through a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def project(tmp_path: Path):
    """A project that already holds one document, so 'unchanged' means something."""
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    src = tmp_path / "existing.jsonl"
    src.write_text(
        jl({"id": "old", "text": "نص قديم", "spans": [{"start": 0, "end": 2, "label": "EVENT"}]}),
        encoding="utf-8",
    )
    import_paths(p, [src])
    yield p
    p.close()


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    f = tmp_path / name
    if isinstance(content, bytes):
        f.write_bytes(content)
    else:
        f.write_bytes(content.encode("utf-8"))
    return f


def jl(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def refused(project: Project, path: Path, message: str, **options: object) -> None:
    """Importing ``path`` fails with ``message`` (exactly) and the project is unchanged."""
    before = dump(project.path)
    with pytest.raises(AnnotatorError) as info:
        import_paths(project, [path], **options)
    assert str(info.value) == message
    assert dump(project.path) == before


# ---------------------------------------------------------------- plain text
def test_txt_one_file_one_document(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "article.txt", "\n\n  عنوان الخبر  \nالفقرة الأولى.\n")
    result = import_paths(project, [f])
    assert result.added == 1
    doc = project.get_document(result.document_ids[0])
    assert doc.title == "عنوان الخبر"
    assert doc.external_id == "article.txt"
    assert doc.text == "\n\n  عنوان الخبر  \nالفقرة الأولى.\n"


def test_txt_seed_article(project: Project) -> None:
    result = import_paths(project, [SEED])
    doc = project.get_document(result.document_ids[0])
    assert doc.title.startswith("ثالث هجوم خلال أسبوع")
    assert doc.text == SEED.read_text(encoding="utf-8").replace("\r\n", "\n")


def test_txt_folder_recursive_relative_names(project: Project, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "2020" / "06").mkdir(parents=True)
    write(corpus, "a.txt", "الأول")
    write(corpus / "2020" / "06", "b.txt", "الثاني")
    write(corpus, "notes.md", "not imported")
    (corpus / ".hidden").mkdir()
    write(corpus / ".hidden", "c.txt", "hidden folders are skipped")
    result = import_paths(project, [corpus], "txt")
    assert result.added == 2
    ext_ids = [project.get_document(i).external_id for i in result.document_ids]
    assert ext_ids == ["2020/06/b.txt", "a.txt"]


def test_txt_glob(project: Project, tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path, f"doc{i}.txt", f"وثيقة رقم {i}")
    result = import_paths(project, [str(tmp_path / "doc*.txt")])
    assert result.added == 3
    assert [Path(f).name for f in result.files] == ["doc0.txt", "doc1.txt", "doc2.txt"]


def test_txt_bom_crlf_cleaned(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "win.txt", "\ufeffعنوان\r\nسطر ثان\r\n")
    doc = project.get_document(import_paths(project, [f]).document_ids[0])
    assert doc.text == "عنوان\nسطر ثان\n"
    assert doc.title == "عنوان"


def test_txt_binary_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    refused(project, f, f"{f}:3: not a text file (contains NUL bytes)")


def test_txt_invalid_utf8_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "latin1.txt", "سطر\nabc".encode() + b"\xe9t\xe9\n")
    refused(project, f, f"{f}:2: invalid UTF-8 (byte 0xE9 at column 4)")


def test_txt_empty_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "empty.txt", " \n\n")
    refused(project, f, f"{f}: the file is empty")


def test_missing_file_refused(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "nope.txt"
    refused(project, f, f"{f}: no such file or folder")


def test_glob_without_match_refused(project: Project, tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.jsonl.gz")
    refused(project, Path(pattern), f"{pattern}: no files match this pattern")


def test_unknown_extension_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "data.xml", "<a/>")
    with pytest.raises(InputError, match=r"data\.xml: cannot tell the format .* use --format"):
        import_paths(project, [f])


def test_folder_without_files_refused(project: Project, tmp_path: Path) -> None:
    d = tmp_path / "empty"
    d.mkdir()
    refused(project, d, f"{d}: no jsonl files in this folder (.jsonl, .ndjson)", fmt="jsonl")


def test_one_bad_file_refuses_all(project: Project, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "نص جيد")
    bad = write(tmp_path, "bad.txt", b"\xc3\x28")
    before = dump(project.path)
    with pytest.raises(InputError, match=r"bad\.txt:1: invalid UTF-8"):
        import_paths(project, [good, bad])
    assert dump(project.path) == before


# ---------------------------------------------------------------- JSONL
def test_jsonl_fields(project: Project, tmp_path: Path) -> None:
    text = "قال الرئيس في واشنطن"
    f = write(
        tmp_path,
        "in.jsonl",
        jl(
            {
                "id": 17,
                "title": "خبر",
                "meta": {"source": "وكالة", "n": 1},
                "status": "done",
                "text": text,
                "spans": [
                    {"start": 4, "end": 10, "label": "ACTOR", "text": "الرئيس"},
                    {"start": 14, "end": 20, "label": "PLACE", "annotator": "amal"},
                ],
            }
        ),
    )
    result = import_paths(project, [f])
    assert (result.added, result.spans) == (1, 2)
    doc = project.get_document(result.document_ids[0])
    assert (doc.external_id, doc.title, doc.meta, doc.status) == (
        "17",
        "خبر",
        {"source": "وكالة", "n": 1},
        "done",
    )
    spans = project.spans(doc.id)
    assert [(s.start, s.end, s.label, s.text, s.annotator) for s in spans] == [
        (4, 10, "ACTOR", "الرئيس", "tester"),
        (14, 20, "PLACE", "واشنطن", "amal"),
    ]


def test_jsonl_reader_promises_checked_spans(tmp_path: Path) -> None:
    f = write(
        tmp_path, "a.jsonl", '{"text": "نص", "spans": [{"start": 0, "end": 1, "label": "E"}]}\n'
    )
    (rec,) = formats.read([f], "jsonl", names=["a.jsonl"])
    assert rec.spans_checked and rec.spans[0].start == 0


def test_jsonl_crlf_bom_spans_remapped(project: Project, tmp_path: Path) -> None:
    # Offsets in the file count the BOM, both characters of CRLF and decomposed harakat.
    raw = "\ufeffعنوان\r\nقال الرئيس\r\nفي بغداد"
    start = raw.index("الرئيس")
    place = raw.index("بغداد")
    f = write(
        tmp_path,
        "crlf.jsonl",
        jl(
            {
                "text": raw,
                "spans": [
                    {"start": start, "end": start + 6, "label": "ACTOR", "text": "الرئيس"},
                    {"start": place, "end": place + 5, "label": "PLACE"},
                    {"start": 1, "end": place + 5, "label": "CLAIM"},
                ],
            }
        ),
    )
    doc_id = import_paths(project, [f]).document_ids[0]
    doc = project.get_document(doc_id)
    assert doc.text == "عنوان\nقال الرئيس\nفي بغداد"
    got = {s.label: doc.text[s.start : s.end] for s in project.spans(doc_id)}
    assert got == {"ACTOR": "الرئيس", "PLACE": "بغداد", "CLAIM": doc.text}


def test_jsonl_crlf_line_ends_and_blank_lines(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "dos.jsonl", '{"text": "أ"}\r\n\r\n{"text": "ب"}\r\n')
    assert import_paths(project, [f]).added == 2


BAD_JSONL = [
    ("{not json}\n", "1: bad JSON: Expecting property name enclosed in double quotes (column 2)"),
    ('["text"]\n', "1: expected a JSON object, got list"),
    ('{"id": "x"}\n', '1: missing "text"'),
    ('{"text": 5}\n', '1: "text" must be a string, not int'),
    ('{"text": "  "}\n', '1: "text" is empty'),
    ('{"text": "نص", "id": [1]}\n', '1: "id" must be a string or integer, got [1]'),
    ('{"text": "نص", "title": 3}\n', '1: "title" must be a string, got 3'),
    ('{"text": "نص", "meta": "x"}\n', '1: "meta" must be an object, not str'),
    (
        '{"text": "نص", "status": "finished"}\n',
        "1: \"status\" must be one of new, in_progress, done, skipped, got 'finished'",
    ),
    ('{"text": "نص", "spans": {}}\n', '1: "spans" must be a list, not dict'),
    ('{"text": "نص", "spans": [3]}\n', "1: span 1 must be an object"),
    (
        '{"text": "نص", "spans": [{"start": "0", "end": 1, "label": "EVENT"}]}\n',
        "1: span 1: start and end must be integers, got '0', 1",
    ),
    (
        '{"text": "نص", "spans": [{"start": 0.5, "end": 1, "label": "EVENT"}]}\n',
        "1: span 1: start and end must be integers, got 0.5, 1",
    ),
    (
        '{"text": "نص", "spans": [{"start": 2, "end": 1, "label": "EVENT"}]}\n',
        "1: span 1: start 2 must be before end 1",
    ),
    (
        '{"text": "نص", "spans": [{"start": 1, "end": 1, "label": "EVENT"}]}\n',
        "1: span 1: start 1 must be before end 1",
    ),
    (
        '{"text": "نص", "spans": [{"start": 0, "end": 3, "label": "EVENT"}]}\n',
        "1: span 1: 0-3 is outside the text (length 2)",
    ),
    (
        '{"text": "نص", "spans": [{"start": -1, "end": 1, "label": "EVENT"}]}\n',
        "1: span 1: -1-1 is outside the text (length 2)",
    ),
    (
        '{"text": "نص", "spans": [{"start": 0, "end": 1, "label": ""}]}\n',
        "1: span 1: label must be a non-empty string",
    ),
    (
        '{"text": "نص", "spans": [{"start": 0, "end": 1, "label": "EVENT", "text": "ص"}]}\n',
        "1: span 1: text 'ص' does not match the text at 0-1 ('ن')",
    ),
    (
        '{"text": "نص", "spans": [{"start": 0, "end": 1, "label": "A B"}]}\n',
        "1: span 1: label must be a non-empty word, got 'A B'",
    ),
    (
        '{"text": "نص", "spans": [{"start": 0, "end": 1, "label": "EVENT"}, '
        '{"start": 0, "end": 1, "label": "EVENT"}]}\n',
        "1: span 2 (0-1 EVENT) is a duplicate",
    ),
    ('{"text": "a\\u0000b"}\n', "1: contains a NUL character (binary data?)"),
    ('{"text": "a\\ud800b"}\n', "1: contains a lone surrogate U+D800"),
]


@pytest.mark.parametrize(("line", "message"), BAD_JSONL)
def test_jsonl_refused(project: Project, tmp_path: Path, line: str, message: str) -> None:
    # The bad record is on line 2, after a good one that must not be imported either.
    f = write(tmp_path, "bad.jsonl", '{"text": "سجل جيد"}\n' + line)
    line_no, reason = message.split(": ", 1)
    refused(project, f, f"{f}:{int(line_no) + 1}: {reason}")


def test_jsonl_invalid_utf8_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "bad.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    refused(project, f, f"{f}:2: invalid UTF-8 (byte 0xE9 at column 14)")


def test_jsonl_binary_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "bad.jsonl", b'{"text": "ok"}\n\x00\x01\x02')
    refused(project, f, f"{f}:2: not a text file (contains NUL bytes)")


def test_skip_invalid_imports_the_rest(project: Project, tmp_path: Path) -> None:
    f = write(
        tmp_path,
        "mixed.jsonl",
        '{"text": "أول"}\n'
        "{broken\n"
        '{"text": "ثان", "spans": [{"start": 0, "end": 9, "label": "EVENT"}]}\n'
        '{"text": "ثالث"}\n',
    )
    g = write(tmp_path, "bad.txt", b"\xff")
    h = write(tmp_path, "ok.txt", "رابع")
    result = import_paths(project, [f, g, h], skip_invalid=True)
    assert result.added == 3
    assert result.skipped == [
        f"{f}:2: bad JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{f}:3: span 1: 0-9 is outside the text (length 3)",
        f"{g}:1: invalid UTF-8 (byte 0xFF at column 1)",
    ]
    titles = [project.get_document(i).title for i in result.document_ids]
    assert titles == ["أول", "ثالث", "رابع"]


def test_reimport_adds_nothing(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.jsonl", jl({"text": "نص واحد"}, {"text": "نص ثان"}))
    assert import_paths(project, [f]).added == 2
    count = project.document_count()
    # Same texts, once with CRLF and a BOM: cleaning makes them identical, so still nothing new.
    g = write(tmp_path, "b.txt", "\ufeffنص واحد")
    again = import_paths(project, [f, g])
    assert (again.added, again.duplicates) == (0, 3)
    assert project.document_count() == count


def test_unknown_labels_added_and_reported(project: Project, tmp_path: Path) -> None:
    f = write(
        tmp_path,
        "l.jsonl",
        jl({"text": "هجوم في بغداد", "spans": [{"start": 0, "end": 4, "label": "ATTACK"}]}),
    )
    result = import_paths(project, [f])
    assert result.new_labels == ["ATTACK"]
    assert "ATTACK" in [lab.name for lab in project.labels()]


def test_option_for_another_format_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.jsonl", jl({"text": "نص"}))
    refused(
        project, f, "--text-column does not apply when reading the jsonl format", text_column="t"
    )


# ---------------------------------------------------------------- CSV / TSV
def test_csv_columns_and_meta(project: Project, tmp_path: Path) -> None:
    f = write(
        tmp_path,
        "news.csv",
        'id,headline,body,date\n7,عنوان,"نص الخبر\r\nسطر ثان",2020-06-13\n8,,نص آخر,2020-06-14\n',
    )
    result = import_paths(project, [f], text_column="body", title_column="headline", id_column="id")
    docs = [project.get_document(i) for i in result.document_ids]
    assert [(d.external_id, d.title, d.text, d.meta) for d in docs] == [
        ("7", "عنوان", "نص الخبر\nسطر ثان", {"date": "2020-06-13"}),
        ("8", "نص آخر", "نص آخر", {"date": "2020-06-14"}),
    ]


def test_tsv_by_extension_and_sniffed_semicolon(project: Project, tmp_path: Path) -> None:
    t = write(tmp_path, "a.tsv", "text\tsource\nنص بعلامة, فاصلة\tرويترز\n")
    s = write(tmp_path, "b.csv", 'text;source\n"نص; آخر";x\nثالث;y\n')
    result = import_paths(project, [t, s], text_column="text")
    docs = [project.get_document(i) for i in result.document_ids]
    assert [(d.text, d.meta["source"]) for d in docs] == [
        ("نص بعلامة, فاصلة", "رويترز"),
        ("نص; آخر", "x"),
        ("ثالث", "y"),
    ]
    assert docs[0].external_id == "a.tsv:2"


def test_csv_text_column_required(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "body,date\nنص,2020\n")
    refused(
        project,
        f,
        f"{f}: no column called 'text'; choose the text's column with --text-column "
        "(columns: 'body', 'date')",
    )


def test_csv_text_column_missing(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "body,date\nنص,2020\n")
    refused(
        project,
        f,
        f"{f}:1: no column 'text' for --text-column (columns: 'body', 'date')",
        text_column="text",
    )


def test_csv_title_column_missing(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "body,date\nنص,2020\n")
    refused(
        project,
        f,
        f"{f}:1: no column 'title' for --title-column (columns: 'body', 'date')",
        text_column="body",
        title_column="title",
    )


def test_csv_field_count_line_number(project: Project, tmp_path: Path) -> None:
    # The quoted field spans lines 2-3, so the short row is on line 4.
    f = write(tmp_path, "a.csv", 'text,src\n"سطر\nثان",x\nقصير\n')
    refused(project, f, f"{f}:4: has 1 fields but the header has 2", text_column="text")


def test_csv_empty_text_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "text,src\nنص,x\n ,y\n")
    refused(project, f, f"{f}:3: empty 'text'", text_column="text")


def test_csv_invalid_utf8_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", b"text,src\nok,x\n\xe9,y\n")
    refused(project, f, f"{f}:3: invalid UTF-8 (byte 0xE9 at column 1)", text_column="text")


def test_csv_empty_file_refused(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "")
    refused(project, f, f"{f}: the file is empty (no header row)", text_column="text")


def test_csv_skip_invalid(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "text,src\nأول,x\nقصير\nثالث,z\n")
    result = import_paths(project, [f], text_column="text", skip_invalid=True)
    assert result.added == 2
    assert result.skipped == [f"{f}:3: has 1 fields but the header has 2"]


# ---------------------------------------------------------------- registry
def test_detect_format() -> None:
    assert formats.detect_format("a/B.JSONL") == "jsonl"
    assert formats.detect_format("x.tsv") == "csv"
    assert formats.detect_format("x.txt") == "txt"
    with pytest.raises(InputError, match="cannot tell the format"):
        formats.detect_format("x.docx")


def test_expand_paths_dedupes(tmp_path: Path) -> None:
    f = write(tmp_path, "a.txt", "x")
    assert expand_paths([f, tmp_path / "." / "a.txt", str(tmp_path / "*.txt")]) == [(f, "a.txt")]


def test_readers_are_lazy(tmp_path: Path) -> None:
    """A reader does not parse the whole file before yielding: imports stream."""
    f = write(tmp_path, "a.jsonl", '{"text": "أ"}\n{broken\n')
    records = formats.read([f])
    first = next(records)
    assert first.text == "أ"
    assert (first.source, first.line) == (str(f), 1)
    with pytest.raises(InputError, match=":2: bad JSON"):
        next(records)


@pytest.mark.parametrize(("line", "message"), BAD_JSONL)
def test_jsonl_refused_without_orjson(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    """The standard-library path (orjson missing) refuses the same input with the same words."""
    from annotator.core.formats import io as formats_io

    monkeypatch.setattr(formats_io, "orjson", None)
    f = write(tmp_path, "bad.jsonl", '{"text": "سجل جيد"}\n' + line)
    line_no, reason = message.split(": ", 1)
    refused(project, f, f"{f}:{int(line_no) + 1}: {reason}")


def test_jsonl_values_orjson_refuses(project: Project, tmp_path: Path) -> None:
    """What orjson cannot parse but JSON allows (huge integers, NaN) still imports."""
    f = write(
        tmp_path,
        "odd.jsonl",
        '{"text": "نص", "meta": {"big": 123456789012345678901234567890, "x": NaN}}\n',
    )
    doc = project.get_document(import_paths(project, [f]).document_ids[0])
    assert doc.meta["big"] == 123456789012345678901234567890


def test_folder_auto_leaves_brat_text_to_brat(project: Project, tmp_path: Path) -> None:
    """In a folder, x.txt beside x.ann belongs to the brat document, not a plain-text one."""
    d = tmp_path / "mixed"
    d.mkdir()
    write(d, "a.txt", "قال الرئيس")
    write(d, "a.ann", "T1\tACTOR 4 10\tالرئيس\n")
    write(d, "b.txt", "نص عادي")
    files = [name for _, name in expand_paths([d])]
    assert files == ["a.ann", "b.txt"]
    result = import_paths(project, [d])
    assert (result.added, result.duplicates, result.spans) == (2, 0, 1)


def test_pretty_printed_json_gets_a_hint(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "pretty.jsonl", '[\n  {"text": "نص"}\n]\n')
    refused(
        project,
        f,
        f"{f}:1: bad JSON: Expecting value (column 2); "
        "JSON lines needs one whole document per line",
    )
    result = import_paths(project, [f], skip_invalid=True)
    assert len(result.skipped) == 1 and result.added == 0


@pytest.mark.parametrize(
    ("name", "options"), [("a.txt", {}), ("a.jsonl", {}), ("a.tsv", {"text_column": "text"})]
)
def test_utf16_refused_with_a_hint(
    project: Project, tmp_path: Path, name: str, options: dict
) -> None:
    """Excel's "Unicode text" is UTF-16: say so, rather than "binary"."""
    content = "text\tsrc\nنص\tx\n" if name.endswith(".tsv") else '{"text": "نص"}\n'
    f = write(tmp_path, name, content.encode("utf-16"))
    refused(
        project, f, f"{f}:1: the file is UTF-16 text; save it as UTF-8 and import again", **options
    )


def test_csv_delimiter_option(project: Project, tmp_path: Path) -> None:
    # One column of text with commas and no quotes: only --delimiter can say how to split it.
    f = write(tmp_path, "pipes.csv", "text|src\nقال، ثم قال, وقال|x\n")
    result = import_paths(project, [f], text_column="text", delimiter="|")
    doc = project.get_document(result.document_ids[0])
    assert (doc.text, doc.meta) == ("قال، ثم قال, وقال", {"src": "x"})
    g = write(tmp_path, "tabs.txt.csv", "text\tsrc\nنص\ty\n")
    result = import_paths(project, [g], text_column="text", delimiter="tab")
    assert project.get_document(result.document_ids[0]).meta == {"src": "y"}


# ---------------------------------------------------------------- a project made from files


def _many(tmp_path: Path, n: int) -> Path:
    return write(tmp_path, "many.jsonl", jl(*({"text": f"نص رقم {i}"} for i in range(n))))


def test_create_project_from_files_all_or_nothing(tmp_path: Path) -> None:
    """The one routine behind `annotator import` on a new project and the app's "create a
    project from files": a refused or cancelled import leaves no file at all."""
    from annotator.core.importing import create_project_from_files
    from annotator.core.project import ImportCancelled

    data = tmp_path / "data"
    data.mkdir()
    bad = write(data, "bad.jsonl", jl({"text": "سجل جيد"}) + '{"text": 3}\n')
    many = _many(data, 100)  # the import checks cancel() every 64 documents
    target = tmp_path / "out" / "new.annotator"

    with pytest.raises(InputError, match=r"bad\.jsonl:2: \"text\" must be a string"):
        create_project_from_files(target, [bad])
    assert list((tmp_path / "out").iterdir()) == []
    with pytest.raises(ImportCancelled):
        create_project_from_files(target, [many], cancel=lambda: True)
    assert list((tmp_path / "out").iterdir()) == []

    warnings: list[str] = []
    result = create_project_from_files(target, [many, bad], skip_invalid=True, warn=warnings.append)
    assert (result.added, len(result.skipped)) == (101, 1)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["new.annotator"]
    with Project.open(target) as p:
        assert p.document_count() == 101
    with pytest.raises(AnnotatorError, match="already exists"):
        create_project_from_files(target, [many])


def test_cli_import_into_a_new_project_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """`annotator import -p NEW` goes through create_project_from_files: a refused import and
    a Ctrl-C part-way through both leave no project file."""
    from annotator import cli

    data = tmp_path / "data"
    data.mkdir()
    bad = write(data, "bad.jsonl", jl({"text": "سجل جيد"}) + '{"text": 3}\n')
    many = _many(data, 300)
    target = tmp_path / "out" / "new.annotator"
    target.parent.mkdir()

    assert cli.main(["import", "-p", str(target), str(bad)]) == 1
    assert f'{bad}:2: "text" must be a string' in capsys.readouterr().err
    assert list(target.parent.iterdir()) == []

    def interrupted(self: object, done: int, total: int | None = None) -> None:
        raise KeyboardInterrupt  # where Ctrl-C lands: inside the import's transaction

    with monkeypatch.context() as m:
        m.setattr(cli.Progress, "update", interrupted)
        assert cli.main(["import", "-p", str(target), str(many)]) == 130
    assert list(target.parent.iterdir()) == []

    assert cli.main(["import", "-p", str(target), str(many)]) == 0
    assert f"imported 300 documents with 0 spans from 1 file into {target}" in (
        capsys.readouterr().out
    )
    assert [p.name for p in target.parent.iterdir()] == ["new.annotator"]
