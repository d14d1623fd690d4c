#!/usr/bin/env bash
# Build dist/Annotator.app (packaging/annotator.spec, BUNDLE section), self-test it, and pack
# dist/annotator-VERSION-macos-ARCH.dmg. macOS 14 or newer (PySide6 6.11 wheels need it).
#   PYTHON=python3.11 bash packaging/macos/build_dmg.sh
# With CODESIGN_IDENTITY set, PyInstaller signs with that identity; notarize.sh then submits
# the .dmg to Apple. Without it the app is signed ad hoc (runs here, Gatekeeper warns elsewhere).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
BUILD_VENV="${BUILD_VENV:-$ROOT/build/venv-macos}"
START=$SECONDS
say() { printf '[dmg %3ds] %s\n' "$((SECONDS - START))" "$*"; }

[[ "$(uname -s)" == Darwin ]] || { echo "build_dmg.sh runs on macOS only" >&2; exit 1; }

if [[ ! -x "$BUILD_VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$BUILD_VENV"
fi
"$BUILD_VENV/bin/python" -m pip install -q --upgrade pip
"$BUILD_VENV/bin/python" -m pip install -q -r packaging/requirements-build.txt "$ROOT"
VERSION=$("$BUILD_VENV/bin/python" -c 'from importlib.metadata import version; print(version("annotator"))')
ARCH=$(uname -m)
say "annotator $VERSION ($ARCH)"

rm -rf dist/annotator dist/Annotator.app
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/annotator.spec > build/pyinstaller-macos.log 2>&1 \
    || { tail -40 build/pyinstaller-macos.log >&2; exit 1; }
APP="dist/Annotator.app"
say "bundle: $(du -sh "$APP" | cut -f1)"

# The windowed app has no console: read the result file.
EXE="$APP/Contents/MacOS/annotator"
"$EXE" --version
for platform in offscreen cocoa; do
    result="build/selftest-$platform.txt"
    if [[ $platform == offscreen ]]; then
        QT_QPA_PLATFORM=offscreen "$EXE" --selftest --selftest-output "$result"
    else
        "$EXE" --selftest --selftest-output "$result"
    fi
    grep -q "^SELFTEST OK" "$result" || { cat "$result" >&2; exit 1; }
    say "selftest ($platform): $(grep '^SELFTEST OK' "$result")"
done

DMG="dist/annotator-$VERSION-macos-$ARCH.dmg"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Annotator $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG" >/dev/null
say "dmg: $DMG $(du -h "$DMG" | cut -f1)"
