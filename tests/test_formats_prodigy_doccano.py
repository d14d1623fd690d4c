"""Prodigy and doccano JSONL: exact fields, hashes, variants, import quirks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core import formats
from annotator.core.errors import InputError
from annotator.core.formats.prodigy import input_hash, task_hash
from annotator.core.model import DocRecord, SpanRecord

TEXT = "هجوم  على لواشنطن 😀\nفي العراق"


def _rec() -> DocRecord:
    w = TEXT.index("واشنطن")
    return DocRecord(
        text=TEXT,
        external_id="a1",
        title="هجوم",
        status="done",
        meta={"source": "وكالة", "text": "collides"},
        spans=[
            SpanRecord(w, w + 6, "PLACE", "واشنطن", "amal"),
            SpanRecord(0, 4, "EVENT", "هجوم", "amal"),
            SpanRecord(0, w + 6, "CLAIM", TEXT[: w + 6], "omar"),
        ],
    )


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_prodigy_task_fields(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    report = formats.write([_rec()], out, "prodigy")
    (task,) = _lines(out)
    assert task["text"] == TEXT
    assert task["answer"] == "accept"
    assert task["meta"] == {
        "id": "a1",
        "title": "هجوم",
        "status": "done",
        "source": "وكالة",
        "text": "collides",
    }
    tokens = task["tokens"]
    # tokens + ws rebuild the text exactly; ids are positions
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == TEXT
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for t in tokens:
        assert TEXT[t["start"] : t["end"]] == t["text"]
    by_label = {s["label"]: s for s in task["spans"]}
    place = by_label["PLACE"]
    assert tokens[place["token_start"]]["text"] == "واشنطن"  # لواشنطن split at the span edge
    assert place["token_start"] == place["token_end"]  # inclusive
    claim = by_label["CLAIM"]
    assert tokens[claim["token_start"]]["start"] == 0
    assert tokens[claim["token_end"]]["end"] == claim["end"]
    assert claim["text"] == TEXT[: claim["end"]]
    assert report["spans"] == 3 and report["left_out"] == 0
    # the double space after هجوم is a whitespace token of its own
    assert any(t["text"] == "  " for t in tokens)


def test_prodigy_hashes_are_deterministic_signed_32_bit(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    formats.write([_rec()], out1, "prodigy")
    formats.write([_rec()], out2, "prodigy")
    (a,), (b,) = _lines(out1), _lines(out2)
    assert a["_input_hash"] == b["_input_hash"] == input_hash(TEXT)
    assert a["_task_hash"] == b["_task_hash"]
    assert -(2**31) <= a["_input_hash"] < 2**31 and -(2**31) <= a["_task_hash"] < 2**31
    # the task hash depends on the spans, the input hash only on the text
    other = _rec()
    other.spans = other.spans[:1]
    formats.write([other], out2, "prodigy")
    (c,) = _lines(out2)
    assert c["_input_hash"] == a["_input_hash"] and c["_task_hash"] != a["_task_hash"]
    assert task_hash(1, [(0, 1, "X")]) == task_hash(1, [(0, 1, "X")])


def test_prodigy_import_skips_rejects_and_uses_token_indices(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    tokens = [
        {"text": "في", "start": 0, "end": 2, "id": 0},
        {"text": "حلب", "start": 3, "end": 6, "id": 1},
    ]
    src.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in [
                {
                    "text": "في حلب",
                    "tokens": tokens,
                    "spans": [{"token_start": 1, "token_end": 1, "label": "LOC"}],
                    "meta": {"id": 7, "source": "x"},
                    "_annotator_id": "ds-amal",
                },
                {"text": "لا", "answer": "reject"},
                {"text": "كلا", "answer": "ignore"},
            ]
        ),
        encoding="utf-8",
    )
    warnings: list[str] = []
    (rec,) = formats.read(src, "prodigy", warn=warnings.append)
    assert rec.external_id == "7" and rec.meta == {"source": "x"}
    assert [(s.start, s.end, s.label, s.annotator) for s in rec.spans] == [(3, 6, "LOC", "ds-amal")]
    assert warnings == [f"{src}: 2 task(s) answered reject or ignore were not imported"]


def test_prodigy_bad_lines_name_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "أ"}\n{"text": "ب", "spans": [{"start": 0}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.jsonl:2: span 1 has no label"):
        list(formats.read(src, "prodigy"))
    src.write_text('{"text": "أ"}\n{nope\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.jsonl:2: bad JSON"):
        list(formats.read(src, "prodigy"))


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "hf"])
def test_json_line_formats_name_the_bad_line(tmp_path: Path, fmt: str) -> None:
    """The JSON-lines formats share one line reader: the same refusals, with the line."""
    good = {"text": "أ"} if fmt != "hf" else {"tokens": ["أ"], "ner_tags": ["O"]}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(good) + '\n["a list"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.jsonl:2: expected a JSON object, got list"):
        list(formats.read(src, fmt))
    src.write_bytes(json.dumps(good).encode() + b'\n{"text": "\xff"}\n')
    with pytest.raises(InputError, match=r"in\.jsonl:2: invalid UTF-8 \(byte 0xFF"):
        list(formats.read(src, fmt))
    errors: list[InputError] = []
    assert len(list(formats.read(src, fmt, on_error=errors.append))) == 1
    assert [e.line for e in errors] == [2]


def test_doccano_label_variant(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    formats.write([_rec()], out, "doccano")
    (obj,) = _lines(out)
    assert obj["id"] == "a1" and obj["text"] == TEXT
    assert sorted(obj["label"]) == sorted([[s.start, s.end, s.label] for s in _rec().spans])
    assert obj["source"] == "وكالة" and obj["meta.text"] == "collides"  # metadata fields
    assert "entities" not in obj
    (back,) = formats.read(out, "doccano")
    assert back.meta == {"source": "وكالة", "text": "collides"}
    assert back.status == "done" and back.title == "هجوم"


def test_doccano_entities_variant(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    formats.write([_rec()], out, "doccano", doccano_entities=True)
    (obj,) = _lines(out)
    assert "label" not in obj and obj["relations"] == []
    assert obj["entities"][0] == {
        "id": 1,
        "label": "PLACE",
        "start_offset": TEXT.index("واشنطن"),
        "end_offset": TEXT.index("واشنطن") + 6,
    }
    (back,) = formats.read(out, "doccano")
    assert sorted((s.start, s.end, s.label) for s in back.spans) == sorted(
        (s.start, s.end, s.label) for s in _rec().spans
    )


def test_doccano_import_detects_variants_per_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"text": "في حلب", "label": [[3, 6, "LOC"]]},
        {
            "id": 9,
            "text": "في حلب اليوم",
            "entities": [{"id": 1, "label": "LOC", "start_offset": 3, "end_offset": 6}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 1, "type": "x"}],
        },
        {"data": "نص قديم", "labels": [[0, 2, "X"]]},
        {"text": "خبر رياضي", "label": ["sports", "news"]},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    warnings: list[str] = []
    recs = list(formats.read(src, "doccano", warn=warnings.append))
    assert [(r.external_id, [(s.start, s.end, s.label) for s in r.spans]) for r in recs] == [
        ("in.jsonl:1", [(3, 6, "LOC")]),
        ("9", [(3, 6, "LOC")]),
        ("in.jsonl:3", [(0, 2, "X")]),
        ("in.jsonl:4", []),
    ]
    assert recs[3].meta == {"categories": ["sports", "news"]}
    # relations of the entities variant come in, between the entities' ids
    assert [(r.head, r.tail, r.type, r.id) for r in recs[1].relations] == [("1", "1", "x", "1")]
    assert any("document categories" in w for w in warnings)


def test_doccano_bad_triple_names_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "أب", "label": [[0, "2", "X"]]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.jsonl:1: label 1 is not \[start, end"):
        list(formats.read(src, "doccano"))


def test_map_renames_labels_on_import_and_reports_unmapped(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"text": "في حلب مع علي", "label": [[3, 6, "LOC"], [10, 13, "PERS"], [0, 2, "MISC"]]}\n',
        encoding="utf-8",
    )
    warnings: list[str] = []
    (rec,) = formats.read(src, "doccano", warn=warnings.append, label_map="PERS=ACTOR,LOC=PLACE")
    assert [s.label for s in rec.spans] == ["PLACE", "ACTOR", "MISC"]
    assert warnings == ["label 'MISC' is not in --map; imported as it is"]
    with pytest.raises(Exception, match="not FOREIGN=LABEL"):
        list(formats.read(src, "doccano", label_map="PERS"))
