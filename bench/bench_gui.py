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
   article against the small one (goal: ratio <= 2; aim: median under 16 ms); median and 95th
   percentile.
4. App start (issue 15, goal 5): from process start (before the interpreter is spawned) to the
   sample article painted, running the app's own start (``annotator --sample``: ``gui.app.run``)
   in a fresh process, against a bare PySide6 process that paints a QTextEdit holding the same
   article, in the same run (goal: at most 1.5 s from source, 1.0 s frozen; the ratio is
   printed). ``--frozen PATH`` also times a frozen build's ``--sample`` to its window being
   mapped under the X server in DISPLAY (xdotool), beside the source app measured the same way.
5. Link arrows (issue 10): the 100,000-character article with 500 links between nearby spans
   (each to one of the next four spans, as event roles and relations are) against the same
   article without links: open + first paint, a repaint after scrolling a page (the geometry
   already cached for the first screen only), and label latency as in 3. ``--links-only`` runs
   this case alone.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
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
from annotator.gui.link_overlay import Link
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


def label_latencies(
    win: MainWindow, doc_id: int, count: int, rng: random.Random, links: list[Link] | None = None
) -> list[float]:
    win.open_document(doc_id)
    view = win.view
    if links:
        view.set_links(links)
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


LINK_NAMES = ("agent", "target", "location", "فاعل الحدث", "مكان الحدث")


def article_links(win: MainWindow, doc_id: int, count: int, rng: random.Random) -> list[Link]:
    """``count`` links, each from a span to one of the four spans after it."""
    win.open_document(doc_id)
    spans = sorted(win.view.spans().values(), key=lambda sp: (sp.start, sp.end))
    colors = {lab.name: lab.color for lab in win.view.labels}
    out = []
    for k, i in enumerate(sorted(rng.sample(range(len(spans) - 4), count))):
        head, tail = spans[i], spans[i + rng.randint(1, 4)]
        out.append(
            Link(
                k,
                (head.start, head.end),
                (tail.start, tail.end),
                colors.get(tail.label, "#666666"),
                LINK_NAMES[k % len(LINK_NAMES)],
            )
        )
    return out


def open_with_links(win: MainWindow, doc_id: int, links: list[Link]) -> tuple[float, float]:
    """Open + first paint, then a repaint one page further down (seconds each)."""
    win.open_document(None)
    QApplication.processEvents()
    view = win.view
    started = time.perf_counter()
    win.open_document(doc_id)
    view.set_links(links)
    view.viewport().repaint()
    first = time.perf_counter() - started
    bar = view.verticalScrollBar()
    started = time.perf_counter()
    bar.setValue(bar.value() + view.viewport().height())
    view.viewport().repaint()
    return first, time.perf_counter() - started


def links_case(win: MainWindow, doc_id: int, runs: int, quick: bool) -> None:
    rng = random.Random(10)
    links = article_links(win, doc_id, 500, rng)
    open_with_links(win, doc_id, links)  # warm up
    with_l: list[tuple[float, float]] = []
    without: list[tuple[float, float]] = []
    for _ in range(runs):
        without.append(open_with_links(win, doc_id, []))
        with_l.append(open_with_links(win, doc_id, links))
    for i, what in ((0, "open + first paint"), (1, "scroll a page + repaint")):
        m_w = statistics.median(t[i] for t in with_l)
        m_n = statistics.median(t[i] for t in without)
        print(
            f"{what}, 100,000 chars / 5,000 spans: 500 links {ms(m_w)}, no links {ms(m_n)}, "
            f"ratio {m_w / m_n:.2f}"
        )
    per = 10 if quick else 25
    lat_links: list[float] = []
    lat_plain: list[float] = []
    for _ in range(4 if quick else 6):
        lat_plain += label_latencies(win, doc_id, per, rng)
        lat_links += label_latencies(win, doc_id, per, rng, links)
    m_l, m_p = statistics.median(lat_links), statistics.median(lat_plain)
    print(
        f"label latency with 500 links, median of {len(lat_links)}/{len(lat_plain)}: "
        f"{ms(m_l)}, without links {ms(m_p)}, ratio {m_l / m_p:.2f}; 95th percentile: "
        f"{ms(p95(lat_links))} with, {ms(p95(lat_plain))} without"
    )


# A child process that reports (on stdout, as time.time()) when a QTextEdit holding an article
# has first painted, then quits. APP: the app's own start path; BARE: a bare PySide6 window.
_PAINT_WATCH = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTextEdit

class Watch(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            edit = obj.parent()
            if isinstance(edit, QTextEdit) and edit.document().characterCount() > 100:
                self.done = True
                # after this paint event is handled
                QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print(f"PAINTED {time.time():.6f}", flush=True)
        QApplication.instance().exit(0)

watch = Watch()
"""
_APP_START = (
    _PAINT_WATCH
    + """
import annotator.gui.app as app_module
real = app_module.application
def application():
    app = real()
    app.installEventFilter(watch)
    return app
app_module.application = application
sys.exit(app_module.run(sample=True))
"""
)
_BARE_START = (
    _PAINT_WATCH
    + """
app = QApplication(sys.argv[:1])
app.installEventFilter(watch)
edit = QTextEdit()
edit.setPlainText(open(sys.argv[1], encoding="utf-8").read())
edit.resize(1280, 800)
edit.show()
sys.exit(app.exec())
"""
)


def start_to_paint(code: str, env: dict[str, str]) -> float:
    """Seconds from spawning a Python process running ``code`` to its article painted."""
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no paint reported (exit {proc.returncode}): {proc.stderr[-2000:]}")


def start_to_map(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``cmd`` to its first window mapped (X server in DISPLAY)."""
    log = tempfile.TemporaryFile(mode="w+")
    started = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # polled: xdotool's --sync gives up when the process has no X connection yet
        while time.time() - started < 60:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)],
                capture_output=True,
            )
            if found.returncode == 0:
                return time.time() - started
            if proc.poll() is not None:
                break
            time.sleep(0.02)  # each poll is an X client: a faster one starves the server
        log.seek(0)
        raise RuntimeError(f"{cmd[0]}: no window mapped (exit {proc.poll()}): {log.read()[-2000:]}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def app_start(runs: int, frozen: Path | None) -> None:
    home = Path(tempfile.mkdtemp(prefix="annotator-bench-start-"))
    # a fresh user data folder and settings: the first run creates the sample project (untimed)
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    start_to_paint(_APP_START, env)
    start_to_paint(_BARE_START, env)
    ours, bare = [], []
    for k in range(runs):
        pair = [(_APP_START, ours), (_BARE_START, bare)]
        for code, out in pair if k % 2 == 0 else reversed(pair):
            out.append(start_to_paint(code, env))
    m_o, m_b = statistics.median(ours), statistics.median(bare)
    print(
        f"app start (process start -> sample article painted, {env.get('QT_QPA_PLATFORM')}), "
        f"median of {runs}: from source {m_o:.2f} s, bare PySide6 window {m_b:.2f} s, "
        f"ratio {m_o / m_b:.2f} (goal <= 1.5 s from source)"
    )
    if frozen is not None:
        xenv = {**env, "QT_QPA_PLATFORM": "xcb"}
        src = [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())"]
        start_to_map([str(frozen), "--sample"], xenv)
        start_to_map([*src, "--sample"], xenv)
        fz, sc = [], []
        for k in range(runs):
            pair = [([str(frozen), "--sample"], fz), ([*src, "--sample"], sc)]
            for cmd, out in pair if k % 2 == 0 else reversed(pair):
                out.append(start_to_map(cmd, xenv))
        m_f, m_s = statistics.median(fz), statistics.median(sc)
        print(
            f"app start to window mapped (xcb), median of {runs}: frozen {m_f:.2f} s, "
            f"source {m_s:.2f} s, ratio {m_f / m_s:.2f}; frozen to painted, estimated "
            f"{m_o * m_f / m_s:.2f} s (goal <= 1.0 s)"
        )
    shutil.rmtree(home, ignore_errors=True)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


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
    parser.add_argument("--frozen", type=Path, help="a frozen build's executable (app start)")
    parser.add_argument("--start-only", action="store_true", help="only the app start")
    parser.add_argument("--links-only", action="store_true", help="only the link arrows (5.)")
    args = parser.parse_args()
    if args.quick:
        args.docs = min(args.docs, 20_000)
        args.runs = 3
    args.workdir.mkdir(parents=True, exist_ok=True)
    settings.use_settings_file(Path(tempfile.mkdtemp()) / "bench-settings.ini")
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"bench_gui: {args.docs} documents, {args.runs} runs, platform {app.platformName()}")
    if args.links_only:
        articles = build_articles(args.workdir / "articles.annotator")
        win = open_project_window(_work_copy(args.workdir, articles))
        win.resize(1280, 800)
        win.show()
        QApplication.processEvents()
        links_case(win, win.project.document_ids()[1], args.runs, args.quick)
        win.close()
        return 0
    app_start(args.runs, args.frozen)
    if args.start_only:
        return 0

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

    win = open_project_window(_work_copy(args.workdir, articles))
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
        f"ratio {m_lb / m_ls:.2f} (goal <= 2; aim < 16 ms); 95th percentile: big "
        f"{ms(p95(lat_big))}, small {ms(p95(lat_small))}"
    )
    links_case(win, big_id, args.runs, args.quick)
    win.close()
    return 0


def _work_copy(workdir: Path, articles: Path) -> Path:
    """A fresh copy of the articles project: label latency adds spans."""
    work = workdir / "articles-work.annotator"
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(work) + suffix)
        if p.exists():
            p.unlink()
    work.write_bytes(articles.read_bytes())
    return work


if __name__ == "__main__":
    sys.exit(main())
