#!/usr/bin/env bash
# Sign the .dmg built by build_dmg.sh, notarize it with Apple and staple the ticket.
# The app inside is NOT signed again here: PyInstaller signed it at build time with
# CODESIGN_IDENTITY (build_dmg.sh). Re-signing every Mach-O as a loose file, framework main
# binaries included, leaves the *.framework/Versions/X bundles unsealed ("bundle format is
# ambiguous", pyinstaller #8927 and #9072; Apple TN2206).
# Needs, in the environment:
#   CODESIGN_IDENTITY   "Developer ID Application: NAME (TEAMID)" in a keychain on the search list
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   (an app-specific password for notarytool)
# usage: bash packaging/macos/notarize.sh dist/annotator-VERSION-macos-ARCH.dmg
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DMG="${1:?usage: notarize.sh DMG}"
APP="dist/Annotator.app"
PYTHON="${PYTHON:-python3}"
die() { printf 'notarize.sh: %s\n' "$*" >&2; exit 1; }
for var in CODESIGN_IDENTITY APPLE_ID APPLE_TEAM_ID APPLE_APP_PASSWORD; do
    [[ -n "${!var:-}" ]] || die "$var is not set"
done
[[ -f "$DMG" ]] || die "$DMG does not exist"

# The app must carry the Developer ID signature with the hardened runtime, or Apple refuses it.
codesign --verify --deep --strict --verbose=2 "$APP"
details=$(codesign --display --verbose=4 "$APP" 2>&1)
grep -qF "Authority=$CODESIGN_IDENTITY" <<<"$details" \
    || die "$APP is not signed by $CODESIGN_IDENTITY (was CODESIGN_IDENTITY set for build_dmg.sh?)"
grep -q "flags=.*runtime" <<<"$details" || die "$APP lacks the hardened runtime"

codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
codesign --verify --strict --verbose=2 "$DMG"

# `submit --wait` exits 0 when Apple answers Invalid: read the status, require Accepted.
auth=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
out=$(xcrun notarytool submit "$DMG" "${auth[@]}" --wait --output-format json) || {
    echo "$out" >&2
    die "notarytool submit failed"
}
read -r id status < <("$PYTHON" -c \
    'import json, sys; d = json.load(sys.stdin); print(d.get("id", "-"), d.get("status", "-"))' \
    <<<"$out")
echo "notarytool: submission $id: $status"
if [[ "$status" != Accepted ]]; then
    if [[ "$id" != - ]]; then
        xcrun notarytool log "$id" "${auth[@]}" >&2 || true
    fi
    die "notarization of $DMG: $status (log above)"
fi

xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose "$DMG"
echo "notarized: $DMG"
