"""Agreement speed (issue 11) against importing the same documents from JSONL, in one run.

    python bench/bench_agreement.py               # 2,000 and 10,000 articles
    python bench/bench_agreement.py --docs 100000

Generates the articles of bench_core.py (about 3,000 characters, 20 spans each) into JSONL and
imports them into a new project (``import_paths``, as ``annotator import`` does): the baseline.
Then, for two annotators (A: the file's spans; B: the same spans with one in ten relabeled and
one in ten a word shorter), times reading the documents and spans back for agreement
(``agreement_data.load_layers``) and computing every figure (``agreement.compute``: F1, kappa,
alpha per label and overall). B's layer is built in memory, since one project cannot yet hold
the same span twice (until projects are merged). Prints seconds and the ratio to the import.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_core import Clock, annotator_import, generate  # noqa: E402

from annotator.core import agreement as ag  # noqa: E402
from annotator.core.agreement_data import load_layers  # noqa: E402
from annotator.core.project import Project  # noqa: E402


def other_layer(spans: list[ag.SpanKey], rng: random.Random) -> list[ag.SpanKey]:
    out = []
    for start, end, label in spans:
        r = rng.random()
        if r < 0.1:
            label = "PLACE" if label != "PLACE" else "ACTOR"
        elif r < 0.2 and end - start > 2:
            end -= 1
        out.append((start, end, label))
    return out


def run(count: int, work: Path) -> None:
    data = work / f"articles-{count}.jsonl"
    generate(data, count)
    project_path = work / f"p-{count}.annotator"
    imported = annotator_import(data, project_path)
    rng = random.Random(3)
    with Project.open(project_path, read_only=True) as project:
        ids = project.document_ids()
        with Clock() as loading:
            layers = load_layers(project, ["bench"], ids)
    layers.annotators = ["bench", "other"]
    layers.spans["other"] = {d: other_layer(s, rng) for d, s in layers.spans["bench"].items()}
    with Clock() as computing:
        result = ag.compute(layers)
    overall = next(p for p in result.pairs if p.label is None)
    print(
        f"{count:>7,} articles: import {imported.wall:6.2f} s | load {loading.wall:6.2f} s "
        f"({loading.wall / imported.wall:.2f}x) | compute {computing.wall:6.2f} s "
        f"({computing.wall / imported.wall:.2f}x) | together "
        f"{(loading.wall + computing.wall) / imported.wall:.2f}x the import | "
        f"kappa {overall.kappa.value:.3f}, alpha {result.alpha['all'].value:.3f}"
    )
    project_path.unlink()
    data.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append", help="article counts to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.docs or [2000, 10000]:
            run(count, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
