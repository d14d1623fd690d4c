"""Frames in the desktop app (issue 10), offscreen: the 100,000-character article with 5,000
spans of bench_gui.py and 500 real arguments and relations made with ``Project.link``.

    python bench/bench_frames_gui.py [--workdir /tmp/b]

Reports medians of: open + first paint with those links; a link (link mode's pick -> committed,
then the store, arrows, span-list counts and frame panel updated from the ChangeSet and painted);
undoing a link; label latency with the links shown (as case 3 of bench_gui.py).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import build_articles, label_latencies, open_article
from PySide6.QtWidgets import QApplication

from annotator.core.project import Project
from annotator.gui import open_project_window, settings


def link_pairs(project: Project, doc_id: int, rng: random.Random) -> list[tuple[int, int, str]]:
    """Pairs of nearby spans that exactly one role or relation type fits, shuffled."""
    spans = sorted(project.spans(doc_id), key=lambda s: (s.start, s.end))
    pairs = []
    for i in range(len(spans) - 4):
        for j in range(1, 5):
            fits = project.link_candidates(spans[i].id, spans[i + j].id)
            if len(fits) == 1:
                pairs.append((spans[i].id, spans[i + j].id, fits[0].name))
                break
    rng.shuffle(pairs)
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    settings.use_settings_file(work / "settings.ini")
    settings.set_annotator_name("bench")
    app = QApplication([])
    path = work / "frames.annotator"
    path.unlink(missing_ok=True)
    build_articles(path)
    with Project.open(path, "bench") as project:
        doc_id = project.document_ids()[1]
        pairs = link_pairs(project, doc_id, random.Random(3))
        for head, tail, name in pairs[:500]:
            project.link(head, tail, name)
    spare = pairs[500:560]
    win = open_project_window(path)
    win.resize(1280, 800)
    win.show()
    app.processEvents()
    opens = [open_article(win, doc_id) for _ in range(5)]
    print(
        f"open + first paint, 5,000 spans, {len(win.view.links.links())} links: "
        f"median {statistics.median(opens) * 1000:.0f} ms"
    )
    links = []
    for head, tail, _name in spare:
        win.view.select_span(head)
        app.processEvents()
        win.frames.link_mode.start(head)
        started = time.perf_counter()
        win.frames.link_mode.pick(tail)
        app.processEvents()
        links.append(time.perf_counter() - started)
    links.sort()
    print(
        f"link latency: median {statistics.median(links) * 1000:.1f} ms, "
        f"95th percentile {links[int(len(links) * 0.95)] * 1000:.1f} ms (n={len(links)})"
    )
    undos = []
    for _ in range(20):
        started = time.perf_counter()
        win.undo()
        app.processEvents()
        undos.append(time.perf_counter() - started)
    print(f"undo of a link: median {statistics.median(undos) * 1000:.1f} ms")
    labels = label_latencies(win, doc_id, 40, random.Random(5))
    print(
        f"label latency with {len(win.view.links.links())} links: "
        f"median {statistics.median(labels) * 1000:.1f} ms"
    )
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
