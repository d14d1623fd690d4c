"""The formats table: one row per format, declared options that match the functions, records
that drive the export, lazy loading and no import cycle."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest

from annotator.core import formats
from annotator.core.errors import AnnotatorError
from annotator.core.exporting import export
from annotator.core.importing import import_paths
from annotator.core.project import Project

FORMATS_DIR = Path(formats.__file__).parent
# Modules of the package that are not formats.
HELPERS = {"__init__", "_shared", "_brat_links", "_links", "io", "registry"}
READER_FIXED = ("path", "name", "on_error")
WRITER_FIXED = ("records", "output")


def _module(ref: str) -> str:
    return ref.rpartition(".")[0]


def test_one_row_per_format_module() -> None:
    modules = {p.stem for p in FORMATS_DIR.glob("*.py")} - HELPERS
    used: dict[str, set[str]] = {}
    for name, row in formats.FORMATS.items():
        assert row.name == name
        assert row.can_read or row.can_write, name
        assert row.output in ("file", "folder")
        assert row.output_extension.startswith("."), name
        assert all(ext == ext.lower() and ext.startswith(".") for ext in row.extensions), name
        for ref in (row.reader, row.writer):
            if ref is not None:
                used.setdefault(_module(ref), set()).add(name)
    # every format module is in the table, and under one row only
    assert set(used) == modules
    assert all(len(names) == 1 for names in used.values()), used


def _keyword_options(func: object, fixed: tuple[str, ...]) -> tuple[str, ...]:
    params = list(inspect.signature(func).parameters.values())  # type: ignore[arg-type]
    assert not any(p.kind is p.VAR_KEYWORD for p in params), "options must be declared one by one"
    names = tuple(p.name for p in params)
    assert names[: len(fixed)] == fixed
    return names[len(fixed) :]


@pytest.mark.parametrize("name", sorted(formats.FORMATS))
def test_declared_options_are_what_the_functions_take(name: str) -> None:
    """Validation reads the declared tuples, the call passes them on: they must not drift from
    the signatures."""
    row = formats.FORMATS[name]
    if row.can_read:
        assert _keyword_options(row.load_reader(), READER_FIXED) == row.reader_options
    else:
        assert row.reader_options == ()
    if row.can_write:
        assert _keyword_options(row.load_writer(), WRITER_FIXED) == row.writer_options
    else:
        assert row.writer_options == ()


def test_undeclared_options_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text('{"text": "نص"}\n', encoding="utf-8")
    with pytest.raises(AnnotatorError, match="--text-column does not apply when reading the jsonl"):
        formats.read(src, text_column="body")
    # declared by csv, so an auto import of a csv and a jsonl file takes it
    csv = tmp_path / "b.csv"
    csv.write_text("body\nنص آخر\n", encoding="utf-8")
    assert len(list(formats.read([src, csv], text_column="body"))) == 2
    with pytest.raises(AnnotatorError, match="--delimiter does not apply when writing the jsonl"):
        formats.write([], tmp_path / "o.jsonl", "jsonl", delimiter=",")
    with pytest.raises(AnnotatorError, match="--layer does not apply when writing the brat"):
        formats.writer_options("brat", {"layer": "EVENT"})
    assert formats.writer_options("hf", {"layer": "EVENT", "doccano_entities": False}) == {
        "layer": "EVENT"
    }
    with pytest.raises(AnnotatorError, match="unknown import format 'spacy'"):
        formats.get_reader("spacy")


def test_lookups_come_from_the_table() -> None:
    assert formats.reader_names() == sorted(n for n, f in formats.FORMATS.items() if f.reader)
    assert "spacy" in formats.writer_names() and "txt" not in formats.writer_names()
    assert formats.by_extension()[".tsv"] == "csv"
    assert formats.detect_format("x.prodigy.jsonl") == "prodigy"
    assert formats.get_format("brat").output == "folder"
    with pytest.raises(AnnotatorError, match="unknown format 'docx'"):
        formats.get_format("docx")


@pytest.fixture
def project(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "اجتمع الوزير في بغداد", '
        '"spans": [{"start": 15, "end": 20, "label": "PLACE"}]}\n',
        encoding="utf-8",
    )
    p = Project.create(tmp_path / "p.annotator")
    import_paths(p, [src])
    yield p
    p.close()


def _with_row(monkeypatch: pytest.MonkeyPatch, row: formats.Format) -> None:
    table = dict(formats.FORMATS)
    table[row.name] = row
    monkeypatch.setattr(formats, "FORMATS", MappingProxyType(table))


def test_folder_output_is_driven_by_the_record(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export never writes into an existing folder of a "folder" format, and refuses a
    folder for a "file" format: what decides is the row's output kind, not the name."""
    existing = tmp_path / "existing"
    existing.mkdir()
    with pytest.raises(AnnotatorError, match="an export never writes into an existing folder"):
        export(project, existing, "brat", card=False)
    with pytest.raises(AnnotatorError, match="is a folder; give a file name"):
        export(project, existing, "jsonl", card=False)
    report = export(project, tmp_path / "new-brat", "brat", card=False)
    assert (tmp_path / "new-brat" / "a.ann").is_file() and report["documents"] == 1

    # Swap the kinds in the table: the export follows.
    _with_row(monkeypatch, dataclasses.replace(formats.FORMATS["brat"], output="file"))
    with pytest.raises(AnnotatorError, match="is a folder; give a file name"):
        export(project, existing, "brat", card=False)
    target = tmp_path / "taken.jsonl"
    target.write_text("", encoding="utf-8")
    _with_row(monkeypatch, dataclasses.replace(formats.FORMATS["jsonl"], output="folder"))
    with pytest.raises(AnnotatorError, match="an export never writes into an existing folder"):
        export(project, target, "jsonl", card=False)


def test_listing_formats_loads_no_format_module() -> None:
    """`annotator --version` and --help only list formats: no format module is imported."""
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        "assert main(['--version']) == 0\n"
        "assert main(['export', '--help']) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith('annotator.core.formats.')]\n"
        "assert sorted(loaded) == ['annotator.core.formats._shared', "
        "'annotator.core.formats.io', 'annotator.core.formats.registry'], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_formats_package_has_no_import_cycle() -> None:
    import grimp

    graph = grimp.build_graph("annotator")
    modules = sorted(m for m in graph.modules if m.startswith("annotator.core.formats"))
    cycles = [
        (a, b)
        for i, a in enumerate(modules)
        for b in modules[i + 1 :]
        if graph.find_shortest_chain(importer=a, imported=b)
        and graph.find_shortest_chain(importer=b, imported=a)
    ]
    assert cycles == []
