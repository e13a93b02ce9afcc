"""The ids rows get: worked out in Python for rows a batch holds before writing them
(bulk_writes.AddedBatch.hold_rows), exactly as SQLite would give them row by row, and a
compact set of ids (the importer's note of the entries it has seen)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal


class IdSet:
    """A set of row numbers at a bit each (numbers past BITS, which only a file asks
    for, in a set): a million entries' numbers in 128 KB."""

    BITS = 1 << 26  # 8 MB at most

    def __init__(self):
        self._bits = bytearray()
        self._far: set[int] = set()

    def add(self, number: int) -> bool:
        """Put number in; whether it was not in already."""
        if not 0 <= number < self.BITS:
            new = number not in self._far
            self._far.add(number)
            return new
        byte, bit = number >> 3, 1 << (number & 7)
        if byte >= len(self._bits):
            self._bits.extend(bytes(byte + 1 - len(self._bits) + 4096))
        if self._bits[byte] & bit:
            return False
        self._bits[byte] |= bit
        return True

    def __contains__(self, number: int) -> bool:
        if not 0 <= number < self.BITS:
            return number in self._far
        byte = number >> 3
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << (number & 7)))


class Numbers:
    """The id SQLite gives each new row of an INTEGER PRIMARY KEY table (entries,
    actions) when the row asks for the id wanted if no row has it, else for none: the
    wanted one where free, else one past the highest there is. Worked out here for the
    rows a batch holds before it writes them, so that rows can go in a thousand
    entries at a time and still get exactly the ids they would have got one by one."""

    LAST = 2**63 - 1  # past it, SQLite picks an unused id at random: not worked out here

    def __init__(self, db: Journal, table: str, guard=contextlib.nullcontext):
        # guard(): around the one read of the table's ids (a batch writer's lock)
        self._db, self._table, self._guard = db, table, guard
        self.highest: int | None = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        self._taken = IdSet()  # the ids given out here (and, once an id is wanted, all)
        self._all_known = False

    def take(self, wanted: int | None) -> int | None:
        """The next row's id, or None where SQLite would pick one at random."""
        if wanted is not None:
            if not self._all_known:  # the table's own rows, read once and only if needed
                with self._guard():
                    for (number,) in self._db.execute(f"SELECT id FROM {self._table}"):
                        self._taken.add(number)
                self._all_known = True
            if wanted not in self._taken:
                return self._took(wanted)
        if self.highest is None:
            return self._took(1)
        return None if self.highest >= self.LAST else self._took(self.highest + 1)

    def _took(self, number: int) -> int:
        self._taken.add(number)
        if self.highest is None or number > self.highest:
            self.highest = number
        return number
