from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from mcelink.companies.models import Organization, Product
from mcelink.companies.permissions import can_view_organization
from mcelink.core.errors import NotFound
from mcelink.core.permissions import Viewer
from mcelink.core.search import words_match
from mcelink.taxonomy.hs import hs_code_prefix

TEXT_FIELDS = ["name_ko", "name_en", "description_ko", "description_en"]
# Organizations without a value sort last on every database (PostgreSQL would put NULLs first when descending).
SORTS = {
    "name": None,  # by the name in the active language
    "-founded": F("founded_year").desc(nulls_last=True),
    "founded": F("founded_year").asc(nulls_last=True),
    "-employees": F("employees").desc(nulls_last=True),
    "-revenue": F("revenue_krw").desc(nulls_last=True),
    "-newest": F("created_at").desc(),
}


def organization_list(
    *,
    user: Viewer,
    q: str = "",
    kind: str = "",
    region: str = "",
    size_class: str = "",
    role: str = "",
    strategic_technology: str = "",
    hs_code: str = "",
    category: str = "",
    sample: str = "",
    sort: str = "name",
) -> QuerySet[Organization]:
    if not can_view_organization(user):
        return Organization.objects.none()
    orgs = Organization.objects.all()
    if kind:
        orgs = orgs.filter(kind=kind)
    if region:
        orgs = orgs.filter(region=region)
    if size_class:
        orgs = orgs.filter(size_class=size_class)
    if role == "supply":
        orgs = orgs.filter(is_supply_firm=True)
    elif role == "demand":
        orgs = orgs.filter(is_demand_firm=True)
    if sample in ("yes", "no"):
        orgs = orgs.filter(is_sample=sample == "yes")
    if strategic_technology:
        orgs = orgs.filter(
            Q(strategic_technologies__code=strategic_technology)
            | Q(products__strategic_technologies__code=strategic_technology)
        )
    if hs_code:
        orgs = orgs.filter(products__hs_codes__code__startswith=hs_code_prefix(hs_code))
    if category:
        orgs = orgs.filter(products__category=category)
    for word in q.split():
        # Each word in the organization's own texts or in one of its products'. EXISTS rather than a join: a join
        # repeats each organization once per product and needs a DISTINCT over the whole registry before the
        # first page can be read. On PostgreSQL each field has a trigram index (migration 0002).
        in_a_product = Product.objects.filter(words_match(word, TEXT_FIELDS), organization_id=OuterRef("pk"))
        orgs = orgs.filter(words_match(word, TEXT_FIELDS) | Q(Exists(in_a_product)))
    if strategic_technology or hs_code or category:
        # Filters across products can match one organization several times.
        orgs = Organization.objects.filter(pk__in=orgs.values("pk"))
    name_field = "name_en" if (get_language() or "ko").startswith("en") else "name_ko"
    order = SORTS.get(sort) or name_field
    return orgs.order_by(order, "id").prefetch_related(
        Prefetch("products", queryset=Product.objects.only("id", "organization_id", "name_ko", "name_en", "category"))
    )


def organization_get_for_user(*, user: Viewer, organization_id: int) -> Organization:
    org = (
        Organization.objects.filter(pk=organization_id)
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.prefetch_related("hs_codes", "strategic_technologies")),
            "capabilities",
            "certifications",
            "equipment",
            "contacts",
            "strategic_technologies",
            "participations__track__program",
            "participations__outcomes",
        )
        .first()
    )
    if org is None or not can_view_organization(user, org):
        raise NotFound
    return org


def product_list(
    *, user: Viewer, q: str = "", category: str = "", hs_code: str = "", strategic_technology: str = "",
    organization: int | None = None,
) -> QuerySet[Product]:  # fmt: skip
    if not can_view_organization(user):
        return Product.objects.none()
    products = Product.objects.all()
    if category:
        products = products.filter(category=category)
    if organization:
        products = products.filter(organization_id=organization)
    if hs_code:
        products = products.filter(hs_codes__code__startswith=hs_code_prefix(hs_code))
    if strategic_technology:
        products = products.filter(strategic_technologies__code=strategic_technology)
    if q:
        products = products.filter(words_match(q, TEXT_FIELDS))
    if hs_code or strategic_technology:
        # Filters across many-to-many fields can match one product several times; a subquery keeps the count
        # and the page free of a DISTINCT over every product.
        products = Product.objects.filter(pk__in=products.values("pk"))
    return (
        products.select_related("organization")
        .prefetch_related("hs_codes", "strategic_technologies")
        .order_by("organization_id", "id")
    )


def product_get_for_user(*, user: Viewer, product_id: int) -> Product:
    product = (
        Product.objects.select_related("organization")
        .prefetch_related("hs_codes", "strategic_technologies")
        .filter(pk=product_id)
        .first()
    )
    if product is None or not can_view_organization(user, product.organization):
        raise NotFound
    return product
