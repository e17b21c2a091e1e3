"""How a saved index lies on disk and in memory: arrays that the web processes of one machine share.

A loaded index keeps almost nothing in its own heap. Its large parts are uncompressed ``.npy`` files opened
with ``np.load(mmap_mode="r")`` and the profiles' JSON lines opened with ``mmap``: the pages belong to the
operating system's page cache, so every process that loads the same directory reads the same physical memory,
and a page nobody reads is never loaded. Profiles are decoded one at a time, when a result is explained; the
fields that filters read over every profile (region, certifications, classifications) are small integer columns.

Every file is written beside its final name and renamed over it (``write_bytes``): a process that mapped the old
file keeps reading the old one, untouched, until it loads the new index.
"""

import json
import mmap
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mcelink.matching.types import SupplierProfile

SLOT = np.int32  # a profile's slot number; 2**31 profiles is far beyond any registry


def write_bytes(path: Path, write: Any) -> None:
    """Write a file beside ``path`` with ``write(file)`` and rename it over ``path``."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save_array(path: Path, array: npt.NDArray[Any]) -> None:
    write_bytes(path, lambda f: np.save(f, np.ascontiguousarray(array), allow_pickle=False))


def load_array(path: Path) -> npt.NDArray[Any]:
    """The array, memory-mapped read-only (an empty one is read: an empty file cannot be mapped)."""
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    return np.load(path, allow_pickle=False) if array.size == 0 else array


def smallest_uint(largest: int) -> type[np.unsignedinteger[Any]]:
    for dtype in (np.uint8, np.uint16, np.uint32):
        if largest <= np.iinfo(dtype).max:
            return dtype
    return np.uint64


class Postings:
    """key → (ascending slots, one row per slot or None): one block of concatenated arrays (memory-mapped once
    saved) and, for keys changed since, arrays of their own.

    Keys are found through a dict of key → number (tens of thousands of short strings: a few MB); the arrays are
    sliced on demand, so no per-key array object is kept."""

    def __init__(
        self,
        keys: list[str],
        offsets: npt.NDArray[np.int64],
        slots: npt.NDArray[Any],
        rows: npt.NDArray[Any] | None,
    ) -> None:
        self.number = {key: i for i, key in enumerate(keys)}
        self.offsets, self.slots, self.rows = offsets, slots, rows
        self.changed: dict[str, tuple[npt.NDArray[Any], npt.NDArray[Any] | None]] = {}

    @classmethod
    def from_lists(cls, slots: dict[str, list[int]], rows: dict[str, list[Any]] | None) -> "Postings":
        keys = sorted(slots)
        offsets = np.cumsum([0, *(len(slots[k]) for k in keys)], dtype=np.int64)
        flat = np.fromiter((s for k in keys for s in slots[k]), dtype=SLOT, count=int(offsets[-1]))
        block = None
        if rows is not None:
            block = np.array([r for k in keys for r in rows[k]], dtype=np.int64).reshape(-1, 3)
            block = block.astype(smallest_uint(int(block.max()) if block.size else 0))
        return cls(keys, offsets, flat, block)

    def __contains__(self, key: str) -> bool:
        return key in self.changed or key in self.number

    def __len__(self) -> int:
        return len(self.number.keys() | self.changed.keys())

    def get(self, key: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any] | None] | None:
        if key in self.changed:
            return self.changed[key]
        i = self.number.get(key)
        if i is None:
            return None
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.slots[start:end], None if self.rows is None else self.rows[start:end]

    def append(self, key: str, slot: int, row: tuple[int, ...] | None = None) -> None:
        """Add a slot (larger than any the key has) to a key's posting."""
        old = self.get(key)
        new_slot = np.array([slot], dtype=SLOT)
        new_row = None if row is None else np.array([row], dtype=np.int64)
        if old is None:
            self.changed[key] = (new_slot, new_row)
        else:
            rows = None if old[1] is None or new_row is None else np.vstack([old[1].astype(np.int64), new_row])
            self.changed[key] = (np.concatenate([old[0], new_slot]), rows)

    def save(self, directory: Path, name: str) -> list[str]:
        """``<name>.offsets.npy``, ``<name>.slots.npy`` (and ``<name>.rows.npy``); returns the keys in order."""
        keys = sorted(self.number.keys() | self.changed.keys())
        parts = [self.get(k) for k in keys]
        offsets = np.cumsum([0, *(len(p[0]) for p in parts if p is not None)], dtype=np.int64)
        empty = np.zeros(0, dtype=SLOT)
        save_array(directory / f"{name}.offsets.npy", offsets)
        save_array(directory / f"{name}.slots.npy", np.concatenate([p[0] for p in parts if p] or [empty]))
        if self.rows is not None or any(r is not None for _s, r in self.changed.values()):
            rows = np.vstack([p[1] for p in parts if p is not None and p[1] is not None] or [np.zeros((0, 3))])
            save_array(directory / f"{name}.rows.npy", rows.astype(smallest_uint(int(rows.max()) if rows.size else 0)))
        return keys

    @classmethod
    def load(cls, directory: Path, name: str, keys: list[str]) -> "Postings":
        rows_path = directory / f"{name}.rows.npy"
        return cls(
            keys,
            load_array(directory / f"{name}.offsets.npy"),
            load_array(directory / f"{name}.slots.npy"),
            load_array(rows_path) if rows_path.exists() else None,
        )


class Column:
    """One small value per slot (a region, a set of certifications), stored as an integer code per slot and the
    list of distinct values: 100k profiles in a few hundred distinct values take 400 KB, not 100k strings."""

    def __init__(self, values: list[Any], codes: npt.NDArray[np.int32]) -> None:
        self.values = values
        self.code = {v: i for i, v in enumerate(values)}
        self.codes = codes

    @classmethod
    def of(cls, values: Iterable[Any]) -> "Column":
        column = cls([], np.zeros(0, dtype=np.int32))
        column.codes = np.array([column.code_of(v) for v in values], dtype=np.int32)
        return column

    def code_of(self, value: Any) -> int:
        if value not in self.code:
            self.code[value] = len(self.values)
            self.values.append(value)
        return self.code[value]

    def append(self, value: Any) -> None:
        self.codes = np.append(self.codes, np.int32(self.code_of(value)))

    def __getitem__(self, slot: int) -> Any:
        return self.values[int(self.codes[slot])]

    def where(self, accept: Any) -> npt.NDArray[np.bool_]:
        """Per slot, whether ``accept(value)`` holds (called once per distinct value)."""
        table = np.array([bool(accept(v)) for v in self.values] or [False], dtype=bool)
        return table[self.codes]


def _profile_json(profile: SupplierProfile) -> bytes:
    return (json.dumps(profile.__dict__, ensure_ascii=False) + "\n").encode("utf-8")


def _profile_of(line: bytes) -> SupplierProfile:
    data = json.loads(line)
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return SupplierProfile(**fields)


class ProfileStore(Mapping[str, SupplierProfile]):
    """The live profiles by supplier id, as a read-only mapping. A loaded index decodes a profile from the
    memory-mapped ``profiles.jsonl`` when it is asked for (the products of a result being explained); profiles
    added since are kept as objects."""

    def __init__(self, slot_of: dict[str, int]) -> None:
        self._slot_of = slot_of  # the index's own id → live slot dict, kept up to date by the index
        self._added: dict[int, SupplierProfile] = {}
        self._lines: mmap.mmap | bytes = b""
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)

    def put(self, slot: int, profile: SupplierProfile) -> None:
        self._added[slot] = profile

    def drop(self, slot: int) -> None:
        self._added.pop(slot, None)

    def at(self, slot: int) -> SupplierProfile:
        if slot in self._added:
            return self._added[slot]
        return _profile_of(self._lines[int(self._offsets[slot]) : int(self._offsets[slot + 1])])

    def __getitem__(self, supplier_id: str) -> SupplierProfile:
        return self.at(self._slot_of[supplier_id])

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._slot_of, key=self._slot_of.__getitem__))

    def __len__(self) -> int:
        return len(self._slot_of)

    def save(self, path: Path, alive: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """One JSON line per live slot, in slot order (a dead slot has none); returns each slot's byte offset.
        Lines of profiles that were loaded and not changed are copied as they are."""
        offsets = np.zeros(len(alive) + 1, dtype=np.int64)

        def write(f: Any) -> None:
            position = 0
            for slot in range(len(alive)):
                if alive[slot]:
                    if slot in self._added:
                        line = _profile_json(self._added[slot])
                    else:
                        line = bytes(self._lines[int(self._offsets[slot]) : int(self._offsets[slot + 1])])
                    f.write(line)
                    position += len(line)
                offsets[slot + 1] = position

        write_bytes(path, write)
        return offsets

    def open(self, path: Path, offsets: npt.NDArray[np.int64]) -> None:
        with open(path, "rb") as f:
            self._lines = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""
        self._offsets = offsets
        self._added = {}
