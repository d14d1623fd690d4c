#!/usr/bin/env bash
# Install everything the tests need (Debian packages, a venv with the test extra) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q "$@"
# The screenshots again through a real X server (Qt's xcb plugin and the system's xcb libraries),
# saved to artifacts/ to be looked at.
if command -v xvfb-run >/dev/null 2>&1; then
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
    .venv/bin/python -m pytest -q -p no:cacheprovider \
    tests/gui/test_screenshots.py tests/gui/test_dialog_screenshots.py \
    tests/gui/test_frame_screenshots.py \
    tests/gui/test_suggestions_gui.py::test_screenshot_suggestions_english_and_arabic
elif [ -n "${CI:-}" ]; then
  echo "run-tests: xvfb-run is missing; CI needs it for the screenshots" >&2; exit 1
else
  echo "run-tests: no xvfb-run here; screenshots were taken offscreen only" >&2
fi
