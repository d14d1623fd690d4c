#!/usr/bin/env bash
# Build the Linux installers in one command, on a fresh Debian 12 / Ubuntu 22.04 or newer:
#   dist/annotator/annotator                        one-folder PyInstaller bundle
#   dist/annotator-VERSION-linux-x86_64.tar.gz      the bundle as a tarball
#   dist/annotator_VERSION_amd64.deb                /opt/annotator + /usr/bin/annotator, .desktop,
#                                                   AppStream metainfo, hicolor icons, the
#                                                   .annotator MIME type (file association)
# Options (environment): PYTHON (default: the first of python3, python3.13 .. python3.11 that
# is 3.11 or newer; Ubuntu 22.04's python3 is 3.10, so python3.11 is installed there), BUILD_VENV (default build/venv-linux),
# SKIP_APT=1 (do not install Debian packages), SKIP_DEB=1 (bundle and tarball only),
# DEB_COMPRESS (dpkg-deb options; default "-Zxz": smallest, but 40-120 s on 2 busy cores;
# "-Zxz -z3" takes half the time for 3 MB more).
# The PyInstaller log is build/pyinstaller-linux.log; the smoke test reads it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BUILD_VENV="${BUILD_VENV:-$ROOT/build/venv-linux}"
LOG="$ROOT/build/pyinstaller-linux.log"
APP_ID="io.github.annotator.Annotator"
START=$SECONDS

say() { printf '[build %3ds] %s\n' "$((SECONDS - START))" "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Debian packages the build needs. The xcb libraries must be on the BUILD host: PyInstaller
# copies what Qt's xcb platform plugin links against, and a missing one gives a bundle that
# passes offscreen but aborts under a real X server (see the smoke test).
APT_PACKAGES=(
    python3 python3-venv python3-dev binutils dpkg-dev file xz-utils
    libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
    libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxcb-util1 libxkbcommon0
    libxkbcommon-x11-0 libwayland-client0 libwayland-cursor0 libwayland-egl1
    xvfb xauth appstream desktop-file-utils shared-mime-info xdg-utils
)

install_apt_packages() {
    [[ "${SKIP_APT:-0}" == 1 ]] && return
    command -v dpkg-query >/dev/null || die "not a Debian/Ubuntu system (no dpkg-query)"
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && { say "Debian packages: all present"; return; }
    say "installing Debian packages: ${missing[*]}"
    local sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
}

python_ok() {
    command -v "$1" >/dev/null \
        && "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

pick_python() {
    if [[ -n "${PYTHON:-}" ]]; then
        python_ok "$PYTHON" || die "PYTHON=$PYTHON is not Python 3.11+ with the venv module"
        return
    fi
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11; do
        python_ok "$candidate" && { PYTHON=$candidate; return; }
    done
    [[ "${SKIP_APT:-0}" == 1 ]] && die "no Python 3.11 or newer found; set PYTHON"
    say "installing python3.11 (the system python3 is older)"
    local sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        python3.11 python3.11-venv python3.11-dev
    PYTHON=python3.11
}

make_venv() {
    if [[ ! -x "$BUILD_VENV/bin/python" ]]; then
        say "creating the build venv $BUILD_VENV with $("$PYTHON" --version)"
        "$PYTHON" -m venv "$BUILD_VENV"
        "$BUILD_VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel
    fi
    local pip=("$BUILD_VENV/bin/python" -m pip install -q)
    say "installing pinned build requirements"
    "${pip[@]}" -r packaging/requirements-build.txt setuptools wheel
    # A stale build/lib from an earlier build would put deleted modules into the bundle.
    rm -rf "$ROOT/build/lib" "$ROOT"/build/bdist.*
    say "installing annotator (not editable: PyInstaller collects annotator.resources from it)"
    {
        "${pip[@]}" --no-build-isolation --force-reinstall --no-deps "$ROOT"
        # Dependencies added to pyproject.toml after the pins above.
        "${pip[@]}" --no-build-isolation "$ROOT"
    } > "$ROOT/build/pip-install.log" 2>&1 || { tail -30 "$ROOT/build/pip-install.log" >&2; die "pip failed"; }
    rm -rf "$ROOT/build/lib" "$ROOT"/build/bdist.*
}

build_bundle() {
    say "PyInstaller (log: $LOG)"
    rm -rf "$ROOT/dist/annotator"
    mkdir -p "$(dirname "$LOG")"
    if ! "$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --log-level INFO \
        --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
        packaging/annotator.spec >"$LOG" 2>&1; then
        tail -40 "$LOG" >&2
        die "PyInstaller failed; full log in $LOG"
    fi
    [[ -x dist/annotator/annotator ]] || die "dist/annotator/annotator was not built"
    if grep -E "Library not found" "$LOG" | grep -E "plugins/(platforms|xcbglintegrations)|XcbQpa"; then
        die "Qt platform plugins miss system libraries (lines above): install them and rebuild"
    fi
}

# Debian packages that provide the shared libraries the bundle loads from the system:
# ldd over every ELF file of the bundle (the bundle's own folders on the library path), then
# dpkg -S for each library outside it. Writes build/system-libs.txt and build/system-packages.txt.
system_dependencies() {
    local bundle="$1" dirs elf lib owner
    dirs=$(find "$bundle" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)
    find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
        | xargs -0 file -N -F '|' | awk -F'|' '$2 ~ /ELF/ {print $1}' > build/bundle-elf.txt
    : > build/system-libs.raw
    while IFS= read -r elf; do
        LD_LIBRARY_PATH="$dirs" ldd "$elf" 2>/dev/null \
            | awk '$2 == "=>" && $3 ~ /^\// {print $3}' >> build/system-libs.raw || true
    done < build/bundle-elf.txt
    grep -v "^$bundle/" build/system-libs.raw | sort -u > build/system-libs.txt || true
    : > build/system-packages.raw
    while IFS= read -r lib; do
        owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null \
            || dpkg -S "${lib#/usr}" 2>/dev/null || true)
        [[ -n "$owner" ]] || die "no Debian package owns $lib (needed by the bundle)"
        owner=$(head -1 <<<"$owner")
        echo "${owner%%:*}" >> build/system-packages.raw
    done < build/system-libs.txt
    sort -u build/system-packages.raw > build/system-packages.txt
}

glibc_floor() {
    # The newest GLIBC_x.y symbol version any bundled ELF file asks for (debcontrol.py raises
    # it to 2.34, which the PySide6 wheels need): the bundle needs a glibc at least as new as
    # the build host's whenever it carries host libraries such as libstdc++.
    { xargs -d '\n' objdump -T < build/bundle-elf.txt 2>/dev/null || true; } \
        | { grep -o 'GLIBC_[0-9][0-9.]*' || true; } | sed 's/GLIBC_//' | sort -uV | tail -1
}

make_deb() {
    local version="$1"
    local stage="$ROOT/build/deb/annotator_${version}_amd64"
    say "staging the .deb"
    rm -rf "$stage"
    mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
        "$stage/usr/share/metainfo" "$stage/usr/share/mime/packages" "$stage/usr/share/doc/annotator"
    cp -a dist/annotator "$stage/opt/annotator"
    # The bootloader finds its _internal folder through /proc/self/exe, so a symlink works.
    ln -s ../../opt/annotator/annotator "$stage/usr/bin/annotator"
    install -m 644 "packaging/linux/$APP_ID.desktop" "$stage/usr/share/applications/"
    install -m 644 "packaging/linux/$APP_ID.metainfo.xml" "$stage/usr/share/metainfo/"
    # The .annotator file type; the dpkg triggers of shared-mime-info and desktop-file-utils
    # rebuild the MIME database and the .desktop MimeType cache, so no maintainer script.
    install -m 644 "packaging/linux/$APP_ID.xml" "$stage/usr/share/mime/packages/"
    install -D -m 644 resources/icons/annotator.svg \
        "$stage/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
    local png size
    for png in resources/icons/annotator-*.png; do
        size=${png##*-}
        size=${size%.png}
        install -D -m 644 "$png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    ls "$stage"/usr/share/icons/hicolor/256x256/apps/*.png >/dev/null \
        || die "resources/icons/annotator-256.png is missing"
    {
        echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
        echo "Upstream-Name: annotator"
        echo
        echo "Files: *"
        echo "License: MIT"
        echo
        echo "Files: opt/annotator/_internal/annotator/resources/fonts/*"
        echo "License: OFL-1.1"
        echo " See opt/annotator/_internal/annotator/resources/fonts/OFL.txt"
        echo
        echo "Files: opt/annotator/_internal/PySide6/* opt/annotator/_internal/shiboken6/*"
        echo "License: LGPL-3.0"
        echo " Qt for Python, https://www.qt.io/qt-for-python"
    } > "$stage/usr/share/doc/annotator/copyright"

    system_dependencies "$ROOT/dist/annotator"
    "$BUILD_VENV/bin/python" packaging/linux/debcontrol.py --version "$version" \
        --installed-size "$(du -sk --exclude=DEBIAN "$stage" | cut -f1)" \
        --glibc "$(glibc_floor)" --packages build/system-packages.txt > "$stage/DEBIAN/control"
    say "$(grep '^Depends:' "$stage/DEBIAN/control")"
    say "dpkg-deb ${DEB_COMPRESS:--Zxz}"
    # shellcheck disable=SC2086 # DEB_COMPRESS holds several options
    dpkg-deb --root-owner-group ${DEB_COMPRESS:--Zxz} --build "$stage" "dist/annotator_${version}_amd64.deb" >/dev/null
}

install_apt_packages
pick_python
make_venv
VERSION=$("$BUILD_VENV/bin/python" -c 'from importlib.metadata import version; print(version("annotator"))')
say "annotator $VERSION"
build_bundle
say "bundle: $(du -sh dist/annotator | cut -f1) unpacked"
TARBALL="dist/annotator-$VERSION-linux-x86_64.tar.gz"
tar -C dist -cf - annotator | gzip -6 > "$TARBALL"
say "tarball: $TARBALL $(du -h "$TARBALL" | cut -f1)"
if [[ "${SKIP_DEB:-0}" != 1 ]]; then
    make_deb "$VERSION"
    say "deb: dist/annotator_${VERSION}_amd64.deb $(du -h "dist/annotator_${VERSION}_amd64.deb" | cut -f1)"
fi
say "done"
