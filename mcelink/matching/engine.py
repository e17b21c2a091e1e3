"""The matcher: a demand's text → ranked, explained suppliers."""

from collections.abc import Iterable

import numpy as np

from mcelink.matching.analysis import analyze, is_korean
from mcelink.matching.bridge import Bridge, default_bridge
from mcelink.matching.index import Index, Scored, profile_fields
from mcelink.matching.types import Demand, Explanation, Match, SupplierProfile, TermMatch

TRANSLATED_WEIGHT = 0.6  # a translated word counts a little less than the buyer's own word
FIELD_NAMES = ("name", "products", "description")


class Matcher:
    def __init__(self, index: Index, bridge: Bridge | None = None) -> None:
        self.index = index
        self.bridge = bridge if bridge is not None else default_bridge()

    @classmethod
    def build(cls, profiles: Iterable[SupplierProfile], bridge: Bridge | None = None) -> "Matcher":
        return cls(Index.build(profiles), bridge)

    def query_terms(self, text: str) -> dict[str, tuple[float, str]]:
        """term → (weight, the query word it was translated from or '')."""
        terms: dict[str, tuple[float, str]] = dict.fromkeys(analyze(text), (1.0, ""))
        for term in list(terms):
            for translation in self.bridge.translate(term):
                if translation not in terms:
                    terms[translation] = (TRANSLATED_WEIGHT, term)
        return terms

    def match(self, demand: Demand | str, top: int = 20) -> list[Match]:
        demand = Demand(text=demand) if isinstance(demand, str) else demand
        if not demand.text.strip() or len(self.index) == 0:
            return []
        terms = self.query_terms(demand.text)
        scored = self.index.score({t: w for t, (w, _via) in terms.items()})
        scores = scored.scores
        if demand.regions or demand.required_certifications:
            scores *= self._allowed(demand)
        candidates = np.flatnonzero(scores > 0)
        if not len(candidates):
            return []
        # The top candidates by score, then every candidate tied with the last of them, so that ties are
        # broken by supplier id and results are stable.
        k = min(top, len(candidates))
        kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        finalists = candidates[scores[candidates] >= kth].tolist()
        order = sorted(finalists, key=lambda s: (-scores[s], self.index.ids[s]))[:top]
        language = "ko" if is_korean(demand.text) else "en"
        return [
            Match(self.index.ids[s], round(float(scores[s]), 6), self._explain(s, scored, terms, language))
            for s in order
        ]

    def _allowed(self, demand: Demand) -> np.ndarray:
        allowed = np.zeros(len(self.index.ids))
        regions = set(demand.regions)
        required = set(demand.required_certifications)
        for sid, slot in self.index.slot.items():
            p = self.index.profiles[sid]
            if (not regions or p.region in regions) and required <= set(p.certifications):
                allowed[slot] = 1.0
        return allowed

    def _explain(self, slot: int, scored: Scored, terms: dict[str, tuple[float, str]], language: str) -> Explanation:
        matched = []
        for term, parts in scored.contributions(slot).items():
            via = terms[term][1]
            for field, value in zip(FIELD_NAMES, parts, strict=True):
                if value > 0:
                    matched.append(TermMatch(term=term, field=field, contribution=round(float(value), 4), via=via))
        profile = self.index.profiles[self.index.ids[slot]]
        words = {m.term for m in matched if m.field == "products"}
        products = tuple(p for p in profile.products if words & set(analyze(p)))
        return Explanation(
            terms=tuple(sorted(matched, key=lambda m: -m.contribution)), products=products, language=language
        )


__all__ = ["Matcher", "profile_fields"]
