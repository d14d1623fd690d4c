"""Wall time of ``annotator --selftest``: the frozen bundle against the same code run by Python.

    python bench/bench_selftest.py --frozen dist/annotator/annotator [--python PY] [--runs 3]

Both run offscreen, one after the other, as fresh processes (start-up included: that is what a
user waits for). Prints the median of each and the ratio frozen / source.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE_MAIN = "import sys; from annotator.cli import main; sys.exit(main())"


def run_once(cmd: list[str], result: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "--selftest", "--selftest-output", str(result)],
        env=env,
        # Not the repository root: `python -c` would import the source tree's annotator package,
        # which lacks annotator.resources (it is mapped there only by an install).
        cwd=result.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0 or "SELFTEST OK" not in proc.stdout:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{cmd[0]} --selftest failed (exit {proc.returncode})")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", required=True, type=Path, help="the bundle's executable")
    parser.add_argument("--python", default=sys.executable, help="interpreter with annotator")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    # Absolute (the runs happen in a temporary folder), without resolving the venv's symlink.
    python = os.path.abspath(args.python) if os.sep in args.python else args.python
    variants = {
        "source": [python, "-c", SOURCE_MAIN],
        "frozen": [os.path.abspath(args.frozen)],
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "selftest.txt"
        # Interleaved, so a neighbour's load on the shared machine hits both alike.
        for _ in range(args.runs):
            for name, cmd in variants.items():
                times[name].append(run_once(cmd, result))
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"selftest {name:6s}: median {median[name]:.2f} s  (runs: {runs})")
    print(f"ratio frozen/source: {median['frozen'] / median['source']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
