from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from mcelink.companies import selectors
from mcelink.companies.permissions import can_view_contacts
from mcelink.core.api_pagination import PageNumber
from mcelink.core.api_types import Id

router = Router()


class ProductOut(Schema):
    id: int
    organization_id: int
    category: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    trl: int | None
    certifications: list[str]
    hs_codes: list[str]
    strategic_technologies: list[str]

    @staticmethod
    def resolve_hs_codes(obj: Any) -> list[str]:
        return [h.code for h in obj.hs_codes.all()]

    @staticmethod
    def resolve_strategic_technologies(obj: Any) -> list[str]:
        return [t.code for t in obj.strategic_technologies.all()]


class OrganizationOut(Schema):
    id: int
    kind: str
    name_ko: str
    name_en: str
    business_number: str
    is_supply_firm: bool
    is_demand_firm: bool
    region: str
    city: str
    district: str
    size_class: str
    employees: int | None
    founded_year: int | None
    website: str
    is_sample: bool


class ContactOut(Schema):
    name: str
    title: str
    email: str
    phone: str
    is_primary: bool


class OrganizationDetailOut(OrganizationOut):
    revenue_krw: int | None
    description_ko: str
    description_en: str
    strategic_technologies: list[str]
    products: list[ProductOut]
    certifications: list[str]
    contacts: list[ContactOut] | None = Field(description="null unless the caller may see the contact people")

    @staticmethod
    def resolve_strategic_technologies(obj: Any) -> list[str]:
        return [t.code for t in obj.strategic_technologies.all()]

    @staticmethod
    def resolve_products(obj: Any) -> list[Any]:
        return list(obj.products.all())

    @staticmethod
    def resolve_certifications(obj: Any) -> list[str]:
        return [c.name for c in obj.certifications.all()]

    @staticmethod
    def resolve_contacts(obj: Any, context: dict[str, Any]) -> list[Any] | None:
        """Contact people only for those who may see them; null otherwise (the key is always there)."""
        return list(obj.contacts.all()) if can_view_contacts(context["request"].user, obj) else None


class OrganizationFilters(Schema):
    q: str = ""
    kind: str = ""
    region: str = ""
    size_class: str = ""
    role: str = ""
    strategic_technology: str = ""
    hs_code: str = ""
    category: str = ""
    sample: str = ""
    sort: str = "name"


class ProductFilters(Schema):
    q: str = ""
    category: str = ""
    hs_code: str = ""
    strategic_technology: str = ""
    organization: Id | None = None


@router.get("/organizations", response=list[OrganizationOut], operation_id="organization_list", tags=["organizations"])
@paginate(PageNumber)
def organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> Any:
    return selectors.organization_list(user=request.user, **filters.dict())


@router.get(
    "/organizations/{organization_id}",
    response=OrganizationDetailOut,
    operation_id="organization_get",
    tags=["organizations"],
)
def organization(request: HttpRequest, organization_id: int) -> Any:
    return selectors.organization_get_for_user(user=request.user, organization_id=organization_id)


@router.get("/products", response=list[ProductOut], operation_id="product_list", tags=["products"])
@paginate(PageNumber)
def products(request: HttpRequest, filters: Query[ProductFilters]) -> Any:
    return selectors.product_list(user=request.user, **filters.dict())


@router.get("/products/{product_id}", response=ProductOut, operation_id="product_get", tags=["products"])
def product(request: HttpRequest, product_id: int) -> Any:
    return selectors.product_get_for_user(user=request.user, product_id=product_id)
