#!/usr/bin/env bash
# Install annotator into a venv and open the app on the bundled sample article.
set -euo pipefail
cd "$(dirname "$0")/.."
# Qt's xcb libraries (a fresh desktop may lack libxcb-cursor0 and friends): installed through
# apt-get when we may, else named.
bash scripts/system-deps.sh --app
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/annotator --sample "$@"
