"""What each role sees first: small aggregates read across the apps, one query each."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization, Product
from mcelink.core.models import AuditLog, Job
from mcelink.core.permissions import Viewer, has_role
from mcelink.core.selectors import job_list_for_user
from mcelink.programs.models import Outcome, Participation, Program
from mcelink.taxonomy.models import Industry, StrategicTechnology


def registry_figure(name: str) -> Any:
    """A figure that is the same for every user (``registry``, ``coverage``, ``regions``), kept
    ``DASHBOARD_FIGURES_SECONDS`` in the cache: over 100k organizations each reads whole tables."""
    compute = {
        "registry": registry_counts,
        "coverage": lambda: list(strategic_coverage()),
        "regions": supply_firms_by_region,
    }[name]
    seconds = settings.DASHBOARD_FIGURES_SECONDS
    if seconds <= 0:
        return compute()
    key = f"dashboard:figure:{name}"
    figure = cache.get(key)
    if figure is None:
        figure = compute()
        cache.set(key, figure, seconds)
    return figure


def registry_counts() -> dict[str, int]:
    return Organization.objects.aggregate(
        organizations=Count("id"),
        supply_firms=Count("id", filter=Q(is_supply_firm=True)),
        demand_firms=Count("id", filter=Q(is_demand_firm=True)),
        incheon_supply_firms=Count("id", filter=Q(is_supply_firm=True, region="incheon")),
    ) | {"products": Product.objects.count()}


def programs_for_dashboard(*, user: Viewer) -> QuerySet[Program]:
    programs = Program.objects.select_related("operator").annotate(
        participants=Count("tracks__participations", distinct=True),
        outcome_count=Count("tracks__participations__outcomes", distinct=True),
    )
    if has_role(user, Role.PROGRAM_MANAGER) and user.organization_id:
        mine = programs.filter(Q(operator=user.organization_id) | Q(funders=user.organization_id)).distinct()
        if mine.exists():
            return mine
    return programs


def recent_outcomes(*, limit: int = 6, organization_id: int | None = None) -> QuerySet[Outcome]:
    outcomes = Outcome.objects.select_related(
        "participation__organization", "participation__track__program", "event"
    ).order_by("is_sample", "-event__date", "id")
    if organization_id is not None:
        outcomes = outcomes.filter(participation__organization_id=organization_id)
    return outcomes[:limit]


def organization_profile_gaps(*, organization: Organization) -> list[str]:
    """What a supply firm should still fill in for buyers to find and trust it (stable keys)."""
    gaps = []
    stats = Product.objects.filter(organization=organization).aggregate(
        products=Count("id"),
        without_english=Count("id", filter=Q(name_en="") | Q(description_en="")),
        without_hs=Count("id", filter=Q(hs_codes__isnull=True)),
    )
    if not stats["products"]:
        gaps.append("no_products")
    if stats["without_english"]:
        gaps.append("products_without_english")
    if stats["without_hs"]:
        gaps.append("products_without_hs")
    if not organization.description_en:
        gaps.append("no_english_description")
    if not organization.certifications.exists():
        gaps.append("no_certifications")
    return gaps


def participations_of(*, organization_id: int) -> QuerySet[Participation]:
    return Participation.objects.filter(organization_id=organization_id).select_related("track__program", "partner")


def partner_participations_of(*, organization_id: int) -> QuerySet[Participation]:
    return Participation.objects.filter(partner_id=organization_id).select_related("track__program", "organization")


def strategic_coverage() -> QuerySet[Industry]:
    """Per industry: technologies listed, and how many of them at least one supply firm covers.

    One correlated subquery per figure: joining an industry to its technologies, their organizations and their
    products at once multiplies the rows (each technology's organizations times its products: minutes of work
    over 100k organizations) before COUNT(DISTINCT) folds them back."""
    offered_by_supplier = Organization.strategic_technologies.through.objects.filter(
        strategictechnology_id=OuterRef("pk"), organization__is_supply_firm=True
    )
    in_a_product = Product.strategic_technologies.through.objects.filter(strategictechnology_id=OuterRef("pk"))
    technologies = StrategicTechnology.objects.filter(industry_id=OuterRef("pk")).order_by().values("industry_id")
    covered = technologies.filter(Q(Exists(offered_by_supplier)) | Q(Exists(in_a_product)))
    suppliers = (
        Organization.objects.filter(is_supply_firm=True, strategic_technologies__industry_id=OuterRef("pk"))
        .order_by()
        .values("strategic_technologies__industry_id")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Industry.objects.annotate(
        listed=_count(technologies.annotate(n=Count("pk")).values("n")),
        covered=_count(covered.annotate(n=Count("pk")).values("n")),
        suppliers=_count(suppliers),
    ).order_by("sort_order")


def _count(subquery: QuerySet[Any]) -> Coalesce:
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def supply_firms_by_region() -> list[dict[str, Any]]:
    return list(
        Organization.objects.filter(is_supply_firm=True)
        .values("region")
        .annotate(n=Count("id"))
        .order_by("-n", "region")
    )


def recent_jobs(*, user: Viewer, limit: int = 5) -> QuerySet[Job]:
    return job_list_for_user(user=user)[:limit]


def recent_audit(*, limit: int = 10) -> QuerySet[AuditLog]:
    return AuditLog.objects.all()[:limit]
