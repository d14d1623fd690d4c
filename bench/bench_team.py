"""Merging a team's projects (issue 11) against importing the same data from JSONL, same run.

    python bench/bench_team.py                  # 10 projects of 1,000 articles (about a minute)
    python bench/bench_team.py --docs 10000     # the issue's size: 10 projects of 10,000
    python bench/bench_team.py --projects 4 --docs 500 --workdir /tmp/t --keep

Generates N synthetic articles with 20 spans each (bench_core.generate) into one JSONL file; a
team of ``--projects`` annotators each labeled the same corpus: project i is that file imported
with annotator ``ann<i>`` (not timed). Then, in the same run:
- import: the JSONL file imported ``--projects`` times, each into a new project (the volume of
  text and spans the merge reads: every annotator's copy);
- merge: the projects merged into one new project (``Project.merge_from``): N documents, matched
  by text after the first project, and ``--projects`` layers of spans side by side.
Prints wall and CPU time of each and their ratio merge / import (goal: within a few times).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import Clock, generate, remove_databases, settle


def build_sources(data: Path, work: Path, projects: int) -> list[Path]:
    from annotator.core.importing import import_paths
    from annotator.core.project import Project

    paths = []
    for i in range(projects):
        path = work / f"ann{i}.annotator"
        remove_databases(path)
        with Project.create(path, annotator=f"ann{i}") as project:
            import_paths(project, [data])
        paths.append(path)
    return paths


def time_imports(data: Path, work: Path, projects: int) -> Clock:
    from annotator.core.importing import import_paths
    from annotator.core.project import Project

    targets = [work / f"import{i}.annotator" for i in range(projects)]
    remove_databases(*targets)
    with Clock() as clock:
        for i, target in enumerate(targets):
            with Project.create(target, annotator=f"ann{i}") as project:
                import_paths(project, [data])
    return clock


def time_merge(sources: list[Path], work: Path) -> tuple[Clock, dict[str, int]]:
    from annotator.core.project import Project

    team = work / "team.annotator"
    remove_databases(team)
    with Clock() as clock, Project.create(team, annotator="lead") as project:
        report = project.merge_from(sources)
    assert report.documents_added > 0 and len(report.spans_added) == len(sources)
    return clock, report.spans_added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="articles per project (1,000)")
    ap.add_argument("--projects", type=int, default=10, help="projects to merge (10)")
    ap.add_argument("--workdir", type=Path, help="keep the files here")
    ap.add_argument("--keep", action="store_true", help="do not delete the work folder")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-team-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = work / "articles.jsonl"
        generate(data, args.docs)
        sources = build_sources(data, work, args.projects)
        settle()
        imp = time_imports(data, work, args.projects)
        settle()
        merge, spans = time_merge(sources, work)
        print(
            f"{args.projects} projects of {args.docs:,} articles "
            f"({sum(spans.values()):,} spans merged):"
        )
        print(f"  {'':24} {'wall s':>8} {'cpu s':>8}")
        print(f"  {'import JSONL x' + str(args.projects):24} {imp.wall:8.2f} {imp.cpu:8.2f}")
        print(f"  {'merge':24} {merge.wall:8.2f} {merge.cpu:8.2f}")
        print(
            f"  ratio merge / import: wall {merge.wall / imp.wall:.2f}, "
            f"cpu {merge.cpu / imp.cpu:.2f} (goal: within a few times)"
        )
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
