"""A set of ids that stays small: each id is kept as a 64-bit hash, about 16 bytes an id.

Resume and duplicate detection must remember every id of a run; as Python strings in a `set` that
is some 200 bytes an id (200 MB for a million articles). Here the ids live as hashes in one array
with open addressing, kept at most half full. Two different ids with the same 64-bit hash would be
taken for one; for ten million ids the odds are about 3 in a million.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable

INITIAL_SLOTS = 1024


def id_key(id: str) -> int:
    """The 64-bit key of an id (never 0, which marks an empty slot)."""
    digest = hashlib.blake2b(id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


class IdSet:
    """Membership and insertion of ids, in about 16 bytes an id."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        """An empty set, or one holding `ids`."""
        self._slots = array("Q", bytes(8 * INITIAL_SLOTS))
        self._count = 0
        for id in ids:
            self.add(id)

    def __len__(self) -> int:
        """How many ids are in the set."""
        return self._count

    def __contains__(self, id: object) -> bool:
        """Whether the id was added."""
        return isinstance(id, str) and self.has_key(id_key(id))

    def add(self, id: str) -> bool:
        """Add an id; True when it was not there yet."""
        return self.add_key(id_key(id))

    def has_key(self, key: int) -> bool:
        """Whether an id with this key (see `id_key`) was added."""
        return self._slots[self._slot(key)] == key

    def add_key(self, key: int) -> bool:
        """Add an id by its key; True when it was not there yet."""
        if 2 * (self._count + 1) > len(self._slots):
            self._grow()
        return self._insert(key)

    def _slot(self, key: int) -> int:
        """The slot holding `key`, or the empty slot where it would go (linear probing)."""
        slots = self._slots
        mask = len(slots) - 1
        i = key & mask
        while slots[i] != 0 and slots[i] != key:
            i = (i + 1) & mask
        return i

    def _insert(self, key: int) -> bool:
        """Put a key in its slot; True when it was not there yet."""
        i = self._slot(key)
        if self._slots[i] == key:
            return False
        self._slots[i] = key
        self._count += 1
        return True

    def _grow(self) -> None:
        """Double the table and put every key back."""
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._count = 0
        for key in old:
            if key:
                self._insert(key)
