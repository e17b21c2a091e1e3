"""Plain data in and out of the engine: frozen dataclasses, no framework."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SupplierProfile:
    """A supplier as the engine sees it. Only ``id`` is required."""

    id: str
    name: str = ""
    name_en: str = ""
    country: str = ""
    region: str = ""
    description: str = ""
    description_en: str = ""
    products: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    strategic_technologies: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    size_class: str = ""


@dataclass(frozen=True)
class Feedback:
    """A buyer's decision on a supplier for a demand: ``label`` +1 shortlisted, -1 dismissed."""

    text: str  # the text of the demand the decision was made for
    supplier_id: str
    label: int

    def __post_init__(self) -> None:
        if self.label not in (1, -1):
            raise ValueError(f"feedback label must be +1 (shortlisted) or -1 (dismissed), not {self.label!r}")


@dataclass(frozen=True)
class Demand:
    """What a buyer needs: free text, optional concepts (HS codes, strategic technology codes such as
    "SEMI-15"), optional hard constraints and soft preferences on structured fields, and past decisions on
    similar demands."""

    text: str
    id: str = ""
    regions: tuple[str, ...] = ()
    required_certifications: tuple[str, ...] = ()
    preferred_regions: tuple[str, ...] = ()  # a supplier there ranks a little higher; others are not excluded
    preferred_certifications: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    strategic_technologies: tuple[str, ...] = ()
    feedback: tuple[Feedback, ...] = ()


@dataclass(frozen=True)
class TermMatch:
    """One query term that matched, where, and how much it added."""

    term: str
    field: str
    contribution: float
    via: str = ""  # the query word it was translated from, when it came through the bilingual bridge


# Below this word coverage a match is shown as weak on the Find suppliers page. On the hand-labelled demands
# (short, buyer-style requests; docs/matching.md) every one of the 5 unanswerable demands' top results fell
# below it, and 8 of the 50 answerable ones' did. Not used for a demand's full text: a specification carries
# words no profile has (grades, numbers, units), so coverage runs low for good candidates too.
WEAK_COVERAGE = 0.2


@dataclass(frozen=True)
class Explanation:
    terms: tuple[TermMatch, ...] = ()
    products: tuple[str, ...] = ()
    language: str = "en"  # the query's language, in which the summary is written
    concepts: tuple[str, ...] = ()  # shared classifications, as "HS 8486.90" or "SEMI-15"
    # Shared classifications the demand did not give but the engine inferred from its text (Matcher's
    # concept_inferrer): shown apart, marked ≈, so that a guess never reads as the buyer's own choice.
    inferred_concepts: tuple[str, ...] = ()
    feedback: int = 0  # net decisions on similar demands: shortlisted minus dismissed
    similarity: float | None = None  # cosine of demand and profile from the dense stage, when it counted
    preferences: tuple[str, ...] = ()  # the demand's soft preferences the supplier meets (a region, a certificate)
    # The share of the request's own words the supplier matched (directly or through a translation), each
    # weighted by its rarity (IDF): near 1 when the rare, specific words match, low when only common ones do.
    coverage: float | None = None

    @property
    def weak(self) -> bool:
        """Few of the request's words, by rarity, matched: the supplier may not make what was asked for."""
        return self.coverage is not None and self.coverage < WEAK_COVERAGE

    def by_term(self) -> list[tuple[str, str, tuple[str, ...], float]]:
        """(term, translated from, fields it matched in, total contribution), largest first."""
        totals: dict[tuple[str, str], tuple[list[str], float]] = {}
        for t in self.terms:
            fields, total = totals.get((t.term, t.via), ([], 0.0))
            totals[(t.term, t.via)] = ([*fields, t.field], total + t.contribution)
        rows = [(term, via, tuple(fields), round(total, 4)) for (term, via), (fields, total) in totals.items()]
        return sorted(rows, key=lambda row: -row[3])

    def summary(self, language: str = "", names: Mapping[str, str] | None = None) -> str:
        """One readable line: the products, words, classifications and past decisions that produced the score,
        in ``language`` (the query's when not given). ``names`` shows the preferences' codes to a reader (a
        region's name for its code, in that language); a code without a name is shown as it is."""
        korean = (language or self.language) == "ko"
        words = [f"{via}→{term}" if via else term for term, via, _fields, _total in self.by_term()[:6]]
        parts = []
        if self.products:
            parts.append(f"{'일치한 제품' if korean else 'Matching products'}: {', '.join(self.products[:3])}")
        if words or not (self.concepts or self.inferred_concepts or self.feedback or self.similarity is not None):
            parts.append(f"{'일치한 단어' if korean else 'Matching words'}: {', '.join(words)}")
        if self.concepts:
            parts.append(f"{'일치한 분류' if korean else 'Matching classifications'}: {', '.join(self.concepts[:4])}")
        if self.inferred_concepts:
            label = "글에서 추정한 분류" if korean else "Classifications inferred from the text"
            parts.append(f"{label}: {', '.join('≈' + c for c in self.inferred_concepts[:4])}")
        if self.preferences:
            met = ", ".join((names or {}).get(p, p) for p in self.preferences)
            parts.append(f"{'충족한 선호 조건' if korean else 'Preferences met'}: {met}")
        if self.similarity is not None:
            parts.append(f"{'의미 유사도' if korean else 'Similar in meaning'}: {self.similarity:.2f}")
        if self.feedback:
            n = abs(self.feedback)
            if korean:
                parts.append(f"비슷한 요청에서 {'선정' if self.feedback > 0 else '제외'} {n}회")
            else:
                verb = "Shortlisted" if self.feedback > 0 else "Dismissed"
                parts.append(f"{verb} {n} time{'s' if n > 1 else ''} for similar requests")
        return ". ".join(parts)


@dataclass(frozen=True)
class Match:
    supplier_id: str
    score: float
    explanation: Explanation = field(default_factory=Explanation)


@dataclass(frozen=True)
class DemandMatch:
    """One open demand ranked for a supplier (the reverse direction)."""

    demand_id: str
    score: float
    explanation: Explanation = field(default_factory=Explanation)
