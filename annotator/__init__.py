"""annotator: span annotation of Arabic news articles."""

from __future__ import annotations


def _installed_version() -> str | None:
    """The Version line of the installed METADATA, read directly: importlib.metadata imports
    the email package, ~20 ms of the start-up of every command that records the version
    (creating a project, exporting with its dataset card: bench/bench_cli.py)."""
    import glob
    import os
    import sys

    for entry in sys.path:
        pattern = os.path.join(glob.escape(entry or "."), "annotator-*.dist-info", "METADATA")
        for meta in sorted(glob.glob(pattern)):
            try:
                with open(meta, encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():  # end of the headers
                            break
            except OSError:
                continue
    return None


def __getattr__(name: str) -> str:
    # Resolved on first use: only --version, project creation, dataset cards, the selftest and
    # error reports need it, and the other commands start faster without.
    if name != "__version__":
        raise AttributeError(f"module 'annotator' has no attribute {name!r}")
    value = _installed_version()
    if value is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("annotator")
        except PackageNotFoundError:  # running from a source tree without an install
            value = "0.1.0"
    globals()["__version__"] = value
    return value
