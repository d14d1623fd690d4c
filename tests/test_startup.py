"""Start-up of the commands (issue 15, goal 1): a command imports only what it uses. sqlite-utils
imports pandas and pyarrow when they are installed (0.4 s), so creating, importing into,
exporting, listing and searching a project must not import it (only repairing an old file's
shared hotkeys does); nor does anything but --version read the package metadata."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HEAVY = ("sqlite_utils", "pandas", "numpy", "pyarrow", "PySide6", "annotator.gui")


def test_one_document_commands_import_nothing_heavy(tmp_path: Path) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"text": "مرحبا بالعالم في المدرسة"}) + "\n", encoding="utf-8")
    project, out = tmp_path / "p.annotator", tmp_path / "out.jsonl"
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        f"p = {str(project)!r}\n"
        f"assert main(['import', '-p', p, {str(src)!r}]) == 0\n"
        f"assert main(['export', '-p', p, '-o', {str(out)!r}]) == 0\n"
        "assert main(['list', '-p', p, '--search', 'مدرسه']) == 0\n"
        "assert main(['stats', '-p', p]) == 0\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"


def test_listing_reads_no_package_metadata(tmp_path: Path) -> None:
    from annotator.core.project import Project

    Project.create(tmp_path / "p.annotator").close()
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        f"assert main(['list', '-p', {str(tmp_path / 'p.annotator')!r}]) == 0\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "False"


def test_version_is_still_read_when_asked() -> None:
    from annotator import __version__

    proc = subprocess.run(
        [sys.executable, "-c", "from annotator.cli import main; main(['--version'])"],
        capture_output=True,
        text=True,
    )
    assert proc.stdout == f"annotator {__version__}\n"
    assert __version__.count(".") >= 2


def test_a_command_parsed_alone_has_the_same_options_and_help() -> None:
    # main() builds only the parser of the command it runs (start-up): the same parser as when
    # every command is built
    from annotator.cli import COMMANDS, build_parser

    def command_parser(parser: Any, name: str) -> Any:
        return parser._subparsers._group_actions[0].choices[name]

    full = build_parser()
    for name in COMMANDS:
        alone = command_parser(build_parser(name), name)
        whole = command_parser(full, name)
        assert alone.format_help() == whole.format_help()
        assert [a.option_strings for a in alone._actions] == [
            a.option_strings for a in whole._actions
        ]
        assert alone.get_default("func") is whole.get_default("func")


@pytest.mark.parametrize("columns", [None, "60", "132", "bad", "0"])
def test_help_is_as_wide_as_argparse_makes_it(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    # the CLI's formatter finds the terminal width without shutil: the same help as argparse's
    import argparse

    from annotator.cli import build_parser

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    for command in (None, "export"):
        parser = build_parser(command)
        ours = parser.format_help()
        parser.formatter_class = argparse.HelpFormatter
        assert ours == parser.format_help()
    sub = build_parser("import")._subparsers._group_actions[0].choices["import"]  # type: ignore[union-attr]
    ours = sub.format_help()
    sub.formatter_class = argparse.HelpFormatter
    assert ours == sub.format_help()
