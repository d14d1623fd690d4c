"""Import and export formats: a registry of readers and writers.

A reader is ``reader(path, *, name, on_error=None, **options) -> Iterator[DocRecord]``:
- ``path`` is the file to read, ``name`` the document name to use as external id where the
  format has no id of its own (the file name, or its path relative to an imported folder);
- records carry offsets against the RAW text as it stands in the file (``Project.import_records``
  cleans the text and remaps them) and set ``source`` and ``line`` so errors can name them;
- a bad record raises ``InputError``, unless ``on_error`` is given: then the reader calls
  ``on_error(err)`` and carries on with the next record (``--skip-invalid``). Use ``reject``.

A writer is ``writer(records, output, **options) -> dict``: it streams an iterable of DocRecord
(offsets into the stored text) to ``output`` and returns a small report (at least ``documents``
and ``spans``). Writers check ``text[start:end]`` against every span's surface text (rule 2 of
DEVELOPERS.md) with ``check_span_text``.

Options are keyword arguments: the CLI passes every format option the user set, and ``read`` /
``write`` refuse an option the chosen format does not take, so a misspelt option never goes
unnoticed.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError, InputError
from ..model import DocRecord
from ._shared import check_span_text as check_span_text  # every writer's rule-2 check
from ._shared import map_labels, parse_mapping

Reader = Callable[..., Iterator[DocRecord]]
Writer = Callable[..., dict[str, Any]]
OnError = Callable[[InputError], None]


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    description: str
    extensions: tuple[str, ...] = field(default=())
    # The file extension a writer uses for each part when exporting a split into a folder.
    output_extension: str = ""


READERS: dict[str, Reader] = {}
WRITERS: dict[str, Writer] = {}
FORMATS: dict[str, FormatInfo] = {}
# Lower-case file suffix (".jsonl") -> format name, for ``detect_format``.
EXTENSIONS: dict[str, str] = {}


def register(
    name: str,
    *,
    reader: Reader | None = None,
    writer: Writer | None = None,
    extensions: Iterable[str] = (),
    description: str = "",
    output_extension: str | None = None,
) -> None:
    """Add a format. ``extensions`` (".csv") are what ``detect_format`` recognises."""
    exts = tuple(e.lower() for e in extensions)
    FORMATS[name] = FormatInfo(
        name, description, exts, output_extension or (exts[0] if exts else f".{name}")
    )
    if reader is not None:
        READERS[name] = reader
    if writer is not None:
        WRITERS[name] = writer
    for ext in exts:
        EXTENSIONS.setdefault(ext, name)


def utf16_error(start: bytes, source: str) -> InputError | None:
    """A clear refusal for UTF-16 files (Excel's "Unicode text"), which would otherwise be
    refused as binary for their NUL bytes."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(source, 1, "the file is UTF-16 text; save it as UTF-8 and import again")
    return None


def reject(err: InputError, on_error: OnError | None) -> None:
    """Raise ``err``, or hand it to ``on_error`` so the reader can skip the record."""
    if on_error is None:
        raise err
    on_error(err)


def detect_format(path: str | Path) -> str:
    """The format of ``path`` from its extension; AnnotatorError if unknown."""
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    # ".ann.json" style double suffixes first, then the last suffix.
    for i in range(len(suffixes)):
        joined = "".join(suffixes[i:])
        if joined in EXTENSIONS:
            return EXTENSIONS[joined]
    known = ", ".join(sorted(EXTENSIONS))
    raise InputError(
        str(p), None, f"cannot tell the format from the file name (known: {known}); use --format"
    )


def _check_options(func: Callable[..., Any], fmt: str, kind: str, options: dict[str, Any]) -> None:
    for key in options:
        if not _accepts(func, key):
            flag = "--" + key.replace("_", "-")
            raise AnnotatorError(f"{flag} does not apply when {kind} the {fmt} format")


def _lookup(table: dict[str, Any], fmt: str, kind: str) -> Any:
    try:
        return table[fmt]
    except KeyError:
        names = ", ".join(sorted(table))
        raise AnnotatorError(f"unknown {kind} format {fmt!r} (known: {names})") from None


def get_reader(fmt: str) -> Reader:
    return _lookup(READERS, fmt, "import")


def get_writer(fmt: str) -> Writer:
    return _lookup(WRITERS, fmt, "export")


def clean_options(options: dict[str, Any]) -> dict[str, Any]:
    """Drop options the user did not set (None, False, empty lists)."""
    return {k: v for k, v in options.items() if v is not None and v is not False and v != []}


def _accepts(func: Callable[..., Any], key: str) -> bool:
    params = inspect.signature(func).parameters
    return key in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


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
    plan = []
    for p, name in zip(items, name_list, strict=True):
        f = detect_format(p) if fmt == "auto" else fmt
        plan.append((p, name, f, get_reader(f)))
    used = {f for _p, _n, f, _r in plan}
    for key in options:
        if plan and not any(_accepts(r, key) for _p, _n, _f, r in plan):
            flag = "--" + key.replace("_", "-")
            raise AnnotatorError(
                f"{flag} does not apply when reading the {', '.join(sorted(used))} format"
            )

    mapping = parse_mapping(label_map)

    def records() -> Iterator[DocRecord]:
        for p, name, _f, reader in plan:
            opts = {k: v for k, v in options.items() if _accepts(reader, k)}
            if warn is not None and _accepts(reader, "warn"):
                opts["warn"] = warn
            yield from reader(p, name=name, on_error=on_error, **opts)

    if mapping:
        return map_labels(records(), mapping, warn)
    return records()


def write(
    records: Iterable[DocRecord], output: str | Path, fmt: str, **options: Any
) -> dict[str, Any]:
    """Stream ``records`` to ``output`` in ``fmt``; returns the writer's report."""
    writer = get_writer(fmt)
    options = clean_options(options)
    _check_options(writer, fmt, "writing", options)
    return writer(records, Path(output), **options)


# Built-in format modules; each registers itself on import. Add new modules here.
_MODULES = (
    "plaintext",
    "jsonl",
    "csvfmt",
    "prodigy",
    "doccano",
    "hf",
    "conll",
    "brat",
    "spacy_docbin",
)

for _mod in _MODULES:
    importlib.import_module(f"{__name__}.{_mod}")
