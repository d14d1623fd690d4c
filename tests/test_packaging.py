"""Static checks of the installer recipes (the real build runs in packaging/linux/smoke_test.sh)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import plistlib
import re
import shutil
import subprocess
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
    assert "'LSMinimumSystemVersion': '14.0'" in bundle["info_plist"]


def test_spec_collects_package_data_metadata_and_all_submodules() -> None:
    text = (PACKAGING / "annotator.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("annotator.resources"' in text
    assert "copy_metadata(APP)" in text
    assert "collect_submodules(APP)" in text
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
    assert entry["Exec"].split()[0] == "annotator"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert "Name[ar]" in entry
    if shutil.which("desktop-file-validate"):
        proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


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


def test_macos_entitlements() -> None:
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as f:
        entitlements = plistlib.load(f)
    assert entitlements == {
        "com.apple.security.cs.allow-unsigned-executable-memory": True,
        "com.apple.security.cs.disable-library-validation": True,
    }


def test_release_workflow_matrix() -> None:
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    for runner in ("ubuntu-22.04", "windows-2022", "macos-14", "macos-15-intel"):
        assert f"os: {runner}" in text
    for step in ("smoke_test.sh", "annotator.iss", "build_dmg.sh", "upload-artifact"):
        assert step in text
    try:
        import yaml
    except ImportError:  # PyYAML is not a test dependency; the text checks above still ran
        return
    workflow = yaml.safe_load(text)
    include = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
    assert [m["os"] for m in include] == [
        "ubuntu-22.04",
        "windows-2022",
        "macos-14",
        "macos-15-intel",
    ]


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
