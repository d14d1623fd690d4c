"""``annotator stats``, ``labels`` and ``list``: what a project holds, read-only (the project is
opened read-only, so these never write to it)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from annotator.cli_common import Out, UsageError, open_project, shaping_wanted


def add_commands(
    sub: Any,
    project_arg: Callable[[argparse.ArgumentParser], None],
    shape_arg: Callable[[argparse.ArgumentParser], None],
) -> None:
    st = sub.add_parser("stats", help="documents by status, spans by label and annotator")
    project_arg(st)
    st.add_argument("--json", action="store_true", help="machine-readable output")
    shape_arg(st)
    st.set_defaults(func=cmd_stats)

    lab = sub.add_parser("labels", help="list the project's labels")
    project_arg(lab)
    lab.add_argument("--json", action="store_true", help="machine-readable output")
    shape_arg(lab)
    lab.set_defaults(func=cmd_labels)

    ls = sub.add_parser("list", help="list documents (id, status, spans, title)")
    project_arg(ls)
    ls.add_argument("--status", metavar="S", help="only documents with this status")
    ls.add_argument(
        "--search",
        metavar="Q",
        help="only documents with the words Q (Arabic-aware: و ف ب ل ك ال may stand in front, "
        "letter forms and harakat are folded)",
    )
    ls.add_argument(
        "--exact", action="store_true", help="with --search: exact spelling (no folding)"
    )
    ls.add_argument(
        "--substring", action="store_true", help="with --search: match part of a word too"
    )
    ls.add_argument(
        "--order",
        choices=["id", "uncertainty"],
        default="id",
        help="id: import order (default); uncertainty: the documents the model is least sure "
        "of first (annotator train scores them; unscored ones last)",
    )
    ls.add_argument("--json", action="store_true", help="machine-readable output (JSON lines)")
    shape_arg(ls)
    ls.set_defaults(func=cmd_list)


def cmd_stats(args: argparse.Namespace) -> int:
    with open_project(args, read_only=True) as project:
        stats = project.stats()
        labels = {lab.name: lab for lab in project.labels()}
        path = project.path
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    from annotator.cli_project import terminal_safe

    out = Out(shaping_wanted(args))
    out.line(f"project: {path}")
    out.line(f"documents: {stats['documents']}")
    for status, n in stats["by_status"].items():
        out.line(f"  {status:<12} {n:>8}")
    out.line(f"spans: {stats['spans']}")
    out.line("  by label:")
    for name, n in stats["by_label"].items():
        lab = labels.get(name)
        ar = f"  {out.cell(lab.name_ar)}" if lab is not None and lab.name_ar else ""
        out.line(f"    {name:<12} {n:>8}{ar}")
    out.line("  by annotator:")
    for who, n in stats["by_annotator"].items():
        out.line(f"    {out.cell(terminal_safe(who)):<12} {n:>8}")
    if stats["frames"] or stats["relations"]:
        out.line(f"event frames: {stats['frames']}")
        out.line(f"relations: {stats['relations']}")
    from annotator.cli_suggest import suggestion_lines

    for line in suggestion_lines(stats["suggestions"], stats["model"]):
        out.line(line)
    return 0


def cmd_labels(args: argparse.Namespace) -> int:
    with open_project(args, read_only=True) as project:
        labels = project.labels()
        usage = {lab.name: project.label_usage(lab.name) for lab in labels}
    if args.json:
        rows = [
            {
                "name": lab.name,
                "name_en": lab.name_en,
                "name_ar": lab.name_ar,
                "color": lab.color,
                "hotkey": lab.hotkey,
                "spans": usage[lab.name],
            }
            for lab in labels
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    out = Out(shaping_wanted(args))
    for lab in labels:
        out.line(
            f"{lab.hotkey or '-':<2} {lab.name:<12} {lab.color}  {usage[lab.name]:>8}  "
            f"{lab.name_en}  {out.cell(lab.name_ar)}"
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if (args.exact or args.substring) and not args.search:
        raise UsageError("--exact and --substring go with --search")
    from annotator.cli_project import terminal_safe

    # read-only, unless a search must first build missing search copies (derived data)
    with open_project(args, read_only=not args.search) as project:
        ids = project.document_ids(
            status=args.status, search=args.search, exact=args.exact, substring=args.substring
        )
        if args.order == "uncertainty":
            ids = project.order_by_uncertainty(ids)
        out = Out(shaping_wanted(args))
        # Summaries a page at a time: a listing of 50,000 documents must not load them all.
        for i in range(0, len(ids), 500):
            for s in project.summaries(ids[i : i + 500]):
                if args.json:
                    row = {
                        "id": s.id,
                        "external_id": s.external_id,
                        "status": s.status,
                        "spans": s.span_count,
                        "title": s.title,
                    }
                    if args.order == "uncertainty":
                        row["uncertainty"] = project.document_uncertainty(s.id)
                    out.line(json.dumps(row, ensure_ascii=False))
                else:
                    out.line(
                        f"{s.id:>6}  {s.status:<11} {s.span_count:>5}  "
                        f"{terminal_safe(s.external_id)}  {out.cell(terminal_safe(s.title))}"
                    )
    return 0
