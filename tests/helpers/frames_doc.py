"""A document with every kind of link: nested frames (two CLAIMs about one EVENT), two frames
on one trigger, a directed and a symmetric relation, attributes (flags and values) on spans and
frames, Arabic notes on a span, a frame and the document; and ``canon``, what a record says with
span ids resolved, to compare records across formats and projects."""

from __future__ import annotations

from typing import Any

from annotator.core.model import ArgRecord, DocRecord, FrameRecord, RelationRecord, SpanRecord

TEXT = "قال المتحدث باسم الشرطة إن مسلحين هاجموا مقر البلدية في حلب أمس، ونفى الجيش ذلك."
NOTE_AR = "ملاحظة: المصدر غير مؤكد «بحسب الوكالة»"


def _span(word: str, label: str, sid: str, nth: int = 0, **kw: Any) -> SpanRecord:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return SpanRecord(start, start + len(word), label, word, id=sid, **kw)


def rich_record() -> DocRecord:
    """Nested frames (two CLAIMs about one EVENT), two frames on one trigger, a symmetric and a
    directed relation, attributes (flags and values) on spans and frames, Arabic notes."""
    spans = [
        _span("قال", "CLAIM", "1", annotator="omar"),
        _span("المتحدث باسم الشرطة", "ACTOR", "2", note=NOTE_AR),
        _span("الشرطة", "ACTOR", "3"),
        _span("مسلحين", "ACTOR", "4", attributes={"negated": True}),
        _span("هاجموا", "EVENT", "5", annotator="omar"),
        _span("مقر البلدية", "ACTOR", "6"),
        _span("حلب", "PLACE", "7"),
        _span("نفى", "CLAIM", "8"),
        _span("الجيش", "ACTOR", "9"),
    ]
    frames = [
        FrameRecord(
            "F1",
            "5",
            "EVENT",
            [
                ArgRecord("agent", span="4"),
                ArgRecord("target", span="6"),
                ArgRecord("location", span="7"),
            ],
            attributes={"type": "attack", "negated": True},
            note=NOTE_AR,
            annotator="omar",
        ),
        # a second reading of the same trigger
        FrameRecord("F2", "5", "EVENT", [ArgRecord("target", span="6")], {"type": "armed_clash"}),
        FrameRecord(
            "F3",
            "1",
            "CLAIM",
            [ArgRecord("claimant", span="2"), ArgRecord("about", frame="F1")],
            {"certainty": "asserted"},
        ),
        FrameRecord(
            "F4",
            "8",
            "CLAIM",
            [ArgRecord("claimant", span="9"), ArgRecord("about", frame="F1")],
            {"certainty": "denied"},
        ),
    ]
    relations = [
        RelationRecord("3", "2", "part_of", id="1", annotator="omar"),
        RelationRecord("4", "9", "same_as", id="2"),  # symmetric: stored as written
    ]
    return DocRecord(
        text=TEXT,
        external_id="a1",
        title="هجوم في حلب",
        meta={"source": "وكالة"},
        status="done",
        spans=spans,
        frames=frames,
        relations=relations,
        note="وثيقة للمراجعة",
    )


def canon(rec: DocRecord) -> dict[str, Any]:
    """What a record says, with span ids resolved to (start, end, label)."""
    by_id = {sp.id: (sp.start, sp.end, sp.label) for sp in rec.spans}
    return {
        "spans": sorted(
            (sp.start, sp.end, sp.label, sorted(sp.attributes.items()), sp.note) for sp in rec.spans
        ),
        "frames": sorted(
            (
                fr.id,
                by_id[fr.trigger],
                fr.type,
                [(a.role, by_id[a.span] if a.span else None, a.frame) for a in fr.args],
                sorted(fr.attributes.items()),
                fr.note,
                fr.annotator,
            )
            for fr in rec.frames
        ),
        "relations": sorted((by_id[r.head], by_id[r.tail], r.type) for r in rec.relations),
        "note": rec.note,
    }
