"""The ``annotator`` commands of suggestions (issue 12): ``suggest`` (a gazetteer, the model,
propagation of the labeled names) and ``train`` (the CRF model). The work is in
``core.project.suggestions`` and ``core.project.training``; this module parses and prints, and
imports them only when a command runs (start-up time matters). See docs/suggestions.md.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from annotator.core.errors import AnnotatorError


class _Usage(AnnotatorError):
    """A bad combination of options (reported like every user error)."""


def add_commands(sub: Any, project_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    sg = sub.add_parser(
        "suggest",
        help="make suggestions: from a gazetteer, the trained model, or the labeled names",
        description="Suggestions are never spans until accepted in the app; exports leave them "
        "out unless --include-suggestions.",
    )
    project_arg(sg)
    sg.add_argument(
        "--gazetteer",
        metavar="FILE",
        help="import a list of names (name,label CSV, or one name a line with --label) into "
        "the project and suggest where the project's gazetteer names occur",
    )
    sg.add_argument("--label", metavar="L", help="the label of a one-name-a-line gazetteer")
    sg.add_argument(
        "--model",
        action="store_true",
        help="pre-annotate the undone documents with the trained model (annotator train)",
    )
    sg.add_argument(
        "--propagate",
        action="store_true",
        help="suggest every labeled name wherever else it occurs in the project",
    )
    sg.add_argument(
        "--document",
        type=int,
        action="extend",
        nargs="+",
        metavar="ID",
        help="only these documents (ids as `annotator list` shows them)",
    )
    sg.add_argument(
        "--min-score",
        type=float,
        default=0.0,
        metavar="X",
        help="--model: leave out suggestions the model is less sure of (0 to 1)",
    )
    sg.add_argument("--annotator", metavar="NAME", help="who runs it (the change log)")
    sg.add_argument("--json", action="store_true", help="print one JSON line per suggestion made")
    sg.set_defaults(func=cmd_suggest)

    tr = sub.add_parser(
        "train",
        help="train the suggestion model on the documents marked done",
        description="Trains a CRF (python-crfsuite) on every document marked done, stores it "
        "in the project and scores how unsure it is of each undone document "
        "(annotator list --order uncertainty). Then: annotator suggest --model.",
    )
    project_arg(tr)
    tr.add_argument(
        "--backend",
        choices=["crf", "spacy"],
        default="crf",
        help="crf (default, python-crfsuite: confidences and uncertainty ordering) or spacy "
        "(needs the spacy extra; its suggestions carry no confidence)",
    )
    tr.add_argument(
        "--iterations",
        type=int,
        metavar="N",
        help="crf: optimiser iterations (100); spacy: epochs (20)",
    )
    tr.add_argument("--annotator", metavar="NAME", help="who runs it (the change log)")
    tr.add_argument("--json", action="store_true", help="print the model's record as JSON")
    tr.set_defaults(func=cmd_train)


def _open(args: argparse.Namespace) -> Any:
    from annotator.cli_common import _project_path
    from annotator.core.project import Project

    return Project.open(_project_path(args), annotator=args.annotator)


def cmd_suggest(args: argparse.Namespace) -> int:
    from annotator.cli_common import Progress, _n
    from annotator.core.changes import ChangeSet
    from annotator.core.project.suggestions import suggestion_from_row

    if not (args.gazetteer or args.model or args.propagate):
        raise _Usage("annotator suggest: give --gazetteer FILE, --model or --propagate")
    if args.label is not None and not args.gazetteer:
        raise _Usage("annotator suggest: --label goes with --gazetteer")
    if not 0.0 <= args.min_score <= 1.0:
        raise _Usage("annotator suggest: --min-score must be between 0 and 1")
    made: list[ChangeSet] = []
    notes: list[str] = []
    with _open(args) as project:
        ids = args.document
        if ids:
            missing = sorted(set(ids) - set(project.document_ids()))
            if missing:
                raise AnnotatorError(f"no document with id {', '.join(map(str, missing))}")
        if args.gazetteer:
            imported = project.import_gazetteer(args.gazetteer, label=args.label)
            n = len(imported.rows_added)
            notes.append(f"{n} gazetteer {'entry' if n == 1 else 'entries'} imported")
            made.append(_run(project.suggest_from_gazetteer, ids, "gazetteer", Progress))
        if args.propagate:
            made.append(_run(project.propagate_project, ids, "propagating", Progress))
        if args.model:
            made.append(
                _run(
                    lambda doc_ids, **kw: project.pre_annotate(
                        doc_ids, min_score=args.min_score, **kw
                    ),
                    ids,
                    "pre-annotating",
                    Progress,
                )
            )
        added = [suggestion_from_row(r) for cs in made for r in cs.rows_added]
        if args.json:
            for s in added:
                print(
                    json.dumps(
                        {
                            "document": s.document_id,
                            "start": s.start,
                            "end": s.end,
                            "label": s.label,
                            "text": s.text,
                            "source": s.source,
                            "score": round(s.score, 4),
                        },
                        ensure_ascii=False,
                    )
                )
            return 0
        by_source: dict[str, int] = {}
        for s in added:
            by_source[s.source] = by_source.get(s.source, 0) + 1
        detail = ", ".join(f"{src}: {n}" for src, n in by_source.items())
        print(
            f"{_n(len(added), 'new suggestion')}{f' ({detail})' if detail else ''}"
            f"{'; ' + '; '.join(notes) if notes else ''}"
        )
    return 0


def _run(step: Callable[..., Any], ids: list[int] | None, verb: str, progress: Any) -> Any:
    bar = progress(verb)
    try:
        return step(ids, on_progress=bar.update)
    finally:
        bar.close()


def cmd_train(args: argparse.Namespace) -> int:
    from annotator.cli_common import Progress, _n

    if args.iterations is None:
        args.iterations = 20 if args.backend == "spacy" else 100
    if args.iterations < 1:
        raise _Usage("annotator train: --iterations must be at least 1")
    bar = Progress("training")
    with _open(args) as project:
        try:
            info = project.train_model(
                backend=args.backend,
                max_iterations=args.iterations,
                on_progress=lambda d, t: bar.update(d, t),
            )
        finally:
            bar.close()
    if args.json:
        print(
            json.dumps(
                {
                    "id": info.id,
                    "backend": info.backend,
                    "created": info.created,
                    "trained_on": info.trained_on,
                    **info.meta,
                },
                ensure_ascii=False,
            )
        )
        return 0
    labels = ", ".join(info.meta.get("labels", []))
    print(
        f"trained the {info.backend} model on {_n(info.trained_on, 'document')} marked done "
        f"({_n(info.meta.get('spans', 0), 'span')}; labels {labels})"
    )
    print("next: annotator suggest --model (suggestions in the undone documents)")
    return 0


def suggestion_lines(
    counts: dict[str, dict[str, int]], model: dict[str, Any] | None = None
) -> list[str]:
    """``annotator stats``' table of suggestions (a row per source, a column per status) and
    the newest model."""
    lines = [f"suggestions: {'pending':>8} {'accepted':>8} {'rejected':>8}"]
    for source, by_status in counts.items():
        cells = " ".join(f"{by_status[s]:>8}" for s in ("pending", "accepted", "rejected"))
        lines.append(f"  {source:<11}{cells}")
    if model is None:
        lines.append("model: none (annotator train)")
    else:
        lines.append(
            f"model: {model['backend']}, trained on {model['trained_on']} documents marked done "
            f"({model['created']})"
        )
    return lines
