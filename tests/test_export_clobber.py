"""Issue 14: an export never replaces an existing file without --force, never writes over a
project (not even with --force, not through a symbolic link), and leaves the user's own
temporary-looking files alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.importing import create_project_from_files
from annotator.core.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": f"نص رقم {i}"}) + "\n" for i in range(5)),
        encoding="utf-8",
    )
    p = tmp_path / "p.annotator"
    create_project_from_files(p, [src])
    return p


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["export", *args])
    _out, err = capsys.readouterr()
    return code, err


def test_split_into_a_folder_with_the_users_readme(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "sp"
    folder.mkdir()
    (folder / "README.md").write_text("my notes\n", encoding="utf-8")
    code, err = export(capsys, "-p", str(project), "--split", "0.8,0.2", "-o", str(folder))
    assert code == 1 and "README.md: already exists; nothing was written" in err, err
    assert "--force" in err
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]
    assert (folder / "README.md").read_text(encoding="utf-8") == "my notes\n"
    code, err = export(
        capsys, "-p", str(project), "--split", "0.8,0.2", "-o", str(folder), "--force"
    )
    assert code == 0, err
    assert "my notes" not in (folder / "README.md").read_text(encoding="utf-8")


def test_existing_output_and_card_are_not_replaced(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    card = tmp_path / "out.jsonl.README.md"
    card.write_text("mine\n", encoding="utf-8")
    code, err = export(capsys, "-p", str(project), "-o", str(out))
    assert code == 1 and f"{card}: already exists" in err, err
    assert not out.exists() and card.read_text(encoding="utf-8") == "mine\n"
    out.write_text("old\n", encoding="utf-8")
    card.unlink()
    code, err = export(capsys, "-p", str(project), "-o", str(out))
    assert code == 1 and f"{out}: already exists" in err
    assert out.read_text(encoding="utf-8") == "old\n" and not card.exists()
    assert export(capsys, "-p", str(project), "-o", str(out), "--force")[0] == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_hf_label_list_is_not_replaced(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    # the label list of o.jsonl is o.label_list.json (named after its data file)
    (tmp_path / "o.label_list.json").write_text("[]\n", encoding="utf-8")
    code, err = export(capsys, "-p", str(project), "-f", "hf", "-o", str(tmp_path / "o.jsonl"))
    assert code == 1 and "o.label_list.json: already exists" in err, err
    assert (tmp_path / "o.label_list.json").read_text(encoding="utf-8") == "[]\n"
    assert not (tmp_path / "o.jsonl").exists()


def test_a_partial_file_of_the_users_is_kept(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    partial = tmp_path / ".out.partial.jsonl"
    partial.write_text("precious\n", encoding="utf-8")
    assert export(capsys, "-p", str(project), "-o", str(tmp_path / "out.jsonl"))[0] == 0
    assert partial.read_text(encoding="utf-8") == "precious\n"
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name and p != partial]


def test_a_project_inside_the_split_folder_is_never_written_over(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "sp"
    folder.mkdir()
    stored = folder / "train.jsonl"
    project.rename(stored)
    before = stored.read_bytes()
    for force in ([], ["--force"]):
        code, err = export(
            capsys, "-p", str(stored), "--split", "0.8,0.2", "-o", str(folder), *force
        )
        assert code == 1 and "is the project being exported" in err, err
        assert stored.read_bytes() == before
    with Project.open(stored) as p:
        assert p.stats()["documents"] == 5


def test_a_project_behind_a_readme_symlink_is_never_written_over(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "sp"
    folder.mkdir()
    (folder / "README.md").symlink_to(project)
    before = project.read_bytes()
    code, err = export(
        capsys, "-p", str(project), "--split", "0.8,0.2", "-o", str(folder), "--force"
    )
    assert code == 1 and "README.md: is the project being exported" in err, err
    assert project.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]
