"""A Korean ↔ English term bridge, learned from paired names, so that a Korean demand finds an English-only
supplier and the reverse.

The pairs are the HSK nomenclature's Korean and English names (17,966 entries, from the data directory),
the strategic technology list's (200 items and 10 industries), and a small hand-made glossary of back-end
semiconductor terms. For every Korean term k and English term e,
the Dice coefficient 2·c(k,e) / (c(k) + c(e)) over the pairs measures how often they name the same thing.
A pair is a translation when it was seen together in at least ``MIN_PAIRS`` names, its Dice is at least
``MIN_DICE``, and it is among the term's ``TRANSLATIONS_PER_TERM`` best with a Dice at least ``MIN_RATIO`` of
the best one's (테이프: tape 0.86, then "magnetic" 0.38, from "magnetic tape", which is dropped). The
thresholds were chosen on the HSK cross-lingual set (bench/eval_crosslingual.py, learning from the other
entries; docs/matching.md gives the sweep): the ratio is neutral there between 0.4 and 0.7, while requiring
three shared names, or each term among the other's best, costs 0.01–0.05 nDCG@10 (rare names need rare
pairs) — so a pair seen twice and nowhere else still counts (무게 → "immediate", from "immediate packing").

A glossary entry whose two sides have as many words pairs them in order (캐리어 테이프 ↔ carrier tape:
캐리어 → carrier, 테이프 → tape, the joined 캐리어테이프 → both); otherwise every Korean term of the entry
translates to every English term. A hyphenated English word is taken joined (무연 ↔ leadfree, which a text's
"lead-free" also gives; not "lead" and "free"). Glossary translations come first, then learned ones, four at
most.
"""

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from pathlib import Path

from mcelink.matching.analysis import ANALYSIS_VERSION, HANGUL, analyze, dictionary_parts
from mcelink.matching.glossary import GLOSSARY, WORDS

MIN_DICE = 0.3
MIN_PAIRS = 2
TRANSLATIONS_PER_TERM = 2
MIN_RATIO = 0.5
MAX_TRANSLATIONS = 4


def rules_key() -> str:
    """What a saved bridge was learned under: the analysis version, the thresholds and the glossary. A saved
    bridge under other rules is not used (``Bridge.load``): the next index build saves one under these."""
    thresholds = [MIN_DICE, MIN_PAIRS, TRANSLATIONS_PER_TERM, MIN_RATIO, MAX_TRANSLATIONS]
    rules = [ANALYSIS_VERSION, thresholds, GLOSSARY, sorted(WORDS)]
    return hashlib.sha256(json.dumps(rules, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


class Bridge:
    def __init__(self, translations: dict[str, tuple[str, ...]]) -> None:
        self.translations = translations

    def translate(self, term: str) -> tuple[str, ...]:
        return self.translations.get(term, ())

    def save(self, path: str | Path) -> None:
        """The translations as JSON, written beside ``path`` and renamed over it (with the rules they were
        learned under, see ``rules_key``)."""
        from mcelink.matching.store import write_bytes

        data = {"rules": rules_key(), "translations": self.translations}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        write_bytes(Path(path), lambda f: f.write(text))

    @classmethod
    def load(cls, path: str | Path) -> "Bridge | None":
        """A saved bridge, or None when there is none or it was learned under other rules."""
        path = Path(path)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("rules") != rules_key():
            return None
        return cls({term: tuple(found) for term, found in data["translations"].items()})

    @classmethod
    def learn(
        cls,
        pairs: Iterable[tuple[str, str]],
        glossary: Iterable[tuple[str, str]] = (),
        *,
        min_pairs: int = MIN_PAIRS,
        min_dice: float = MIN_DICE,
        min_ratio: float = MIN_RATIO,
    ) -> "Bridge":
        together: Counter[tuple[str, str]] = Counter()
        alone: Counter[str] = Counter()
        for ko, en in pairs:
            ko_terms = {t for t in analyze(ko) if HANGUL.search(t)}
            en_terms = {t for t in analyze(en) if not HANGUL.search(t)}
            alone.update(ko_terms)
            alone.update(en_terms)
            together.update((k, e) for k in ko_terms for e in en_terms)
        candidates: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (k, e), n in together.items():
            if n < min_pairs:
                continue
            dice = 2 * n / (alone[k] + alone[e])
            if dice >= min_dice:
                candidates[k].append((dice, e))
                candidates[e].append((dice, k))
        translations: dict[str, tuple[str, ...]] = {}  # the best, the second at least half as close
        for term, found in candidates.items():
            ranked = sorted(found, key=lambda x: (-x[0], x[1]))[:TRANSLATIONS_PER_TERM]
            translations[term] = tuple(t for d, t in ranked if d >= min_ratio * ranked[0][0])
        glossed: dict[str, list[str]] = defaultdict(list)
        for ko, en in glossary:
            for k_terms, e_terms in _glossary_pairs(ko, en):
                for k in k_terms:
                    glossed[k].extend(e_terms)
                for e in e_terms:
                    glossed[e].extend(k_terms)
        for term, exact in glossed.items():  # the glossary is exact and wins
            merged = dict.fromkeys([*exact, *translations.get(term, ())])
            translations[term] = tuple(t for t in merged if t != term)[:MAX_TRANSLATIONS]
        return cls(translations)


def _glossary_pairs(ko: str, en: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(Korean terms, English terms) that translate each other in one glossary entry."""
    ko_words = ko.split()
    en_words = [w.replace("-", "") for w in en.split()]  # lead-free → leadfree, not the common "lead" and "free"
    parts = {p for w in ko_words for p in dictionary_parts(w)}  # 언더 of 언더필: the word itself is translated
    whole = (tuple(t for t in analyze(ko) if t not in parts), analyze(" ".join(en_words)))
    if len(ko_words) < 2 or len(ko_words) != len(en_words):
        return [whole]
    aligned = [
        (tuple(t for t in analyze(k) if t not in parts), analyze(e)) for k, e in zip(ko_words, en_words, strict=True)
    ]
    of_words = {t for k_terms, _e in aligned for t in k_terms}
    joined = tuple(t for t in whole[0] if t not in of_words)  # 캐리어테이프
    return [*aligned, (joined, whole[1])]


@lru_cache(maxsize=1)
def default_bridge() -> Bridge:
    """The bridge from the HSK names (the data directory's, through ``mcelink.data``), the strategic technology
    list's names and the glossary (built once per process)."""
    from mcelink.data import hsk_entries

    hsk = ((e.name_ko, e.name_en) for e in hsk_entries() if e.name_ko and e.name_en and len(e.name_en) < 120)
    return Bridge.learn(chain(hsk, technology_pairs()), GLOSSARY)


def technology_pairs() -> list[tuple[str, str]]:
    """The Korean and English names of the shipped strategic technology list's industries and items."""
    from mcelink.data.strategic_technologies import INDUSTRIES, TECHNOLOGIES

    return [(ko, en) for _code, ko, en, *_rest in INDUSTRIES] + [p for items in TECHNOLOGIES.values() for p in items]
