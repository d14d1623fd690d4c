"""Desktop app speed (offscreen): first paint, opening a huge article, label latency.

    python bench/bench_gui.py             # 100,000-document project (built once, ~1 min)
    python bench/bench_gui.py --quick     # 20,000 documents, fewer repetitions
    python bench/bench_gui.py --docs 50000 --workdir /tmp/b

Projects are built with ``Project.import_records`` (the same path as a real import) into
``--workdir`` (default bench/out, reused when present). All timings are taken in this one process,
baseline and subject interleaved, and reported as medians with their ratio:

1. First paint: ``open_project_window`` + show + a synchronous paint, on a project of N documents
   against one of 10 documents (goal: ratio <= 1.3).
2. Opening a 100,000-character article with 5,000 spans (set text, highlight, paint), against a
   1,000-character article with 10 spans (reported, no goal).
3. Label latency: a hotkey press on a selection until the span is committed to the database and
   the window has painted the change (the event loop runs once after the key press), on the big
   article against the small one (goal: ratio <= 2; aim: median under 16 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.tokenize import tokenize
from annotator.gui import open_project_window, settings
from annotator.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_7eddefe59b9ed5ed.txt"
LABELS = ("EVENT", "ACTOR", "PLACE", "CLAIM")
_SENTENCE = re.compile(r"[^.؟!\n]+[.؟!]?")


def _sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 20]


def build_many(path: Path, n: int) -> Path:
    """A project of ``n`` short articles (a few sentences each), built once."""
    if path.exists():
        return path
    rng = random.Random(n)
    pool = _sentences()
    tmp = path.with_suffix(".building")
    if tmp.exists():
        tmp.unlink()

    def records():  # type: ignore[no-untyped-def]
        for i in range(n):
            body = " ".join(rng.choice(pool) for _ in range(3))
            yield DocRecord(text=f"{body} ({i})", external_id=f"doc{i}", title=f"مقال {i}")

    started = time.perf_counter()
    with Project.create(tmp, annotator="bench") as project:
        project.import_records(records(), source="bench")
    tmp.rename(path)
    print(f"  built {path.name}: {n} documents in {time.perf_counter() - started:.1f} s")
    return path


def make_article(rng: random.Random, chars: int, spans: int) -> DocRecord:
    pool = _sentences()
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        para = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
        paragraphs.append(para)
        size += len(para) + 1
    text = "\n".join(paragraphs)[:chars]
    tokens = tokenize(text)
    seen: set[tuple[int, int, str]] = set()
    out: list[SpanRecord] = []
    while len(out) < spans:
        i = rng.randrange(len(tokens))
        j = min(len(tokens) - 1, i + rng.randint(0, 3))
        s, e = tokens[i][0], tokens[j][1]
        label = rng.choice(LABELS)
        if (s, e, label) in seen:
            continue
        seen.add((s, e, label))
        out.append(SpanRecord(s, e, label))
    return DocRecord(text=text, external_id=f"article{chars}", title=f"{chars} chars", spans=out)


def build_articles(path: Path) -> Path:
    if path.exists():
        return path
    rng = random.Random(7)
    with Project.create(path, annotator="bench") as project:
        project.import_records(
            [make_article(rng, 1_000, 10), make_article(rng, 100_000, 5_000)], source="bench"
        )
    return path


def first_paint(path: Path) -> float:
    started = time.perf_counter()
    win = open_project_window(path)
    win.show()
    QApplication.processEvents()
    win.repaint()
    elapsed = time.perf_counter() - started
    win.close()
    win.deleteLater()
    QApplication.processEvents()
    return elapsed


def open_article(win: MainWindow, doc_id: int) -> float:
    win.open_document(None)
    QApplication.processEvents()
    started = time.perf_counter()
    win.open_document(doc_id)
    win.view.viewport().repaint()
    return time.perf_counter() - started


def label_latencies(win: MainWindow, doc_id: int, count: int, rng: random.Random) -> list[float]:
    win.open_document(doc_id)
    view = win.view
    QApplication.processEvents()
    tokens = view.tokens()
    out = []
    for k in range(count):
        s, e = tokens[rng.randrange(len(tokens))]
        view.set_selection(s, e)
        view.scroll_to(s)
        view.viewport().repaint()
        QApplication.processEvents()
        hotkey = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)[k % 4]
        before = len(view.spans())
        started = time.perf_counter()
        QTest.keyClick(view, hotkey)  # commit and re-highlight happen synchronously
        QApplication.processEvents()  # paints the region the change made dirty
        elapsed = time.perf_counter() - started
        if len(view.spans()) == before:  # a duplicate span was refused: not a label, skip it
            continue
        out.append(elapsed)
    return out


def _quiet(_mode: object, _context: object, message: str) -> None:
    # the offscreen platform warns on every window shown; the figures are what this prints
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if args.quick:
        args.docs = min(args.docs, 20_000)
        args.runs = 3
    args.workdir.mkdir(parents=True, exist_ok=True)
    settings.use_settings_file(Path(tempfile.mkdtemp()) / "bench-settings.ini")
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"bench_gui: {args.docs} documents, {args.runs} runs, platform {app.platformName()}")

    many = build_many(args.workdir / f"many-{args.docs}.annotator", args.docs)
    few = build_many(args.workdir / "few-10.annotator", 10)
    articles = build_articles(args.workdir / "articles.annotator")

    first_paint(few)  # warm up: font loading, first window
    big, small = [], []
    for _ in range(args.runs):
        small.append(first_paint(few))
        big.append(first_paint(many))
    m_big, m_small = statistics.median(big), statistics.median(small)
    print(
        f"first paint: {args.docs} docs {ms(m_big)}, 10 docs {ms(m_small)}, "
        f"ratio {m_big / m_small:.2f} (goal <= 1.3)"
    )

    # work on a copy: label latency adds spans
    work = args.workdir / "articles-work.annotator"
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(work) + suffix)
        if p.exists():
            p.unlink()
    work.write_bytes(articles.read_bytes())
    win = open_project_window(work)
    win.resize(1280, 800)
    win.show()
    QApplication.processEvents()
    small_id, big_id = win.project.document_ids()
    big_open, small_open = [], []
    for _ in range(args.runs):
        small_open.append(open_article(win, small_id))
        big_open.append(open_article(win, big_id))
    m_bo, m_so = statistics.median(big_open), statistics.median(small_open)
    print(
        f"open + paint: 100,000 chars / 5,000 spans {ms(m_bo)}, "
        f"1,000 chars / 10 spans {ms(m_so)}, ratio {m_bo / m_so:.1f}"
    )

    rng = random.Random(3)
    per = 10 if args.quick else 25
    lat_big: list[float] = []
    lat_small: list[float] = []
    for _ in range(4 if args.quick else 6):
        lat_small += label_latencies(win, small_id, per, rng)
        lat_big += label_latencies(win, big_id, per, rng)
    m_lb, m_ls = statistics.median(lat_big), statistics.median(lat_small)
    print(
        f"label latency (hotkey -> committed + repainted), median of {len(lat_big)}/"
        f"{len(lat_small)}: big article {ms(m_lb)}, small article {ms(m_ls)}, "
        f"ratio {m_lb / m_ls:.2f} (goal <= 2; aim < 16 ms)"
    )
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
