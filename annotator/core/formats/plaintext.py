"""Plain text: one file is one document; the title is its first non-empty line (made at import,
by ``text.first_line_title``, the rule of every reader)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..model import DocRecord
from ..text import BOM, decode_bytes
from .io import OnError, reject, utf16_error


def read_txt(path: Path, *, name: str, on_error: OnError | None = None) -> Iterator[DocRecord]:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reject(InputError(source, None, f"cannot read file: {exc.strerror or exc}"), on_error)
        return
    try:
        wide = utf16_error(data[:2], source)
        if wide is not None:
            raise wide
        text = decode_bytes(data, source)
    except InputError as err:
        reject(err, on_error)
        return
    if not text.strip().strip(BOM).strip():
        reject(InputError(source, None, "the file is empty"), on_error)
        return
    yield DocRecord(
        text=text,
        external_id=name,
        title=None,  # the project makes it from the cleaned text
        source=source,
        line=1,
    )
