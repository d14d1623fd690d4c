"""Export a project: filters, a deterministic train/dev/test split, streaming writers.

Records come from ``Project.iter_records`` a chunk at a time and go straight to the writer, so
memory does not grow with the corpus. Files are written under a temporary name and renamed at
the end: a failed export never leaves a half-written file behind under the real name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formats
from .datasetcard import DatasetStats, card_paths, write_card
from .errors import AnnotatorError
from .model import STATUSES, DocRecord
from .schema import SQLITE_MAGIC, open_in_this_process

if TYPE_CHECKING:
    from .project import Project

SPLIT_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}


def parse_split(value: str | Sequence[float]) -> tuple[float, ...]:
    """``"0.8,0.1,0.1"`` -> (0.8, 0.1, 0.1): two or three non-negative parts that sum to 1."""
    if isinstance(value, str):
        try:
            parts = tuple(float(x) for x in value.split(","))
        except ValueError:
            raise AnnotatorError(
                f"--split {value!r}: expected fractions like 0.8,0.1,0.1"
            ) from None
    else:
        parts = tuple(float(x) for x in value)
    if len(parts) not in SPLIT_NAMES:
        raise AnnotatorError(
            f"--split {value!r}: give 2 (train,test) or 3 (train,dev,test) fractions"
        )
    if any(not 0 <= p <= 1 for p in parts) or abs(sum(parts) - 1) > 1e-6:
        raise AnnotatorError(f"--split {value!r}: fractions must be between 0 and 1 and sum to 1")
    return parts


def partition(ids: Sequence[int], fractions: Sequence[float], seed: int) -> list[list[int]]:
    """Shuffle ``ids`` with ``random.Random(seed)`` and cut it into parts of exact sizes.

    Sizes are floor(fraction * n) with the remainder given to the parts with the largest
    fractional parts (earlier parts first on ties), so they always add up to n. Each part is
    returned in ascending id order (import order), which keeps output files stable.
    """
    import random  # only a split shuffles

    n = len(ids)
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    exact = [f * n for f in fractions]
    sizes = [int(x) for x in exact]
    order = sorted(range(len(fractions)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in order[: n - sum(sizes)]:
        sizes[i] += 1
    parts = []
    at = 0
    for size in sizes:
        parts.append(sorted(shuffled[at : at + size]))
        at += size
    return parts


def _temp_path(path: Path, folder: bool = False) -> Path:
    """A new, empty file (``folder``: folder) beside ``path`` to write to, named after it:
    never one that exists (a ``.NAME.partial.jsonl`` of the user's own is left alone)."""
    # Keep the suffix: some writers choose details (CSV delimiter) from it.
    for n in range(1000):
        tag = "partial" if n == 0 else f"partial{n}"
        tmp = path.with_name(f".{path.stem}.{tag}{path.suffix}")
        try:
            if folder:
                os.mkdir(tmp)
            else:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise AnnotatorError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return tmp
    raise AnnotatorError(f"{path}: cannot find a free temporary name beside it")


def _discard(tmp: Path, info: formats.Format) -> None:
    """Remove a temporary output of ours (made by _temp_path, so never the user's), with the
    side files its writer put beside it."""
    if tmp.is_dir() and not tmp.is_symlink():
        import shutil  # a failed export only: kept off the command's start-up

        shutil.rmtree(tmp, ignore_errors=True)
        return
    for path in (tmp, *info.side_paths(tmp)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def planned_outputs(
    output: str | Path, fmt: str, *, split: str | Sequence[float] | None = None, card: bool = True
) -> list[Path]:
    """Every file an export to ``output`` writes under its final name: the output (or each
    part of a split), the dataset card and the format's side files (hf's label_list.json)."""
    out = Path(output)
    if str(out) == "-":
        return []
    info = formats.get_format(fmt)
    if split is None:
        paths = [out]
    else:
        names = SPLIT_NAMES[len(parse_split(split))]
        paths = [out / f"{name}{info.output_extension}" for name in names]
    paths += [side for data in list(paths) for side in info.side_paths(data)]
    if card:
        paths += list(card_paths(out, split is not None))
    return paths


def existing_outputs(
    output: str | Path, fmt: str, *, split: str | Sequence[float] | None = None, card: bool = True
) -> list[Path]:
    """The files of ``planned_outputs`` that exist already (the app asks before replacing)."""
    return [p for p in planned_outputs(output, fmt, split=split, card=card) if _exists(p)]


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _check_targets(project: Project, targets: list[Path], force: bool) -> None:
    """Refuse before anything is written: an export never writes over a project (whatever
    ``force`` says), and replaces an existing file only with ``force``."""
    for target in targets:
        if target.is_dir() and target != targets[0]:
            raise AnnotatorError(f"{target}: is a folder; the export would write a file there")
        _refuse_overwriting_a_database(target, project)
    existing = [t for t in targets if _exists(t) and not t.is_dir()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise AnnotatorError(
            f"{existing[0]}{more}: already exists; nothing was written (--force replaces it)"
        )


def _write(
    records: Iterable[DocRecord], tmp: Path, final: Path, fmt: str, options: dict[str, Any]
) -> dict[str, Any]:
    """``formats.write`` to the temporary ``tmp``; a file-system refusal names ``final`` (what
    the user asked for), not the temporary name."""
    try:
        return dict(formats.write(records, tmp, fmt, **options))
    except OSError as exc:
        name = Path(exc.filename) if exc.filename else None
        where = final if name is None or name == tmp or tmp in name.parents else name
        raise AnnotatorError(f"{where}: cannot write: {exc.strerror or exc}") from None


def _replace(tmp: Path, final: Path, report: dict[str, Any], info: formats.Format) -> None:
    """Move a written ``tmp`` to ``final``, with the side files a writer wrote beside it."""
    os.replace(tmp, final)
    for side_tmp, side_final in zip(info.side_paths(tmp), info.side_paths(final), strict=True):
        if side_tmp.exists():
            os.replace(side_tmp, side_final)
            if report.get("label_list_file") == str(side_tmp):
                report["label_list_file"] = str(side_final)


def _refuse_overwriting_a_database(out: Path, project: Project) -> None:
    """An export replaces ``out``: never when it is the project (``-o p.annotator`` for
    ``-p p.annotator`` would swap every label for a JSONL file) or any other SQLite file."""
    if not out.is_file():
        return
    for own in (project.path, Path(f"{project.path}-wal"), Path(f"{project.path}-shm")):
        if own.exists() and os.path.samefile(out, own):
            raise AnnotatorError(f"{out}: is the project being exported; give another --output")
    # A project open in this process is never opened again: that would drop its locks.
    if open_in_this_process(out):
        is_database = True
    else:
        with open(out, "rb") as fh:
            is_database = fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    if is_database:
        raise AnnotatorError(
            f"{out}: is an SQLite database (a project?); an export never overwrites one"
        )


def _counting(records: Iterable[DocRecord], tick: Callable[[], None]) -> Iterator[DocRecord]:
    for rec in records:
        yield rec
        tick()


def _check_labels(project: Project, labels: Sequence[str] | None) -> list[str] | None:
    if not labels:
        return None
    known = [lab.name for lab in project.labels()]
    for name in labels:
        if name not in known:
            raise AnnotatorError(f"unknown label {name!r} (labels: {', '.join(known)})")
    return list(labels)


def _statuses(status: str | Sequence[str] | None) -> list[str] | None:
    if status is None:
        return None
    items = [status] if isinstance(status, str) else list(dict.fromkeys(status))
    for s in items:
        if s not in STATUSES:
            raise AnnotatorError(f"unknown status {s!r} (expected one of {', '.join(STATUSES)})")
    return items or None


def choose_layer(project: Project, layer: str | None) -> str | None:
    """The annotator whose spans an export writes (None: every layer); AnnotatorError naming
    the layers for an unknown name."""
    if layer is None:
        return project.default_layer()
    if layer == "all":
        return None
    names = project.layer_names()
    if layer not in names:
        raise AnnotatorError(
            f"no layer by {layer!r}: the layers are {', '.join(names) or 'none (no spans)'}, or all"
        )
    return layer


def output_format(output: str | Path, fmt: str | None) -> str:
    """``fmt``, or the format the output's extension names (JSONL when it names none)."""
    if fmt and fmt != "auto":
        formats.get_writer(fmt)  # an unknown or import-only format: a clear error here
        return fmt
    try:
        guessed = formats.detect_format(output)
    except AnnotatorError:
        return "jsonl"
    return guessed if formats.FORMATS[guessed].can_write else "jsonl"


def export(
    project: Project,
    output: str | Path,
    fmt: str | None = "jsonl",
    *,
    status: str | Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    split: str | Sequence[float] | None = None,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    card: bool = True,
    force: bool = False,
    include_suggestions: bool = False,
    annotator: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Write the project's documents to ``output`` (a file, ``-`` for stdout, or a folder of
    train/dev/test files when ``split`` is given). Returns a report with counts per file.

    ``status`` keeps documents with that status (or any of several); ``labels`` keeps only
    spans with those labels (documents without them are still written: negative examples).
    ``progress(done, total)`` is called as documents are written. ``card`` writes a dataset
    card (README.md, dataset_info.json) beside the files (see ``datasetcard``).
    ``include_suggestions`` adds the pending suggestions, marked as such (JSONL only); an
    export never has them otherwise. ``annotator`` chooses the layer: an annotator's name, "all"
    (every layer, each span with its annotator), or None: the gold layer when the project has
    one (docs/teams.md), else every layer. The report says which ("layer": a name or "all").
    """
    fmt = output_format(output, fmt)
    who = choose_layer(project, annotator)
    info = formats.get_format(fmt)
    if include_suggestions and not info.suggestions:
        able = ", ".join(f.name for f in formats.FORMATS.values() if f.suggestions)
        raise AnnotatorError(
            f"the {fmt} format cannot carry suggestions (only {able}); export without "
            "--include-suggestions"
        )
    options = formats.writer_options(fmt, options)
    # Token writers need the project's label order (BIO priority, one label list for all splits).
    statuses = _statuses(status)
    label_list = _check_labels(project, labels)
    if "project_labels" in info.writer_options:
        order = [lab.name for lab in project.labels()]
        # A label list (hf) names only the labels the exported spans use, unless --all-labels:
        # an unused label would be a class the model is asked to learn from no example.
        if "all_labels" in info.writer_options and not options.get("all_labels"):
            used = project.used_labels(statuses)
            order = [n for n in order if n in used and (label_list is None or n in label_list)]
        options.setdefault("project_labels", order)
    # Writers that describe the annotation scheme (brat's annotation.conf) get the project's
    # labels, roles, relation types and attributes.
    if "definitions" in info.writer_options:
        options.setdefault("definitions", project.definitions())
    out = Path(output)
    stats = DatasetStats()
    filters = {"status": statuses, "labels": label_list, "split": split, "seed": seed}
    # A folder format makes its own folder: never write into one that exists.
    writes_folder = info.output == "folder"
    total = (
        project.document_count()
        if statuses is None
        else sum(project.document_count(s) for s in statuses)
    )
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)

    if split is None:
        if str(out) != "-":
            if writes_folder and out.exists():
                raise AnnotatorError(
                    f"{out}: already exists; an export never writes into an existing folder, "
                    "not even with --force: give a new folder name"
                )
            if out.is_dir() and not writes_folder:
                raise AnnotatorError(f"{out}: is a folder; give a file name (or use --split)")
            if not out.parent.exists():
                raise AnnotatorError(f"{out.parent}: no such folder")
            _check_targets(project, planned_outputs(out, fmt, card=card), force)
        records = _counting(
            project.iter_records(
                status=statuses,
                labels=label_list,
                include_suggestions=include_suggestions,
                annotator=who,
            ),
            tick,
        )
        records = stats.track("all", records)
        if str(out) == "-":
            report = formats.write(records, out, fmt, **options)
        else:
            tmp = _temp_path(out, writes_folder)
            try:
                report = _write(records, tmp, out, fmt, options)
                _replace(tmp, out, report, info)
            finally:
                _discard(tmp, info)
        report = dict(report)
        report["format"] = fmt
        report["output"] = str(out)
        report["layer"] = who or "all"
        if card and str(out) != "-":
            paths = write_card(
                out, stats, split=False, fmt=fmt, labels=project.labels(),
                reports={"all": report}, files={"all": str(out)}, filters=filters,
                project=str(project.path),
            )  # fmt: skip
            report["card"] = [str(p) for p in paths]
        if progress is not None:
            progress(done, total)
        return report

    fractions = parse_split(split)
    if str(out) == "-" or out.is_file():
        raise AnnotatorError(f"{out}: with --split, --output must be a folder")
    _check_targets(project, planned_outputs(out, fmt, split=split, card=card), force)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnnotatorError(f"{out}: cannot write: {exc.strerror or exc}") from None
    by_sentence = "unit" in info.writer_options and options.get("unit", "sentence") == "sentence"
    if by_sentence:
        # The rows are sentences: split the sentences, not the documents (a corpus without
        # -DOCSTART- is one document, which no split by document can share out).
        from .formats._shared import sentence_records

        units = [
            sr
            for rec in project.iter_records(status=statuses, labels=label_list, annotator=who)
            for sr in sentence_records(rec)
        ]
        ids = list(range(len(units)))
        options = {**options, "unit": "document"}  # each record is one sentence already
    elif statuses is None:
        ids = project.document_ids()
    else:
        ids = sorted(i for s in statuses for i in project.document_ids(status=s))
    total = len(ids)
    parts = partition(ids, fractions, seed)
    names = SPLIT_NAMES[len(fractions)]
    what = "sentence" if by_sentence else "document"
    warnings = [
        f"{name}{info.output_extension} is empty: {total} {what}{'' if total == 1 else 's'} "
        f"cannot fill {len(fractions)} parts of {split}"
        + ("" if by_sentence or "unit" not in info.writer_options else " (try --unit sentence)")
        for name, part in zip(names, parts, strict=True)
        if not part
    ]
    ext = info.output_extension
    temps: list[tuple[Path, Path]] = []
    files: dict[str, dict[str, Any]] = {}
    try:
        for name, part in zip(names, parts, strict=True):
            final = out / f"{name}{ext}"
            if writes_folder and final.exists():
                raise AnnotatorError(f"{final}: already exists; export to a new folder")
            tmp = _temp_path(final, writes_folder)
            temps.append((tmp, final))
            if by_sentence:
                records = _counting((units[i] for i in part), tick)
            else:
                records = _counting(
                    project.iter_records(
                        labels=label_list,
                        ids=part,
                        include_suggestions=include_suggestions,
                        annotator=who,
                    ),
                    tick,
                )
            records = stats.track(name, records)
            rep = _write(records, tmp, final, fmt, options)
            rep["output"] = str(final)
            if by_sentence:
                rep["unit"] = "sentence"
                rep["split_by"] = "sentence"
            files[name] = rep
            # what the writer left out (frames in doccano, ...), said once per part
            warnings.extend(f"{name}{ext}: {w}" for w in rep.get("warnings", ()))
        for (tmp, final), rep in zip(temps, files.values(), strict=True):
            _replace(tmp, final, rep, info)
    finally:
        for tmp, _final in temps:
            _discard(tmp, info)
    if progress is not None:
        progress(done, total)
    card_paths: list[str] = []
    if card:
        card_paths = [
            str(p)
            for p in write_card(
                out, stats, split=True, fmt=fmt, labels=project.labels(), reports=files,
                files={n: r["output"] for n, r in files.items()}, filters=filters,
                project=str(project.path),
            )
        ]  # fmt: skip
    return {
        "card": card_paths,
        "format": fmt,
        "output": str(out),
        "layer": who or "all",
        "documents": sum(r["documents"] for r in files.values()),
        "spans": sum(r["spans"] for r in files.values()),
        "seed": seed,
        "split": dict(zip(names, fractions, strict=True)),
        "split_by": what,
        "files": files,
        "warnings": warnings,
    }
