"""Writes of the registry. Each checks permission, validates, writes atomically and audits."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from mcelink.accounts.models import User
from mcelink.companies.models import ContactPerson, Organization, Product
from mcelink.companies.permissions import can_create_organization, can_delete_organization, can_edit_organization
from mcelink.companies.validators import normalize_business_number
from mcelink.core.audit import audit_record, model_changes
from mcelink.core.errors import ServiceError
from mcelink.core.permissions import require
from mcelink.core.services import model_update
from mcelink.matchmaking.services import matching_refresh_enqueue

ERR_DUPLICATE_BUSINESS_NUMBER = gettext_noop("An organization with this business registration number is registered.")
ORGANIZATION_FIELDS = [
    "kind", "name_ko", "name_en", "business_number", "is_demand_firm", "is_supply_firm", "region", "city",
    "district", "size_class", "employees", "revenue_krw", "founded_year", "website", "description_ko",
    "description_en",
]  # fmt: skip
PRODUCT_FIELDS = ["category", "name_ko", "name_en", "description_ko", "description_en", "trl", "certifications"]


def _check_unique_number(org: Organization) -> None:
    if org.business_number and (
        Organization.objects.filter(business_number=org.business_number).exclude(pk=org.pk).exists()
    ):
        raise ServiceError(ERR_DUPLICATE_BUSINESS_NUMBER, code="duplicate_business_number", field="business_number")


def organization_create(*, actor: User, strategic_technologies: list[Any] | None = None, **fields: Any) -> Organization:
    require(can_create_organization(actor))
    org = Organization(**fields)
    org.business_number = normalize_business_number(org.business_number)
    org.full_clean(exclude=["business_number"] if not org.business_number else None, validate_constraints=False)
    _check_unique_number(org)
    with transaction.atomic():
        org.save()
        if strategic_technologies is not None:
            org.strategic_technologies.set(strategic_technologies)
        audit_record(actor=actor, action="organization.create", obj=org)
        matching_refresh_enqueue(organization_ids=[org.pk], actor=actor)
    return org


def organization_update(
    *, organization: Organization, actor: User, strategic_technologies: list[Any] | None = None, **fields: Any
) -> Organization:
    require(can_edit_organization(actor, organization))
    if "business_number" in fields:
        fields["business_number"] = normalize_business_number(fields["business_number"])
    number = fields.get("business_number", organization.business_number)

    def after_save(saved: Organization, changes: dict[str, Any]) -> None:
        if strategic_technologies is not None:
            old = sorted(t.code for t in saved.strategic_technologies.all())
            saved.strategic_technologies.set(strategic_technologies)
            new = sorted(t.code for t in strategic_technologies)
            if old != new:
                changes["strategic_technologies"] = [old, new]
        matching_refresh_enqueue(organization_ids=[saved.pk], actor=actor)

    organization, _changes = model_update(
        instance=organization, editable=ORGANIZATION_FIELDS, data=fields, actor=actor, action="organization.update",
        check=_check_unique_number, after_save=after_save, clean_exclude=None if number else ["business_number"],
    )  # fmt: skip
    return organization


def organization_delete(*, organization: Organization, actor: User) -> None:
    require(can_delete_organization(actor, organization))
    with transaction.atomic():
        audit_record(actor=actor, action="organization.delete", obj=organization)
        matching_refresh_enqueue(organization_ids=[organization.pk], actor=actor)
        organization.delete()


def product_save(
    *,
    organization: Organization,
    actor: User,
    product: Product | None = None,
    hs_codes: list[Any] | None = None,
    strategic_technologies: list[Any] | None = None,
    **fields: Any,
) -> Product:
    """Create a product (``product`` None) or change one, with its HS codes and strategic technologies."""
    require(can_edit_organization(actor, organization))
    creating = product is None
    product = product or Product(organization=organization)
    before = {name: getattr(product, name) for name in PRODUCT_FIELDS}
    for name, value in fields.items():
        if name not in PRODUCT_FIELDS:
            raise ValueError(f"not a product field: {name}")
        setattr(product, name, value)
    product.full_clean()
    with transaction.atomic():
        product.save()
        if hs_codes is not None:
            product.hs_codes.set(hs_codes)
        if strategic_technologies is not None:
            product.strategic_technologies.set(strategic_technologies)
        audit_record(
            actor=actor,
            action="product.create" if creating else "product.update",
            obj=product,
            changes=model_changes(product, PRODUCT_FIELDS, before),
        )
        matching_refresh_enqueue(organization_ids=[organization.pk], actor=actor)
    return product


def product_delete(*, product: Product, actor: User) -> None:
    require(can_edit_organization(actor, product.organization))
    with transaction.atomic():
        audit_record(actor=actor, action="product.delete", obj=product)
        matching_refresh_enqueue(organization_ids=[product.organization_id], actor=actor)
        product.delete()


def contact_add(*, organization: Organization, actor: User, **fields: Any) -> ContactPerson:
    require(can_edit_organization(actor, organization))
    contact = ContactPerson(organization=organization, **fields)
    contact.full_clean()
    with transaction.atomic():
        contact.save()
        audit_record(actor=actor, action="contact.create", obj=contact)
    return contact
