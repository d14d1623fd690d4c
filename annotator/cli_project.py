"""The ``annotator`` commands that look after a project file (issue 14): check, recover,
backup, restore. The work is in ``core.check``, ``core.recover`` and ``core.backup``; this module
parses and prints, and imports them only when a command runs (start-up time matters).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any


def add_commands(sub: Any, project_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    """check, recover, backup, restore (issue 14): their logic is in core.check, core.recover
    and core.backup."""
    ck = sub.add_parser(
        "check", help="check a project file (integrity, schema, every span against its text)"
    )
    project_arg(ck)
    ck.set_defaults(func=cmd_check)
    rc = sub.add_parser("recover", help="copy what can be read of a damaged project into a new one")
    project_arg(rc)
    rc.add_argument("--output", "-o", required=True, metavar="NEW", help="the new project file")
    rc.set_defaults(func=cmd_recover)
    bk = sub.add_parser("backup", help="back the project up now (kept in P.backups beside it)")
    project_arg(bk)
    bk.set_defaults(func=cmd_backup)
    rs = sub.add_parser(
        "restore", help="replace the project with a backup (the current one is backed up first)"
    )
    project_arg(rs)
    rs.add_argument("--from", dest="source", required=True, metavar="BACKUP", help="backup file")
    rs.set_defaults(func=cmd_restore)


def cmd_check(args: argparse.Namespace) -> int:
    from annotator.cli_common import _project_path
    from annotator.core.check import check_project

    report = check_project(_project_path(args))
    for problem in report.problems:
        print(f"  {terminal_safe(problem)}")
    if report.problem_count > len(report.problems):
        print(f"  ... and {report.problem_count - len(report.problems)} more")
    print(report.summary())
    if not report.ok:
        print("annotator recover --project P --output NEW copies what can be read", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_recover(args: argparse.Namespace) -> int:
    from annotator.cli_common import _n, _project_path
    from annotator.core.recover import recover_project

    rep = recover_project(_project_path(args), args.output)
    print(
        f"recovered {_n(rep.documents, 'document')}, {_n(rep.spans, 'span')} and "
        f"{_n(rep.labels, 'label')} into {rep.output}"
    )
    if rep.lost_count:
        print(f"could not recover {rep.lost_count}:")
        for what in rep.lost:
            print(f"  {terminal_safe(what)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from annotator.cli_common import _project_path
    from annotator.core.backup import take_backup

    print(f"backed up to {take_backup(_project_path(args))}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from annotator.cli_common import _project_path
    from annotator.core.backup import restore_backup

    path = _project_path(args)
    saved = restore_backup(path, args.source)
    print(f"restored {path} from {args.source}")
    if saved is not None:
        print(f"the project as it was is kept in {saved}")
    return 0


def terminal_safe(text: str) -> str:
    """``text`` with control characters (ESC, CR, bidi overrides aside) shown as escapes, so a
    title cannot clear the screen or move the cursor."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch in "\u200e\u200f" else ch.encode("unicode_escape").decode()
        for ch in text
    )


def _project_in(args: list[str]) -> str | None:
    """The --project/-p value of a command line (for a message), if any."""
    for i, arg in enumerate(args):
        if arg in ("--project", "-p") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--project="):
            return arg.partition("=")[2]
    return None


def damaged_file(args: list[str], exc: BaseException) -> Exception | None:
    """The one-line error for an exception met reading a damaged project, else None.

    Bit flips can also turn a stored value into another type (a None title, a number for a
    label): when SQLite's quick check of the project fails, that is the explanation to give.
    """
    from annotator.core.check import damaged, found_damaged

    project = _project_in(args)
    return damaged(project, exc) or (found_damaged(project) if project else None)
