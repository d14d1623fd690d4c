"""``annotator merge``: a team's projects into one (docs/teams.md). The work is in
``Project.merge_from`` (core/project/merge.py); this module parses and prints."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_commands(sub: Any) -> None:
    mg = sub.add_parser(
        "merge",
        help="merge projects labeled on other machines into one (each annotator's layer kept)",
    )
    mg.add_argument(
        "--into",
        required=True,
        metavar="TEAM",
        help="the project to merge into (created if missing)",
    )
    mg.add_argument("sources", nargs="+", metavar="PROJECT", help="projects to merge from")
    mg.add_argument("--annotator", help="who merges (the change log's name; default: stored)")
    mg.add_argument("--json", action="store_true", help="machine-readable report (one object)")
    mg.set_defaults(func=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.cli_common import _n
    from annotator.cli_project import terminal_safe
    from annotator.core.project import Project

    target = Path(args.into)
    created = not target.exists()
    project = Project.open_or_create(target, args.annotator)
    try:
        report = project.merge_from([Path(s) for s in args.sources])
    except BaseException:
        project.close()
        if created:  # an empty project left behind by a refused merge helps no one
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    project.close()
    if args.json:
        out = report.as_dict()
        out["into"] = str(target)
        out["created"] = created
        json.dump(out, sys.stdout, ensure_ascii=False)
        print()
        return 0
    print(
        f"merged {_n(len(report.files), 'project')} into {target}"
        f"{' (created)' if created else ''}: {_n(report.documents_added, 'document')} added, "
        f"{_n(report.documents_matched, 'document')} matched"
    )
    for who, n in sorted(report.spans_added.items()):
        print(f"  {terminal_safe(who)}: {_n(n, 'span')} added")
    if not report.spans_added:
        print("  no new spans")
    for table, n in sorted(report.records_added.items()):
        print(f"  {table}: {n:,} added")
    for name in report.definitions_added:
        print(f"  new definition: {terminal_safe(name)}")
    if report.differences:
        print(f"{_n(len(report.differences), 'difference')} (this project's definitions kept):")
        for line in report.differences:
            print(f"  {terminal_safe(line)}")
    return 0
