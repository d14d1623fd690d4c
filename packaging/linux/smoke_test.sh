#!/usr/bin/env bash
# Smoke test of the Linux installers: build them (packaging/linux/build.sh), then
#   1. fail on "Library not found" lines for Qt's platform plugins in the PyInstaller log;
#   2. run the bundle's --version, and its --selftest offscreen AND under Xvfb (xcb plugin);
#   3. unpack the .deb with dpkg-deb -x, check its control fields, .desktop and metainfo, its
#      glibc floor both ways (at least 2.34; at most ANNOTATOR_GLIBC_MAX when set), its
#      .annotator file association (MIME type + .desktop MimeType, resolved by xdg-mime in a
#      private XDG tree), and run the --selftest of the app unpacked from it (/usr/bin symlink);
#   4. check that nothing was written inside the bundle (user data lives in user dirs);
#   5. print the frozen/source wall-time ratio of the self-test (bench/bench_selftest.py).
# SMOKE_SKIP_BUILD=1 tests the existing dist/ instead of building. ANNOTATOR_GLIBC_MAX=2.35
# (set by release.yml, which builds in an ubuntu:22.04 container) fails the run when the bundle
# needs a newer glibc, so a newer build image cannot raise the floor unnoticed; a local build
# on a newer system only prints its floor. Exit status 0 = all passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BUILD_VENV="${BUILD_VENV:-$ROOT/build/venv-linux}"
LOG="$ROOT/build/pyinstaller-linux.log"
START=$SECONDS
FAILED=0
WORK=$(mktemp -d -t annotator-smoke-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

say() { printf '[smoke %3ds] %s\n' "$((SECONDS - START))" "$*"; }
fail() { printf '[smoke %3ds] FAIL: %s\n' "$((SECONDS - START))" "$*" >&2; FAILED=1; }

if [[ "${SMOKE_SKIP_BUILD:-0}" != 1 ]]; then
    say "building (packaging/linux/build.sh)"
    bash packaging/linux/build.sh
fi
BUILD_SECONDS=$((SECONDS - START))

VERSION=$("$BUILD_VENV/bin/python" -c 'from importlib.metadata import version; print(version("annotator"))')
EXE="$ROOT/dist/annotator/annotator"
DEB="$ROOT/dist/annotator_${VERSION}_amd64.deb"
TARBALL="$ROOT/dist/annotator-$VERSION-linux-x86_64.tar.gz"
for f in "$EXE" "$DEB" "$TARBALL" "$LOG"; do
    [[ -e "$f" ]] || { echo "smoke_test.sh: $f is missing: build first" >&2; exit 1; }
done

# 1. The xcb trap: a platform plugin whose libraries were missing on the build host.
if grep -E "Library not found" "$LOG" | grep -E "plugins/(platforms|xcbglintegrations)|XcbQpa"; then
    fail "Qt platform plugins miss libraries in the build log (lines above)"
else
    say "build log: no 'Library not found' for Qt platform plugins"
fi

snapshot() { (cd "$1" && find . -printf '%P %s\n' | sort); }
snapshot "$ROOT/dist/annotator" > "$WORK/bundle-before.txt"

# Runs a self-test and checks both the printed line and the result file.
# usage: selftest NAME EXPECTED_PLATFORM COMMAND...
selftest() {
    local name="$1" platform="$2"
    shift 2
    local out="$WORK/$name.out" result="$WORK/$name.txt" rc=0
    timeout 180 "$@" --selftest --selftest-output "$result" >"$out" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]] || ! grep -q "^SELFTEST OK" "$out"; then
        cat "$out" >&2
        fail "$name: --selftest exited $rc"
        return
    fi
    if ! grep -q "^SELFTEST OK" "$result" 2>/dev/null; then
        fail "$name: the result file $result does not say SELFTEST OK"
        return
    fi
    if ! grep -q "^ok   main window.*: $platform " "$result"; then
        grep "main window" "$result" >&2 || true
        fail "$name: the main window did not open on the $platform platform"
        return
    fi
    say "$name: $(grep '^SELFTEST OK' "$result")"
}

# 2. The bundle.
if version_out=$("$EXE" --version 2>&1) && [[ "$version_out" == "annotator $VERSION" ]]; then
    say "--version: $version_out"
else
    fail "--version printed '$version_out', expected 'annotator $VERSION'"
fi
selftest bundle-offscreen offscreen env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen "$EXE"
# A real X server: the only way to load the xcb platform plugin and every library it needs.
selftest bundle-xvfb xcb xvfb-run -a -s "-screen 0 1280x1024x24" \
    env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY "$EXE"

# 3. The .deb.
deb_root="$WORK/deb"
dpkg-deb -x "$DEB" "$deb_root"
dpkg-deb -f "$DEB" Package Version Architecture Depends > "$WORK/control.txt"
say "deb control: $(tr '\n' ' ' < "$WORK/control.txt")"
depends=$(dpkg-deb -f "$DEB" Depends)
for pkg in libc6 libxcb1 libegl1 libgl1 libfontconfig1 libxkbcommon-x11-0 libxcb-cursor0; do
    grep -qE "(^|, )$pkg( |,|$)" <<<"$depends" || fail "deb Depends lacks $pkg"
done
grep -qE "libc6 \(>= 2\.(3[4-9]|[4-9][0-9])\)" <<<"$depends" || fail "deb Depends: libc6 (>= 2.34) expected"
# The glibc floor, measured again from the unpacked bundle (the newest GLIBC_ symbol version any
# ELF file asks for), and its ceiling: the release promises Ubuntu 22.04 (glibc 2.35).
version_le() { [[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" == "$1" ]]; }
measured=$(find "$deb_root/opt/annotator" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
    | xargs -0 file -N -F '|' | awk -F'|' '$2 ~ /ELF/ {print $1}' \
    | xargs -d '\n' objdump -T 2>/dev/null | { grep -o 'GLIBC_[0-9][0-9.]*' || true; } \
    | sed 's/GLIBC_//' | sort -uV | tail -1)
deb_floor=$(sed -n 's/.*libc6 (>= \([0-9.]*\)).*/\1/p' <<<"$depends")
say "glibc floor: bundle needs $measured, deb Depends libc6 (>= $deb_floor)"
[[ -n "$measured" ]] || fail "no GLIBC_ symbol versions found in the bundle (objdump missing?)"
version_le "$measured" "$deb_floor" || fail "deb Depends libc6 (>= $deb_floor) is below the bundle's $measured"
if [[ -n "${ANNOTATOR_GLIBC_MAX:-}" ]]; then
    [[ "$ANNOTATOR_GLIBC_MAX" =~ ^[0-9]+\.[0-9]+$ ]] || fail "ANNOTATOR_GLIBC_MAX=$ANNOTATOR_GLIBC_MAX is not X.Y"
    if version_le "$deb_floor" "$ANNOTATOR_GLIBC_MAX"; then
        say "glibc ceiling: $deb_floor <= $ANNOTATOR_GLIBC_MAX"
    else
        fail "the .deb needs glibc $deb_floor, above the promised $ANNOTATOR_GLIBC_MAX (build host too new)"
    fi
else
    say "glibc ceiling: not checked (ANNOTATOR_GLIBC_MAX unset; release.yml sets it)"
fi
# Every Depends package must be installed here, or the smoke test ran against libraries a
# user of the .deb would not get.
sed 's/([^)]*)//g; s/, */\n/g; s/ //g' <<<"$depends" > "$WORK/depends.txt"
while IFS= read -r pkg; do
    [[ -n "$pkg" ]] || continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
        || fail "deb Depends names $pkg, which is not installed here"
done < "$WORK/depends.txt"
for f in usr/bin/annotator opt/annotator/annotator \
    usr/share/applications/io.github.annotator.Annotator.desktop \
    usr/share/metainfo/io.github.annotator.Annotator.metainfo.xml \
    usr/share/mime/packages/io.github.annotator.Annotator.xml \
    usr/share/icons/hicolor/scalable/apps/io.github.annotator.Annotator.svg \
    usr/share/icons/hicolor/256x256/apps/io.github.annotator.Annotator.png; do
    [[ -e "$deb_root/$f" ]] || fail "deb lacks /$f"
done
desktop="$deb_root/usr/share/applications/io.github.annotator.Annotator.desktop"
if command -v desktop-file-validate >/dev/null; then
    if desktop-file-validate "$desktop"; then
        say "desktop-file-validate: ok"
    else
        fail "desktop-file-validate"
    fi
fi
if command -v appstreamcli >/dev/null; then
    if appstreamcli validate --no-net --explain \
        "$deb_root/usr/share/metainfo/io.github.annotator.Annotator.metainfo.xml" >"$WORK/as.txt" 2>&1; then
        say "appstreamcli validate: ok"
    else
        cat "$WORK/as.txt" >&2
        fail "appstreamcli validate"
    fi
fi

# The .annotator file association: what dpkg's shared-mime-info and desktop-file-utils triggers
# do on install, done here in a private XDG tree, then asked of xdg-mime like a file manager.
mime_type=application/x-annotator-project
grep -qx "MimeType=$mime_type;" "$desktop" || fail ".desktop lacks MimeType=$mime_type;"
grep -qx "Exec=annotator %f" "$desktop" || fail ".desktop Exec does not pass the file (%f)"
xdg="$WORK/xdg"
mkdir -p "$xdg/share" "$xdg/home" "$xdg/config"
cp -r "$deb_root/usr/share/mime" "$deb_root/usr/share/applications" "$xdg/share/"
if update-mime-database "$xdg/share/mime" >"$WORK/mime.txt" 2>&1 \
    && grep -q ":$mime_type:\*\.annotator$" "$xdg/share/mime/globs2"; then
    say "MIME type: *.annotator is $mime_type"
else
    cat "$WORK/mime.txt" >&2
    fail "update-mime-database did not register *.annotator as $mime_type"
fi
update-desktop-database "$xdg/share/applications" >/dev/null 2>&1 || fail "update-desktop-database"
default_app=$(env -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION XDG_DATA_HOME="$xdg/home" \
    XDG_CONFIG_HOME="$xdg/config" XDG_DATA_DIRS="$xdg/share" \
    xdg-mime query default "$mime_type" 2>&1 || true)
if [[ "$default_app" == io.github.annotator.Annotator.desktop ]]; then
    say "xdg-mime query default $mime_type: $default_app"
else
    fail "xdg-mime query default $mime_type gave '$default_app'"
fi
selftest deb-offscreen offscreen env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen \
    "$deb_root/usr/bin/annotator"
selftest deb-xvfb xcb xvfb-run -a -s "-screen 0 1280x1024x24" \
    env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY "$deb_root/usr/bin/annotator"

# 4. Nothing written inside the bundle (no caches, settings or logs next to the program).
snapshot "$ROOT/dist/annotator" > "$WORK/bundle-after.txt"
if ! diff -u "$WORK/bundle-before.txt" "$WORK/bundle-after.txt" >"$WORK/bundle.diff"; then
    cat "$WORK/bundle.diff" >&2
    fail "running the app changed files inside dist/annotator"
else
    say "bundle unchanged by the runs"
fi

# 5. Figures.
say "bundle $(du -sm dist/annotator | cut -f1) MB unpacked ($(find dist/annotator -type f | wc -l) files)," \
    "tar.gz $(du -m "$TARBALL" | cut -f1) MB, deb $(du -m "$DEB" | cut -f1) MB"
tar_mb=$(( $(stat -c %s "$TARBALL") / 1000000 ))
[[ $tar_mb -le 60 ]] || fail "the .tar.gz is $tar_mb MB, over the 60 MB goal"
"$BUILD_VENV/bin/python" bench/bench_selftest.py --frozen "$EXE" --python "$BUILD_VENV/bin/python" \
    --runs "${SMOKE_BENCH_RUNS:-3}" || fail "bench_selftest.py"

say "build ${BUILD_SECONDS}s, total $((SECONDS - START))s"
if [[ $FAILED -ne 0 ]]; then
    echo "smoke test: FAILED" >&2
    exit 1
fi
echo "smoke test: all checks passed"
