#!/usr/bin/env bash
# Build dist/Annotator.app (packaging/annotator.spec, BUNDLE section), self-test it, and pack
# dist/annotator-VERSION-macos-ARCH.dmg. macOS 13 or newer (the PySide6-Essentials 6.11.3 wheel
# is macosx_13_0_universal2; LSMinimumSystemVersion says the same).
#   PYTHON=python3.11 bash packaging/macos/build_dmg.sh
# Signing is PyInstaller's: with CODESIGN_IDENTITY set ("Developer ID Application: NAME (TEAM)",
# in a keychain on the search list: release.yml imports it into a temporary one), it signs every
# binary, each framework bundle and the .app with that identity, the hardened runtime, a secure
# timestamp and packaging/macos/entitlements.plist; without it, ad hoc (runs here, Gatekeeper
# warns elsewhere). A signing failure fails the build, and the signature is verified strictly.
# notarize.sh then signs, notarizes and staples the .dmg.
# SELFTEST_TIMEOUT (seconds, default 180): a windowed app that fails early can sit behind a
# modal dialog; the self-test is killed then and its result file printed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
BUILD_VENV="${BUILD_VENV:-$ROOT/build/venv-macos}"
SELFTEST_TIMEOUT="${SELFTEST_TIMEOUT:-180}"
START=$SECONDS
say() { printf '[dmg %3ds] %s\n' "$((SECONDS - START))" "$*"; }
die() { printf 'build_dmg.sh: %s\n' "$*" >&2; exit 1; }

[[ "$(uname -s)" == Darwin ]] || die "runs on macOS only"

# Runs "$@" and kills it after $1 seconds (macOS has no timeout(1)). Returns its exit status,
# or 124 on timeout, like timeout(1).
run_with_timeout() {
    local seconds="$1" pid waited=0
    shift
    "$@" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= seconds)); then
            kill -9 "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            return 124
        fi
        sleep 1
        waited=$((waited + 1))
    done
    wait "$pid"
}

if [[ ! -x "$BUILD_VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$BUILD_VENV"
fi
"$BUILD_VENV/bin/python" -m pip install -q --upgrade pip
"$BUILD_VENV/bin/python" -m pip install -q -r packaging/requirements-build.txt "$ROOT"
VERSION=$("$BUILD_VENV/bin/python" -c 'from importlib.metadata import version; print(version("annotator"))')
ARCH=$(uname -m)
say "annotator $VERSION ($ARCH), signing identity: ${CODESIGN_IDENTITY:-ad hoc}"

# PyInstaller signs (utils/osx.py); these make a signing error fail the build instead of a
# warning, and have it verify the bundle's signature strictly.
export PYINSTALLER_STRICT_BUNDLE_CODESIGN_ERROR=1 PYINSTALLER_VERIFY_BUNDLE_SIGNATURE=1
rm -rf dist/annotator dist/Annotator.app
mkdir -p build
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/annotator.spec > build/pyinstaller-macos.log 2>&1 \
    || { tail -40 build/pyinstaller-macos.log >&2; die "PyInstaller failed; log: build/pyinstaller-macos.log"; }
APP="dist/Annotator.app"
codesign --verify --deep --strict --verbose=2 "$APP"
plutil -lint "$APP/Contents/Info.plist"
say "bundle: $(du -sh "$APP" | cut -f1), signature verified"

# The windowed app has no console: read the result file, and print it whatever happened.
EXE="$APP/Contents/MacOS/annotator"
"$EXE" --version
for platform in offscreen cocoa; do
    result="build/selftest-$platform.txt"
    rm -f "$result"
    rc=0
    if [[ $platform == offscreen ]]; then
        QT_QPA_PLATFORM=offscreen run_with_timeout "$SELFTEST_TIMEOUT" \
            "$EXE" --selftest --selftest-output "$result" || rc=$?
    else
        run_with_timeout "$SELFTEST_TIMEOUT" "$EXE" --selftest --selftest-output "$result" || rc=$?
    fi
    if [[ $rc -ne 0 ]] || ! grep -q "^SELFTEST OK" "$result" 2>/dev/null; then
        [[ $rc -eq 124 ]] && echo "selftest ($platform): killed after ${SELFTEST_TIMEOUT}s" >&2
        cat "$result" >&2 2>/dev/null || echo "selftest ($platform): no result file $result" >&2
        die "selftest ($platform) failed (exit status $rc)"
    fi
    say "selftest ($platform): $(grep '^SELFTEST OK' "$result")"
done

# hdiutil create fails now and then with "Resource busy" on hosted runners: retry it.
make_dmg() {
    local dmg="$1" volname="$2" stage="$3" attempt
    for attempt in 1 2 3 4 5; do
        rm -f "$dmg"
        if hdiutil create -volname "$volname" -srcfolder "$stage" -ov -format UDZO "$dmg" >/dev/null; then
            return 0
        fi
        say "hdiutil create failed (attempt $attempt of 5); retrying"
        sleep $((attempt * 5))
    done
    die "hdiutil create failed 5 times"
}

DMG="dist/annotator-$VERSION-macos-$ARCH.dmg"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
# ditto keeps the signatures, extended attributes and framework symlinks intact.
ditto "$APP" "$STAGE/Annotator.app"
ln -s /Applications "$STAGE/Applications"
make_dmg "$DMG" "Annotator $VERSION" "$STAGE"
say "dmg: $DMG $(du -h "$DMG" | cut -f1)"
