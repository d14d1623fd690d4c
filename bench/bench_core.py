"""Import and export speed against a bare sqlite3 + json baseline, and export memory.

    python bench/bench_core.py            # 50,000 articles (several minutes)
    python bench/bench_core.py --quick    # 2,000 articles
    python bench/bench_core.py --docs 20000 --workdir /tmp/b --keep

Generates N synthetic articles of about 3,000 characters, built from the seed article by shuffling
its sentences with a seeded RNG, with 20 spans each, into one JSONL file. Then, in the same run:
- annotator: import that file (``annotator.core.importing.create_project_from_files``, as the
  CLI does, with the reader forked where that is safe) into a new project, and export it to
  JSONL (``annotator.core.exporting.export``);
- baseline: a bare script parses the same JSON, inserts documents and spans into sqlite3 tables in
  one transaction, reads them back and writes JSONL.
Each repetition runs the two back to back, in alternating order. The first 2,000 and 5,000 of the
articles are measured the same way first (the sizes a user imports most days; issue 15).
Prints the best wall and CPU time of each and their ratio annotator / baseline (goal: at most
1.5), and the median of the ratios of the pairs: on a machine shared with other work (these
are), a slow spell then slows both sides of a pair, and that median is the steadiest figure.
Memory: exports a project of N documents and one of N/5 (10,000 of 50,000), each in a fresh
process, and prints the peak resident size of each (VmHWM on Linux, ru_maxrss elsewhere) and
their ratio (goal: at most 1.2).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_7eddefe59b9ed5ed.txt"
LABELS = ("EVENT", "ACTOR", "PLACE", "CLAIM")
TARGET_CHARS = 3000
SPANS_PER_DOC = 20
_SENTENCE = re.compile(r"[^.؟!\n]+[.؟!]?")


# ---------------------------------------------------------------- data
def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 20]


def make_article(rng: random.Random, pool: list[str], title_pool: list[str]) -> tuple[str, str]:
    title = rng.choice(title_pool)
    paragraphs = [title]
    size = len(title)
    while size < TARGET_CHARS:
        para = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
        paragraphs.append(para)
        size += len(para) + 2
    return title, "\n\n".join(paragraphs)


def make_spans(rng: random.Random, text: str) -> list[dict]:
    words = [m.span() for m in re.finditer(r"\S+", text)]
    spans: dict[tuple[int, int, str], dict] = {}
    while len(spans) < SPANS_PER_DOC:
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randint(0, 3))
        start, end = words[i][0], words[j][1]
        label = rng.choice(LABELS)
        spans[(start, end, label)] = {
            "start": start,
            "end": end,
            "label": label,
            "text": text[start:end],
        }
    return sorted(spans.values(), key=lambda s: (s["start"], s["end"], s["label"]))


def generate(path: Path, count: int, seed: int = 1) -> int:
    raw = SEED.read_text(encoding="utf-8")
    pool = sentences(raw)
    title_pool = [s for s in pool if len(s) < 140] or pool
    rng = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for n in range(count):
            title, text = make_article(rng, pool, title_pool)
            # A serial number makes every text unique (re-imports dedupe by text hash).
            text = f"{text}\n\n[{n}]"
            doc = {
                "id": f"bench-{n}",
                "title": title,
                "meta": {"source": "bench", "n": n},
                "text": text,
                "spans": make_spans(rng, text),
            }
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            size += len(text)
            fh.write(line)
    return size // max(count, 1)


def head(src: Path, dst: Path, count: int) -> None:
    with src.open("rb") as fin, dst.open("wb") as fout:
        for n, line in enumerate(fin):
            if n >= count:
                break
            fout.write(line)


# ---------------------------------------------------------------- the two contenders
def _cpu() -> float:
    """CPU time of this process and of its children that ended (the import's forked reader)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


class Clock:
    """Wall and CPU time of a block. CPU time is the steadier figure on a shared machine."""

    def __enter__(self) -> Clock:
        self.wall0, self.cpu0 = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = _cpu() - self.cpu0


def remove_databases(*paths: Path) -> None:
    """Delete SQLite files with their -wal and -shm companions, so a run starts from nothing."""
    for f in paths:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{f}{suffix}").unlink(missing_ok=True)


def settle() -> None:
    """Write out what earlier runs left in the page cache (hundreds of MiB each), outside the
    timings: otherwise the kernel flushes it during the next run, whichever side that is."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(0.5)


def annotator_import(data: Path, project_path: Path) -> Clock:
    from annotator.core.importing import create_project_from_files

    # as `annotator import` into a new project: the reader forked where that is safe
    with Clock() as clock:
        result = create_project_from_files(project_path, [data], annotator="bench", parallel=True)
    assert result.added > 0 and not result.skipped
    return clock


def annotator_export(project_path: Path, out: Path) -> Clock:
    from annotator.core.exporting import export
    from annotator.core.project import Project

    with Clock() as clock, Project.open(project_path) as project:
        export(project, out, force=True)  # the previous repetition's output is replaced
    return clock


BASELINE_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id TEXT, title TEXT, text TEXT,
                        meta TEXT, status TEXT);
CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id),
                    start INTEGER, "end" INTEGER, label TEXT, text TEXT, annotator TEXT);
CREATE INDEX spans_doc ON spans(document_id);
"""


def baseline_import(data: Path, db_path: Path) -> Clock:
    with Clock() as clock:
        _baseline_import(data, db_path)
    return clock


def _baseline_import(data: Path, db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(BASELINE_SCHEMA)
    conn.execute("BEGIN")
    with data.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            cur = conn.execute(
                "INSERT INTO documents (external_id, title, text, meta, status) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    doc["id"],
                    doc["title"],
                    doc["text"],
                    json.dumps(doc["meta"], ensure_ascii=False),
                    "new",
                ),
            )
            conn.executemany(
                'INSERT INTO spans (document_id, start, "end", label, text, annotator) '
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (cur.lastrowid, s["start"], s["end"], s["label"], s["text"], "bench")
                    for s in doc["spans"]
                ],
            )
    conn.execute("COMMIT")
    conn.close()


def baseline_export(db_path: Path, out: Path) -> Clock:
    with Clock() as clock:
        _baseline_export(db_path, out)
    return clock


def _baseline_export(db_path: Path, out: Path) -> None:
    conn = sqlite3.connect(db_path)
    spans = conn.cursor()
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for doc_id, ext, title, text, meta, status in conn.execute(
            "SELECT id, external_id, title, text, meta, status FROM documents ORDER BY id"
        ):
            rows = spans.execute(
                'SELECT start, "end", label, text, annotator FROM spans '
                'WHERE document_id = ? ORDER BY start, "end", id',
                (doc_id,),
            ).fetchall()
            obj = {
                "id": ext,
                "title": title,
                "text": text,
                "meta": json.loads(meta),
                "status": status,
                "spans": [
                    {"start": s, "end": e, "label": lab, "text": t, "annotator": who}
                    for s, e, lab, t, who in rows
                ],
            }
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    conn.close()


def _has_orjson() -> bool:
    from annotator.core.formats import io as formats_io

    return formats_io.orjson is not None


# ---------------------------------------------------------------- memory
def export_peak_kib(project_path: Path, out: Path) -> int:
    """Peak RSS (KiB) of a fresh process that exports ``project_path``.

    On Linux ``ru_maxrss`` survives fork + exec: a child started from this (large) process
    would report this process's size. The child reads its own high-water mark (VmHWM) instead,
    which starts afresh at exec; ``ru_maxrss`` elsewhere.
    """
    proc = subprocess.run(
        [sys.executable, __file__, "--child-export", str(project_path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout.strip().splitlines()[-1])


def peak_rss_kib() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def child_export(project_path: str, out: str) -> None:
    annotator_export(Path(project_path), Path(out))
    print(peak_rss_kib())


SMALL_SIZES = (2_000, 5_000)


def run_pairs(data: Path, work: Path, repeat: int) -> dict[str, list[Clock]]:
    """``repeat`` repetitions, each a pair run back to back (which side goes first alternates):
    a slow spell of the machine then hits both sides of a pair, and the median of the pairs'
    ratios is the steadiest figure. The best time of each side is printed as well."""
    project = work / "bench.annotator"
    base_db = work / "baseline.sqlite"
    runs: dict[str, list[Clock]] = {k: [] for k in ("a_imp", "b_imp", "a_exp", "b_exp")}
    for rep in range(repeat):
        remove_databases(project, base_db)
        imports = [
            ("b_imp", lambda: baseline_import(data, base_db)),
            ("a_imp", lambda: annotator_import(data, project)),
        ]
        exports = [
            ("b_exp", lambda: baseline_export(base_db, work / "baseline.jsonl")),
            ("a_exp", lambda: annotator_export(project, work / "export.jsonl")),
        ]
        for pair in (imports, exports):
            for key, run in pair if rep % 2 == 0 else reversed(pair):
                settle()
                runs[key].append(run())
    return runs


def print_table(runs: dict[str, list[Clock]], repeat: int, count: int) -> None:
    best = {k: (min(c.wall for c in v), min(c.cpu for c in v)) for k, v in runs.items()}
    print(
        f"{repeat} repetitions; baseline = sqlite3 + stdlib json, annotator = "
        f"{'orjson' if _has_orjson() else 'stdlib json'}"
    )
    print(
        f"{'':8}{'annotator':>11}{'baseline':>11}{'ratio':>7}{'median':>8}   "
        f"{'annotator':>11}{'baseline':>11}{'ratio':>7}{'median':>8}  (goal <= 1.5)"
    )
    print(
        f"{'':8}{'best wall':>11}{'best wall':>11}{'':>7}{'of pairs':>8}   "
        f"{'best CPU':>11}{'best CPU':>11}{'':>7}{'of pairs':>8}"
    )
    for name in ("import", "export"):
        a, b = runs[f"a_{name[:3]}"], runs[f"b_{name[:3]}"]
        (aw, ac), (bw, bc) = best[f"a_{name[:3]}"], best[f"b_{name[:3]}"]
        mw = statistics.median(x.wall / y.wall for x, y in zip(a, b, strict=True))
        mc = statistics.median(x.cpu / y.cpu for x, y in zip(a, b, strict=True))
        print(
            f"{name:8}{aw:>10.2f}s{bw:>10.2f}s{aw / bw:>7.2f}{mw:>8.2f}   "
            f"{ac:>10.2f}s{bc:>10.2f}s{ac / bc:>7.2f}{mc:>8.2f}"
        )
        if repeat > 1:
            pairs = "  ".join(f"{x.wall / y.wall:.2f}" for x, y in zip(a, b, strict=True))
            print(f"{'':8}wall ratio of each pair: {pairs}")
    print(
        f"import: annotator {count / best['a_imp'][0]:,.0f} documents/s, "
        f"baseline {count / best['b_imp'][0]:,.0f} documents/s (wall)"
    )


# ---------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=50_000, help="number of articles (default 50000)")
    ap.add_argument("--quick", action="store_true", help="2,000 articles")
    ap.add_argument("--workdir", type=Path, help="where to put the data (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--skip-memory", action="store_true", help="timings only")
    ap.add_argument(
        "--repeat", type=int, help="repetitions, run in pairs (default 5; 3 with --quick)"
    )
    ap.add_argument("--child-export", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_export:
        child_export(*args.child_export)
        return 0
    count = 2_000 if args.quick else args.docs
    if args.repeat is None:
        args.repeat = 3 if args.quick else 5
    work = args.workdir or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = work / "articles.jsonl"
        t = time.perf_counter()
        avg = generate(data, count)
        mib = data.stat().st_size / 2**20
        print(
            f"data: {count:,} articles, {avg:,} characters and {SPANS_PER_DOC} spans each, "
            f"{mib:,.0f} MiB JSONL (generated in {time.perf_counter() - t:.1f} s)"
        )
        project = work / "bench.annotator"  # run_pairs' project; the memory part exports it
        # Warm the page cache and imports so neither side pays for the other's first read.
        data.read_bytes()
        import annotator.core.exporting
        import annotator.core.importing  # noqa: F401

        # An untimed warm-up of both sides on 2,000 articles: the first run in a process pays
        # for growing its heap and for first-use paths (measured: the first pair was the slowest).
        warm = work / "warm.jsonl"
        head(data, warm, 2_000)
        remove_databases(work / "warm.annotator", work / "warm.sqlite")
        baseline_import(warm, work / "warm.sqlite")
        annotator_import(warm, work / "warm.annotator")
        baseline_export(work / "warm.sqlite", work / "warm-baseline.jsonl")
        annotator_export(work / "warm.annotator", work / "warm-export.jsonl")

        # The sizes a user imports most days first (issue 15), then the full size.
        for n in [k for k in SMALL_SIZES if k < count]:
            small = work / f"articles-{n}.jsonl"
            head(data, small, n)
            runs = run_pairs(small, work, args.repeat)
            print(f"{n:,} articles:")
            print_table(runs, args.repeat, n)
        runs = run_pairs(data, work, args.repeat)
        print(f"{count:,} articles:")
        print_table(runs, args.repeat, count)

        if not args.skip_memory:
            small_n = max(count // 5, 1)
            small_data = work / "articles-small.jsonl"
            head(data, small_data, small_n)
            small_project = work / "bench-small.annotator"
            small_project.unlink(missing_ok=True)
            annotator_import(small_data, small_project)
            big = export_peak_kib(project, work / "mem-big.jsonl")
            small = export_peak_kib(small_project, work / "mem-small.jsonl")
            print(
                f"export peak memory: {count:,} documents {big / 1024:.1f} MiB, "
                f"{small_n:,} documents {small / 1024:.1f} MiB, ratio {big / small:.2f} "
                "(goal <= 1.2)"
            )
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
