"""Search matching (issue 17, item 8): whole words with Arabic proclitics, exact spelling, part of
a word; in one text (find bar), over documents (filter, CLI) and after a normaliser change."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.matching import SEARCH_VERSION_KEY, Query, find_hits
from annotator.core.model import DocRecord
from annotator.core.normalize import NORMALIZER_VERSION, normalize_for_search
from annotator.core.project import Project
from annotator.core.schema import SEARCH_MARK

DOCS = {
    "name": "التقى الرئيس علي بالوزير",
    "clitic": "وعلي حاضر في الاجتماع",
    "preposition": "اتفق الطرفان على الخطة",
    "longer": "عليه أن يقرر",
    "vocalised": "قال عَلِيٌّ إن الأمر انتهى",
    "official": "قال مسئول في الوزارة",
    "affairs": "وزير الشئون الخارجية",
}


def words(text: str, query: str, **options: bool) -> list[str]:
    return [text[s:e] for s, e in find_hits(text, query, **options)]


def test_whole_words_with_proclitics_in_front() -> None:
    assert words("التقى علي وعلي وعليه ولعلي ووعلي", "علي") == ["علي", "علي", "علي"]
    assert words(DOCS["longer"], "علي") == []
    assert words("للوزير والوزير بالوزير فالوزير وزيرة", "وزير") == ["وزير"] * 4
    assert words("والوزير الوزيرة", "الوزير") == ["الوزير"]
    # a name that starts with a proclitic's letter is not cut: البنان is not ال + لبنان
    assert words("ولبنان البنان لبنان", "لبنان") == ["لبنان", "لبنان"]
    # digits are a word of their own next to letters, as the tokenizer has them
    assert words("عام2020 و20201", "2020") == ["2020"]
    # folding stays the default: على is folded into علي
    assert words(DOCS["preposition"], "علي") == ["على"]
    # the vocalised word is found with its harakat
    assert words(DOCS["vocalised"], "علي") == ["عَلِيٌّ"]


def test_exact_spelling_does_not_fold() -> None:
    assert words(DOCS["preposition"], "علي", exact=True) == []
    assert words(DOCS["preposition"], "على", exact=True) == ["على"]
    assert words("وعلي عَلِيٌّ عليه", "علي", exact=True) == ["علي", "عَلِيٌّ"]
    assert words(DOCS["official"], "مسؤول", exact=True) == []
    assert words("CNN cnn", "CNN", exact=True) == ["CNN"]


def test_part_of_a_word() -> None:
    assert words(DOCS["longer"], "علي", substring=True) == ["علي"]
    assert words("عليه على", "علي", substring=True, exact=True) == ["علي"]


def test_hamza_spellings_meet_and_a_decomposed_query_is_composed() -> None:
    assert words(DOCS["official"], "مسؤول") == ["مسئول"]
    assert words(DOCS["affairs"], "شؤون") == ["شئون"]
    decomposed = unicodedata.normalize("NFD", "مسؤول")
    assert decomposed != "مسؤول"
    assert words(DOCS["official"], decomposed) == ["مسئول"]


def test_queries_that_start_or_end_with_punctuation() -> None:
    assert words("وسم #شيماء_سبت اليوم", "#شيماء") == ["#شيماء"]
    assert words("في 2020/06/14 وقع", "2020/06") == ["2020/06"]
    assert not Query("  ") and not Query("\u064e")  # nothing to look for


@pytest.fixture
def project(tmp_path: Path):
    p = Project.create(tmp_path / "p.annotator", annotator="tester")
    p.import_records([DocRecord(text=t, external_id=k) for k, t in DOCS.items()], source="issue17")
    yield p
    p.close()


def found(project: Project, query: str, **options: bool) -> list[str]:
    ids = project.document_ids(search=query, **options)
    return [project.get_document(i).external_id for i in ids]


def test_document_search_modes(project: Project) -> None:
    assert found(project, "علي") == ["name", "clitic", "preposition", "vocalised"]
    assert found(project, "علي", exact=True) == ["name", "clitic", "vocalised"]
    assert found(project, "علي", substring=True) == [
        "name",
        "clitic",
        "preposition",
        "longer",
        "vocalised",
    ]
    assert found(project, "على", exact=True, substring=True) == ["preposition"]
    assert found(project, "مسؤول") == ["official"]
    assert found(project, "شؤون") == ["affairs"]
    assert found(project, "الشئون", exact=True) == ["affairs"]
    assert found(project, "   ") == list(DOCS)  # nothing to look for: no filter
    # the status filter still combines with it
    assert project.document_ids(status="done", search="علي") == []


def test_cli_list_search_options(project: Project, capsys) -> None:
    path = str(project.path)
    for options, expected in [
        ([], {"name", "clitic", "preposition", "vocalised"}),
        (["--exact"], {"name", "clitic", "vocalised"}),
        (["--substring"], {"name", "clitic", "preposition", "longer", "vocalised"}),
    ]:
        assert main(["list", "-p", path, "--search", "علي", "--json", *options]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert {json.loads(line)["external_id"] for line in lines} == expected
    assert main(["list", "-p", path, "--exact"]) == 1  # a user error, before opening anything
    assert "--exact and --substring go with --search" in capsys.readouterr().err


def test_search_copies_of_an_older_normaliser_are_rebuilt(project: Project) -> None:
    project.build_search_index()
    assert project.unindexed_count() == 0
    # what a project searched before this normaliser holds: ؤ folded to و, no version mark
    conn = sqlite3.connect(project.path)
    with conn:
        conn.execute("UPDATE documents SET search_text = replace(search_text, 'ء', 'ي')")
        conn.execute("DELETE FROM meta WHERE key = ?", (SEARCH_VERSION_KEY,))
    conn.close()
    project.refresh()
    assert project.unindexed_count() == len(DOCS)
    assert found(project, "مسؤول") == ["official"]  # the search rebuilt every copy first
    assert project.unindexed_count() == 0
    conn = sqlite3.connect(project.path)
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    copies = [r[0] for r in conn.execute("SELECT search_text FROM documents ORDER BY id")]
    conn.close()
    assert meta[SEARCH_VERSION_KEY] == str(NORMALIZER_VERSION)
    assert int(meta[SEARCH_MARK]) == max(project.document_ids())
    assert copies[5] == normalize_for_search(DOCS["official"] + "\n" + DOCS["official"])
