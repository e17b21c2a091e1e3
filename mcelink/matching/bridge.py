"""A Korean ↔ English term bridge, learned from paired names, so that a Korean demand finds an English-only
supplier and the reverse.

The pairs are the HSK nomenclature's Korean and English names (17,966 entries shipped in ``mcelink.data``)
and a small hand-made glossary of back-end semiconductor terms. For every Korean term k and English term e,
the Dice coefficient 2·c(k,e) / (c(k) + c(e)) over the pairs measures how often they name the same thing;
each term keeps its best translations above a threshold.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from mcelink.matching.analysis import HANGUL, analyze
from mcelink.matching.glossary import GLOSSARY

MIN_DICE = 0.3
MIN_PAIRS = 2
TRANSLATIONS_PER_TERM = 2


class Bridge:
    def __init__(self, translations: dict[str, tuple[str, ...]]) -> None:
        self.translations = translations

    def translate(self, term: str) -> tuple[str, ...]:
        return self.translations.get(term, ())

    @classmethod
    def learn(cls, pairs: Iterable[tuple[str, str]], glossary: Iterable[tuple[str, str]] = ()) -> "Bridge":
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
            if n < MIN_PAIRS:
                continue
            dice = 2 * n / (alone[k] + alone[e])
            if dice >= MIN_DICE:
                candidates[k].append((dice, e))
                candidates[e].append((dice, k))
        translations = {
            term: tuple(t for _d, t in sorted(found, key=lambda x: (-x[0], x[1]))[:TRANSLATIONS_PER_TERM])
            for term, found in candidates.items()
        }
        for ko, en in glossary:  # the glossary is exact and wins
            for k in analyze(ko):
                translations[k] = tuple(dict.fromkeys([*analyze(en), *translations.get(k, ())]))[:4]
            for e in analyze(en):
                translations[e] = tuple(dict.fromkeys([*analyze(ko), *translations.get(e, ())]))[:4]
        return cls(translations)


@lru_cache(maxsize=1)
def default_bridge() -> Bridge:
    """The bridge from the shipped HSK names and the glossary (built once per process)."""
    from mcelink.data import hsk_entries

    pairs = ((e.name_ko, e.name_en) for e in hsk_entries() if e.name_ko and e.name_en and len(e.name_en) < 120)
    return Bridge.learn(pairs, GLOSSARY)
