"""What the project modules share: names and defaults, clocks, row columns and row decoding."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import AnnotatorError
from ..model import STATUSES, Document, Span
from ..preparing import default_annotator as default_annotator  # where it lived before

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999"]
DEFAULT_LABELS = [
    ("EVENT", "Event", "حدث"),
    ("ACTOR", "Actor", "فاعل"),
    ("PLACE", "Place", "مكان"),
    ("CLAIM", "Claim", "ادعاء"),
]
PROJECT_SUFFIX = ".annotator"
_CHUNK = 500


def _counts_by_document(
    conn: sqlite3.Connection, sql: str, doc_ids: Sequence[int] | None
) -> dict[int, int]:
    """document id -> count of ``sql`` ("SELECT document_id, count(*) FROM ... WHERE ..."):
    every document (None) or those of ``doc_ids``, asked _CHUNK ids at a time; zeros absent."""
    if doc_ids is None:
        return dict(conn.execute(sql + " GROUP BY document_id").fetchall())
    out: dict[int, int] = {}
    ids = list(doc_ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        out.update(
            conn.execute(
                f"{sql} AND document_id IN ({marks}) GROUP BY document_id", chunk
            ).fetchall()
        )
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def _now_ms() -> int:
    """Span timestamps are stored as milliseconds since the epoch (schema 3)."""
    return time.time_ns() // 1_000_000


def _iso_from_ms(ms: int) -> str:
    # timedelta arithmetic is exact; a float division could turn .123 into .122999
    return (_EPOCH + ms * _MS).isoformat(timespec="milliseconds")


def _ms_from_iso(iso: str) -> int:
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MS


def _span(row: Sequence[Any]) -> Span:
    """A Span from a row of _SPAN_COLS: timestamps as ISO 8601 text, like documents'."""
    return Span(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        _iso_from_ms(row[7]),
        _iso_from_ms(row[8]),
    )


def default_project_path() -> Path:
    """The project used when the CLI is given no --project."""
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / (
        "default" + PROJECT_SUFFIX
    )


_SPAN_COLS = 'id, document_id, start, "end", label, text, annotator, created, updated'
_DOC_COLS = (
    "id, external_id, title, text, meta, status, text_hash, created, updated, tokens, "
    "sentence_starts"
)


def _version() -> str:
    from annotator import __version__

    return __version__


def _row_to_document(row: tuple[Any, ...]) -> Document:
    (doc_id, ext, title, text, meta, status, digest, created, updated, tokens, sents) = row
    return Document(
        doc_id,
        ext,
        title,
        text,
        json.loads(meta),
        status,
        digest.hex(),
        created,
        updated,
        [tuple(t) for t in json.loads(tokens)] if tokens else None,
        json.loads(sents) if sents else None,
    )


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise AnnotatorError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
