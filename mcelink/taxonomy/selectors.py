from collections.abc import Iterable
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, When

from mcelink.core.errors import NotFound
from mcelink.core.search import words_match
from mcelink.data.strategic_technologies import SEMICONDUCTOR_HS_CHAPTERS
from mcelink.taxonomy.hs import hs_code_digits, hs_code_error, hs_code_prefix
from mcelink.taxonomy.models import HSCode, Industry, StrategicTechnology


def industry_list() -> QuerySet[Industry]:
    return Industry.objects.annotate(
        loaded=Count("technologies", distinct=True),
        samples=Count("technologies", filter=Q(technologies__is_sample=True), distinct=True),
    ).order_by("sort_order")


def technology_list(*, q: str = "", industry: str = "", sample: str = "") -> QuerySet[StrategicTechnology]:
    techs = StrategicTechnology.objects.select_related("industry")
    if industry:
        techs = techs.filter(industry__code=industry)
    if sample in ("yes", "no"):
        techs = techs.filter(is_sample=sample == "yes")
    if q:
        techs = techs.filter(words_match(q, ["code", "name_ko", "name_en", "description_ko", "description_en"]))
    return techs


def technology_get(*, code: str) -> StrategicTechnology:
    tech = (
        StrategicTechnology.objects.select_related("industry")
        .prefetch_related("hs_codes")
        .annotate(
            organization_count=Count("organizations", distinct=True), product_count=Count("products", distinct=True)
        )
        .filter(code=code)
        .first()
    )
    if tech is None:
        raise NotFound
    return tech


def hs_chapters() -> QuerySet[HSCode]:
    """The chapters (2 digits), for the chapter filter."""
    return HSCode.objects.filter(level=2).order_by("code")


def hs_code_list(*, q: str = "", level: int | None = None, parent: str = "", chapter: str = "") -> QuerySet[HSCode]:
    """Codes by code prefix or by words, optionally within one chapter (2 digits).

    By code: in code order. By words, most relevant first: codes in the platform's semiconductor chapters
    (``SEMICONDUCTOR_HS_CHAPTERS``), then a name holding the words as written together, then the broader
    code (a heading before its lines), then the code. With neither, the chapters, or a chapter's headings."""
    if chapter and not (len(chapter) == 2 and chapter.isdigit()):
        raise ValueError(f"a chapter has 2 digits: {chapter!r}")
    codes = HSCode.objects.all()
    if chapter:
        codes = codes.filter(code__startswith=chapter)
    if parent:
        codes = codes.filter(parent__code=parent)
    elif not q and level is None:
        codes = codes.filter(parent__code=chapter) if chapter else codes.filter(parent__isnull=True)
    if level is not None:
        codes = codes.filter(level=level)
    codes = codes.annotate(child_count=Count("children"))
    prefix = hs_code_prefix(q)
    if prefix:
        return codes.filter(code__startswith=prefix).order_by("code")
    if not q:
        return codes.order_by("code")
    semiconductor = Q()
    for c in SEMICONDUCTOR_HS_CHAPTERS:
        semiconductor |= Q(code__startswith=c)
    phrase = " ".join(q.split())
    return (
        codes.filter(words_match(q, ["name_ko", "name_en"]))
        .annotate(
            in_semiconductor=Case(When(semiconductor, then=0), default=1),
            as_phrase=Case(When(Q(name_ko__icontains=phrase) | Q(name_en__icontains=phrase), then=0), default=1),
        )
        .order_by("in_semiconductor", "as_phrase", "level", "code")
    )


def hs_code_get(*, code: str) -> tuple[HSCode, list[HSCode], QuerySet[HSCode]]:
    """The code, its ancestors from the chapter down, and its children."""
    normalized = hs_code_prefix(code)
    found = HSCode.objects.filter(code=normalized).first() if normalized else None
    if found is None:
        raise NotFound
    prefixes = [normalized[:n] for n in range(2, len(normalized))]
    ancestors = list(HSCode.objects.filter(code__in=prefixes).order_by("level"))
    return found, ancestors, found.children.annotate(child_count=Count("children")).order_by("code")


def hs_codes_by_code(codes: list[str]) -> dict[str, HSCode]:
    return {c.code: c for c in HSCode.objects.filter(code__in=codes)}


def hs_codes_resolve(texts: Iterable[str]) -> list[HSCode]:
    """The nomenclature's codes for codes as people write them ("8486.20; 8541.10-1000" split by the caller), in
    order, each once; one ``ValidationError(hs.ERR_HS_CODE)`` listing every text that is not a code or not in the
    nomenclature. Empty texts are skipped."""
    texts = [t.strip() for t in texts if t.strip()]
    codes = [hs_code_digits(t) for t in texts]
    found = hs_codes_by_code([c for c in codes if c])
    bad = [t for t, c in zip(texts, codes, strict=True) if c not in found]
    if bad:
        raise hs_code_error(bad)
    return [found[c] for c in dict.fromkeys(codes)]


def technologies_by_code(codes: list[str]) -> dict[str, StrategicTechnology]:
    return {t.code: t for t in StrategicTechnology.objects.filter(code__in=codes)}


def taxonomy_counts() -> dict[str, Any]:
    return {
        "technologies": StrategicTechnology.objects.count(),
        "samples": StrategicTechnology.objects.filter(is_sample=True).count(),
        "hs_codes": HSCode.objects.count(),
        "national_codes": HSCode.objects.filter(level=10).count(),
    }
