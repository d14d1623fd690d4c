"""annotator: span annotation of Arabic news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("annotator")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.1.0"
