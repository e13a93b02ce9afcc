"""JSON: a JSON array of entries, complete enough to rebuild them with 'kj import'.

Each entry is the 'kj show --json' shape plus what makes it lossless: every prompt
asked (a skipped one has answer "", one not reached yet null) with answered_at,
skipped check-in ratings as null. 'kj reflect --from' reads it back too.

One entry per line: json's C encoder only runs without indent, and is about five
times faster than the indenting one, which matters at 100,000 entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    count = 0
    out.write("[")
    for entry in entries:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(entry, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
