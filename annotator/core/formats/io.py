"""Reading and writing helpers every format module shares: refusing a record, streaming JSON
lines, writing UTF-8 text to a file or standard output.

This module imports nothing else from the formats package, so any format module (and the
package itself) can use it without an import cycle.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeGuard

from ..errors import InputError
from ..text import UTF8_BOM, decode_line

try:  # 2-3x faster parsing and 5x faster writing of large JSONL files; json is the fallback
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; keep working without it
    orjson = None  # type: ignore[assignment]  # an optional speed-up: callers test for None

OnError = Callable[[InputError], None]

# Deepest JSON nesting accepted in a record. Real records nest a few levels (meta, spans); a
# line of 100,000 brackets would otherwise exhaust Python's recursion limit when parsed or
# stored, and a value deeper than orjson's 1,024 falls back to the slower standard library.
MAX_JSON_DEPTH = 100
_DEPTH_MESSAGE = f"JSON nested more than {MAX_JSON_DEPTH} levels deep (the limit)"
_BIG_NUMBER = "a number of more than 4,300 digits (the limit)"

# Compact, like orjson, so a file is written the same way whichever library wrote a line.
_json_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# ---------------------------------------------------------------------------------------------
# Refusing input


def reject(err: InputError, on_error: OnError | None) -> None:
    """Raise ``err``, or hand it to ``on_error`` so the reader can skip the record."""
    if on_error is None:
        raise err
    on_error(err)


def utf16_error(start: bytes, source: str) -> InputError | None:
    """A clear refusal for UTF-16 files (Excel's "Unicode text"), which would otherwise be
    refused as binary for their NUL bytes."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(source, 1, "the file is UTF-16 text; save it as UTF-8 and import again")
    return None


def is_int(value: Any) -> TypeGuard[int]:
    """An integer offset: bool is an int subclass in Python, but never an offset."""
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------------------------------------
# JSON lines


def dumps(value: Any) -> str:
    """One JSON line (no newline): UTF-8 text as is, compact separators."""
    if orjson is not None:
        try:
            return orjson.dumps(value).decode("utf-8")
        except (orjson.JSONEncodeError, UnicodeDecodeError):
            pass  # integers beyond 64 bits and the like: the standard library takes them
    return _json_dumps(value)


def dumps_line(value: Any) -> bytes:
    """``dumps`` and a newline, as UTF-8: what a JSON lines writer puts in a binary file."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError:
            pass  # integers beyond 64 bits and the like: the standard library takes them
    return (_json_dumps(value) + "\n").encode("utf-8")


class _TooDeep(ValueError):
    """JSON nested beyond MAX_JSON_DEPTH, or a number too long to convert."""


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a parsed JSON value nests more than ``limit`` levels (without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def loads_json(text: str) -> Any:
    """``json.loads`` that refuses deep nesting and huge numbers with ``_TooDeep`` (a
    ValueError with a message for the user) instead of RecursionError or ValueError."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _TooDeep(_DEPTH_MESSAGE) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # int("1" * 5000): Python's integer conversion limit
        if "digits" in str(exc):
            raise _TooDeep(_BIG_NUMBER) from None
        raise
    if too_deep(value):
        raise _TooDeep(_DEPTH_MESSAGE)
    return value


def json_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def open_input(path: Path, on_error: OnError | None = None) -> BinaryIO | None:
    """``path`` opened for reading bytes, or None after rejecting it with the reason."""
    try:
        # 1 MiB: reading a large file line by line with the default 8 KiB buffer took a tenth
        # of an import's reading time (bench/bench_cli.py)
        return open(path, "rb", buffering=1 << 20)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        reject(InputError(str(path), None, reason), on_error)
        return None


def iter_json_lines(path: Path, on_error: OnError | None = None) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed value)`` for each non-blank line, streaming the file.

    Invalid UTF-8 and bad JSON are reported with their line; a file with NUL bytes is refused
    whole (it is not text), even when skipping invalid records.
    """
    source = str(path)
    fh = open_input(path, on_error)
    if fh is None:
        return
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1:
                if raw.startswith(UTF8_BOM):
                    raw = raw[len(UTF8_BOM) :]
                wide = utf16_error(raw, source)
                if wide is not None:
                    reject(wide, on_error)
                    return
            if b"\x00" in raw:
                reject(InputError(source, lineno, "not a text file (contains NUL bytes)"), on_error)
                return
            if not raw or raw.isspace():
                continue
            # Only a line with that many brackets can nest that deep: a cheap count first.
            deep = raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH
            if orjson is not None:
                try:
                    value = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    # Let the standard library decide: it gives the messages users see, and
                    # accepts what orjson refuses (NaN, lone surrogate escapes: these are then
                    # refused by the text checks with a clearer message).
                    pass
                else:  # (the yield outside the try: closing the generator there is not an error)
                    if deep and too_deep(value):
                        reject(InputError(source, lineno, _DEPTH_MESSAGE), on_error)
                    else:
                        yield lineno, value
                    continue
            try:
                line = decode_line(raw, source, lineno)
            except InputError as err:
                reject(err, on_error)
                continue
            if not line.strip():
                continue
            try:
                value = loads_json(line)
            except _TooDeep as exc:
                reject(InputError(source, lineno, str(exc)), on_error)
                continue
            except json.JSONDecodeError as exc:
                # Past the end of the line means "the line ended too soon": say so at its end.
                column = min(exc.pos, len(line.rstrip("\r\n"))) + 1
                reason = f"bad JSON: {exc.msg} (column {column})"
                if (
                    lineno == 1
                    and line.lstrip()[:1] in ("[", "{")
                    and exc.pos >= len(line.rstrip())
                ):
                    # A pretty-printed JSON document: the commonest mix-up with JSON lines.
                    reason += "; JSON lines needs one whole document per line"
                reject(InputError(source, lineno, reason), on_error)
                if lineno == 1 and "JSON lines" in reason:
                    return  # every following line would fail the same way
                continue
            yield lineno, value


def iter_json_objects(
    path: Path, on_error: OnError | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``iter_json_lines`` for formats whose every line is one object: any other value is
    refused with its line."""
    source = str(path)
    for lineno, value in iter_json_lines(path, on_error):
        if isinstance(value, dict):
            yield lineno, value
        else:
            reject(
                InputError(source, lineno, f"expected a JSON object, got {type(value).__name__}"),
                on_error,
            )


# ---------------------------------------------------------------------------------------------
# Output


class _StdoutText(io.TextIOWrapper):
    """UTF-8, LF-only text over stdout's bytes that leaves stdout open when closed."""

    _detached = False

    def close(self) -> None:
        if not self._detached:
            self._detached = True
            self.flush()
            self.detach()


def open_output(output: Path) -> contextlib.AbstractContextManager[TextIO]:
    """``output`` for writing UTF-8 with LF line ends (in a ``with``); ``-`` is standard output."""
    if str(output) == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream (captured output): it already takes str
            return contextlib.nullcontext(sys.stdout)
        sys.stdout.flush()
        return _StdoutText(buffer, encoding="utf-8", newline="\n")
    return open(output, "w", encoding="utf-8", newline="\n")


@contextlib.contextmanager
def open_text_output(output: Path) -> Iterator[TextIO]:
    """``open_output``, creating the output's folder first (a file of a split export)."""
    if str(output) != "-":
        output.parent.mkdir(parents=True, exist_ok=True)
    with open_output(output) as fh:
        yield fh
