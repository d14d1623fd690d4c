"""Dataset card written beside every export: ``README.md`` (for people, with the YAML header the
Hugging Face Hub reads) and ``dataset_info.json`` (for scripts).

It records what a training run needs to know about the data: documents and spans per label and
per split, what each writer had to leave out (BIO overlaps), who annotated, when, with which
version of annotator, and what every label means (its English and Arabic names).

Counting happens while the records stream to the writer (``DatasetStats.track``), so the card
costs no second pass over the project.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .model import DocRecord, Label

CARD_NAME = "README.md"
INFO_NAME = "dataset_info.json"


@dataclass(slots=True)
class SplitStats:
    documents: int = 0
    documents_with_spans: int = 0
    spans: int = 0
    tokens_in_spans: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    annotators: Counter[str] = field(default_factory=Counter)


class DatasetStats:
    """Counts per split, gathered while records pass to a writer."""

    def __init__(self) -> None:
        self.splits: dict[str, SplitStats] = {}

    def track(self, split: str, records: Iterable[DocRecord]) -> Iterator[DocRecord]:
        st = self.splits.setdefault(split, SplitStats())
        # Counter.update counts an iterable in C: a span costs a list item, not three += in Python
        by_label, annotators = st.by_label.update, st.annotators.update
        for rec in records:
            st.documents += 1
            if rec.status:
                st.by_status[rec.status] += 1
            spans = rec.spans
            if spans:
                st.documents_with_spans += 1
                st.spans += len(spans)
                by_label([sp.label for sp in spans])
                annotators([sp.annotator for sp in spans if sp.annotator])
            yield rec

    def annotators(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for st in self.splits.values():
            total.update(st.annotators)
        return total


def card_paths(output: Path, split: bool) -> tuple[Path, Path]:
    """Where the card goes: inside the export folder for a split, else ``<file>.README.md`` and
    ``<file>.dataset_info.json`` beside the file (never over someone else's ``README.md``)."""
    if split:
        return output / CARD_NAME, output / INFO_NAME
    return output.with_name(f"{output.name}.{CARD_NAME}"), output.with_name(
        f"{output.name}.{INFO_NAME}"
    )


def _hf_features(label_list: Sequence[str]) -> dict[str, Any]:
    return {
        "id": {"dtype": "string", "_type": "Value"},
        "tokens": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
        "ner_tags": {
            "feature": {"names": list(label_list), "_type": "ClassLabel"},
            "_type": "Sequence",
        },
    }


def build_info(
    stats: DatasetStats,
    *,
    fmt: str,
    labels: Sequence[Label],
    reports: Mapping[str, Mapping[str, Any]],
    files: Mapping[str, str],
    version: str,
    created: str | None = None,
    filters: Mapping[str, Any] | None = None,
    project: str | None = None,
) -> dict[str, Any]:
    """The ``dataset_info.json`` content (also what README.md is written from)."""
    created = created or datetime.now(UTC).isoformat(timespec="seconds")
    splits: dict[str, Any] = {}
    for name, st in stats.splits.items():
        rep = reports.get(name, {})
        splits[name] = {
            # names only: a card is shared, and a path would name the user's home folder
            "file": Path(files[name]).name if files.get(name) else None,
            "documents": st.documents,
            "documents_with_spans": st.documents_with_spans,
            "spans": st.spans,
            "spans_written": rep.get("spans", st.spans),
            "spans_left_out": rep.get("left_out", 0),
            "left_out_reasons": dict(rep.get("left_out_reasons", {})),
            "by_label": dict(sorted(st.by_label.items())),
            "by_status": dict(sorted(st.by_status.items())),
        }
    used: set[str] = set()
    for st in stats.splits.values():
        used.update(st.by_label)
    label_defs = [
        {
            "name": lab.name,
            "name_en": lab.name_en,
            "name_ar": lab.name_ar,
            "color": lab.color,
        }
        for lab in labels
    ]
    known = {lab.name for lab in labels}
    label_defs += [
        {"name": n, "name_en": "", "name_ar": "", "color": ""} for n in sorted(used - known)
    ]
    info: dict[str, Any] = {
        "tool": "annotator",
        "tool_version": version,
        "created": created,
        "format": fmt,
        "project": Path(project).name if project else None,
        "filters": dict(filters or {}),
        "offsets": "Unicode code points into the stored text, end exclusive",
        "labels": label_defs,
        "annotators": dict(sorted(stats.annotators().items())),
        "splits": splits,
    }
    label_list = next((r.get("label_list") for r in reports.values() if r.get("label_list")), None)
    if label_list:
        info["features"] = _hf_features(label_list)
    return info


def _yaml_features(info: Mapping[str, Any]) -> list[str]:
    """The Hub's ``dataset_info`` and ``configs`` YAML for an hf export: ``load_dataset`` on
    the folder then gives ``ner_tags`` as ``ClassLabel`` names with no cast, and reads only the
    data files (not the label lists or dataset_info.json beside them)."""
    if not info.get("features"):
        return []
    names = info["features"]["ner_tags"]["feature"]["names"]
    lines = [
        "dataset_info:",
        "  features:",
        "  - name: id",
        "    dtype: string",
        "  - name: tokens",
        "    sequence: string",
        "  - name: ner_tags",
        "    sequence:",
        "      class_label:",
        "        names:",
    ]
    # JSON strings are YAML double-quoted scalars: a label may hold any character.
    lines += [f"          '{i}': {json.dumps(n, ensure_ascii=False)}" for i, n in enumerate(names)]
    files = [(split, sp["file"]) for split, sp in info["splits"].items() if sp.get("file")]
    if files:
        lines += ["configs:", "- config_name: default", "  data_files:"]
        for split, name in files:
            split_name = "train" if split == "all" else split
            lines += [f"  - split: {split_name}", f"    path: {json.dumps(name)}"]
    return lines


def render_readme(info: Mapping[str, Any]) -> str:
    """README.md text: YAML header for the Hub, then tables a person can read."""
    task = "token-classification"
    lines = [
        "---",
        "language:",
        "- ar",
        "task_categories:",
        f"- {task}",
        "annotations_creators:",
        "- expert-generated",
        f"pretty_name: annotator export ({info['format']})",
        *_yaml_features(info),
        "---",
        "",
        f"# Dataset exported by annotator {info['tool_version']}",
        "",
        f"- Created: {info['created']}",
        f"- Format: `{info['format']}`",
        f"- Offsets: {info['offsets']}",
    ]
    if info.get("project"):
        lines.append(f"- Project: `{info['project']}`")
    filters = {k: v for k, v in (info.get("filters") or {}).items() if v not in (None, [], "")}
    if filters:
        lines.append("- Filters: " + ", ".join(f"{k}={v}" for k, v in filters.items()))
    splits = info["splits"]
    label_names = [d["name"] for d in info["labels"]]
    lines += ["", "## Counts", ""]
    header = ["split", "file", "documents", "spans", *label_names, "left out"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for name, sp in splits.items():
        row = [
            name,
            f"`{Path(sp['file']).name}`" if sp.get("file") else "",
            str(sp["documents"]),
            str(sp["spans"]),
            *(str(sp["by_label"].get(n, 0)) for n in label_names),
            str(sp["spans_left_out"]),
        ]
        lines.append("| " + " | ".join(row) + " |")
    reasons: Counter[str] = Counter()
    for sp in splits.values():
        reasons.update(sp.get("left_out_reasons", {}))
    if reasons:
        lines += ["", "Spans the format could not hold (all splits):", ""]
        lines += [f"- {why}: {n}" for why, n in sorted(reasons.items())]
    lines += ["", "## Labels", "", "| label | English | Arabic | colour |", "|---|---|---|---|"]
    for d in info["labels"]:
        lines.append(f"| {d['name']} | {d['name_en']} | {d['name_ar']} | {d['color']} |")
    lines += ["", "## Annotators", ""]
    if info["annotators"]:
        lines += [f"- {who}: {n} spans" for who, n in info["annotators"].items()]
    else:
        lines.append("- (no spans)")
    if info.get("features"):
        lines += ["", "## Loading", "", "```python"]
        single = info["splits"].get("all", {}).get("file")
        if single:
            lines += [
                "import json",
                "from datasets import Features, load_dataset",
                f'info = json.load(open("{single}.{INFO_NAME}", encoding="utf-8"))',
                f'ds = load_dataset("json", data_files="{single}", '
                'features=Features.from_dict(info["features"]))',
            ]
        else:
            lines += [
                "from datasets import load_dataset",
                'ds = load_dataset("path/to/this/folder")  # ner_tags named by this card',
            ]
        lines += ["```"]
    return "\n".join(lines) + "\n"


def write_card(
    output: Path,
    stats: DatasetStats,
    *,
    split: bool,
    fmt: str,
    labels: Sequence[Label],
    reports: Mapping[str, Mapping[str, Any]],
    files: Mapping[str, str],
    filters: Mapping[str, Any] | None = None,
    project: str | None = None,
    created: str | None = None,
) -> list[Path]:
    """Write README.md and dataset_info.json for an export; returns their paths."""
    from annotator import __version__

    info = build_info(
        stats,
        fmt=fmt,
        labels=labels,
        reports=reports,
        files=files,
        version=__version__,
        created=created,
        filters=filters,
        project=project,
    )
    card, info_path = card_paths(output, split)
    card.write_text(render_readme(info), encoding="utf-8", newline="\n")
    info_path.write_text(
        json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
    )
    return [card, info_path]
