"""Project.transaction(): several calls, one commit; a failed inner call undoes only itself."""

from __future__ import annotations

import pytest

from annotator.core.errors import SpanError
from annotator.core.model import DocRecord
from annotator.core.project import Project


def test_tx(tmp_path):
    p = Project.create(tmp_path / "a.annotator")
    p.import_records([DocRecord(text="قال الرئيس")], source="t")
    d = p.document_ids()[0]
    s = p.add_span(d, 0, 3, "ACTOR").added[0]
    with pytest.raises(SpanError):
        with p.transaction():
            p.add_span(d, 4, 10, "EVENT")
            p.add_span(d, 0, 3, "ACTOR")
    assert len(p.spans(d)) == 1
    with p.transaction():
        p.add_span(d, 4, 10, "EVENT")
        with pytest.raises(SpanError):
            p.add_span(d, 0, 3, "ACTOR")
    assert len(p.spans(d)) == 2
    assert [x.id for x in p.label_spans("ACTOR")] == [s.id]
