"""``annotator agreement`` (issue 11): inter-annotator agreement of a project's annotators, as
a table, as JSON (``--json``), and as a confusion heatmap PNG (``--plot``, painted by Qt
offscreen: the only part of the command that loads Qt). The figures are computed in
``core.agreement``; docs/agreement.md defines them.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.cli_common import Out, _project_path, shaping_wanted
from annotator.core.errors import AnnotatorError


class _Usage(AnnotatorError):
    """A bad combination of options (reported like every user error)."""


def add_commands(sub: Any, project_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    ag = sub.add_parser(
        "agreement",
        help="agreement between annotators: span F1, Cohen's kappa, Krippendorff's alpha",
        description="Compares the annotators over the documents every one of them finished "
        "(marked done, with a span of theirs in it). See docs/agreement.md.",
    )
    project_arg(ag)
    ag.add_argument("--label", metavar="L", help="only this label's spans and figures")
    ag.add_argument(
        "--annotators",
        metavar="A,B",
        help="compare only these annotators (comma-separated; default: everyone with spans)",
    )
    ag.add_argument("--json", action="store_true", help="print one JSON object")
    ag.add_argument(
        "--plot",
        metavar="FILE.png",
        help="write the label-by-label confusion heatmap of a pair as a PNG image",
    )
    ag.add_argument(
        "--pair", metavar="A,B", help="--plot: the two annotators (default: the first two)"
    )
    ag.add_argument(
        "--shape",
        action="store_true",
        help="shape and reorder Arabic for terminals that cannot (only when output is a "
        "terminal; also ANNOTATOR_SHAPE=1)",
    )
    ag.set_defaults(func=cmd_agreement)


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [n.strip() for n in value.split(",") if n.strip()]


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.core import agreement as ag
    from annotator.core.agreement_data import load_for_agreement
    from annotator.core.project import Project

    pair = _names(args.pair)
    if pair is not None and not args.plot:
        raise _Usage("--pair goes with --plot")
    if pair is not None and len(pair) != 2:
        raise _Usage("--pair takes two annotators: --pair A,B")
    if args.plot and not args.plot.lower().endswith(".png"):
        raise _Usage(f"--plot {args.plot}: the file name must end in .png")
    path = _project_path(args)
    with Project.open(path, read_only=True) as project:
        if args.label is not None and args.label not in {lab.name for lab in project.labels()}:
            raise AnnotatorError(f"{path}: no label named {args.label!r}")
        layers = load_for_agreement(project, _names(args.annotators))
        label_order = [lab.name for lab in project.labels()]
    result = ag.compute(layers, args.label)
    if args.plot:
        a, b = pair or layers.annotators[:2]
        for who in (a, b):
            if who not in layers.annotators:
                raise _Usage(f"--pair: {who!r} is not one of {', '.join(layers.annotators)}")
        if args.label is not None:
            layers = ag.only_label(layers, args.label)
        write_plot(Path(args.plot), ag.confusion(layers, a, b, label_order))
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    _print_table(result, Out(shaping_wanted(args)))
    if args.plot:
        print(f"heatmap: {args.plot}")
    return 0


def _fmt(fig: Any) -> str:
    return "n/a" if fig.value is None else f"{fig.value:.3f}"


def _print_table(result: Any, out: Out) -> None:
    from annotator.cli_project import terminal_safe

    def who(name: str) -> str:
        return out.cell(terminal_safe(name))

    out.line(f"annotators: {', '.join(who(a) for a in result.annotators)}")
    out.line(f"documents finished by all of them: {result.documents}")
    out.line()
    width = max([len(a) + len(b) + 3 for a, b in _pairs(result)] + [4])
    out.line(f"{'pair':<{width}}  {'label':<12} {'F1 exact':>9} {'F1 overlap':>11} {'kappa':>7}")
    reasons: dict[str, str] = {}
    for p in result.pairs:
        label = p.label or "(all)"
        name = f"{p.a} / {p.b}"
        out.line(
            f"{who(name):<{width}}  {label:<12} {_fmt(p.f1_exact):>9} "
            f"{_fmt(p.f1_overlap):>11} {_fmt(p.kappa):>7}"
        )
        for fig in (p.f1_exact, p.f1_overlap, p.kappa):
            if fig.value is None:
                reasons.setdefault(fig.reason, "")
    out.line()
    out.line("Krippendorff's alpha (nominal, over tokens):")
    for key, fig in result.alpha.items():
        out.line(f"  {key:<12} {_fmt(fig):>7}")
        if fig.value is None:
            reasons.setdefault(fig.reason, "")
    made = [r for r in result.relations if r.relations_a or r.relations_b]
    if made:
        out.line()
        out.line(f"{'relations':<{width}}  {'type':<12} {'F1':>9}")
        for r in made:
            out.line(f"{who(f'{r.a} / {r.b}'):<{width}}  {r.type or '(all)':<12} {_fmt(r.f1):>9}")
    if reasons:
        out.line()
        out.line("n/a: " + "; ".join(reasons))


def _pairs(result: Any) -> list[tuple[str, str]]:
    return [(p.a, p.b) for p in result.pairs]


def write_plot(target: Path, confusion: Any) -> None:
    """Paint the heatmap offscreen and save it as PNG at ``target``."""
    if target.is_dir():
        raise AnnotatorError(f"{target}: is a folder")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont, QGuiApplication

    from annotator.gui.fonts import arabic_font_family
    from annotator.gui.heatmap import HeatmapData, heatmap_image

    # painting text needs an application object; offscreen needs no display
    _app = QGuiApplication.instance() or QGuiApplication([])
    font = QFont()
    font.setFamilies([font.family(), arabic_font_family()])
    font.setPointSize(11)
    data = HeatmapData.from_confusion(
        confusion,
        f"{confusion.a} / {confusion.b}: spans matched by overlap",
        row_title=f"{confusion.a} (rows)",
        column_title=f"{confusion.b} (columns)",
    )
    image = heatmap_image(data, font)
    if not image.save(str(target)):  # the format from the .png suffix
        raise AnnotatorError(f"{target}: could not write the image")
