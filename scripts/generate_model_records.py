"""Write annotator/core/_model_records.py: the methods of model.py's records, generated ahead of
time (annotator/core/_records.py). Run after changing a field of a class in model.py:

    python scripts/generate_model_records.py
"""

from __future__ import annotations

from pathlib import Path

import annotator.core.model  # noqa: F401  (its decorators fill _records.ORIGINALS)
from annotator.core import _records

target = Path(_records.__file__).with_name("_model_records.py")
target.write_text(_records.generate(), encoding="utf-8")
print(f"wrote {target}")
