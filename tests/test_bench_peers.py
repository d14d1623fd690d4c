"""The peers benchmark's conversions (bench/bench_peers.py): what it sends Label Studio and doccano
must be the file's spans exactly, or its export checks would compare the wrong thing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import bench_peers
from bench_core import LABELS, generate


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    path = tmp_path_factory.mktemp("peers") / "articles.jsonl"
    generate(path, 40)
    return bench_peers.read_articles(path)


def test_label_studio_results_are_the_article_slices(articles: list[dict]) -> None:
    tasks = bench_peers.ls_tasks(articles)
    assert len(tasks) == len(articles)
    for article, task in zip(articles, tasks, strict=True):
        text = task["data"]["text"]
        assert text == article["text"] and task["data"]["ext_id"] == article["id"]
        # Label Studio counts UTF-16 units, we count code points: equal only without astral
        # characters, which the seed-built articles must not have
        assert all(ord(c) <= 0xFFFF for c in text)
        (annotation,) = task["annotations"]
        assert len(annotation["result"]) == len(article["spans"]) == 20
        for r in annotation["result"]:
            v = r["value"]
            assert (r["from_name"], r["to_name"], r["type"]) == ("label", "text", "labels")
            assert v["text"] == text[v["start"] : v["end"]] and v["text"].strip() == v["text"]
            assert len(v["labels"]) == 1 and v["labels"][0] in LABELS
    # the export parser reads the same shape back to exactly the file's spans
    assert bench_peers.ls_spans(tasks) == bench_peers.expected_spans(articles)


def test_label_studio_conversion_refuses_astral_characters() -> None:
    article = {"id": "x", "text": "صاروخ 🚀 قاعدة", "spans": []}
    with pytest.raises(ValueError, match="outside the BMP"):
        bench_peers.ls_tasks([article])


def test_doccano_lines_read_back_to_the_file_spans(articles: list[dict]) -> None:
    lines = [json.loads(line) for line in bench_peers.doccano_jsonl(articles).splitlines()]
    assert [d["text"] for d in lines] == [a["text"] for a in articles]
    assert bench_peers.doccano_spans(lines) == bench_peers.expected_spans(articles)
