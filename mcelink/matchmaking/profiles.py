"""The registry as the engine sees it: supply firms → ``SupplierProfile``, the strategic technology list →
``StrategicTechnologyEntry`` (read side of read → engine → write)."""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from mcelink.companies.models import Organization, Product
from mcelink.matching import SupplierProfile
from mcelink.matching.classify import StrategicTechnologyEntry
from mcelink.taxonomy.models import StrategicTechnology


def supply_firms(organization_ids: list[int] | None = None) -> QuerySet[Organization]:
    firms = Organization.objects.filter(is_supply_firm=True).prefetch_related(
        Prefetch("products", queryset=Product.objects.prefetch_related("hs_codes", "strategic_technologies")),
        "strategic_technologies",
        "certifications",
    )
    return firms.filter(pk__in=organization_ids) if organization_ids is not None else firms


def to_profile(org: Organization) -> SupplierProfile:
    products = list(org.products.all())
    return SupplierProfile(
        id=str(org.pk),
        name=org.name_ko,
        name_en=org.name_en,
        country="KR",
        region=org.region,
        # Product names are the products field; their descriptions join the organization's description.
        description=" ".join([org.description_ko, *(p.description_ko for p in products)]).strip(),
        description_en=" ".join([org.description_en, *(p.description_en for p in products)]).strip(),
        products=tuple(name for p in products for name in (p.name_ko, p.name_en) if name),
        hs_codes=tuple(sorted({h.code for p in products for h in p.hs_codes.all()})),
        strategic_technologies=tuple(
            sorted(
                {t.code for t in org.strategic_technologies.all()}
                | {t.code for p in products for t in p.strategic_technologies.all()}
            )
        ),
        certifications=tuple(
            sorted({c.name for c in org.certifications.all()} | {c for p in products for c in p.certifications})
        ),
        size_class=org.size_class,
    )


def all_profiles() -> Iterator[SupplierProfile]:
    for org in supply_firms().iterator(chunk_size=2000):
        yield to_profile(org)


def technology_entries() -> list[StrategicTechnologyEntry]:
    """The strategic technology list, each with its industry's names as context."""
    return [
        StrategicTechnologyEntry(
            code=t.code,
            name_ko=t.name_ko,
            name_en=t.name_en,
            description_ko=t.description_ko,
            description_en=t.description_en,
            industry=f"{t.industry.name_ko} {t.industry.name_en}".strip(),
        )
        for t in StrategicTechnology.objects.select_related("industry").order_by("code")
    ]
