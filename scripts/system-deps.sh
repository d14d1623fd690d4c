#!/usr/bin/env bash
# Debian/Ubuntu packages Qt's "xcb" platform plugin loads to open a window, and (without --app)
# what the GUI tests and screenshots need on top: Xvfb, xdotool, ImageMagick, a Latin font.
# Installs what is missing through apt-get (as root, or with sudo); otherwise names the exact
# packages. Safe to run again.
#   --app    only the app's runtime libraries (scripts/run-app.sh)
#   --print  print the package list and exit
set -euo pipefail
APP_PKGS=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
      libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1
      libxcb-shm0 libxcb-render0 libxcb-util1 libx11-xcb1)
TEST_PKGS=(xvfb xauth xdotool imagemagick fonts-dejavu-core)
app_only=0
print_only=0
for arg in "$@"; do
  case "$arg" in
    --app) app_only=1 ;;
    --print) print_only=1 ;;
    *) echo "system-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done
PKGS=("${APP_PKGS[@]}")
[ "$app_only" = 1 ] || PKGS=("${TEST_PKGS[@]}" "${APP_PKGS[@]}")
if [ "$print_only" = 1 ]; then
  printf '%s\n' "${PKGS[@]}"
  exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: no apt-get here; install Qt's xcb libraries with your package manager" \
       "(Debian names: ${PKGS[*]})" >&2
  exit 0
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: these packages are missing and this is not root (no sudo); install them with:" >&2
    echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 0
  fi
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
