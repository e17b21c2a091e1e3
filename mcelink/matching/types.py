"""Plain data in and out of the engine: frozen dataclasses, no framework."""

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
class Demand:
    """What a buyer needs: free text, and optional hard constraints on structured fields."""

    text: str
    id: str = ""
    regions: tuple[str, ...] = ()
    required_certifications: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermMatch:
    """One query term that matched, where, and how much it added."""

    term: str
    field: str
    contribution: float
    via: str = ""  # the query word it was translated from, when it came through the bilingual bridge


@dataclass(frozen=True)
class Explanation:
    terms: tuple[TermMatch, ...] = ()
    products: tuple[str, ...] = ()
    language: str = "en"  # the query's language, in which the summary is written

    def by_term(self) -> list[tuple[str, str, tuple[str, ...], float]]:
        """(term, translated from, fields it matched in, total contribution), largest first."""
        totals: dict[tuple[str, str], tuple[list[str], float]] = {}
        for t in self.terms:
            fields, total = totals.get((t.term, t.via), ([], 0.0))
            totals[(t.term, t.via)] = ([*fields, t.field], total + t.contribution)
        rows = [(term, via, tuple(fields), round(total, 4)) for (term, via), (fields, total) in totals.items()]
        return sorted(rows, key=lambda row: -row[3])

    def summary(self, language: str = "") -> str:
        """One readable line: the products and words that produced the score, in the query's language."""
        language = language or self.language
        words = [f"{via}→{term}" if via else term for term, via, _fields, _total in self.by_term()[:6]]
        if language == "ko":
            head = f"일치한 제품: {', '.join(self.products[:3])}. " if self.products else ""
            return head + f"일치한 단어: {', '.join(words)}"
        head = f"Matching products: {', '.join(self.products[:3])}. " if self.products else ""
        return head + f"Matching words: {', '.join(words)}"


@dataclass(frozen=True)
class Match:
    supplier_id: str
    score: float
    explanation: Explanation = field(default_factory=Explanation)
