"""Write annotator/core/_generated_schema.py: a new project's schema as SCHEMA_V1 and every
migration leave it, run once here instead of at every ``Project.create``
(annotator/core/new_schema.py). Run after adding a migration:

    python scripts/generate_schema.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core import new_schema
from annotator.core.schema import TEXT_KEY_SQL

conn = sqlite3.connect(":memory:", isolation_level=None)
conn.execute("PRAGMA foreign_keys = ON")
conn.create_function(TEXT_KEY_SQL, 1, lambda t: None)  # used by a migration step
conn.execute("BEGIN")
new_schema.migrate_from_scratch(conn)
conn.execute("COMMIT")
target = Path(new_schema.__file__).with_name("_generated_schema.py")
target.write_text(new_schema.generate(conn), encoding="utf-8")
print(f"wrote {target}")
