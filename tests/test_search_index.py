"""The trigram index over the search copies (issue 15, goal 4): filled by the search build, not
by import; a prefilter only, so every search finds what the scan finds; caught up, emptied and
rebuilt with the copies; and absent where SQLite has no trigram tokenizer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import annotator.core.matching as matching
import annotator.core.project.search as search_module
from annotator.core.matching import (
    SEARCH_VERSION_KEY,
    Query,
    document_condition,
    fts_phrase,
    trigram_query,
    whole_word_phrases,
)
from annotator.core.model import DocRecord
from annotator.core.project import Project
from annotator.core.project.search import FTS_MARK, FTS_TABLE

DOCS = [
    "التقى الرئيس علي بالوزير في المدرسة",
    "وعلي حاضر في الاجتماع",
    "اتفق الطرفان على الخطة",
    "عليه أن يقرر",
    "زار مَدْرَسَةٌ قديمة في عام2020",
    'قال "مسئول" في الوزارة: ok',
    "وزير الشئون الخارجية",
]
# whole words, clitics, exact, part of a word, folding, digits, quotes, 1-2 character needles
QUERIES = [
    ("علي", {}),
    ("علي", {"exact": True}),
    ("علي", {"substring": True}),
    ("مدرسه", {}),
    ("المدرسة", {}),
    ("مسؤول", {}),
    ('"مسئول"', {"substring": True}),
    ("2020", {}),
    ("في", {}),
    ("ok", {}),
    ("o", {"substring": True}),
    ("زير الش", {"substring": True}),
    ("لا يوجد", {}),
]


def make(path, records=DOCS) -> Project:
    p = Project.create(path, annotator="t")
    p.import_records([DocRecord(text=t) for t in records], source="t")
    return p


def fts_rows(p: Project, needle: str) -> list[int]:
    return [
        r[0]
        for r in p._conn.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rowid",
            (trigram_query(needle),),
        )
    ]


def check_index(p: Project) -> None:
    # FTS5 compares the index with the documents' copies: raises if one differs
    p._conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('integrity-check')")


def test_import_leaves_the_index_to_the_search_build(tmp_path):
    with make(tmp_path / "a.annotator") as p:
        assert p.fts_available()
        assert fts_rows(p, "مدرس") == []
        assert p.unindexed_count() == len(DOCS)
        assert p.build_search_index() == len(DOCS)
        assert p.unindexed_count() == 0
        check_index(p)
        # the folded copy is indexed: harakat and ة -> ه folded as the search folds them
        assert fts_rows(p, "مدرسه") == [1, 5]


def test_index_finds_what_the_scan_finds(tmp_path, monkeypatch):
    with make(tmp_path / "fts.annotator") as p:
        assert p.fts_available()
        with_index = [p.document_ids(search=q, **o) for q, o in QUERIES]
        check_index(p)
    # a SQLite without the trigram tokenizer: the same project searched by scanning
    monkeypatch.setattr(search_module, "FTS_TOKENIZER", "no_such_tokenizer")
    with make(tmp_path / "scan.annotator") as p:
        assert not p.fts_available()
        without = [p.document_ids(search=q, **o) for q, o in QUERIES]
        assert p._conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
        ).fetchone() == (0,)
    assert with_index == without
    assert with_index[3] == [1, 5]  # مدرسه finds مَدْرَسَةٌ and المدرسة
    assert with_index[8] == [1, 2, 5, 6]  # a two-letter word: no trigram, scanned


def test_documents_above_the_index_mark_are_scanned(tmp_path):
    with make(tmp_path / "a.annotator") as p:
        p.build_search_index()
        conn = p._conn
        # the index holds documents up to 3 only: 1 is found through it, 5 above the mark
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
        conn.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_text) "
            "SELECT id, search_text FROM documents WHERE id <= 3"
        )
        for through, expected in [(3, [1, 5]), (7, [1]), (0, [1, 5])]:
            sql, args = document_condition(conn, Query("مدرسه"), fts=(FTS_TABLE, through))
            found = [r[0] for r in conn.execute(f"SELECT id FROM documents WHERE {sql}", args)]
            assert found == expected


def test_copies_made_without_the_index_are_caught_up(tmp_path, monkeypatch):
    path = tmp_path / "moved.annotator"
    monkeypatch.setattr(search_module, "FTS_TOKENIZER", "no_such_tokenizer")
    with make(path) as p:
        assert p.document_ids(search="مدرسه") == [1, 5]  # copies built, no index
    monkeypatch.undo()
    with Project.open(path) as p:
        # the copies are kept, only the index is missing
        assert p.unindexed_count() == len(DOCS)
        p.import_records([DocRecord(text="مدرسة جديدة")], source="t")
        assert p.build_search_index() == len(DOCS) + 1
        check_index(p)
        assert fts_rows(p, "مدرسه") == [1, 5, 8]
        assert p.document_ids(search="مدرسه") == [1, 5, 8]
        assert p._meta_get(FTS_MARK) == "8"


def test_index_is_rebuilt_with_copies_of_another_normaliser(tmp_path):
    with make(tmp_path / "a.annotator") as p:
        p.build_search_index()
        # as an older normaliser left them: other copies, no version mark
        with p._tx() as conn:
            conn.execute("UPDATE documents SET search_text = replace(search_text, 'ه', 'ة')")
            conn.execute("DELETE FROM meta WHERE key = ?", (SEARCH_VERSION_KEY,))
        assert p.unindexed_count() == len(DOCS)
        assert p.document_ids(search="مدرسه") == [1, 5]
        check_index(p)
        assert fts_rows(p, "مدرسه") == [1, 5]
        assert fts_rows(p, "مدرسة") == []


def test_cancelled_build_keeps_the_index_consistent(tmp_path):
    records = [f"مقال رقم {i} عن المدرسة" for i in range(40)]
    with make(tmp_path / "a.annotator", records) as p:
        assert p.build_search_index(batch=10, cancel=iter([False, False, True]).__next__) == 20
        assert p.unindexed_count() == 20
        assert p.document_ids(search="رقم 33") == [34]  # builds the rest first
        check_index(p)
        assert len(fts_rows(p, "مدرسه")) == 40


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("ab", None),
        ("abc", '"abc"'),
        ('a"bc', '"a""b" AND """bc"'),
        ("aaaa", '"aaa"'),  # repeated trigrams once
    ],
)
def test_trigram_query(needle, expected):
    assert trigram_query(needle) == expected


def test_long_needles_use_at_most_six_trigrams_first_and_last_among_them():
    needle = "".join(chr(0x0628 + i) for i in range(30))
    grams = trigram_query(needle).split(" AND ")
    assert len(grams) == 6
    assert grams[0] == f'"{needle[:3]}"' and grams[-1] == f'"{needle[-3:]}"'


def test_read_only_sqlite_without_fts5_table_module(tmp_path):
    # a file whose index was made elsewhere opens where FTS5 cannot read it: search scans
    with make(tmp_path / "a.annotator") as p:
        p.build_search_index()
    conn = sqlite3.connect(tmp_path / "a.annotator")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'fts5', 'fts9') WHERE name = ?", (FTS_TABLE,)
    )
    conn.commit()
    conn.close()
    with Project.open(tmp_path / "a.annotator") as p:
        assert not p.fts_available()
        assert p.document_ids(search="مدرسه") == [1, 5]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("وعلي حاضر", "علي"),  # proclitic at the very start
        ("عليه ثم علي", "علي"),  # the first occurrence is part of a word, a later one is not
        ("عليه وعليها", "علي"),  # never a whole word
        ("وبالمدرسه", "مدرسه"),  # the longest proclitic run: four characters
        ("xوبالمدرسه", "مدرسه"),  # ... after a letter: not a word start
        ("عام2020 و20201", "2020"),
        ("قال: ok.", "ok"),
        ("قاعدة التاجي الجوية", "قاعدة التاجي"),
    ],
)
def test_folded_check_tries_the_pattern_only_at_occurrences(text, query):
    from annotator.core.matching import _match_folded
    from annotator.core.normalize import normalize_for_search

    q = Query(query)
    folded = normalize_for_search(text)
    # the same answer as the pattern searched over the whole copy, and as the find bar's hits
    expected = q.regex.search(folded) is not None
    assert _match_folded(q.pattern, folded, q.text) is expected
    assert expected is bool(q.hits(text))


SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_7eddefe59b9ed5ed.txt"
# Arabic words with and without their clitics, folding, digits, punctuation, short needles,
# quotes, two words, words at a paragraph's start or end: each in every mode
SEED_QUERIES = [
    "صواريخ",
    "الصواريخ",
    "واشنطن",
    "مدرسه",
    "قاعده التاجي",
    "قاعدة",
    "العراق",
    "هجوم",
    "قوات",
    "يشن",
    "يُشن",
    "2020",
    "2020/06/14",
    "13 يونيو",
    "05:09",
    "غرينتش",
    "مسؤول",
    "ومسؤول",
    '"الصواريخ',
    "صاروخي،",
    "..",
    "في",
    "أو",
    "ال",
    "بغداد ",
    "رويترز",
    "تستهدف قاعدة",
    "xyz",
]


def seed_documents() -> list[str]:
    # the seed article's paragraphs, and pieces that put its words at edges the index's
    # phrases do not list (a paragraph's start, after a bracket, before a colon)
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    extra = [
        "صواريخ",
        "(صواريخ) و[الصواريخ]",
        "صواريخية وصاروخ",
        "قال: واشنطن:",
        "لواشنطن\nمدرسة",
        "فالصواريخ 2020م و2020",
        'قاعدة التاجي"',
        "مَدْرَسَةٌ و«مسئول»",
    ]
    return paragraphs + extra


@pytest.mark.parametrize("read_rather", [0, 1000])
@pytest.mark.parametrize(
    "options", [{}, {"exact": True}, {"substring": True}], ids=["words", "exact", "substring"]
)
def test_index_and_scan_agree_on_the_seed_article(tmp_path, monkeypatch, options, read_rather):
    # 0: every phrase is looked up (as for a word in most of a large corpus); 1000: none is,
    # each candidate is read
    monkeypatch.setattr(matching, "_READ_RATHER", read_rather)
    monkeypatch.setattr(matching, "_READ_COST", 1.0 if read_rather == 0 else 15e-6)
    with make(tmp_path / "seed.annotator", seed_documents()) as p:
        p.build_search_index()
        assert p.fts_available() and p.unindexed_count() == 0
        # the last two documents are above the index mark: found by scanning
        p.import_records([DocRecord(text="صواريخ جديدة"), DocRecord(text="لواشنطن")], source="t")
        with Project.open(tmp_path / "seed.annotator") as scan:
            scan._fts_state = False  # as where SQLite has no trigram tokenizer
            for q in SEED_QUERIES:
                expected = scan.document_ids(search=q, **options)
                assert p.document_ids(search=q, **options) == expected, q
                assert p.document_ids(search=q, limit=3, **options) == expected[:3], q
                assert p.document_ids(status="new", search=q, **options) == expected, q
    if not options:
        with Project.open(tmp_path / "seed.annotator") as p:
            count = p.document_count()
            assert p.document_ids(search="مدرسه")[-1] == count - 2
            assert p.document_ids(search="واشنطن")[-1] == count  # لواشنطن, above the mark
            assert count - 1 in p.document_ids(search="صواريخ")


def test_whole_word_phrases_are_hits_of_the_pattern():
    for text in ["صواريخ", "قاعده التاجي", "2020", "okay", '"مسئول"', "(ab)"]:
        q = Query(text)
        phrases = whole_word_phrases(q)
        assert phrases
        for phrase in phrases:
            assert q.regex.search(phrase[1:-1].replace('""', '"')) is not None, phrase
    assert whole_word_phrases(Query("علي", exact=True)) == []
    assert whole_word_phrases(Query("علي", substring=True)) == []
    assert whole_word_phrases(Query("في")) == []
    # a needle with quotes: doubled inside the FTS5 string
    assert fts_phrase('a"b') == '"a""b"'


def test_an_index_of_the_old_definition_is_replaced(tmp_path):
    path = tmp_path / "old.annotator"
    with make(path) as p:
        p.build_search_index()
        expected = [p.document_ids(search=q, **o) for q, o in QUERIES]
        # as an earlier version made it: positions not kept
        with p._tx() as conn:
            conn.execute(f"DROP TABLE {FTS_TABLE}")
            conn.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='documents', "
                "content_rowid='id', tokenize='trigram case_sensitive 1', detail=none)"
            )
            conn.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, search_text) SELECT id, search_text "
                "FROM documents"
            )
            conn.execute("UPDATE meta SET value = '7' WHERE key = ?", (FTS_MARK,))
    with Project.open(path) as p:
        assert p.fts_available()
        sql = p._conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
        ).fetchone()[0]
        assert "detail=full" in sql and sql == search_module.fts_definition()
        # emptied: built again by the search build (or before a search)
        assert p.unindexed_count() == len(DOCS)
        assert [p.document_ids(search=q, **o) for q, o in QUERIES] == expected
        assert p.unindexed_count() == 0
        check_index(p)
        assert fts_rows(p, "مدرسه") == [1, 5]
    with Project.open(path) as p:  # the new index is kept
        assert p.fts_available() and p.unindexed_count() == 0
