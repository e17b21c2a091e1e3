"""The matcher: a demand → ranked, explained suppliers, and a supplier → ranked open demands.

Three signals, each on a 0..1 scale, are fused linearly:

- **lexical**: the BM25F score of the demand's words (and their bridge translations) in the supplier's profile,
  divided by the best lexical score among the candidates of this query, so 1.0 is "matches the words as well
  as anyone does". BM25F scores have no fixed range; normalising per query is what lets a fixed weight mean
  the same thing for a two-word query and a long one.
- **concept**: shared classifications. Each of the demand's concepts (HS codes, strategic technology codes)
  counts its best match in the supplier's profile — HS codes hierarchically: same 6-digit subheading (or
  10-digit code) 1.0, same 4-digit heading 0.6, same 2-digit chapter 0.3; a strategic technology code 1.0
  when equal — and the signal is their mean: the share of the demand's concepts the supplier covers.
- **feedback**: a buyer's past decisions (+1 shortlisted, -1 dismissed) on demands whose text is similar to
  this one (cosine over ``analyze()`` terms; below ``MIN_FEEDBACK_SIMILARITY`` an event is ignored), summed
  per supplier, weighted by similarity, and clipped to -1..1.

    fused = lexical / best_lexical + W_CONCEPT · concept + W_FEEDBACK · feedback

Soft preferences on structured fields (preferred regions, preferred certifications) add ``W_PREFERENCE`` times
the share of them a candidate meets. They reorder candidates, never create one: a supplier that matches
nothing else is not suggested for being in the right region.

A supplier is a candidate when it passes the demand's hard filters (regions, required certifications) and its
fused score is positive, so a supplier that shares only a concept (no word) is found too, and one dismissed
for an identical demand drops out unless other evidence keeps it. Ties are broken by supplier id.

A demand that gives no concepts can have them inferred from its text by the matcher's optional
``concept_inferrer`` (a ``ConceptInferrer``; ``classify.ClassifierInferrer`` is one), which returns only confident
guesses; they count with weight ``W_INFERRED_CONCEPT`` and are reported in ``Explanation.inferred_concepts``,
apart from the concepts the buyer gave.

An optional fourth signal, **dense**, comes from an embedding model when the matcher is given
``DenseVectors`` (see ``dense.py``): the cosine of demand and profile above ``DENSE_FLOOR``, rescaled to
0..1, weighted ``W_DENSE``. It finds suppliers that describe the same thing in other words; no model ships
with mcelink, so it is off unless one is installed.

``Match.score`` is the fused score times the query's best lexical score (1 when no word matched): the ranking
is that of ``fused``, and a demand with no concepts and no feedback gets exactly its BM25F scores, as before.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from mcelink.matching.analysis import analyze, is_korean
from mcelink.matching.bridge import Bridge, default_bridge
from mcelink.matching.dense import DenseVectors
from mcelink.matching.hscode import format_hs, hs_digits
from mcelink.matching.index import HS_PREFIXES, Index, Scored, profile_fields
from mcelink.matching.index import technology_code as _tech
from mcelink.matching.types import Demand, DemandMatch, Explanation, Match, SupplierProfile, TermMatch

TRANSLATED_WEIGHT = 0.6  # a translated word counts a little less than the buyer's own word
FIELD_NAMES = ("name", "products", "description")

# A full concept match is worth half of the best word match: a shared code says the supplier works in the same
# class of goods, but a class (even a 6-digit subheading) covers many products, while the words are what the
# buyer actually asked for. Enough to lift near-ties and to surface suppliers that describe themselves in other
# words, not enough to override a clearly better text match.
W_CONCEPT = 0.5
# A decision on an identical demand counts as much as the best word match: it is the buyer's own judgement,
# the strongest evidence there is. A dismissal on the same request cancels a top text score; a shortlist lifts
# a supplier above anything it only trailed by words.
W_FEEDBACK = 1.0
MIN_FEEDBACK_SIMILARITY = 0.2  # below this, two demands are about different things and a decision says nothing
# An inferred concept is a guess from the demand's own words, so it counts half as much as one the buyer gave.
# On gen-synthetic's sets (seeds 1 and 2) inferred strategic technologies at 0.25 raised nDCG@10 slightly
# (+0.002) where 0.5 left it unchanged or lowered it: a wrong guess costs more than a right one gains.
W_INFERRED_CONCEPT = 0.25
# Dense similarity: cosines under the floor are what unrelated texts score with typical sentence encoders;
# above it, the rescaled similarity counts half a best word match, like a full concept match. Not measured:
# no model is available here; whoever installs one should measure it with bench/eval_default_demands.py.
# A preference is worth a fifth of the best word match: enough to order near-equal suppliers (the Incheon
# program's buyers prefer Incheon suppliers), too little to put a weak match above a clearly better one.
W_PREFERENCE = 0.2
DENSE_FLOOR = 0.3
W_DENSE = 0.5
HS_LEVELS = ((6, 1.0), (4, 0.6), (2, 0.3))  # digits shared → concept score; a 10-digit code agrees at 6 too
assert tuple(n for n, _w in HS_LEVELS) == HS_PREFIXES  # noqa: S101 - the index keeps exactly these levels


def _normalized_concepts(
    hs_codes: Iterable[str], technologies: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """HS codes (digits, at least a chapter) and strategic technology codes, each once."""
    hs = tuple(dict.fromkeys(d for d in map(hs_digits, hs_codes) if len(d) >= 2))
    tech = tuple(dict.fromkeys(t for t in map(_tech, technologies) if t))
    return hs, tech


class ConceptInferrer(Protocol):
    """What a demand's text is about, for a demand that names no concepts itself."""

    def infer(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(HS codes, strategic technology codes) the text is confidently about; empty tuples when unsure.
        Called once per such demand, so it should take a few milliseconds at most."""
        ...


def _shared_hs(wanted: str, profile: SupplierProfile) -> str:
    """The deepest code (10, 6, 4 or 2 digits) a demand's HS code shares with one of the profile's, or ''."""
    best = ""
    for digits in map(hs_digits, profile.hs_codes):
        for n in (10, 6, 4, 2):
            if len(wanted) >= n and len(digits) >= n and wanted[:n] == digits[:n]:
                best = max(best, wanted[:n], key=len)
                break
    return best


def _cosine(a: set[str], b: set[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


class Matcher:
    def __init__(
        self,
        index: Index,
        bridge: Bridge | None = None,
        concept_inferrer: ConceptInferrer | None = None,
        dense: DenseVectors | None = None,
    ) -> None:
        self.index = index
        # The bridge given, else the one saved with the index, else the default one (learned once per process,
        # about 7 s: the index build saves it, so that loading an index never learns it).
        self.bridge = bridge if bridge is not None else index.bridge if index.bridge is not None else default_bridge()
        self.concept_inferrer = concept_inferrer
        self.dense = dense

    @classmethod
    def build(
        cls,
        profiles: Iterable[SupplierProfile],
        bridge: Bridge | None = None,
        concept_inferrer: ConceptInferrer | None = None,
    ) -> "Matcher":
        return cls(Index.build(profiles), bridge, concept_inferrer)

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
        hs, tech = _normalized_concepts(demand.hs_codes, demand.strategic_technologies)
        if not (demand.text.strip() or hs or tech) or len(self.index) == 0:
            return []
        inferred = False
        if not (hs or tech) and self.concept_inferrer is not None and demand.text.strip():
            hs, tech = _normalized_concepts(*self.concept_inferrer.infer(demand.text))
            inferred = bool(hs or tech)
        terms = self.query_terms(demand.text)
        scored = self.index.score({t: w for t, (w, _via) in terms.items()})
        lexical = scored.scores
        allowed = self._allowed(demand) if demand.regions or demand.required_certifications else None
        if allowed is not None:
            lexical *= allowed
        best = float(lexical.max()) if len(lexical) else 0.0
        scale = best if best > 0 else 1.0
        concept = self._concept_scores(hs, tech)
        feedback, decisions = self._feedback_scores(demand)
        similarity = self.dense.similarities(self.index, demand.text) if self.dense is not None else None
        scores = lexical
        if concept is not None or feedback is not None or similarity is not None:
            extra = np.zeros(len(lexical))
            if concept is not None:
                extra += (W_INFERRED_CONCEPT if inferred else W_CONCEPT) * concept
            if feedback is not None:
                extra += W_FEEDBACK * feedback
            if similarity is not None:
                extra += W_DENSE * np.clip((similarity - DENSE_FLOOR) / (1 - DENSE_FLOOR), 0.0, 1.0)
            if allowed is not None:
                extra *= allowed
            scores = lexical + scale * extra  # fused × best lexical score: see the module docstring
        candidates = np.flatnonzero(scores > 0)
        if not len(candidates):
            return []
        met: dict[int, tuple[str, ...]] = {}
        if demand.preferred_regions or demand.preferred_certifications:
            scores, met = self._with_preferences(demand, scores, candidates, top, scale)
        # The top candidates by score, then every candidate tied with the last of them, so that ties are
        # broken by supplier id and results are stable.
        k = min(top, len(candidates))
        kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        finalists = candidates[scores[candidates] >= kth].tolist()
        order = sorted(finalists, key=lambda s: (-scores[s], self.index.ids[s]))[:top]
        language = "ko" if is_korean(demand.text) else "en"
        rarity = self._rarity(terms)
        matches = []
        for s in order:
            profile = self.index.profiles.at(s)  # decoded once per result, from the saved index's mapped file
            explanation = self._explain(s, profile, scored, terms, language)
            if rarity:
                found = {t.via or t.term for t in explanation.terms}
                covered = sum(w for word, w in rarity.items() if word in found) / sum(rarity.values())
                explanation = replace(explanation, coverage=round(covered, 3))
            shared = self._shared_concepts(hs, tech, profile) if concept is not None else ()
            net = decisions.get(self.index.ids[s], 0)
            if inferred and shared:
                explanation = replace(explanation, inferred_concepts=shared, feedback=net)
            elif shared or net:
                explanation = replace(explanation, concepts=shared, feedback=net)
            if similarity is not None and similarity[s] > DENSE_FLOOR:
                explanation = replace(explanation, similarity=round(float(similarity[s]), 3))
            if met.get(s):
                explanation = replace(explanation, preferences=met[s])
            matches.append(Match(self.index.ids[s], round(float(scores[s]), 6), explanation))
        return matches

    def _allowed(self, demand: Demand) -> np.ndarray:
        """1.0 for the live slots that pass the demand's hard filters, else 0.0 (one test per distinct region
        and set of certifications, not per profile)."""
        regions = set(demand.regions)
        required = set(demand.required_certifications)
        allowed = self.index.alive.copy()
        if regions:
            allowed &= self.index.regions.where(lambda region: region in regions)
        if required:
            allowed &= self.index.certifications.where(lambda held: required <= set(held))
        return allowed.astype(np.float64)

    def _rarity(self, terms: dict[str, tuple[float, str]]) -> dict[str, float]:
        """Each of the request's own words with its IDF — or, for a word no profile has, the IDF of its best
        translation that some profile has (the word can still be matched through it)."""
        rarity = {word: self.index.idf(word) for word, (_w, via) in terms.items() if not via}
        known: dict[str, float] = {}
        for translation, (_w, word) in terms.items():
            if word:
                known[word] = min(known.get(word, math.inf), self.index.idf(translation))
        return {word: min(idf, known.get(word, idf)) for word, idf in rarity.items()}

    def _with_preferences(
        self, demand: Demand, scores: npt.NDArray[np.float64], candidates: npt.NDArray[np.int64], top: int, scale: float
    ) -> tuple[npt.NDArray[np.float64], dict[int, tuple[str, ...]]]:
        """Scores with the preference bonus, and per slot the preferences met. Only candidates that could still
        reach the top with the largest bonus are looked at, so a common word does not cost a pass over all."""
        bonus = W_PREFERENCE * scale
        k = min(top, len(candidates))
        kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        regions, certificates = set(demand.preferred_regions), set(demand.preferred_certifications)
        wanted = len(regions) + len(certificates)
        scores = scores.copy()
        met: dict[int, tuple[str, ...]] = {}
        for slot in candidates[scores[candidates] >= kth - bonus].tolist():
            region = self.index.regions[slot]
            found = ([region] if region in regions else []) + sorted(
                certificates & set(self.index.certifications[slot])
            )
            if found:
                met[slot] = tuple(found)
                scores[slot] += bonus * len(found) / wanted
        return scores, met

    # -- concepts -------------------------------------------------------------------------------------------
    def _concept_scores(self, hs: tuple[str, ...], tech: tuple[str, ...]) -> npt.NDArray[np.float64] | None:
        """Per slot, the mean over the demand's concepts of each one's best agreement; None without concepts."""
        if not hs and not tech:
            return None
        total = np.zeros(len(self.index.ids))
        for digits in hs:
            best = np.zeros(len(self.index.ids))
            for n, weight in reversed(HS_LEVELS):  # chapter first: a deeper agreement overwrites a shallower one
                if len(digits) >= n and (slots := self.index.concept_slots(f"hs:{digits[:n]}")) is not None:
                    best[slots] = weight
            total += best
        for code in tech:
            if (slots := self.index.concept_slots(f"st:{code}")) is not None:
                total[slots] += 1.0
        return total / (len(hs) + len(tech))

    @staticmethod
    def _shared_concepts(hs: tuple[str, ...], tech: tuple[str, ...], profile: SupplierProfile) -> tuple[str, ...]:
        shared = [f"HS {format_hs(code)}" for code in (_shared_hs(d, profile) for d in hs) if code]
        held = {_tech(t) for t in profile.strategic_technologies}
        return tuple(shared + [code for code in tech if code in held])

    # -- feedback -------------------------------------------------------------------------------------------
    def _feedback_scores(self, demand: Demand) -> tuple[npt.NDArray[np.float64] | None, dict[str, int]]:
        """Per slot, the similarity-weighted sum of decisions on similar demands (clipped to -1..1), and per
        supplier id the net number of those decisions; (None, {}) when no decision applies."""
        if not demand.feedback:
            return None, {}
        words = set(analyze(demand.text))
        weighted: dict[str, float] = defaultdict(float)
        decisions: dict[str, int] = defaultdict(int)
        for event in demand.feedback:
            if event.supplier_id not in self.index.slot:
                continue
            similarity = _cosine(words, set(analyze(event.text)))
            if similarity >= MIN_FEEDBACK_SIMILARITY:
                weighted[event.supplier_id] += event.label * similarity
                decisions[event.supplier_id] += event.label
        if not weighted:
            return None, {}
        scores = np.zeros(len(self.index.ids))
        for sid, value in weighted.items():
            scores[self.index.slot[sid]] = max(-1.0, min(1.0, value))
        return scores, {sid: n for sid, n in decisions.items() if n}

    def _explain(
        self, slot: int, profile: SupplierProfile, scored: Scored, terms: dict[str, tuple[float, str]], language: str
    ) -> Explanation:
        matched = []
        for term, parts in scored.contributions(slot).items():
            via = terms[term][1]
            for field, value in zip(FIELD_NAMES, parts, strict=True):
                if value > 0:
                    matched.append(TermMatch(term=term, field=field, contribution=round(float(value), 4), via=via))
        words = {m.term for m in matched if m.field == "products"}
        products = tuple(p for p in profile.products if words & set(analyze(p)))
        return Explanation(
            terms=tuple(sorted(matched, key=lambda m: -m.contribution)), products=products, language=language
        )


def match_demands(
    profile: SupplierProfile, demands: Sequence[Demand], top: int = 20, bridge: Bridge | None = None
) -> list[DemandMatch]:
    """Open demands ranked for one supplier: its names, products and descriptions (both languages) and its
    concepts are the query, over a small index of the demands' texts and concepts built for this call.

    Same analysis, bridge, concept rules and fusion as ``Matcher.match``. A demand whose hard constraints the
    supplier does not meet (regions, required certifications) is left out. Every demand needs a unique id.
    """
    seen: set[str] = set()
    for position, demand in enumerate(demands):
        if not demand.id.strip():
            raise ValueError(f"demand at position {position} has no id; match_demands needs an id on every demand")
        if demand.id in seen:
            raise ValueError(f"duplicate demand id {demand.id!r}")
        seen.add(demand.id)
    held = set(profile.certifications)
    documents = [
        SupplierProfile(
            id=d.id, description=d.text, hs_codes=d.hs_codes, strategic_technologies=d.strategic_technologies
        )
        for d in demands
        if (not d.regions or profile.region in d.regions) and set(d.required_certifications) <= held
    ]
    if not documents:
        return []
    query = Demand(
        text=" ".join(part for part in profile_fields(profile) if part),
        hs_codes=profile.hs_codes,
        strategic_technologies=profile.strategic_technologies,
    )
    matcher = Matcher(Index.build(documents), bridge)
    return [DemandMatch(m.supplier_id, m.score, m.explanation) for m in matcher.match(query, top=top)]


__all__ = ["ConceptInferrer", "Matcher", "match_demands", "profile_fields"]
