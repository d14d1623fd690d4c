"""Write annotator/core/_generated_records.py: the methods of the slotted records of
``_records.RECORD_MODULES`` (model.py's and a few more), generated ahead of time
(annotator/core/_records.py). Run after changing a field of one of those classes:

    python scripts/generate_records.py
"""

from __future__ import annotations

from pathlib import Path

from annotator.core import _records

source = _records.generate()
target = Path(_records.__file__).with_name("_generated_records.py")
target.write_text(source, encoding="utf-8")
print(f"wrote {target}")
