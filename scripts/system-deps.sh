#!/usr/bin/env bash
# Debian/Ubuntu packages the GUI tests and screenshots need: Xvfb and the xcb libraries Qt's
# "xcb" platform plugin loads, plus fonts for the Latin fallback. Safe to run again.
set -euo pipefail
PKGS=(xvfb xauth xdotool imagemagick fonts-dejavu-core
      libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
      libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1
      libxcb-shm0 libxcb-render0 libxcb-util1 libx11-xcb1)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: no apt-get here; install Xvfb and Qt's xcb libraries with your package manager" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: not root and no sudo; skipping Debian packages" >&2; exit 0; fi
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
