#!/usr/bin/env bash
# Sign dist/Annotator.app with the hardened runtime, rebuild the .dmg around it, notarize the
# .dmg with Apple and staple the ticket. Needs, in the environment:
#   CODESIGN_IDENTITY   "Developer ID Application: NAME (TEAMID)" in the login keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   (an app-specific password for notarytool)
# usage: bash packaging/macos/notarize.sh dist/annotator-VERSION-macos-ARCH.dmg
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DMG="${1:?usage: notarize.sh DMG}"
APP="dist/Annotator.app"
for var in CODESIGN_IDENTITY APPLE_ID APPLE_TEAM_ID APPLE_APP_PASSWORD; do
    [[ -n "${!var:-}" ]] || { echo "notarize.sh: $var is not set" >&2; exit 1; }
done

# Inside out: every Mach-O file first, then the bundle (--deep is deprecated for signing).
find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) -print0 \
    | while IFS= read -r -d '' f; do
        if file -b "$f" | grep -q Mach-O; then
            codesign --force --timestamp --options runtime \
                --entitlements packaging/macos/entitlements.plist \
                --sign "$CODESIGN_IDENTITY" "$f"
        fi
    done
codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist \
    --sign "$CODESIGN_IDENTITY" "$APP"
codesign --verify --strict --verbose=2 "$APP"

VOLNAME=$(hdiutil imageinfo "$DMG" 2>/dev/null | awk -F': ' '/Volume name/ {print $2}' || true)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "${VOLNAME:-Annotator}" -srcfolder "$STAGE" -ov -format UDZO "$DMG" >/dev/null
codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"

xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait
xcrun stapler staple "$DMG"
spctl --assess --type open --context context:primary-signature --verbose "$DMG"
echo "notarized: $DMG"
