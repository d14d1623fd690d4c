"""The ``annotator`` command. Scripts depend on this contract: keep it stable.

``annotator [PROJECT]`` opens the app; ``import``, ``export``, ``stats``, ``labels`` and ``list``
work on a project file without ever importing Qt. Exit status: 0 on success, 1 on a user error
(one line on stderr, no traceback), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from annotator import cli_layer
from annotator.cli_common import (
    Progress,
    UsageError,
    _n,
    _project_path,
    open_project,
)
from annotator.core.errors import AnnotatorError

# the subcommands, in the order --help lists them
COMMANDS = tuple(
    "import export stats labels list suggest train check recover backup restore agreement "
    "merge".split()
)


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (which imports bz2 and
    lzma: 1.6 ms of every command, asked for by each argument argparse adds)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, its width found as argparse finds it (``_columns``)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


# ------------------------------------------------------------------ parser
class _VersionAction(argparse.Action):
    """--version, reading the version only when asked (importlib.metadata costs start-up)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        from annotator import __version__

        sys.stdout.write(f"annotator {__version__}\n")
        parser.exit()


def _project_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--project",
        "-p",
        metavar="P",
        help="project file (default: the default project in your user data folder)",
    )


def _shape_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--shape",
        action="store_true",
        help="shape and reorder Arabic for terminals that cannot (only when output is a "
        "terminal; also ANNOTATOR_SHAPE=1)",
    )


def _format_names(kind: str) -> list[str]:
    from annotator.core import formats

    return formats.reader_names() if kind == "read" else formats.writer_names()


class _Unparsed:
    """Takes the place of the parser of a command this run does not parse: accepts every call
    (``add_argument``, ``add_argument_group``, ``set_defaults``, ...) and builds nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Unparsed]:
        return lambda *args, **kwargs: self


class _OnlyCommand:
    """The subparsers action, building the parser of one command only: the other thirteen
    parsers (argparse makes each with its formatter and messages) are a fifth of the start-up
    of a one-document import, and a run parses one command."""

    def __init__(self, sub: Any, command: str) -> None:
        self.sub, self.command = sub, command

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self.sub.add_parser(name, **kwargs) if name == self.command else _Unparsed()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``command``: only that command's parser is built (the run
    parses that command: its help and errors are the same), None: every command's."""
    parser = _Parser(
        prog="annotator",
        usage="annotator [-h] [--version] [--selftest] [--sample] [PROJECT]\n"
        "       annotator COMMAND [options]",
        description="Label spans in Arabic news articles and export training data. "
        "Without a command, opens the app (on PROJECT if given).",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="check this installation end to end (font, project, import, export, main window); "
        "prints SELFTEST OK and exits 0",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="open the app on the bundled sample article (a project in the user data folder)",
    )
    parser.add_argument(
        "--selftest-output",
        metavar="PATH",
        help="where --selftest writes its result (default: selftest.txt in the user log folder)",
    )
    # prog: otherwise a command's errors start with the two-line usage of the main parser
    sub: Any = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, prog="annotator"
    )
    if command is not None:
        sub = _OnlyCommand(sub, command)

    imp = sub.add_parser(
        "import",
        help="import documents (txt, jsonl, csv/tsv, ...) in one transaction",
        description="Import files, folders (searched recursively) or wildcard patterns. "
        "A bad record refuses the whole import unless --skip-invalid.",
    )
    _project_arg(imp)
    imp.add_argument(
        "--format",
        "-f",
        default="auto",
        choices=["auto", *_format_names("read")],
        help="input format (default: from each file's extension)",
    )
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the valid records, list the bad ones"
    )
    imp.add_argument(
        "--status",
        choices=["new", "in_progress", "done", "skipped"],
        help="give every imported document this status (a gold corpus: done)",
    )
    imp.add_argument(
        "--annotator",
        metavar="NAME",
        help="who imports: the spans a file gives without an annotator are theirs "
        "(default: the project's stored name)",
    )
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or pattern")
    # Every option in this group is handed to the readers as a keyword argument: formats
    # add their options here and receive them without touching the rest of the CLI.
    opts = imp.add_argument_group("format options")
    opts.add_argument("--text-column", metavar="C", help="CSV/TSV: column holding the text")
    opts.add_argument("--title-column", metavar="C", help="CSV/TSV: column holding the title")
    opts.add_argument("--id-column", metavar="C", help="CSV/TSV: column holding the document id")
    opts.add_argument(
        "--delimiter", metavar="D", help="CSV: field separator (default: sniffed; 'tab' for TSV)"
    )
    opts.add_argument(
        "--map",
        dest="label_map",
        metavar="OLD=NEW,...",
        help="rename foreign labels, e.g. PERS=ACTOR,LOC=PLACE (unmapped labels are added)",
    )
    opts.add_argument(
        "--sentences-per-doc",
        type=int,
        metavar="N",
        help="CoNLL: start a new document every N sentences (as well as at -DOCSTART-)",
    )
    imp.set_defaults(func=cmd_import, format_options=opts)

    exp = sub.add_parser(
        "export",
        help="export documents and spans (JSONL by default)",
        description="Stream documents to a file, or to train/dev/test files in a folder with "
        "--split. The JSONL output imports back without loss.",
    )
    _project_arg(exp)
    exp.add_argument(
        "--format",
        "-f",
        default="auto",
        choices=["auto", *_format_names("write")],
        help="output format (default: from the output's extension, else jsonl)",
    )
    exp.add_argument(
        "--output", "-o", required=True, metavar="PATH", help="file ('-' for stdout), or folder"
    )
    exp.add_argument(
        "--status",
        action="extend",
        nargs="+",
        metavar="S",
        help="only documents with these statuses: new, in_progress, done, skipped",
    )
    exp.add_argument(
        "--label",
        action="extend",
        nargs="+",
        metavar="L",
        help="only spans with these labels; documents without them are kept, without spans",
    )
    exp.add_argument(
        "--split",
        metavar="F",
        help="train,dev,test fractions, e.g. 0.8,0.1,0.1: by document, or by sentence when hf "
        "writes a sentence a row (--unit sentence)",
    )
    exp.add_argument(
        "--seed", type=int, default=0, metavar="N", help="shuffle seed for --split (default 0)"
    )
    exp.add_argument("--json", action="store_true", help="print the report as JSON")
    cli_layer.add_layer_argument(exp)
    exp.add_argument(
        "--include-suggestions",
        action="store_true",
        help="jsonl: add the pending suggestions to each document's spans, marked "
        '"suggestion" (never exported otherwise)',
    )
    exp.add_argument(
        "--force", action="store_true", help="replace existing output files (never a project)"
    )
    eopts = exp.add_argument_group("format options")
    eopts.add_argument(
        "--layer",
        metavar="LABEL,...",
        help="hf/conll/spacy: only these labels, in this priority, where spans overlap "
        "(default: all labels in the project's order); spans left out are counted",
    )
    eopts.add_argument(
        "--unit",
        choices=["sentence", "document"],
        help="hf: one row per sentence (default) or per document",
    )
    eopts.add_argument(
        "--all-labels",
        action="store_true",
        help="hf: list every project label, not only those the exported spans use",
    )
    eopts.add_argument(
        "--doccano-entities",
        action="store_true",
        help="doccano: write the entities/relations variant instead of label triples",
    )
    exp.set_defaults(func=cmd_export, format_options=eopts)

    from annotator import cli_listing  # stats, labels, list

    cli_listing.add_commands(sub, _project_arg, _shape_arg)
    from annotator import cli_project  # check, recover, backup, restore

    cli_project.add_commands(sub, _project_arg)
    from annotator import cli_suggest  # suggest, train

    cli_suggest.add_commands(sub, _project_arg)
    from annotator import cli_agreement  # agreement

    cli_agreement.add_commands(sub, _project_arg)

    from annotator import cli_team  # merge

    cli_team.add_commands(sub)
    return parser


def _format_options(args: argparse.Namespace) -> dict[str, Any]:
    group = getattr(args, "format_options", None)
    if group is None:
        return {}
    return {a.dest: getattr(args, a.dest) for a in group._group_actions}


# ------------------------------------------------------------------ commands
def cmd_import(args: argparse.Namespace) -> int:
    from annotator.core.importing import create_project_from_files, import_paths

    progress = Progress("importing")
    path = _project_path(args)
    options: dict[str, Any] = {
        "skip_invalid": args.skip_invalid,
        "progress": progress.update,
        "warn": _warn,
        "status": args.status,
        # read and check in a forked process while this one writes (where fork is safe)
        "parallel": True,
        **_format_options(args),
    }
    new_project = {"annotator": args.annotator}
    try:
        if path.exists():
            with open_project(args) as project:
                from annotator.core.check import refuse_if_damaged

                refuse_if_damaged(project)  # never write into a damaged file
                result = import_paths(project, args.paths, args.format, **options)
        else:
            # A refused import leaves things as they were: no new, empty project behind it.
            result = create_project_from_files(
                path, args.paths, args.format, **options, **new_project
            )
    finally:
        progress.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(
        f"imported {_n(result.added, 'document')} with {_n(result.spans, 'span')} "
        f"from {_n(len(result.files), 'file')} into {path}"
    )
    if result.duplicates:
        dropped = f" with {_n(result.duplicate_spans, 'span')}" if result.duplicate_spans else ""
        print(
            f"{_n(result.duplicates, 'document')}{dropped} already in the project or earlier in "
            "this import (same text), not added again"
        )

    if result.repeated:
        print(
            f"{_n(result.repeated, 'sentence')} repeated in this file kept as documents of "
            "their own, each with its own tags"
        )
    if result.duplicate_conflicts:
        conflicts = result.duplicate_conflicts
        shown = ", ".join(conflicts[:5]) + (", ..." if len(conflicts) > 5 else "")
        _warn(
            f"{_n(len(conflicts), 'repeated document')} in this import had spans that differ "
            f"from the first copy: {shown}"
        )
    if result.new_labels:
        print(f"new labels added: {', '.join(result.new_labels)}")
    if result.frames or result.relations:
        print(f"{_n(result.frames, 'event frame')} and {_n(result.relations, 'relation')} imported")
    if result.new_definitions:
        print(f"definitions added: {'; '.join(result.new_definitions)}")
    if result.skipped:
        print(f"skipped {_n(len(result.skipped), 'invalid record')}:")
        for msg in result.skipped:
            print(f"  {msg}")
    return 0


def _warn(message: str) -> None:
    """What a reader repaired or dropped: never silent, never mixed into --json output."""
    sys.stderr.write(f"warning: {message}\n")


def _left_out(rep: dict[str, Any]) -> str:
    """' (12 spans left out: overlaps ...: 10, ...)' for formats that cannot hold every span."""
    if not rep.get("left_out"):
        return ""
    reasons = ", ".join(f"{why}: {n}" for why, n in rep.get("left_out_reasons", {}).items())
    where = " of doc.ents" if rep.get("spans_key") else ""
    return f"; {rep['left_out']} spans left out{where} ({reasons})"


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.core.exporting import export

    progress = Progress("exporting")
    with open_project(args, read_only=True) as project:
        try:
            report = export(
                project,
                args.output,
                args.format,
                status=args.status,
                labels=args.label,
                split=args.split,
                seed=args.seed,
                force=args.force,
                include_suggestions=args.include_suggestions,
                annotator=args.annotator,
                progress=progress.update,
                **_format_options(args),
            )
        finally:
            progress.close()
    # With --output - the data went to stdout: keep the report off it.
    stream = sys.stderr if args.output == "-" else sys.stdout
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2), file=stream)
    elif "files" in report:
        for name, rep in report["files"].items():
            what = f"{rep['events']} events" if "events" in rep else f"{rep['spans']} spans"
            print(
                f"{name}: {rep['documents']} {rep.get('split_by', 'document')}s, "
                f"{what} -> {rep['output']}{_left_out(rep)}",
                file=stream,
            )
    else:
        suggested = report.get("suggestions")
        also = f" and {_n(suggested, 'suggestion')}" if suggested else ""
        what = _n(report["events"], "event") if "events" in report else _n(report["spans"], "span")
        print(
            f"exported {_n(report['documents'], 'document')} with {what}"
            f"{also} to {report['output']}{_left_out(report)}",
            file=stream,
        )
    if not args.json:
        print(cli_layer.layer_line(report), file=stream)
    if report.get("card") and not args.json:
        print(f"dataset card: {', '.join(report['card'])}", file=stream)
    for message in report.get("warnings", ()):
        _warn(message)
    return 0


def _looks_like_project(arg: str) -> bool:
    """An existing file, or a path ending in .annotator: not a mistyped command."""
    from annotator.core.project import PROJECT_SUFFIX

    return Path(arg).exists() or arg.lower().endswith(PROJECT_SUFFIX) or os.sep in arg


def _no_display() -> bool:
    """On Linux and BSD, the app needs an X11 or Wayland session (or an explicit Qt platform);
    without one Qt aborts the process with a page of plugin messages."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    env = os.environ
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def open_app(project: str | None, *, sample: bool = False) -> int:
    """Start the desktop app. Imported lazily: the commands above never load Qt."""
    if _no_display():
        raise AnnotatorError(
            "no graphical session (DISPLAY is not set): the app cannot open here; "
            "the commands work without one (annotator --help)"
        )
    try:
        from annotator.gui.app import run
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("annotator.gui"):
            raise AnnotatorError(
                "the desktop app is not part of this build; see `annotator --help` for commands"
            ) from None
        if exc.name and exc.name.startswith(("PySide6", "shiboken6")):
            raise AnnotatorError(
                "the desktop app needs PySide6-Essentials, which is not installed"
            ) from None
        raise
    result: int | None = run(project, sample=sample)
    return int(result or 0)


# ------------------------------------------------------------------ entry point
def _one_line(message: str) -> str:
    return " ".join(message.split()) or "error"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        # `annotator PROJECT` is not a subcommand: tell it apart before argparse sees it.
        if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
            if len(args_list) > 1:
                raise UsageError(
                    f"annotator: unknown command {args_list[0]!r} "
                    f"(commands: {', '.join(COMMANDS)}; or give one project file to open)"
                )
            target = args_list[0] if args_list else None
            if target is not None and not _looks_like_project(target):
                raise UsageError(
                    f"annotator: unknown command {target!r} "
                    f"(commands: {', '.join(COMMANDS)}; or give a project file to open)"
                )
            return open_app(target)
        parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
        args = parser.parse_args(args_list)
        if args.selftest_output and not args.selftest:
            raise UsageError("--selftest-output needs --selftest")
        if args.command is None:
            if args.selftest:
                from annotator.selftest import run_selftest

                return run_selftest(args.selftest_output)
            return open_app(None, sample=args.sample)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except AnnotatorError as exc:
        print(f"annotator: error: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `annotator list | head`: the reader went away; say nothing, and keep Python from
        # complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        # Disk full, permission denied on --output, ...: the user can act on these too.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"annotator: error: {where}{_one_line(exc.strerror or str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # SQLite reading a damaged file ("malformed", "could not decode"): one line, never a
        # traceback; anything else is a bug and keeps its traceback.
        from annotator.cli_project import damaged_file

        err = damaged_file(args_list, exc)
        if err is None:
            raise
        print(f"annotator: error: {_one_line(str(err))}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
