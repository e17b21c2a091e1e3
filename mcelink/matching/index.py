"""A BM25F index over supplier profiles, updatable one profile at a time.

Fields and weights: name 2.0, products 1.5, description 1.0 (a supplier's own product names say more than
its prose). Scores use BM25F: per-field term frequencies are length-normalized, weighted and summed before
the saturation k1. Statistics (document count, average field lengths, document frequencies) are computed over
the live profiles at query time, so an index updated incrementally ranks exactly as one rebuilt from scratch.

Storage: per term, the ascending slots of the profiles that have it and a (df × 3) array of raw field
frequencies, all terms in one block (``store.Postings``). A changed profile gets a new slot and its old slot is
marked dead; slots are never reused, so updating one profile only touches the postings of its own terms. The
index also keeps, per slot, what the matcher's filters read over every profile: region, certifications, and the
classification keys ("hs:8486", "st:SEMI-15") as postings of their own. A saved index is loaded memory-mapped
and shared between the processes of a machine (``store``'s docstring).
"""

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from mcelink.matching.analysis import ANALYSIS_VERSION, analyze
from mcelink.matching.hscode import hs_digits
from mcelink.matching.store import SLOT, Column, Postings, ProfileStore, load_array, save_array, write_bytes
from mcelink.matching.types import SupplierProfile

if TYPE_CHECKING:
    from mcelink.matching.bridge import Bridge

FIELDS = ("name", "products", "description")
WEIGHTS = np.array([2.0, 1.5, 1.0])
K1 = 1.2
B = 0.75
# 2: uncompressed .npy arrays, memory-mapped on load; profiles decoded on demand; filter columns and
# classification postings saved; the bridge saved beside (1 was one compressed .npz read whole into memory).
FORMAT_VERSION = 2
HS_PREFIXES = (6, 4, 2)  # the HS levels the matcher compares (engine.HS_LEVELS): subheading, heading, chapter
BRIDGE_FILE = "bridge.json"


def profile_fields(p: SupplierProfile) -> tuple[str, str, str]:
    return (
        " ".join(x for x in (p.name, p.name_en) if x),
        " ".join(p.products),
        " ".join(x for x in (p.description, p.description_en) if x),
    )


def technology_code(code: str) -> str:
    return code.strip().upper()


def concept_keys(profile: SupplierProfile) -> set[str]:
    """The classification keys a profile is found by: "st:SEMI-15", and "hs:84", "hs:8486", "hs:848690"."""
    keys = {f"st:{t}" for t in map(technology_code, profile.strategic_technologies) if t}
    for digits in map(hs_digits, profile.hs_codes):
        keys.update(f"hs:{digits[:n]}" for n in HS_PREFIXES if len(digits) >= n)
    return keys


@dataclass
class _Matched:
    """One query term's live slots, raw field frequencies, BM25F weighted frequency and score at this query."""

    slots: npt.NDArray[Any]
    tf: npt.NDArray[Any]
    weighted: npt.NDArray[np.float64]
    values: npt.NDArray[np.float64]


@dataclass
class Scored:
    """Scores by slot, and for each matched term what it takes to tell its contribution per field to a slot."""

    scores: npt.NDArray[np.float64]
    terms: dict[str, _Matched] = field(default_factory=dict)
    lengths: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 3)))
    average: npt.NDArray[np.float64] = field(default_factory=lambda: np.ones(3))

    def contributions(self, slot: int) -> dict[str, npt.NDArray[np.float64]]:
        """Per matched term, its contribution to the slot's score in each field. Computed for the few slots that
        are explained, with the same arithmetic as the term's scores over all slots."""
        out = {}
        for term, m in self.terms.items():
            i = int(np.searchsorted(m.slots, slot))
            if i < len(m.slots) and m.slots[i] == slot:
                per_field = m.tf[i].astype(np.float64) / (1 - B + B * self.lengths[slot] / self.average) * WEIGHTS
                out[term] = per_field * (m.values[i] / m.weighted[i])
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
        self.profiles = ProfileStore(self.slot)
        self.postings = Postings([], np.zeros(1, dtype=np.int64), np.zeros(0, dtype=SLOT), np.zeros((0, 3)))
        self.concepts = Postings([], np.zeros(1, dtype=np.int64), np.zeros(0, dtype=SLOT), None)
        self.regions = Column.of([])
        self.certifications = Column.of([])
        # The bridge the index was saved with (Index.save(bridge=...)), which a Matcher uses when given none.
        self.bridge: Bridge | None = None
        # Per term: live slots, field frequencies, weighted frequency and BM25F score at weight 1, valid while no
        # profile changes (see _weighted).
        self._cache: dict[str, tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[np.float64], Any]] = {}
        self._stats: tuple[int, npt.NDArray[np.float64]] | None = None
        self.version = 0  # counts changes, so that what is derived from the profiles knows when to rebuild

    # -- building and updating ------------------------------------------------------------------------
    @classmethod
    def build(cls, profiles: Iterable[SupplierProfile]) -> "Index":
        index = cls()
        slots: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        concepts: dict[str, list[int]] = defaultdict(list)
        lengths: list[tuple[int, int, int]] = []
        regions: list[str] = []
        certifications: list[tuple[str, ...]] = []
        for profile in profiles:
            if profile.id in index.slot:
                raise ValueError(f"duplicate supplier id {profile.id!r}")
            slot = len(index.ids)
            index.ids.append(profile.id)
            index.slot[profile.id] = slot
            index.profiles.put(slot, profile)
            counts, length = _field_counts(profile)
            lengths.append(length)
            for term, tf in counts.items():
                slots[term].append(slot)
                freqs[term].append(tf)
            for key in concept_keys(profile):
                concepts[key].append(slot)
            regions.append(profile.region)
            certifications.append(profile.certifications)
        index.alive = np.ones(len(index.ids), dtype=bool)
        index.lengths = np.array(lengths, dtype=np.float64).reshape(-1, 3)
        index.postings = Postings.from_lists(slots, freqs)
        index.concepts = Postings.from_lists(concepts, None)
        index.regions = Column.of(regions)
        index.certifications = Column.of(certifications)
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
        self.profiles.put(slot, profile)
        counts, length = _field_counts(profile)
        self.alive = np.append(self.alive, True)
        self.lengths = np.vstack([self.lengths, np.array(length, dtype=np.float64)])
        for term, tf in counts.items():
            self.postings.append(term, slot, tf)
        for key in concept_keys(profile):
            self.concepts.append(key, slot)
        self.regions.append(profile.region)
        self.certifications.append(profile.certifications)

    def remove(self, supplier_id: str) -> bool:
        slot = self.slot.pop(supplier_id, None)
        if slot is None:
            return False
        self.alive[slot] = False
        self.profiles.drop(slot)
        self._cache.clear()  # document count and average lengths changed
        self._stats = None
        self.version += 1
        return True

    def __len__(self) -> int:
        return len(self.slot)

    def concept_slots(self, key: str) -> npt.NDArray[Any] | None:
        """The live slots holding a classification key ("hs:8486", "st:SEMI-15"), or None when none does."""
        posting = self.concepts.get(key)
        if posting is None:
            return None
        slots = posting[0]
        live = slots[self.alive[slots]]
        return live if len(live) else None

    # -- scoring ----------------------------------------------------------------------------------------
    def score(self, weighted_terms: dict[str, float], contributions: bool = True) -> "Scored":
        """BM25F scores of every slot for the query terms (dead slots score 0), with what it takes to tell each
        term's share per field (left out with ``contributions=False``, when only the scores are wanted)."""
        scored = Scored(np.zeros(len(self.ids), dtype=np.float64), {})
        n, average = self._statistics()
        if n == 0:
            return scored
        scored.lengths, scored.average = self.lengths, average
        for term, weight in weighted_terms.items():
            cached = self._weighted(term, n, average)
            if cached is None:
                continue
            slots, tf, weighted, saturated = cached
            values = weight * saturated
            scored.scores[slots] += values
            if contributions:
                scored.terms[term] = _Matched(slots, tf, weighted, values)
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
    ) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
        """Live slots of a term, their raw field frequencies, the length-normalized weighted frequency summed over
        fields, and the BM25F score at weight 1.

        Cached until the next change to the index: common terms (and the bridge's translations of them) have
        postings over most profiles, and recomputing them on every query is what costs time. The per-field
        values are not kept (``Scored.contributions`` recomputes them for the slots it explains): they were
        three quarters of the cache.
        """
        if term in self._cache:
            return self._cache[term]
        posting = self.postings.get(term)
        if posting is None:
            return None
        slots, tf = posting
        assert tf is not None  # noqa: S101 - term postings always carry their frequencies
        live = self.alive[slots]
        if not live.all():
            if not live.any():
                return None
            slots, tf = slots[live], tf[live]
        df = len(slots)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        per_field = tf.astype(np.float64) / (1 - B + B * self.lengths[slots] / average) * WEIGHTS
        weighted = per_field.sum(axis=1)
        result = (slots, tf, weighted, idf * weighted * (K1 + 1) / (weighted + K1))
        self._cache[term] = result
        return result

    # -- persistence ----------------------------------------------------------------------------------
    def save(self, directory: str | Path, bridge: "Bridge | None" = None) -> None:
        """Write the index into ``directory``, each file beside its name and then renamed over it, ``index.json``
        last (its modification time tells readers a new index is there). With ``bridge`` (else the bridge the
        index was loaded with, if any), the bridge too, so that loading needs no learning."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        bridge = bridge if bridge is not None else self.bridge
        save_array(directory / "alive.npy", self.alive)
        save_array(directory / "lengths.npy", self.lengths)
        terms = self.postings.save(directory, "terms")
        concepts = self.concepts.save(directory, "concepts")
        save_array(directory / "regions.npy", self.regions.codes)
        save_array(directory / "certifications.npy", self.certifications.codes)
        save_array(directory / "profiles.offsets.npy", self.profiles.save(directory / "profiles.jsonl", self.alive))
        if bridge is not None:
            bridge.save(directory / BRIDGE_FILE)
        elif (directory / BRIDGE_FILE).exists():
            (directory / BRIDGE_FILE).unlink()
        meta = {
            "version": FORMAT_VERSION,
            "analysis": ANALYSIS_VERSION,
            "ids": self.ids,
            "terms": terms,
            "concepts": concepts,
            "regions": self.regions.values,
            "certifications": self.certifications.values,
        }
        text = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        write_bytes(directory / "index.json", lambda f: f.write(text))

    @classmethod
    def load(cls, directory: str | Path) -> "Index":
        from mcelink.matching.bridge import Bridge

        directory = Path(directory)
        meta = json.loads((directory / "index.json").read_text())
        if meta.get("version") != FORMAT_VERSION:
            raise StaleIndex(f"index format {meta.get('version')} is not {FORMAT_VERSION}; rebuild the index")
        if meta.get("analysis", 1) != ANALYSIS_VERSION:
            raise StaleIndex(f"the index was analysed by version {meta.get('analysis', 1)} of the analysis, not "
                             f"{ANALYSIS_VERSION}; rebuild it")  # fmt: skip
        index = cls()
        index.ids = meta["ids"]
        index.alive = np.array(load_array(directory / "alive.npy"))  # written to when a profile is removed
        index.lengths = load_array(directory / "lengths.npy")
        index.postings = Postings.load(directory, "terms", meta["terms"])
        index.concepts = Postings.load(directory, "concepts", meta["concepts"])
        index.regions = Column(meta["regions"], load_array(directory / "regions.npy"))
        index.certifications = Column(
            [tuple(c) for c in meta["certifications"]], load_array(directory / "certifications.npy")
        )
        index.slot.update((sid, i) for i, sid in enumerate(index.ids) if index.alive[i])
        index.profiles.open(directory / "profiles.jsonl", load_array(directory / "profiles.offsets.npy"))
        index.bridge = Bridge.load(directory / BRIDGE_FILE)
        return index


def _field_counts(profile: SupplierProfile) -> tuple[dict[str, tuple[int, int, int]], tuple[int, int, int]]:
    per_field = [Counter(analyze(text)) for text in profile_fields(profile)]
    terms = set().union(*per_field)
    counts = {t: (per_field[0][t], per_field[1][t], per_field[2][t]) for t in terms}
    length = (sum(per_field[0].values()), sum(per_field[1].values()), sum(per_field[2].values()))
    return counts, length
