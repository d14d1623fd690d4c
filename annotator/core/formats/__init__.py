"""Import and export formats: one table of ``Format`` records and the functions that use it.

The table is ``FORMATS`` in ``registry.py`` (name -> ``Format``): description, reader, writer,
extensions, output extension, output kind ("file" or "folder"), and the options the reader and
the writer take. A new format is one module plus one row. Format modules are imported on first
use, so listing formats loads none of them.

A reader is ``reader(path, *, name, on_error=None, **options) -> Iterator[DocRecord]``:
- ``path`` is the file to read, ``name`` the document name to use as external id where the
  format has no id of its own (the file name, or its path relative to an imported folder);
- records carry offsets against the RAW text as it stands in the file (``Project.import_records``
  cleans the text and remaps them) and set ``source`` and ``line`` so errors can name them;
- a bad record raises ``InputError``, unless ``on_error`` is given: then the reader calls
  ``on_error(err)`` and carries on with the next record (``--skip-invalid``). Use ``io.reject``.

A writer is ``writer(records, output, **options) -> dict``: it streams an iterable of DocRecord
(offsets into the stored text) to ``output`` and returns a small report (at least ``documents``
and ``spans``). Writers check ``text[start:end]`` against every span's surface text (rule 2 of
DEVELOPERS.md) with ``check_span_text``.

Options are keyword arguments, declared in the format's row (``reader_options``,
``writer_options``): the CLI passes every format option the user set, and ``read`` / ``write``
refuse an option the chosen format does not declare, so a misspelt option never goes unnoticed.
Helpers for format modules live in ``io.py`` (reading and writing) and ``_shared.py`` (reports,
tokens, BIO); neither imports this package, so there is no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError, InputError
from ..model import DocRecord
from ._shared import check_span_text as check_span_text  # every writer's rule-2 check
from ._shared import map_labels, parse_mapping
from .io import OnError
from .registry import FORMATS as FORMATS
from .registry import Format as Format
from .registry import Reader as Reader
from .registry import Writer as Writer


def _extension_map() -> Mapping[str, str]:
    out: dict[str, str] = {}
    for f in FORMATS.values():
        for ext in f.extensions:
            out.setdefault(ext, f.name)  # the first row that claims a suffix keeps it
    return out


_BY_EXTENSION = _extension_map()


def by_extension() -> Mapping[str, str]:
    """Lower-case suffix (".jsonl") -> format name, as ``detect_format`` reads it."""
    return _BY_EXTENSION


def reader_names() -> list[str]:
    """The formats that can be imported, sorted."""
    return sorted(f.name for f in FORMATS.values() if f.can_read)


def writer_names() -> list[str]:
    """The formats that can be exported, sorted."""
    return sorted(f.name for f in FORMATS.values() if f.can_write)


def get_format(fmt: str) -> Format:
    """The table row of ``fmt``; AnnotatorError naming the known formats if there is none."""
    try:
        return FORMATS[fmt]
    except KeyError:
        names = ", ".join(sorted(FORMATS))
        raise AnnotatorError(f"unknown format {fmt!r} (known: {names})") from None


def detect_format(path: str | Path) -> str:
    """The format of ``path`` from its extension; AnnotatorError if unknown."""
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    # ".ann.json" style double suffixes first, then the last suffix.
    for i in range(len(suffixes)):
        joined = "".join(suffixes[i:])
        if joined in _BY_EXTENSION:
            return _BY_EXTENSION[joined]
    known = ", ".join(sorted(_BY_EXTENSION))
    raise InputError(
        str(p), None, f"cannot tell the format from the file name (known: {known}); use --format"
    )


def _lookup(fmt: str, kind: str, names: list[str]) -> Format:
    if fmt not in names:
        raise AnnotatorError(f"unknown {kind} format {fmt!r} (known: {', '.join(names)})")
    return FORMATS[fmt]


def get_reader(fmt: str) -> Reader:
    return _lookup(fmt, "import", reader_names()).load_reader()


def get_writer(fmt: str) -> Writer:
    return _lookup(fmt, "export", writer_names()).load_writer()


def clean_options(options: dict[str, Any]) -> dict[str, Any]:
    """Drop options the user did not set (None, False, empty lists)."""
    return {k: v for k, v in options.items() if v is not None and v is not False and v != []}


def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


def writer_options(fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    """The options the user set (``clean_options``) for writing ``fmt``; AnnotatorError for one
    the format does not declare, before anything is written."""
    info = _lookup(fmt, "export", writer_names())
    options = clean_options(options)
    for key in options:
        if key not in info.writer_options:
            raise AnnotatorError(f"{_flag(key)} does not apply when writing the {fmt} format")
    return options


def read(
    paths: str | Path | Iterable[str | Path],
    fmt: str = "auto",
    *,
    names: Iterable[str] | None = None,
    on_error: OnError | None = None,
    warn: Callable[[str], None] | None = None,
    label_map: str | dict[str, str] | None = None,
    **options: Any,
) -> Iterator[DocRecord]:
    """Records of every file in ``paths``, one file after another (lazily).

    ``fmt="auto"`` picks each file's format from its extension. ``names`` (one per path) are the
    document names used as external ids by formats without ids; default: the file name. Each
    option goes to the readers that take it; an option no chosen reader takes is an error.
    ``warn`` receives what readers repaired or dropped (given to the readers that take it);
    ``label_map`` (``"PERS=ACTOR,LOC=PLACE"``, ``--map``) renames labels of every format.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    items = [Path(p) for p in paths]
    name_list = list(names) if names is not None else [p.name for p in items]
    if len(name_list) != len(items):
        raise ValueError("one name per path")
    options = clean_options(options)
    # Resolve formats and options up front: a wrong option fails before anything is read.
    plan: list[tuple[Path, str, Format]] = []
    readable = reader_names()
    for p, name in zip(items, name_list, strict=True):
        f = detect_format(p) if fmt == "auto" else fmt
        plan.append((p, name, _lookup(f, "import", readable)))
    used = {info.name for _p, _n, info in plan}
    for key in options:
        if plan and not any(key in info.reader_options for _p, _n, info in plan):
            raise AnnotatorError(
                f"{_flag(key)} does not apply when reading the {', '.join(sorted(used))} format"
            )

    mapping = parse_mapping(label_map)

    def records() -> Iterator[DocRecord]:
        for p, name, info in plan:
            opts = {k: v for k, v in options.items() if k in info.reader_options}
            if warn is not None and "warn" in info.reader_options:
                opts["warn"] = warn
            yield from info.load_reader()(p, name=name, on_error=on_error, **opts)

    if mapping:
        return map_labels(records(), mapping, warn)
    return records()


def write(
    records: Iterable[DocRecord], output: str | Path, fmt: str, **options: Any
) -> dict[str, Any]:
    """Stream ``records`` to ``output`` in ``fmt``; returns the writer's report."""
    options = writer_options(fmt, options)
    return get_writer(fmt)(records, Path(output), **options)
