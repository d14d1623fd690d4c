"""annotator: span annotation of Arabic news articles."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Resolved on first use: importlib.metadata costs every command ~25 ms of start-up
    # (bench/bench_cli.py), and only --version, the selftest and error reports need it.
    if name != "__version__":
        raise AttributeError(f"module 'annotator' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("annotator")
    except PackageNotFoundError:  # running from a source tree without an install
        value = "0.1.0"
    globals()["__version__"] = value
    return value
