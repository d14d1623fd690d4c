"""The agreement window's reading and computing, done in a worker thread (``tasks.Task``).

``compute`` opens its own read-only connection to the project file (a SQLite connection belongs
to the thread that made it) and returns plain data; the window turns it into widgets on the UI
thread. Nothing here touches Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core import agreement as ag
from ..core.agreement_data import (
    annotators,
    common_documents,
    finished_documents,
    load_layers,
)
from ..core.project import Project


@dataclass
class AgreementData:
    """Everyone with spans, the pair shown, and the pair's figures (None: no valid pair)."""

    names: list[str]
    pair: tuple[str, str] | None
    result: ag.Agreement | None = None
    confusion: ag.Confusion | None = None
    disagreements: list[ag.DocDisagreement] = field(default_factory=list)


def choose_pair(names: Sequence[str], wanted: tuple[str, str]) -> tuple[str, str]:
    """The pair asked for if both are still there, else the first two names ("" when absent)."""
    if wanted[0] in names and wanted[1] in names:
        return wanted
    first = [*names, "", ""]
    return first[0], first[1]


def compute(
    path: str | Path, wanted: tuple[str, str], labels: Sequence[str], check: Callable[[], None]
) -> AgreementData:
    """Read the project at ``path`` and compute the agreement of ``wanted`` (or of the first two
    annotators when one of them is gone). ``check`` raises when the user cancelled."""
    with Project.open(path, read_only=True) as project:
        names = annotators(project)
        a, b = choose_pair(names, wanted)
        if not a or not b or a == b:
            return AgreementData(names, (a, b) if a and b else None)
        check()
        finished = finished_documents(project, [a, b])
        layers = load_layers(project, [a, b], common_documents(finished, [a, b]))
    check()
    result = ag.compute(layers)
    check()
    confusion = ag.confusion(layers, a, b, list(labels))
    rows = ag.disagreements(layers, a, b)
    return AgreementData(names, (a, b), result, confusion, rows)
