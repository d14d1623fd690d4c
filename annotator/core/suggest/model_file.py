"""The bytes of a trained model (CRF or spaCy): a magic line, a JSON header with its length
in front, then the library's own weights."""

from __future__ import annotations

import json
import struct
from typing import Any


def pack_model(magic: bytes, header: dict[str, Any], weights: bytes) -> bytes:
    data = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return magic + struct.pack(">I", len(data)) + data + weights


def unpack_model(magic: bytes, data: bytes, kind: str) -> tuple[dict[str, Any], bytes]:
    """(header, weights) of bytes ``pack_model`` wrote with ``magic``; a ValueError naming
    ``kind`` ("CRF", "spaCy") for anything else."""
    if not data.startswith(magic) or len(data) < len(magic) + 4:
        raise ValueError(f"not an annotator {kind} model")
    at = len(magic)
    (size,) = struct.unpack(">I", data[at : at + 4])
    header = json.loads(data[at + 4 : at + 4 + size].decode("utf-8"))
    return header, data[at + 4 + size :]
