"""The one table of formats: a ``Format`` record per format, in ``FORMATS``.

A new format is one module (its reader and/or writer) plus one row here. Rows name their reader
and writer as ``"module.function"`` inside this package and the module is imported on first use,
so listing the formats (``annotator --help``, the format menus) loads none of them.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

from ..errors import AnnotatorError
from ..model import DocRecord

Reader = Callable[..., Iterator[DocRecord]]
Writer = Callable[..., dict[str, Any]]
OutputKind = Literal["file", "folder"]


@dataclass(frozen=True, slots=True)
class Format:
    """One import/export format.

    ``reader_options`` / ``writer_options`` are the keyword options the reader / writer takes
    beyond its fixed arguments (``path, name, on_error`` / ``records, output``); ``read`` and
    ``write`` refuse any other. Three are supplied by the caller rather than the user: ``warn``
    (a reader reports what it repaired), ``project_labels`` (a writer gets the project's
    label order) and ``definitions`` (a writer gets the project's labels, roles, relation types
    and attributes as one ``model.Definitions``, from ``Project.definitions()``: declare it as
    ``definitions: Definitions | None = None`` to describe the scheme, as brat's
    annotation.conf does). Records carry frames, relations, span ids, attributes and notes
    (``DocRecord.frames`` ...; see docs/frames.md); a writer that has no place for them ignores
    them.
    """

    name: str
    description: str
    # "module.function" in this package; None: the format cannot be read (written).
    reader: str | None = None
    writer: str | None = None
    # Lower-case suffixes (".csv", ".ann.json") that ``detect_format`` recognises.
    extensions: tuple[str, ...] = ()
    # The suffix of each part when exporting a split into a folder.
    output_extension: str = ""
    # "file": the writer writes one file (or stdout); "folder": it makes a folder of its own,
    # which an export never writes into when it already exists.
    output: OutputKind = "file"
    reader_options: tuple[str, ...] = ()
    writer_options: tuple[str, ...] = ()
    # Suffixes of files the reader reads along with each file of the format (brat: NAME.ann
    # reads NAME.txt), so a folder import does not import them a second time on their own.
    companions: tuple[str, ...] = ()
    # Optional packages the writer needs (not installed with the app).
    requires: tuple[str, ...] = ()
    # Files the writer also writes beside each output, as "module.function"s that name them from
    # the output's path (hf: train.jsonl -> train.label_list.json): an export checks them like
    # its output (never over an existing file without --force, never over a project).
    side_files: tuple[str, ...] = ()
    # The writer can carry pending suggestions (DocRecord.suggestions), marked as such, when an
    # export includes them (--include-suggestions); the other writers are never given any.
    suggestions: bool = False

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.writer is not None

    def load_reader(self) -> Reader:
        if self.reader is None:
            raise AnnotatorError(f"the {self.name} format cannot be imported")
        return cast(Reader, _load(self.reader))

    def load_writer(self) -> Writer:
        if self.writer is None:
            raise AnnotatorError(f"the {self.name} format cannot be exported")
        return cast(Writer, _load(self.writer))

    def side_paths(self, output: Path) -> list[Path]:
        """The files the writer writes beside ``output`` (``side_files``)."""
        return [_load(ref)(output) for ref in self.side_files]

    def missing_packages(self) -> list[str]:
        """The packages in ``requires`` that are not installed (found without importing)."""
        missing = []
        for module in self.requires:
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                found = False
            if not found:
                missing.append(module)
        return missing


def _load(ref: str) -> Any:
    module, _, func = ref.rpartition(".")
    return getattr(importlib.import_module(f"{__package__}.{module}"), func)


def _table(*rows: Format) -> Mapping[str, Format]:
    return MappingProxyType({row.name: row for row in rows})


# Every format, by name. Options are listed in the order the functions take them
# (tests/test_formats_registry.py checks them against the signatures).
FORMATS: Mapping[str, Format] = _table(
    Format(
        "txt",
        "plain text, one file per document (title = first non-empty line)",
        reader="plaintext.read_txt",
        extensions=(".txt",),
        output_extension=".txt",
    ),
    Format(
        "jsonl",
        "JSON lines: text, id, title, meta, status, spans",
        reader="jsonl.read_jsonl",
        writer="jsonl.write_jsonl",
        extensions=(".jsonl", ".ndjson"),
        output_extension=".jsonl",
        suggestions=True,
    ),
    Format(
        "csv",
        "CSV/TSV with a header row (--text-column, --title-column, --id-column)",
        reader="csvfmt.read_csv",
        writer="csvfmt.write_csv",
        extensions=(".csv", ".tsv", ".tab"),
        output_extension=".csv",
        reader_options=("text_column", "title_column", "id_column", "delimiter"),
        writer_options=("delimiter",),
    ),
    Format(
        "prodigy",
        "Prodigy / spaCy JSONL: text, tokens, spans with token indices, hashes",
        reader="prodigy.read_prodigy",
        writer="prodigy.write_prodigy",
        extensions=(".prodigy.jsonl",),
        output_extension=".prodigy.jsonl",
        reader_options=("warn",),
    ),
    Format(
        "doccano",
        "doccano JSONL: label triples, or entities/relations (--doccano-entities)",
        reader="doccano.read_doccano",
        writer="doccano.write_doccano",
        extensions=(".doccano.jsonl",),
        output_extension=".doccano.jsonl",
        reader_options=("warn",),
        writer_options=("doccano_entities",),
    ),
    Format(
        "hf",
        "Hugging Face token classification JSONL (tokens, ner_tags), a sentence a row "
        "(--unit), + NAME.label_list.json",
        reader="hf.read_hf",
        writer="hf.write_hf",
        extensions=(".hf.jsonl",),
        output_extension=".jsonl",
        reader_options=("warn",),
        writer_options=("layer", "project_labels", "unit", "all_labels"),
        side_files=("hf.label_list_path",),
    ),
    Format(
        "conll",
        "CoNLL / BIO: token<TAB>tag, blank line between sentences, -DOCSTART-",
        reader="conll.read_conll",
        writer="conll.write_conll",
        extensions=(".conll", ".bio", ".iob", ".conll03"),
        output_extension=".conll",
        reader_options=("sentences_per_doc", "warn"),
        writer_options=("layer", "project_labels"),
    ),
    Format(
        "brat",
        "brat standoff: NAME.txt + NAME.ann per document, in a folder or zip",
        reader="brat.read_brat",
        writer="brat.write_brat",
        # A .zip is read as brat only with --format brat: a zip alone says nothing of its content.
        extensions=(".ann",),
        output_extension=".brat",
        output="folder",
        reader_options=("warn",),
        writer_options=("project_labels", "definitions"),
        companions=(".txt",),
    ),
    Format(
        "events",
        "export only: a row per EVENT frame (trigger, type, agent, target, location, claims) "
        "for R/Stata; CSV, or JSON lines for a .jsonl output",
        writer="events.write_events",
        output_extension=".csv",
        writer_options=("delimiter",),
    ),
    Format(
        "spacy",
        "spaCy DocBin: spans in doc.spans['sc'], non-overlapping ones in doc.ents",
        writer="spacy_docbin.write_spacy",
        extensions=(".spacy",),
        output_extension=".spacy",
        writer_options=("layer", "project_labels"),
        requires=("spacy",),
    ),
)
