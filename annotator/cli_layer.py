"""``annotator export --annotator``: which layer an export writes (docs/teams.md)."""

from __future__ import annotations

import argparse
from typing import Any


def add_layer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help="whose spans: an annotator's layer, or 'all' (every layer, each span with its "
        "annotator); default: the gold layer when the project has one (adjudication), else all",
    )


def layer_line(report: dict[str, Any]) -> str:
    """What the export wrote, said in one line: the gold/one layer or every layer."""
    layer = report.get("layer", "all")
    if layer == "all":
        return "layer: all annotators' spans (each with its annotator)"
    return f"layer: {layer}'s spans only"
