"""The ``annotator`` command as a user meets it (issue 15): process start included, against a bare
``sqlite3`` + ``json`` script doing the same work in the same run.

    python bench/bench_cli.py                      # all three parts (about 10 minutes)
    python bench/bench_cli.py --part startup       # one-document import and export
    python bench/bench_cli.py --part sizes --sizes 2000,5000
    python bench/bench_cli.py --part search --search-docs 100000 --workdir /tmp/b --keep

Parts (each prints medians of ``--repeat`` runs, ratios against the baseline of the same run, and
the median of the ratios of back-to-back pairs, whose order alternates):
- startup: ``annotator import`` of a one-document JSONL into a new project, and ``annotator
  export`` of it, against bare scripts doing the same (goal 1: at most 4x). ``python -c pass``
  and ``annotator --version`` are printed for reference.
- sizes: the same at 2,000 and 5,000 seed-built articles with 20 spans each (goal 2: at most
  1.5x, stretch 1.2x). The peers' figures in README were measured on this file shape.
- search: a project of ``--search-docs`` articles (100,000) with every tenth one done (the rest
  in progress). Builds the search copies and then the trigram index (build times, file growth),
  then ``annotator list --search Q`` against ``annotator list --status done`` (a tenth of the
  documents) and ``--status in_progress`` (nine tenths), the output of a common word's search
  being that size (goal 4: at most 1.5x), and in process
  the app's first page of a search (``document_ids(search=Q, limit=PAGE)``, goal: 50 ms), with
  and without the index.
Run it with the interpreter of the environment to measure (e.g. one that also has pandas): the
``annotator`` command next to it is the one timed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import generate, head, remove_databases, settle

PAGE = 200  # the document list's first page (annotator.gui.document_list.PAGE)

BARE_IMPORT = '''
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.executescript("""
CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id TEXT, title TEXT, text TEXT,
                        meta TEXT, status TEXT);
CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id),
                    start INTEGER, "end" INTEGER, label TEXT, text TEXT, annotator TEXT);
CREATE INDEX spans_doc ON spans(document_id);
""")
conn.execute("BEGIN")
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        doc = json.loads(line)
        cur = conn.execute(
            "INSERT INTO documents (external_id, title, text, meta, status) VALUES (?, ?, ?, ?, ?)",
            (doc.get("id"), doc.get("title", ""), doc["text"],
             json.dumps(doc.get("meta", {}), ensure_ascii=False), "new"))
        conn.executemany(
            'INSERT INTO spans (document_id, start, "end", label, text, annotator) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(cur.lastrowid, s["start"], s["end"], s["label"], s["text"], "bench")
             for s in doc.get("spans", [])])
conn.execute("COMMIT")
conn.close()
'''

BARE_EXPORT = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
spans = conn.cursor()
with open(sys.argv[2], "w", encoding="utf-8", newline="\\n") as fh:
    for doc_id, ext, title, text, meta, status in conn.execute(
        "SELECT id, external_id, title, text, meta, status FROM documents ORDER BY id"
    ):
        rows = spans.execute(
            'SELECT start, "end", label, text, annotator FROM spans '
            'WHERE document_id = ? ORDER BY start, "end", id', (doc_id,)).fetchall()
        fh.write(json.dumps({
            "id": ext, "title": title, "text": text, "meta": json.loads(meta),
            "status": status,
            "spans": [{"start": s, "end": e, "label": lab, "text": t, "annotator": who}
                      for s, e, lab, t, who in rows],
        }, ensure_ascii=False) + "\\n")
conn.close()
"""

# search queries: (label, query) — every seed-built article draws on one seed's vocabulary, so a
# seed word is in most documents; the serial number is in one; the last is in none
QUERIES = [
    ("common word", "صواريخ"),
    ("two words", "قاعدة التاجي"),
    ("one document", "12345"),
    ("no document", "مدرسه"),
]


def annotator_cmd() -> list[str]:
    script = Path(sys.executable).with_name("annotator")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())"]


# Children may write bytecode caches: an installed copy has them (pip compiles at install, the
# frozen build ships them), and a run compiling every module from source measures the compiler.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV
    )
    return time.perf_counter() - t


def pairs(
    a: Callable[[], float], b: Callable[[], float], repeat: int, before: Callable[[], None]
) -> tuple[list[float], list[float]]:
    """``repeat`` back-to-back runs of a and b, order alternating; ``before`` runs (untimed)
    before each side."""
    ta: list[float] = []
    tb: list[float] = []
    for rep in range(repeat):
        order = [(a, ta), (b, tb)] if rep % 2 == 0 else [(b, tb), (a, ta)]
        for fn, out in order:
            before()
            out.append(fn())
    return ta, tb


def report(name: str, ta: list[float], tb: list[float], goal: str) -> float:
    ma, mb = statistics.median(ta), statistics.median(tb)
    mp = statistics.median(x / y for x, y in zip(ta, tb, strict=True))
    print(
        f"  {name:34} annotator {ma:7.3f} s  baseline {mb:7.3f} s  ratio of medians "
        f"{ma / mb:5.2f}  median of pairs {mp:5.2f}  best {min(ta) / min(tb):5.2f}  ({goal})"
    )
    return ma / mb


# ---------------------------------------------------------------- parts
def part_startup(work: Path, repeat: int) -> None:
    cli = annotator_cmd()
    one = work / "one.jsonl"
    head(work / "articles.jsonl", one, 1)
    bare_imp, bare_exp = work / "bare_import.py", work / "bare_export.py"
    project, db = work / "one.annotator", work / "one.sqlite"
    py = sys.executable

    def clean() -> None:
        remove_databases(project, db)

    print(f"start-up: one document, {repeat} runs each ({' '.join(cli)})")
    # untimed: fills the bytecode caches of both sides
    clean()
    timed([*cli, "import", "-p", str(project), str(one)])
    timed([*cli, "export", "-p", str(project), "-o", str(work / "one-out.jsonl"), "--force"])
    floor = statistics.median(timed([py, "-c", "pass"]) for _ in range(repeat))
    version = statistics.median(timed([*cli, "--version"]) for _ in range(repeat))
    print(f"  python -c pass {floor:.3f} s; annotator --version {version:.3f} s (medians)")

    ta, tb = pairs(
        lambda: timed([*cli, "import", "-p", str(project), str(one)]),
        lambda: timed([py, str(bare_imp), str(one), str(db)]),
        repeat,
        clean,
    )
    report("import 1 document (new project)", ta, tb, "goal <= 4")
    clean()  # both sides exported from a fresh import
    timed([*cli, "import", "-p", str(project), str(one)])
    timed([py, str(bare_imp), str(one), str(db)])
    ta, tb = pairs(
        lambda: timed(
            [*cli, "export", "-p", str(project), "-o", str(work / "one-out.jsonl"), "--force"]
        ),
        lambda: timed([py, str(bare_exp), str(db), str(work / "one-bare.jsonl")]),
        repeat,
        lambda: None,
    )
    report("export 1 document", ta, tb, "goal <= 4")


def part_sizes(work: Path, sizes: list[int], repeat: int) -> None:
    cli = annotator_cmd()
    py = sys.executable
    bare_imp, bare_exp = work / "bare_import.py", work / "bare_export.py"
    for n in sizes:
        data = work / f"articles-{n}.jsonl"
        head(work / "articles.jsonl", data, n)
        project, db = work / f"cli-{n}.annotator", work / f"bare-{n}.sqlite"
        print(f"{n:,} articles, 20 spans each, {repeat} pairs (process start included):")
        imports: tuple[list[float], list[float]] = ([], [])
        exports: tuple[list[float], list[float]] = ([], [])
        commands = [
            (
                [*cli, "import", "-p", str(project), str(data)],
                [py, str(bare_imp), str(data), str(db)],
                imports,
            ),
            (
                [*cli, "export", "-p", str(project), "-o", str(work / "o.jsonl"), "--force"],
                [py, str(bare_exp), str(db), str(work / "b.jsonl")],
                exports,
            ),
        ]
        for rep in range(repeat):
            remove_databases(project, db)
            for ours, bare, (ta, tb) in commands:
                sides = [(ours, ta), (bare, tb)]
                for cmd, out in sides if rep % 2 == 0 else reversed(sides):
                    settle()
                    out.append(timed(cmd))
        report(f"import {n:,}", *imports, "goal <= 1.5, stretch 1.2")
        report(f"export {n:,}", *exports, "goal <= 1.5, stretch 1.2")


def _fts_bytes(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'documents_fts%'"
        ).fetchone()
        return int(row[0])
    except sqlite3.OperationalError:  # SQLite without dbstat
        return 0
    finally:
        conn.close()


def _size(path: Path) -> int:
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )


def part_search(work: Path, count: int, repeat: int, reuse: bool) -> None:

    project = work / f"search-{count}.annotator"
    if reuse and project.exists():
        print(f"search over {count:,} articles (the project of an earlier run)")
    else:
        build_search_project(work, count, project)
    query_search_project(project, count, repeat)


def build_search_project(work: Path, count: int, project: Path) -> None:
    import annotator.core.project.search as search_module
    from annotator.core.project import Project

    cli = annotator_cmd()
    data = work / f"articles-{count}.jsonl"
    head(work / "articles.jsonl", data, count)
    remove_databases(project)
    t = time.perf_counter()
    subprocess.run(
        [*cli, "import", "-p", str(project), str(data)], check=True, stdout=subprocess.DEVNULL
    )
    print(
        f"search over {count:,} articles (imported through the CLI in "
        f"{time.perf_counter() - t:.1f} s)"
    )
    conn = sqlite3.connect(project)
    with conn:  # every tenth document done: what `list --status done` lists
        conn.execute("UPDATE documents SET status = 'done' WHERE id % 10 = 0")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size0 = _size(project)

    # the search copies alone (as before the index), then the index from them
    real = search_module.FTS_TOKENIZER
    search_module.FTS_TOKENIZER = "no_such_tokenizer"
    with Project.open(project) as p:
        t = time.perf_counter()
        p.build_search_index(batch=256)
        copies_s = time.perf_counter() - t
    search_module.FTS_TOKENIZER = real
    size1 = _size(project)
    with Project.open(project) as p:
        t = time.perf_counter()
        p.build_search_index(batch=256)
        fts_s = time.perf_counter() - t
        assert p.unindexed_count() == 0 and p.fts_available()
        p._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size2 = _size(project)
    mib = 2**20
    print(
        f"  build: search copies {copies_s:.1f} s, trigram index {fts_s:.1f} s "
        f"({count / fts_s:,.0f} documents/s)"
    )
    print(
        f"  file: {size0 / mib:,.0f} MiB imported, {size1 / mib:,.0f} MiB with the copies, "
        f"{size2 / mib:,.0f} MiB with the index (+{(size2 - size1) / mib:,.0f} MiB, "
        f"+{(size2 - size1) / size1:.0%}; index pages {_fts_bytes(project) / mib:,.0f} MiB)"
    )


def query_search_project(project: Path, count: int, repeat: int) -> None:
    from annotator.core.project import Project

    cli = annotator_cmd()
    listings = {
        status: [*cli, "list", "-p", str(project), "--status", status]
        for status in ("done", "in_progress")
    }
    print(
        f"  CLI, {repeat} rounds: `list --search Q` against `list --status done` "
        f"({count // 10:,} documents) and `--status in_progress` ({count - count // 10:,}), "
        "order rotating; medians and ratios of medians (goal <= 1.5)"
    )
    for label, query in QUERIES:
        with Project.open(project) as p:
            n = len(p.document_ids(search=query))
        search = [*cli, "list", "-p", str(project), "--search", query]
        runs: list[tuple[list[str], list[float]]] = [
            (search, []),
            (listings["done"], []),
            (listings["in_progress"], []),
        ]
        for rep in range(repeat):
            for cmd, out in runs[rep % 3 :] + runs[: rep % 3]:
                out.append(timed(cmd))
        ms_, md, mi = (statistics.median(out) for _, out in runs)
        print(
            f"    {label:14} ({n:>6,} found) {ms_:6.2f} s; done {md:5.2f} s, "
            f"ratio {ms_ / md:5.2f}; in_progress {mi:5.2f} s, ratio {ms_ / mi:5.2f}"
        )

    print(
        f"  in process (the app's document list), median of {repeat}: first page of "
        f"{PAGE} / all ids, with the index and scanning"
    )
    with Project.open(project) as p, Project.open(project) as scan:
        scan._fts_state = False  # as where SQLite has no trigram tokenizer
        for label, query in QUERIES:
            row = []
            for proj in (p, scan):
                for limit in (PAGE, None):
                    times = []
                    for _ in range(repeat):
                        t = time.perf_counter()
                        proj.document_ids(search=query, limit=limit)
                        times.append(time.perf_counter() - t)
                    row.append(statistics.median(times) * 1000)
            print(
                f"    {label:14} index: page {row[0]:7.1f} ms, all {row[1]:7.1f} ms;  "
                f"scan: page {row[2]:7.1f} ms, all {row[3]:7.1f} ms  (goal: page <= 50 ms)"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--part", action="append", choices=["startup", "sizes", "search"])
    ap.add_argument("--sizes", default="2000,5000", help="article counts for 'sizes'")
    ap.add_argument("--search-docs", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument(
        "--reuse", action="store_true", help="search: reuse the project in --workdir if built"
    )
    args = ap.parse_args()
    parts = args.part or ["startup", "sizes", "search"]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="annotator-bench-cli-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        biggest = max(
            [1, *(sizes if "sizes" in parts else [])]
            + ([args.search_docs] if "search" in parts else [])
        )
        data = work / "articles.jsonl"
        if not data.exists() or sum(1 for _ in data.open("rb")) < biggest:
            t = time.perf_counter()
            generate(data, biggest)
            print(f"data: {biggest:,} articles generated in {time.perf_counter() - t:.1f} s")
        (work / "bare_import.py").write_text(BARE_IMPORT, encoding="utf-8")
        (work / "bare_export.py").write_text(BARE_EXPORT, encoding="utf-8")
        has_pandas = (
            subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True).returncode
            == 0
        )
        print(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, pandas installed: "
            f"{'yes' if has_pandas else 'no'}"
        )
        if "startup" in parts:
            part_startup(work, max(args.repeat, 7))
        if "sizes" in parts:
            part_sizes(work, sizes, args.repeat)
        if "search" in parts:
            part_search(work, args.search_docs, args.repeat, args.reuse)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
