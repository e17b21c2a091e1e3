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

    def summary(self, language: str = "") -> str:
        """One readable line: the products and words that produced the score, in the query's language."""
        language = language or self.language
        words = []
        for t in sorted(self.terms, key=lambda t: -t.contribution)[:5]:
            words.append(f"{t.via}→{t.term}" if t.via else t.term)
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
