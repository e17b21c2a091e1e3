"""A BM25F index over supplier profiles, updatable one profile at a time.

Fields and weights: name 2.0, products 1.5, description 1.0 (a supplier's own product names say more than
its prose). Scores use BM25F: per-field term frequencies are length-normalized, weighted and summed before
the saturation k1. Statistics (document count, average field lengths, document frequencies) are computed over
the live profiles at query time, so an index updated incrementally ranks exactly as one rebuilt from scratch.

Storage: per term, a numpy array of document slots and a (df × 3) array of raw field frequencies. A changed
profile gets a new slot and its old slot is marked dead; slots are never reused, so updating one profile only
touches the arrays of its own terms.
"""

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mcelink.matching.analysis import ANALYSIS_VERSION, analyze
from mcelink.matching.types import SupplierProfile

FIELDS = ("name", "products", "description")
WEIGHTS = np.array([2.0, 1.5, 1.0])
K1 = 1.2
B = 0.75
FORMAT_VERSION = 1


def profile_fields(p: SupplierProfile) -> tuple[str, str, str]:
    return (
        " ".join(x for x in (p.name, p.name_en) if x),
        " ".join(p.products),
        " ".join(x for x in (p.description, p.description_en) if x),
    )


@dataclass
class Scored:
    """Scores by slot, and for each matched term its slots (ascending) and contribution per field."""

    scores: npt.NDArray[np.float64]
    terms: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]

    def contributions(self, slot: int) -> dict[str, npt.NDArray[np.float64]]:
        out = {}
        for term, (slots, parts) in self.terms.items():
            i = int(np.searchsorted(slots, slot))
            if i < len(slots) and slots[i] == slot:
                out[term] = parts[i]
        return out


class StaleIndex(ValueError):
    """A saved index in another format, or whose terms came from another version of the analysis."""


def is_current(directory: str | Path) -> bool:
    """Whether a saved index exists there and ``Index.load`` would accept it."""
    meta_path = Path(directory) / "index.json"
    if not meta_path.exists():
        return False
    meta = json.loads(meta_path.read_text())
    return bool(meta.get("version") == FORMAT_VERSION and meta.get("analysis", 1) == ANALYSIS_VERSION)


class Index:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.slot: dict[str, int] = {}
        self.alive = np.zeros(0, dtype=bool)
        self.lengths = np.zeros((0, 3), dtype=np.float64)
        self.profiles: dict[str, SupplierProfile] = {}
        self.postings: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}
        # Per term: live slots and per-field BM25F weights, valid while no profile changes (see _weighted).
        self._cache: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]] = {}
        self._stats: tuple[int, npt.NDArray[np.float64]] | None = None
        self.version = 0  # counts changes, so that what is derived from the profiles knows when to rebuild

    # -- building and updating ------------------------------------------------------------------------
    @classmethod
    def build(cls, profiles: Iterable[SupplierProfile]) -> "Index":
        index = cls()
        slots: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        lengths: list[tuple[int, int, int]] = []
        for profile in profiles:
            if profile.id in index.slot:
                raise ValueError(f"duplicate supplier id {profile.id!r}")
            slot = len(index.ids)
            index.ids.append(profile.id)
            index.slot[profile.id] = slot
            index.profiles[profile.id] = profile
            counts, length = _field_counts(profile)
            lengths.append(length)
            for term, tf in counts.items():
                slots[term].append(slot)
                freqs[term].append(tf)
        index.alive = np.ones(len(index.ids), dtype=bool)
        index.lengths = np.array(lengths, dtype=np.float64).reshape(-1, 3)
        index.postings = {t: (np.array(slots[t], dtype=np.int64), np.array(freqs[t], dtype=np.float64)) for t in slots}
        return index

    def upsert(self, profile: SupplierProfile) -> None:
        """Add a profile, or replace the one with the same id."""
        self.remove(profile.id)
        self._cache.clear()
        self._stats = None
        self.version += 1
        slot = len(self.ids)
        self.ids.append(profile.id)
        self.slot[profile.id] = slot
        self.profiles[profile.id] = profile
        counts, length = _field_counts(profile)
        self.alive = np.append(self.alive, True)
        self.lengths = np.vstack([self.lengths, np.array(length, dtype=np.float64)])
        for term, tf in counts.items():
            old = self.postings.get(term)
            new_slot, new_tf = np.array([slot], dtype=np.int64), np.array([tf], dtype=np.float64)
            self.postings[term] = (
                (np.concatenate([old[0], new_slot]), np.vstack([old[1], new_tf])) if old else (new_slot, new_tf)
            )

    def remove(self, supplier_id: str) -> bool:
        slot = self.slot.pop(supplier_id, None)
        if slot is None:
            return False
        self.alive[slot] = False
        del self.profiles[supplier_id]
        self._cache.clear()  # document count and average lengths changed
        self._stats = None
        self.version += 1
        return True

    def __len__(self) -> int:
        return len(self.slot)

    # -- scoring ----------------------------------------------------------------------------------------
    def score(self, weighted_terms: dict[str, float], contributions: bool = True) -> "Scored":
        """BM25F scores of every slot for the query terms (dead slots score 0), with each term's share per field
        (left out with ``contributions=False``, when only the scores are wanted)."""
        scored = Scored(np.zeros(len(self.ids), dtype=np.float64), {})
        n, average = self._statistics()
        if n == 0:
            return scored
        for term, weight in weighted_terms.items():
            cached = self._weighted(term, n, average)
            if cached is None:
                continue
            slots, per_field, saturated = cached
            values = weight * saturated
            scored.scores[slots] += values
            if contributions:
                scored.terms[term] = (slots, per_field * (values / per_field.sum(axis=1))[:, None])
        return scored

    def idf(self, term: str) -> float:
        """The term's BM25 inverse document frequency over the live profiles; a term no profile has gets the
        largest possible value (it is the most specific word there can be)."""
        n, average = self._statistics()
        cached = self._weighted(term, n, average) if n else None
        df = len(cached[0]) if cached is not None else 0
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _statistics(self) -> tuple[int, npt.NDArray[np.float64]]:
        """Live document count and average field lengths (cached with the per-term weights)."""
        if self._stats is None:
            n = int(self.alive.sum())
            average = self.lengths[self.alive].mean(axis=0) if n else np.ones(3)
            average[average == 0] = 1.0
            self._stats = (n, average)
        return self._stats

    def _weighted(
        self, term: str, n: int, average: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
        """Live slots of a term, its length-normalized weighted field frequencies, and its BM25F score at weight 1.

        Cached until the next change to the index: common terms (and the bridge's translations of them) have
        postings over most profiles, and recomputing them on every query is what costs time.
        """
        if term in self._cache:
            return self._cache[term]
        posting = self.postings.get(term)
        if posting is None:
            return None
        slots, tf = posting
        live = self.alive[slots]
        if not live.any():
            return None
        slots, tf = slots[live], tf[live]
        df = len(slots)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        per_field = tf / (1 - B + B * self.lengths[slots] / average) * WEIGHTS
        weighted = per_field.sum(axis=1)
        result = (slots, per_field, idf * weighted * (K1 + 1) / (weighted + K1))
        self._cache[term] = result
        return result

    # -- persistence ----------------------------------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.postings)
        offsets = np.cumsum([0, *(len(self.postings[t][0]) for t in terms)])
        np.savez_compressed(
            directory / "index.npz",
            alive=self.alive,
            lengths=self.lengths,
            offsets=offsets,
            slots=np.concatenate([self.postings[t][0] for t in terms]) if terms else np.zeros(0, np.int64),
            freqs=np.vstack([self.postings[t][1] for t in terms]) if terms else np.zeros((0, 3)),
        )
        meta = {"version": FORMAT_VERSION, "analysis": ANALYSIS_VERSION, "ids": self.ids, "terms": terms}
        (directory / "index.json").write_text(json.dumps(meta, ensure_ascii=False))
        with open(directory / "profiles.jsonl", "w", encoding="utf-8") as f:
            for profile in self.profiles.values():
                f.write(json.dumps(profile.__dict__, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, directory: str | Path) -> "Index":
        directory = Path(directory)
        meta = json.loads((directory / "index.json").read_text())
        if meta.get("version") != FORMAT_VERSION:
            raise StaleIndex(f"index format {meta.get('version')} is not {FORMAT_VERSION}; rebuild the index")
        if meta.get("analysis", 1) != ANALYSIS_VERSION:
            raise StaleIndex(f"the index was analysed by version {meta.get('analysis', 1)} of the analysis, not "
                             f"{ANALYSIS_VERSION}; rebuild it")  # fmt: skip
        arrays = np.load(directory / "index.npz")
        index = cls()
        index.ids = meta["ids"]
        index.alive = arrays["alive"]
        index.lengths = arrays["lengths"]
        offsets, slots, freqs = arrays["offsets"], arrays["slots"], arrays["freqs"]
        index.postings = {
            t: (slots[offsets[i] : offsets[i + 1]], freqs[offsets[i] : offsets[i + 1]])
            for i, t in enumerate(meta["terms"])
        }
        with open(directory / "profiles.jsonl", encoding="utf-8") as f:
            for line in f:
                data = json.loads(line)
                fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
                profile = SupplierProfile(**fields)
                index.profiles[profile.id] = profile
        index.slot = {sid: i for i, sid in enumerate(index.ids) if index.alive[i]}
        return index


def _field_counts(profile: SupplierProfile) -> tuple[dict[str, tuple[int, int, int]], tuple[int, int, int]]:
    per_field = [Counter(analyze(text)) for text in profile_fields(profile)]
    terms = set().union(*per_field)
    counts = {t: (per_field[0][t], per_field[1][t], per_field[2][t]) for t in terms}
    length = (sum(per_field[0].values()), sum(per_field[1].values()), sum(per_field[2].values()))
    return counts, length
