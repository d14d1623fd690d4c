"""Exports loaded by the real clients: spaCy reads the DocBin, ``datasets`` reads the hf files.

Both libraries are in the ``test`` extra (spaCy also in the ``spacy`` extra), so a missing one fails
here instead of skipping; they load local files only.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest

from annotator.core.exporting import export
from annotator.core.model import DocRecord, SpanRecord
from annotator.core.project import Project

# Everything here is local files: never let a library reach for the network.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import datasets
import spacy

TEXTS = [
    "ثالث هجوم خلال أسبوع على أهداف لواشنطن.. صواريخ تستهدف قاعدة بالعراق 😀\n\n"
    "استهدف هجومٌ صاروخيٌّ، مساء السبت، قاعدة التاجي الجوية  في العراق",
    "قالـــت وزارة الدفاع\r\nإن 🇸🇾 الهجوم «لم يسفر» عن إصابات",
]


def _spans(text: str) -> list[SpanRecord]:
    out = []
    for word, label in [
        ("واشنطن", "PLACE"),  # inside the token لواشنطن: a split is needed
        ("هجوم خلال", "EVENT"),
        ("هجوم", "CLAIM"),  # overlaps EVENT
        ("قاعدة التاجي الجوية  في العراق", "PLACE"),  # two spaces inside
        ("التاجي", "ACTOR"),  # nested in PLACE
        ("وزارة الدفاع", "ACTOR"),
        ("🇸🇾 الهجوم", "EVENT"),
        ("«لم يسفر»", "CLAIM"),
    ]:
        i = text.find(word)
        if i >= 0:
            out.append(SpanRecord(i, i + len(word), label, text[i : i + len(word)]))
    return out


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.annotator", annotator="amal") as p:
        p.import_records([DocRecord(text=t, spans=_spans(t)) for t in TEXTS], source="t")
        yield p


def test_spacy_docbin_read_back_with_spacy(project: Project, tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    report = export(project, tmp_path / "train.spacy", "spacy")
    nlp = spacy.blank("ar")
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab))
    stored = list(project.iter_records())
    assert len(docs) == len(stored) == 2
    total_spans = 0
    for doc, rec in zip(docs, stored, strict=True):
        assert doc.text == rec.text  # words + spaces rebuild the stored text exactly
        got = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"])
        want = sorted((s.start, s.end, s.label) for s in rec.spans)
        assert got == want  # every span present, overlaps included
        for s in doc.spans["sc"]:
            assert s.text == rec.text[s.start_char : s.end_char]
        ents = [(e.start_char, e.end_char) for e in doc.ents]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ents))
        assert set(ents) <= {(s.start, s.end) for s in rec.spans}
        assert doc.user_data["id"] == rec.external_id
        total_spans += len(rec.spans)
    assert report["spans"] == total_spans
    n_ents = sum(len(d.ents) for d in docs)
    assert report["ents"] == n_ents
    assert report["left_out"] == total_spans - n_ents > 0  # the overlaps, counted


def test_spacy_docbin_trains_an_ner_component(project: Project, tmp_path: Path) -> None:
    """The data is usable by spaCy's own training code: Examples align without warnings."""
    from spacy.tokens import DocBin
    from spacy.training import Example

    export(project, tmp_path / "train.spacy", "spacy")
    nlp = spacy.blank("ar")
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab))
    for doc in docs:
        ex = Example(nlp.make_doc(doc.text), doc)
        # entity offsets survive the alignment with spaCy's own tokenization
        gold = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        assert {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents} == gold


def test_hf_export_loads_with_datasets(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "hf"
    report = export(project, out, "hf", split="0.5,0.5", seed=1, unit="document")
    names = json.loads((out / "train.label_list.json").read_text(encoding="utf-8"))
    assert names[:3] == ["O", "B-EVENT", "I-EVENT"]  # the project's label order
    info = json.loads((out / "dataset_info.json").read_text(encoding="utf-8"))
    assert info["features"]["ner_tags"]["feature"]["names"] == names
    ds = datasets.load_dataset(
        "json",
        data_files={"train": str(out / "train.jsonl"), "test": str(out / "test.jsonl")},
        cache_dir=str(tmp_path / "cache"),
    )
    ds = ds.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    assert ds["train"].num_rows + ds["test"].num_rows == 2
    feature = ds["train"].features["ner_tags"]
    stored = {r.external_id: r for r in project.iter_records()}
    written = 0
    for split in ("train", "test"):
        for row in ds[split]:
            rec = stored[row["id"]]
            tags = [names[i] for i in row["ner_tags"]]
            assert len(tags) == len(row["tokens"])
            # tokens are the stored text's characters in order (whitespace left out)
            assert "".join(row["tokens"]) == "".join(rec.text.split())
            written += sum(t.startswith("B-") for t in tags)
            assert feature.feature.names == names
    assert written == sum(r["spans"] for r in report["files"].values())
    all_tokens = [t for split in ("train", "test") for row in ds[split] for t in row["tokens"]]
    assert "واشنطن" in all_tokens and "ل" in all_tokens  # لواشنطن split at the span edge


def test_hf_layer_limits_labels_and_reports_left_out(project: Project, tmp_path: Path) -> None:
    report = export(project, tmp_path / "x.jsonl", "hf", layer="PLACE,ACTOR")
    names = json.loads((tmp_path / "x.label_list.json").read_text(encoding="utf-8"))
    assert names == ["O", "B-PLACE", "I-PLACE", "B-ACTOR", "I-ACTOR"]
    assert report["left_out_reasons"]["label not in --layer"] > 0
    # ACTOR التاجي sits inside PLACE: PLACE wins, listed first in the layer
    assert report["left_out_reasons"]["overlaps a span of higher priority"] == 1
