"""Write the DEBIAN/control file of the annotator .deb (called by packaging/linux/build.sh).

    python debcontrol.py --version 0.1.0 --installed-size KB --glibc 2.36 \\
        --packages build/system-packages.txt > DEBIAN/control

``--packages`` lists, one a line, the Debian packages that own the system libraries the bundle
loads (build.sh derives it with ldd over the bundle and dpkg -S). The packages Qt's xcb and EGL
stack needs are always named, so a system without them refuses the package instead of
installing an app that aborts at start.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# PySide6 wheels are built for glibc 2.34 (manylinux_2_34): no bundle can need less.
GLIBC_FLOOR = "2.34"
ALWAYS = (
    "libxcb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
)
SUMMARY = "label spans in Arabic news articles and export training data"
DESCRIPTION = """\
A desktop tool for political scientists, conflict-event coders and Arabic NLP
researchers: read each article right to left, label spans EVENT, ACTOR, PLACE
or CLAIM, and export the result as JSONL training data.

The application is a self-contained bundle in /opt/annotator; projects,
settings and logs live in the user's own directories."""
PACKAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def depends(glibc: str, packages: list[str]) -> str:
    """The Depends field: libc6 with its version floor first, then the rest sorted."""
    floor = max(glibc or GLIBC_FLOOR, GLIBC_FLOOR, key=_version_key)
    names = set(ALWAYS)
    for name in packages:
        name = name.split(":", 1)[0].strip()  # dpkg -S prints "libxcb1:amd64"
        if not name or name == "libc6":
            continue
        if not PACKAGE_NAME.match(name):
            raise ValueError(f"not a Debian package name: {name!r}")
        names.add(name)
    return ", ".join([f"libc6 (>= {floor})", *sorted(names)])


def control(version: str, installed_size_kb: int, glibc: str, packages: list[str]) -> str:
    if not re.match(r"^[0-9][A-Za-z0-9.+~-]*$", version):
        raise ValueError(f"not a Debian version: {version!r}")
    body = "\n".join(f" {line}" if line else " ." for line in DESCRIPTION.splitlines())
    fields = [
        ("Package", "annotator"),
        ("Version", version),
        ("Architecture", "amd64"),
        ("Maintainer", "annotator developers <annotator@users.noreply.github.com>"),
        ("Installed-Size", str(installed_size_kb)),
        ("Depends", depends(glibc, packages)),
        ("Section", "science"),
        ("Priority", "optional"),
        ("Homepage", "https://github.com/annotator/annotator"),
        ("Description", f"{SUMMARY}\n{body}"),
    ]
    return "".join(f"{key}: {value}\n" for key, value in fields)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("--installed-size", type=int, required=True, help="in KiB")
    parser.add_argument("--glibc", required=True, help="newest GLIBC_ version the bundle uses")
    parser.add_argument("--packages", type=Path, required=True)
    args = parser.parse_args(argv)
    packages = args.packages.read_text(encoding="utf-8").splitlines()
    sys.stdout.write(control(args.version, args.installed_size, args.glibc, packages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
